"""A reference point for the startup budget (not the floor): the least a window with text pays.

A bare QMainWindow shows no text and uses no Qt enum. Any real window does both: this one puts
one line edit with placeholder text in the bare window and aligns it with a ``Qt`` flag, which
loads the font database and makes PySide6 build the Python enum classes of the ``Qt`` namespace.
The benchmark reports its ratio beside the app's, so the app's own share can be read off.
"""

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
from startup_bare import show_and_report  # the same probe as the floor's (run as a script)


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    field = QLineEdit(window)
    field.setPlaceholderText("Search codes")
    field.setAlignment(Qt.AlignmentFlag.AlignLeft)
    window.setCentralWidget(field)
    show_and_report(app, window)


if __name__ == "__main__":
    main()
