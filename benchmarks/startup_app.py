"""The app's side of the startup budget: `cdt-desktop` itself (app.main), shown and idle.

The parent passes the case store folder in CDT_DESKTOP_DATA_DIR (a store made by a first, untimed
run), so this measures an ordinary day's start, not the first-ever one. Everything `cdt-desktop`
does is in the measurement: logging, the exception hook, the application's identity and icon,
the instance lock, the window.
"""

import os
import resource
import sys


def main() -> None:
    # The probe below needs PySide6 before main() runs. Import it as main() would: after the
    # Qt-free modules and with the collector paused (app.starting), so that the probe does not
    # change what the start costs; main() then preloads and pauses again, as it always does.
    from cdt_desktop import app as cdt_app

    with cdt_app.starting():
        cdt_app.preload()
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

    def ready() -> None:
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"ready {rss_kib}", flush=True)
        QApplication.quit()

    start = cdt_app._start

    def start_then_probe(*args: object) -> object:
        started = start(*args)  # type: ignore[arg-type]
        # Posted after window.show(), as the bare window's probe is: it fires once the loop has
        # handled what showing queued (polish, layout, show events) and is idle.
        QTimer.singleShot(0, ready)
        return started

    cdt_app._start = start_then_probe  # type: ignore[assignment]
    sys.exit(cdt_app.main(data_dir=os.environ["CDT_DESKTOP_DATA_DIR"]))


if __name__ == "__main__":
    main()
