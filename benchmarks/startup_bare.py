"""The floor for the startup budget: a bare PySide6 QMainWindow, started the same way as the app."""

import resource
import sys

from PySide6.QtCore import QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMainWindow

NOISE = "This plugin does not support propagateSizeHints()"  # as the app drops it offscreen


def _quiet(mode, context, message):  # type: ignore[no-untyped-def]
    if message != NOISE:
        sys.stderr.write(message + "\n")


def show_and_report(app: QApplication, window: QMainWindow) -> None:
    """Show ``window`` at the benchmark's size and print `ready <peak RSS KiB>` once idle."""
    qInstallMessageHandler(_quiet)
    window.resize(1366, 768)
    window.show()

    def ready() -> None:
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"ready {rss_kib}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)  # fires once the loop is idle: the window is shown and painted
    app.exec()


def main() -> None:
    show_and_report(QApplication(sys.argv[:1]), QMainWindow())


if __name__ == "__main__":
    main()
