"""The search results as a Qt item model, and a delegate that paints them with the match marked.

Why a model and a painted delegate (not a QListWidget of rich-text labels): a keystroke replaces
the results, and a reset of a flat list model plus painting only the visible rows stays far inside
one frame; the model also gives screen readers a plain-text line per row (AccessibleTextRole).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyledItemDelegate

from cdt_desktop.domain.reference import SearchHit
from cdt_desktop.ui.common.fonts import FontKey, font_key

if TYPE_CHECKING:
    from PySide6.QtGui import QStaticText
    from PySide6.QtWidgets import QStyleOptionViewItem

CodeRole = Qt.ItemDataRole.UserRole + 1
NameRole = Qt.ItemDataRole.UserRole + 2
CategoryRole = Qt.ItemDataRole.UserRole + 3
SummaryRole = Qt.ItemDataRole.UserRole + 4
MatchedRole = Qt.ItemDataRole.UserRole + 5
DeletedRole = Qt.ItemDataRole.UserRole + 6
HitRole = Qt.ItemDataRole.UserRole + 7

_Index = QModelIndex | QPersistentModelIndex
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words of a query worth marking in the results (letters/digits only; 'd' in D3330 too)."""
    terms = {word.casefold() for word in _WORD.findall(query)}
    return sorted(terms, key=len, reverse=True)


def match_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of ``text`` where a term starts a word or continues a digit run.

    Terms mark prefixes of words ("mol" in "molar"), and digits anywhere in a code ("3330" in
    "D3330"), which is how people read a search hit.
    """
    if not terms or not text:
        return []
    folded = text.casefold()
    if len(folded) != len(text):  # case folding changed lengths (ß): mark nothing, never misplace
        return []
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            at_word_start = start == 0 or not folded[start - 1].isalnum()
            if at_word_start or term.isdigit() or folded[start - 1].isdigit():
                spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class SearchResultsModel(QAbstractListModel):
    """A flat list of :class:`SearchHit` with one custom role per field."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._query = ""
        self._terms: list[str] = []

    # --- data -----------------------------------------------------------------------------
    def set_results(self, query: str, hits: Sequence[SearchHit]) -> None:
        """Replace every row (a keystroke gives a new list; a reset is cheapest)."""
        self.beginResetModel()
        self._query = query
        self._terms = query_terms(query)
        self._hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        self.set_results("", [])

    @property
    def query(self) -> str:
        return self._query

    @property
    def terms(self) -> list[str]:
        return self._terms

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def codes(self) -> list[str]:
        return [hit.code for hit in self._hits]

    # --- QAbstractItemModel ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        for role, name in (
            (CodeRole, b"code"),
            (NameRole, b"name"),
            (CategoryRole, b"category"),
            (SummaryRole, b"summary"),
            (MatchedRole, b"matched"),
            (DeletedRole, b"deleted"),
        ):
            names[role] = QByteArray(name)
        return names

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        hit = self.hit(index.row())
        if hit is None or index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.code}  {hit.name}"
        if role in (Qt.ItemDataRole.ToolTipRole, SummaryRole):
            return hit.summary
        if role == Qt.ItemDataRole.AccessibleTextRole:
            deleted = ", deleted code" if hit.deleted else ""
            return f"{hit.code}, {hit.name}, {hit.category}{deleted}"
        return {
            CodeRole: hit.code,
            NameRole: hit.name,
            CategoryRole: hit.category,
            MatchedRole: hit.matched,
            DeletedRole: hit.deleted,
            HitRole: hit,
        }.get(role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS  # the view asks for every painted row: no enum arithmetic per call


class SearchResultDelegate(QStyledItemDelegate):
    """Two lines per hit: bold code + name (match marked), then the category, muted.

    A keystroke repaints every visible row with new marks, so each piece of text is shaped once
    and kept as a ``QStaticText`` with its width, keyed by text, font and (when elided) room:
    codes, names and categories come back keystroke after keystroke, only the marks move.
    """

    PADDING = 6
    CACHE_LIMIT = 2048

    def __init__(self, model: SearchResultsModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model
        self._pieces: dict[tuple[str, FontKey, int], tuple[QStaticText, int]] = {}
        self._fonts: dict[tuple[int, bool, bool], QFont] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, max(44, 2 * line + 3 * self.PADDING))  # touch target >= 32 px

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        # Imported here, not at the top: the first use of QStyle makes PySide6 build a Python
        # enum class for each of its ~20 enums (~8 ms), and the list is empty at start-up.
        from PySide6.QtWidgets import QStyle

        hit = self._model.hit(index.row())
        if hit is None:
            return
        # The style draws background, selection and focus; the text is ours. No initStyleOption:
        # it would ask the model for ten roles (ten Python calls a row) that this row never uses.
        opt = type(option)(option)
        opt.text = ""
        opt.index = index  # type: ignore[assignment]
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = opt.palette.color(group, text_role)
        muted = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )

        painter.save()
        rect = opt.rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING)
        plain = opt.font
        bold = self._font(plain, bold=True)
        line_h = QFontMetrics(plain).height()
        top = QRect(rect.left(), rect.top(), rect.width(), line_h)
        painter.setPen(text_colour)
        x = self._draw_marked(painter, top, hit.code, bold, bold)
        x += self._piece("  ", bold, 0)[1]
        top.setLeft(x)
        self._draw_marked(painter, top, hit.name, plain, bold)

        bottom = QRect(rect.left(), rect.top() + line_h + self.PADDING // 2, rect.width(), line_h)
        painter.setPen(opt.palette.color(group, muted))
        second = hit.category + (f" › {hit.subcategory}" if hit.subcategory else "")
        if hit.deleted:
            second = f"DELETED CODE · {second}"
        self._draw_piece(painter, bottom, bottom.left(), second, plain, rect.width())
        painter.restore()

    def _font(self, base: QFont, *, bold: bool, underline: bool = False) -> QFont:
        key = (hash(base), bold, underline)
        font = self._fonts.get(key)
        if font is None:
            font = QFont(base)
            font.setBold(bold or base.bold())
            font.setUnderline(underline)
            self._fonts[key] = font
        return font

    def _piece(self, text: str, font: QFont, room: int) -> tuple[QStaticText, int]:
        """``text`` shaped in ``font`` (elided to ``room`` px when room > 0) and its width."""
        key = (text, font_key(font), room)
        piece = self._pieces.get(key)
        if piece is None:
            from PySide6.QtGui import QStaticText  # the list is empty at start-up

            metrics = QFontMetrics(font)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room) if room else text
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            piece = (static, metrics.horizontalAdvance(shown))
            if len(self._pieces) >= self.CACHE_LIMIT:
                self._pieces.clear()
            self._pieces[key] = piece
        return piece

    def _draw_piece(
        self, painter: QPainter, rect: QRect, x: int, text: str, font: QFont, room: int = 0
    ) -> int:
        """Draw ``text`` at ``x``, vertically centred in ``rect``; returns the width drawn.

        With ``room``, text wider than the room is elided to it."""
        static, width = self._piece(text, font, 0)
        if room and width > room:
            static, width = self._piece(text, font, room)
        painter.setFont(font)
        y = rect.top() + (rect.height() - static.size().height()) / 2
        painter.drawStaticText(QPointF(x, y), static)
        return width

    def _draw_marked(
        self, painter: QPainter, rect: QRect, text: str, plain: QFont, marked: QFont
    ) -> int:
        """Draw ``text`` left to right, matched spans in ``marked`` and underlined; return end x."""
        spans = match_spans(text, self._model.terms)
        pieces: list[tuple[str, bool]] = []
        cursor = 0
        for start, end in spans:
            if start > cursor:
                pieces.append((text[cursor:start], False))
            pieces.append((text[start:end], True))
            cursor = end
        if cursor < len(text):
            pieces.append((text[cursor:], False))
        x = rect.left()
        right = rect.right()
        for piece, is_match in pieces:
            font = self._font(marked, bold=marked.bold(), underline=True) if is_match else plain
            room = right - x
            if room <= 0:
                break
            width = self._piece(piece, font, 0)[1]
            elided = width > room
            if elided and len(self._piece(piece, font, room)[0].text()) <= 1:
                piece, font = "…", plain  # only "…" is left: unmarked
            x += self._draw_piece(painter, rect, x, piece, font, room)
            if elided:  # one ellipsis per line: the pieces after it would add their own
                break
        return x
