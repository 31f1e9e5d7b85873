"""How a candidate row is sized and painted: folded when excluded, and cheap to draw again.

Laying out a wrapped row's text is most of what a tooth click costs: Qt's default delegate lays
each painted row out four times (text rectangle, elision, layout, drawing) and each row once
more for its size. This delegate lets the style draw everything but the text (background,
selection, icon, focus), draws the text from a ``QStaticText`` laid out once, and remembers row
sizes. Both are keyed by what decides them (shown text, font, width), and the same rows come
back for every tooth of a kind ("visit not given; D3351 is the initial visit"), so most clicks
lay out little or nothing anew.

Drawing the glyphs was then most of the rest (about 2.3 M of a click's 9.8 M instructions: every
glyph is blended pixel by pixel). So a painted row is kept as a picture, keyed by everything that
decides its pixels (shown text, state, features, size, palette, font, icon, background), and a
row that comes back is one opaque copy. The picture is drawn on the list's base colour, as the
row itself is, so it is the same pixels (a test compares them); on a fractional device pixel
ratio (125 %) or a see-through base the row is drawn directly, as a picture would blur or darken.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QListWidget, QStyledItemDelegate

from cdt_desktop.ui.common.fonts import font_key
from cdt_desktop.ui.common.metrics import TARGET

if TYPE_CHECKING:
    from PySide6.QtGui import QStaticText
    from PySide6.QtWidgets import QStyleOptionViewItem

SHORT_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # the folded one-line text of an excluded row
_Index = QModelIndex | QPersistentModelIndex
_T = TypeVar("_T")


class CandidateRowDelegate(QStyledItemDelegate):
    """Folds excluded rows to one elided line but the unfolded one (the current row, once the
    event that made it current is over: see :meth:`unfold`)."""

    CACHE_LIMIT = 512
    ROW_PICTURES = 48
    """Rows kept as pictures (least recently drawn goes first): a screenful of rows for a few
    kinds of tooth, at most about 4 MB at 100 % (a row is some 280 x 30-90 pixels)."""
    cache_rows = True  # off: every row drawn afresh (the tests compare the two)

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view
        self.min_height = TARGET  # rows are touch targets (40 px in the large-target mode)
        self._sizes: dict[tuple[object, ...], QSize] = {}
        self._texts: dict[tuple[object, ...], QStaticText] = {}
        self._pictures: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._opaque_bases: dict[int, bool] = {}  # palette cache key -> its base is opaque
        self._unfolded = -1  # the row shown in full

    def folded(self, index: _Index) -> bool:
        return bool(index.data(SHORT_TEXT_ROLE)) and index.row() != self._unfolded

    def unfold(self, row: int) -> None:
        """Show ``row`` in full and fold the row shown before (-1: none); both change height.

        Called after the key press or click that moved the current row, never inside it: Qt
        selects the new row by the centre of its rectangle, and a row grown meanwhile over
        twice its folded height put that centre on the next row down (the highlight fell a row
        below the cursor)."""
        previous, self._unfolded = self._unfolded, row
        if previous == row:
            return
        model = self._view.model()
        for changed in {previous, row}:
            if 0 <= changed < model.rowCount():
                self.sizeHintChanged.emit(model.index(changed, 0))

    def forget_unfolded(self) -> None:
        """New rows (the list was cleared): none is unfolded, and none needs laying out again."""
        self._unfolded = -1

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        if self.folded(index):
            option.text = str(index.data(SHORT_TEXT_ROLE))
            option.features &= ~type(option).ViewItemFeature.WrapText
            option.textElideMode = Qt.TextElideMode.ElideRight

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Never wider than the viewport: a folded row's full-length line would otherwise widen
        the list, add a sideways scroll bar and make the wrapped rows wrap off-screen."""
        width = self._view.viewport().width()
        folded = self.folded(index)
        key = (  # the text shown: a folded row's one line is the same for every tooth of a kind
            index.data(SHORT_TEXT_ROLE if folded else Qt.ItemDataRole.DisplayRole),
            folded,
            option.rect.width(),
            font_key(option.font),
            option.decorationSize.width(),
            width,
        )
        cached = self._sizes.get(key)
        if cached is None:
            cached = super().sizeHint(option, index)
            if width > 0 and cached.width() > width:
                cached.setWidth(width)
            _remember(self._sizes, key, cached, self.CACHE_LIMIT)
        hint = QSize(cached)
        if hint.height() < self.min_height:
            hint.setHeight(self.min_height)
        return hint

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Copy the row's picture, painting it first if this row has not been drawn so."""
        opt = type(option)(option)
        self.initStyleOption(opt, index)
        key = self._picture_key(opt)
        if key is None:
            self._paint_row(painter, opt)
            return
        picture = self._pictures.get(key)
        if picture is None:
            picture = self._picture(opt)
            if len(self._pictures) >= self.ROW_PICTURES:
                self._pictures.popitem(last=False)
            self._pictures[key] = picture
        else:
            self._pictures.move_to_end(key)
        painter.drawPixmap(opt.rect.topLeft(), picture)

    def _picture_key(self, opt: QStyleOptionViewItem) -> tuple[object, ...] | None:
        """What decides the row's pixels; None when it must be drawn directly. Cheap (it runs for
        every row painted): enum members go in as they are, and the base's test is kept per
        palette."""
        view = self._view
        ratio = view.devicePixelRatioF()
        if not self.cache_rows or ratio != int(ratio):
            return None
        palette = opt.palette.cacheKey()
        opaque = self._opaque_bases.get(palette)
        if opaque is None:
            base = opt.palette.base()
            opaque = base.style() == Qt.BrushStyle.SolidPattern and base.color().alpha() == 255
            if len(self._opaque_bases) > 32:  # a list's palette changes with its focus
                self._opaque_bases.clear()
            self._opaque_bases[palette] = opaque
        if not opaque:
            return None
        rect = opt.rect
        return (
            opt.text,
            opt.state,
            opt.features,
            rect.width(),
            rect.height(),
            palette,
            font_key(opt.font),
            opt.icon.cacheKey(),
            opt.backgroundBrush.color().rgba(),
            opt.decorationSize.width(),
            opt.direction,
            view.style().name(),
            ratio,
        )

    def _picture(self, opt: QStyleOptionViewItem) -> QPixmap:
        """The row painted on the list's base colour, at the screen's (whole) pixel ratio."""
        rect = opt.rect
        ratio = self._view.devicePixelRatioF()
        picture = QPixmap(rect.width() * int(ratio), rect.height() * int(ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(opt.palette.base().color())
        painter = QPainter(picture)
        painter.translate(-rect.left(), -rect.top())
        if self._view.alternatingRowColors():  # what the view draws under each row first
            from PySide6.QtWidgets import QStyle

            under = type(opt)(opt)
            under.state &= ~QStyle.StateFlag.State_MouseOver
            self._view.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewRow, under, painter, self._view
            )
        self._paint_row(painter, opt)
        painter.end()
        return picture

    def _paint_row(self, painter: QPainter, opt: QStyleOptionViewItem) -> None:
        """The style draws the row without its text (background, selection, icon, focus), then
        the text is drawn from its laid-out ``QStaticText``."""
        # imported here: QStyle's first use builds its enum classes (~8 ms), which the window
        # does not need before the first row is painted
        from PySide6.QtWidgets import QApplication, QStyle

        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not text:
            return
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        rect.adjust(margin, 0, -margin, 0)
        wrap = bool(opt.features & type(opt).ViewItemFeature.WrapText)
        static = self._static_text(text, opt.font, rect.width(), wrap)
        state = opt.state
        group = (
            QPalette.ColorGroup.Disabled
            if not state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Active
            if state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = (
            QPalette.ColorRole.HighlightedText
            if state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        top = rect.top() + (rect.height() - static.size().height()) / 2  # vertically centred
        painter.save()
        painter.setClipRect(rect)
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        painter.drawStaticText(QPointF(rect.left(), top), static)
        painter.restore()

    def _static_text(self, text: str, font: QFont, width: int, wrap: bool) -> QStaticText:
        """The row's text laid out for ``width``: wrapped at words, or one line elided."""
        key = (text, font_key(font), width, wrap)
        static = self._texts.get(key)
        if static is None:
            # imported here: building their enum classes is start-up time, and the list is
            # empty until a tooth is chosen
            from PySide6.QtGui import QStaticText, QTextOption

            if not wrap:
                text = elided_keeping_count(text, QFontMetrics(font), width)
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            option = QTextOption()
            option.setWrapMode(
                QTextOption.WrapMode.WordWrap if wrap else QTextOption.WrapMode.NoWrap
            )
            static.setTextOption(option)
            if wrap:
                static.setTextWidth(width)
            static.prepare(font=font)
            _remember(self._texts, key, static, self.CACHE_LIMIT)
        return static


def elided_keeping_count(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` cut at its right end to fit ``width``, but a folded row's " (+2)", the count of
    its further reasons, stays whole: the reason is cut before it ("root developm… (+1)"). At
    1366 px the count was elided with the reason's end, the only sign the row had more."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    head, sep, tail = text.rpartition(" (+")
    if not (head and tail.endswith(")") and tail[:-1].isdigit()):
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    count = sep + tail
    room = max(0, width - metrics.horizontalAdvance(count))
    return metrics.elidedText(head, Qt.TextElideMode.ElideRight, room) + count


def _remember(
    cache: dict[tuple[object, ...], _T], key: tuple[object, ...], value: _T, limit: int
) -> None:
    """Store ``value``; a full cache starts again (rows of one session rarely fill it)."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
