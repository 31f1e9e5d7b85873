"""A line of plain text wrapped at words, for a text that changes on every click.

A word-wrapped QLabel asks its pane to lay itself out again on every ``setText`` (Qt's
``updateGeometry``), whether or not the new text needs another height. Under the tooth chart that
relayout of the whole chart panel was about 1.1 M of a tooth click's 8.6 M instructions. This
widget shows its text as such a label does (word-wrapped, left-aligned, vertically centred, in the
widget's text colour, with a height for each width) but asks for a relayout only when the new
text needs another height at its current width; otherwise it only repaints itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
_WIDEST_CHARS = 80  # a word-wrapped QLabel's widest wish, in average characters


class WrappedText(QWidget):
    """``text()``/``setText()`` like a QLabel with word wrap on."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def wordWrap(self) -> bool:
        return True

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        width = self.width()
        before = self.heightForWidth(width)
        self._text = text
        if not self.isVisible() or self.heightForWidth(width) != before:
            self.updateGeometry()
        self.update()

    def _text_height(self, width: int) -> int:
        bounds = QRect(0, 0, max(1, width), 1_000_000)
        return self.fontMetrics().boundingRect(bounds, _FLAGS, self._text).height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        return self._text_height(inner) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        widest = metrics.averageCharWidth() * _WIDEST_CHARS
        inner = min(metrics.horizontalAdvance(self._text), widest)
        width = inner + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(
            margins.left() + margins.right(),
            self.fontMetrics().height() + margins.top() + margins.bottom(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)  # its pen is the widget's text colour, as a label's is
        painter.drawText(self.contentsRect(), _FLAGS, self._text)
        painter.end()
