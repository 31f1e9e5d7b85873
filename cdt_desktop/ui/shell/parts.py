"""Small reusable pieces of the main window: the placeholder for a pane with nothing to show, the banner.

Why a separate module: they do not depend on the window itself, so keeping them out of
``main_window.py`` leaves that module about layout and wiring.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from cdt_desktop.core.log import get_logger

_log = get_logger("ui")

MIN_TARGET = 36
"""Buttons and rows are at least this tall (touch screens at the chair)."""


def placeholder(title: str, object_name: str) -> QLabel:
    """A labelled stand-in for a pane that has nothing to show (e.g. no case store could be opened)."""
    label = QLabel(f"{title}\n(not available: the case store could not be opened)")
    label.setObjectName(object_name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)
    label.setAccessibleName(f"{title} (not available)")
    return label


class Banner(QWidget):
    """A non-modal warning line above the centre pane, closed by its button or a new code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningBanner")
        self.label = QLabel(self)
        self.label.setObjectName("warningBannerText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Warning")
        close = QToolButton(self)
        close.setObjectName("warningBannerClose")
        close.setText("✕")
        close.setAccessibleName("Close warning")
        close.setMinimumSize(MIN_TARGET, MIN_TARGET)
        close.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def clear(self) -> None:
        self.label.clear()
        self.hide()
