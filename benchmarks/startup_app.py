"""The app's side of the startup budget: the real, fully wired main window, shown and idle."""

import resource
import sys
import tempfile


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cdt_desktop.app import build_main_window

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as data_dir:
        window = build_main_window(data_dir=data_dir)
        window.resize(1366, 768)
        window.show()

        def ready() -> None:
            rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(f"ready {rss_kib}", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
        app.exec()
        window.close()


if __name__ == "__main__":
    main()
