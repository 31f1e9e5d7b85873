"""The app's side of the startup budget: the real, fully wired main window, shown and idle.

The parent passes the case store folder in CDT_DESKTOP_DATA_DIR (a store made by a first, untimed
run), so this measures an ordinary day's start, not the first-ever one.
"""

import os
import resource
import sys


def main() -> None:
    # The same order as `cdt-desktop`: app.main() starts with the collector paused
    # (app.starting), preloads the Qt-free modules, then Qt, the window, show.
    from cdt_desktop import app as cdt_app

    with cdt_app.starting():
        cdt_app.preload()
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from cdt_desktop.app import build_main_window

        app = QApplication(sys.argv[:1])
        window = build_main_window(data_dir=os.environ["CDT_DESKTOP_DATA_DIR"])
        window.resize(1366, 768)
        window.show()

    def ready() -> None:
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"ready {rss_kib}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()


if __name__ == "__main__":
    main()
