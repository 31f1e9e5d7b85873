"""How a candidate row is sized and painted: folded when excluded, and cheap to draw again.

Laying out a wrapped row's text is most of what a tooth click costs: Qt's default delegate lays
each painted row out four times (text rectangle, elision, layout, drawing) and each row once
more for its size. This delegate lets the style draw everything but the text (background,
selection, icon, focus), draws the text from a ``QStaticText`` laid out once, and remembers row
sizes. Both are keyed by what decides them (shown text, font, width), and the same rows come
back for every tooth of a kind ("visit not given; D3351 is the initial visit"), so most clicks
lay out little or nothing anew.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
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
    """Folds excluded rows to one elided line unless the row is the current one."""

    CACHE_LIMIT = 512

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view
        self.min_height = TARGET  # rows are touch targets (40 px in the large-target mode)
        self._sizes: dict[tuple[object, ...], QSize] = {}
        self._texts: dict[tuple[object, ...], QStaticText] = {}

    def folded(self, index: _Index) -> bool:
        return bool(index.data(SHORT_TEXT_ROLE)) and index != self._view.currentIndex()

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
        # imported here: QStyle's first use builds its enum classes (~8 ms), which the window
        # does not need before the first row is painted
        from PySide6.QtWidgets import QApplication, QStyle

        opt = type(option)(option)
        self.initStyleOption(opt, index)
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
                text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
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


def _remember(
    cache: dict[tuple[object, ...], _T], key: tuple[object, ...], value: _T, limit: int
) -> None:
    """Store ``value``; a full cache starts again (rows of one session rarely fill it)."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
