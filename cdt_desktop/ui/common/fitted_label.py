"""A word-wrapped line of plain text in which a word too wide for the line is elided.

Why: a patient name, payer or claim number typed with no spaces (60 characters, or a name run
together by an import) is one word; a word-wrapped QLabel cannot break it, so on a 1093 px
screen (1366x768 at 125 %) the open case's line ran off the pane's right edge, and the claim
status dialog's "whose claim" line off the dialog's. Here such a word keeps its start and end
with "…" between them, as wide as the label is; the words that fit are shown as typed and wrap
as before (at spaces, after hyphens, between CJK characters: where Qt may break a line). The
whole text is the tooltip, and what a screen reader reads as the description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QFontMetrics, QResizeEvent

LEAST_WIDTH = 80
"""The least width the label asks for (px): it elides to the width it gets, not the other way."""


def literal_tip(text: str) -> str:
    """``text`` as a tooltip shows it, literally: Qt takes a tooltip that looks like markup for
    rich text, and a patient stored as "<b>Bold</b> &amp; O'Brien" showed in bold with "&"
    in the case list's tooltip (walkthrough). Such text is escaped, its lines kept and not
    wrapped (a wrapped one broke the name mid-tag: "<b>Bold</" over "b> &amp;", re-walk)."""
    if "<" not in text:
        return text
    from html import escape

    return f"<p style='white-space:pre'>{escape(text, quote=False)}</p>"


class FittedLabel(QLabel):
    """``setText`` the whole text; ``text()`` is what is shown, ``full_text()`` what was set."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # names print literally
        self.setWordWrap(True)
        self._full = ""
        self.setText(text)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        """Show ``text``; its tooltip and accessible description are the whole of it."""
        self._full = text
        self.setToolTip(literal_tip(text))
        self.setAccessibleDescription(text)
        self._show_fitted()

    def _show_fitted(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin() - 4  # the label's own indent
        shown = self._full if room <= 0 else fitted(self._full, self.fontMetrics(), room)
        if shown != super().text():
            super().setText(shown)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), LEAST_WIDTH))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._show_fitted()


def fitted(text: str, metrics: QFontMetrics, room: int) -> str:
    """``text`` with each piece between two places a line may break elided to ``room`` px."""
    if all(metrics.horizontalAdvance(word) <= room for word in text.split()):
        return text  # every word fits (no codec, no boundary finder at the window's start)
    from PySide6.QtCore import QTextBoundaryFinder  # (its class, built on first use)

    at = {}  # Qt's positions count UTF-16 code units; Python's count characters
    units = 0
    for index, char in enumerate(text):
        at[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    at[units] = len(text)
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    pieces, start = [], 0
    while (end := finder.toNextBoundary()) > start:
        piece = text[at[start] : at[end]]
        word = piece.rstrip()
        if metrics.horizontalAdvance(word) > room:
            elided = metrics.elidedText(word, Qt.TextElideMode.ElideMiddle, room)
            piece = elided + piece[len(word) :]
        pieces.append(piece)
        start = end
    return "".join(pieces) + text[at[start] :]
