"""The search results as a Qt item model, and a delegate that paints them with the match marked.

Why a model and a painted delegate (not a QListWidget of rich-text labels): a keystroke replaces
the results, and a reset of a flat list model plus painting only the visible rows stays far inside
one frame; the model also gives screen readers a plain-text line per row (AccessibleTextRole).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
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


class _KeyedFont(NamedTuple):
    """A font and its cache key (``font_key``), so a row's pieces need not key it again."""

    font: QFont
    key: FontKey


class _StyleEnums(NamedTuple):
    item: Any  # QStyle.ControlElement.CE_ItemViewItem
    selected: int  # QStyle.StateFlag.State_Selected
    active: int  # QStyle.StateFlag.State_Active


_STYLE: list[_StyleEnums] = []
_ACTIVE, _INACTIVE = QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive
_TEXT, _HIGHLIGHTED_TEXT = QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText
_PLACEHOLDER = QPalette.ColorRole.PlaceholderText


def _style_enums() -> _StyleEnums:
    """QStyle's values the rows use, looked up at the first painted row, not at start-up (the
    first use of QStyle makes PySide6 build a Python enum class for each of its ~20 enums, ~8 ms,
    and the list is empty at start), nor at every row (an import statement per row)."""
    if not _STYLE:
        from PySide6.QtWidgets import QStyle

        flag = QStyle.StateFlag
        _STYLE.append(
            _StyleEnums(
                QStyle.ControlElement.CE_ItemViewItem,
                flag.State_Selected.value,
                flag.State_Active.value,
            )
        )
    return _STYLE[0]


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
        self._fonts: dict[tuple[FontKey, bool, bool], _KeyedFont] = {}
        self._underlines: dict[FontKey, tuple[float, float]] = {}
        self._wraps: dict[tuple[str, FontKey, int], tuple[str, str]] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = QFontMetrics(option.font).height()
        # narrower than any pane, so a row is as wide as the list (its text elides to that width)
        return QSize(64, max(44, 2 * line + 3 * self.PADDING))  # touch target >= 32 px

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        hit = self._model.hit(index.row())
        if hit is None:
            return
        style_enums = _style_enums()
        # The style draws background, selection and focus; the text is ours. No initStyleOption:
        # it would ask the model for ten roles (ten Python calls a row) that this row never uses.
        opt = type(option)(option)
        opt.text = ""
        opt.index = index  # type: ignore[assignment]
        widget = opt.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(style_enums.item, opt, painter, widget)
        state = opt.state.value  # an int: Python enum arithmetic per row costs ~10 us
        selected = bool(state & style_enums.selected)
        group = _ACTIVE if state & style_enums.active else _INACTIVE
        palette = opt.palette
        text_colour = palette.color(group, _HIGHLIGHTED_TEXT if selected else _TEXT)
        muted_colour = palette.color(group, _HIGHLIGHTED_TEXT if selected else _PLACEHOLDER)

        painter.save()
        rect = opt.rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING)
        plain = self._font(opt.font, bold=False)  # keyed once a row, not once a piece
        bold = self._font(opt.font, bold=True)
        line_h = QFontMetrics(plain.font).height()
        top = QRect(rect.left(), rect.top(), rect.width(), line_h)
        painter.setPen(text_colour)
        x = self._draw_marked(painter, top, hit.code, bold, bold)
        x += self._piece("  ", bold, 0)[1]
        top.setLeft(x)
        # A name too long for its line goes on over the second (D3346, D3347 and D3348 all
        # read "Root canal retreatm..." in the 200 px pane); a deleted code keeps its warning
        # first on the second line, so its name is cut instead.
        first, rest = (hit.name, "") if hit.deleted else self._wrap(hit.name, top.width(), bold)
        self._draw_marked(painter, top, first, plain, bold)

        bottom = QRect(rect.left(), rect.top() + line_h + self.PADDING // 2, rect.width(), line_h)
        x = bottom.left()
        if rest:
            x = self._draw_marked(painter, bottom, rest, plain, bold)
            x += self._piece("  ", plain, 0)[1]
        painter.setPen(muted_colour)
        second = hit.category + (f" › {hit.subcategory}" if hit.subcategory else "")
        if hit.deleted:
            second = f"DELETED CODE · {second}"
        if rest:
            second = f"· {second}"
        room = bottom.right() - x
        if not rest:
            self._draw_piece(painter, bottom, x, second, plain, room)
        elif self._piece(second, plain, 0)[1] <= room:  # after a wrapped name: whole or not at all
            self._draw_piece(painter, bottom, x, second, plain)
        painter.restore()

    def _wrap(self, name: str, room: int, bold: _KeyedFont) -> tuple[str, str]:
        """``name`` as a first line that fits ``room`` px, broken after a word, and the rest
        (empty when it fits whole, or when not even its first word fits).

        Measured as if every letter were marked (bold), so the break does not depend on the
        query: a row does not re-wrap as the user types, and the break is worked out once."""
        key = (name, bold.key, room)
        lines = self._wraps.get(key)
        if lines is None:
            lines = (name, "")
            metrics = QFontMetrics(bold.font)
            room -= 1  # the drawing's room ends one pixel short of the rectangle (review)
            if metrics.horizontalAdvance(name) > room:
                words = name.split(" ")
                for count in range(len(words) - 1, 0, -1):
                    first = " ".join(words[:count])
                    if metrics.horizontalAdvance(first) <= room:
                        lines = (first, " ".join(words[count:]))
                        break
            if len(self._wraps) >= self.CACHE_LIMIT:
                self._wraps.clear()
            self._wraps[key] = lines
        return lines

    def _marked_pieces(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut into runs, each marked True where it matches the query."""
        pieces: list[tuple[str, bool]] = []
        cursor = 0
        for start, end in match_spans(text, self._model.terms):
            if start > cursor:
                pieces.append((text[cursor:start], False))
            pieces.append((text[start:end], True))
            cursor = end
        if cursor < len(text):
            pieces.append((text[cursor:], False))
        return pieces

    def _font(self, base: QFont, *, bold: bool, underline: bool = False) -> _KeyedFont:
        """``base`` made bold and/or underlined, with its cache key, made once per look."""
        wanted = (font_key(base), bold, underline)
        keyed = self._fonts.get(wanted)
        if keyed is None:
            font = QFont(base)
            font.setBold(bold or base.bold())
            font.setUnderline(underline)
            keyed = self._fonts[wanted] = _KeyedFont(font, font_key(font))
        return keyed

    def _underline(self, keyed: _KeyedFont) -> tuple[float, float]:
        """Where a match's underline goes below the top of its text, and how thick it is.

        Drawn by us, not by an underlined font: Qt draws a ``QStaticText``'s underline from
        the untranslated x, so under a painter moved sideways (each view row is) it started up
        to a word to the left of the match."""
        line = self._underlines.get(keyed.key)
        if line is None:
            metrics = QFontMetrics(keyed.font)
            thickness = max(1.0, float(metrics.lineWidth()))
            line = self._underlines[keyed.key] = (
                metrics.ascent() + max(1, metrics.underlinePos()),
                thickness,
            )
        return line

    def _piece(self, text: str, keyed: _KeyedFont, room: int) -> tuple[QStaticText, int]:
        """``text`` shaped in the font (elided to ``room`` px when room > 0) and its width."""
        key = (text, keyed.key, room)
        piece = self._pieces.get(key)
        if piece is None:
            from PySide6.QtGui import QStaticText  # the list is empty at start-up

            font = keyed.font
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
        self,
        painter: QPainter,
        rect: QRect,
        x: int,
        text: str,
        font: _KeyedFont,
        room: int = 0,
        *,
        underline: bool = False,
    ) -> int:
        """Draw ``text`` at ``x``, vertically centred in ``rect``; returns the width drawn.

        With ``room``, text wider than the room is elided to it."""
        static, width = self._piece(text, font, 0)
        if room and width > room:
            static, width = self._piece(text, font, room)
        painter.setFont(font.font)
        y = rect.top() + (rect.height() - static.size().height()) / 2
        painter.drawStaticText(QPointF(x, y), static)
        if underline:
            below, thickness = self._underline(font)
            painter.fillRect(QRectF(x, y + below, width, thickness), painter.pen().color())
        return width

    def _draw_marked(
        self, painter: QPainter, rect: QRect, text: str, plain: _KeyedFont, marked: _KeyedFont
    ) -> int:
        """Draw ``text`` left to right, matched spans in ``marked`` and underlined; return end x."""
        x = rect.left()
        right = rect.right()
        for piece, is_match in self._marked_pieces(text):
            font = marked if is_match else plain
            room = right - x
            if room <= 0:
                break
            width = self._piece(piece, font, 0)[1]
            elided = width > room
            if elided and len(self._piece(piece, font, room)[0].text()) <= 1:
                piece, font, is_match = "…", plain, False  # only "…" is left: unmarked
            x += self._draw_piece(painter, rect, x, piece, font, room, underline=is_match)
            if elided:  # one ellipsis per line: the pieces after it would add their own
                break
        return x
