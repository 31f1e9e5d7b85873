"""A reference point for the startup budget (not the floor): the least a window with text pays.

A bare QMainWindow shows no text and uses no Qt enum. Any real window does both: this one puts
one line edit with placeholder text in the bare window and aligns it with a ``Qt`` flag, which
loads the font database and makes PySide6 build the Python enum classes of the ``Qt`` namespace.
The benchmark reports its ratio beside the app's, so the app's own share can be read off.
"""

import resource
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    field = QLineEdit(window)
    field.setPlaceholderText("Search codes")
    field.setAlignment(Qt.AlignmentFlag.AlignLeft)
    window.setCentralWidget(field)
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
