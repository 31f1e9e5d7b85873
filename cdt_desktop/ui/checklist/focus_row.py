"""A checklist row that shows when its checkbox has the keyboard focus.

Why: the row's checkbox has no text of its own (the item's sentence is a wrapped label beside
it), and styles draw a checkbox's focus frame around its text, so a keyboard user saw no focus
at all and could tick the wrong item with Space (tour3). The row draws a frame in the palette's
highlight colour around itself while its checkbox has the focus, in light and dark themes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QCheckBox, QWidget

FRAME_WIDTH = 2


class FocusRow(QWidget):
    """The row of one checklist item; :meth:`watch` its checkbox to frame it on focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._box: QCheckBox | None = None

    def watch(self, box: QCheckBox) -> None:
        self._box = box
        box.installEventFilter(self)

    def has_focus_frame(self) -> bool:
        return self._box is not None and self._box.hasFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.has_focus_frame():
            return
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FRAME_WIDTH)
        painter.setPen(pen)
        inset = FRAME_WIDTH // 2
        painter.drawRoundedRect(self.rect().adjusted(inset, inset, -inset - 1, -inset - 1), 4, 4)
        painter.end()
