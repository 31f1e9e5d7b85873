"""Drawing the tooth chart: the domain layout scaled to the widget, cached, and painted.

``ToothChart`` (tooth_chart.py) owns the state (selection, cursor, hover, notation) and the input;
this owns what only changes with widget size, dentition, notation or palette: the scaled tooth
outlines, label boxes, fonts and a pixmap of the whole unselected chart. A repaint (even at 4K)
then blits that pixmap and strokes only the hovered and selected teeth (and blits the midline
strip back over them: see :meth:`ChartRenderer.paint_midline`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QWidget

from cdt_desktop.domain.chart_layout import LABEL_H, ChartLayout, ShapeKind, ToothSlot, hit_test
from cdt_desktop.domain.teeth import Notation
from cdt_desktop.ui.chart.shapes import cervical_line, tooth_outline
from cdt_desktop.ui.common.palette import ChartColours


def label_pixel_size(scale: float, text_px: int) -> int:
    """The tooth numbers' pixel size on a chart drawn at ``scale`` px per unit, in a window
    whose text is ``text_px`` px: they grow with the chart, and with the text (View > Zoom: at
    160 % they stayed 9 px beside 19 px words), but never past their box (``LABEL_H`` units,
    where they would reach into the teeth) nor 28 px; 9 px at the least."""
    by_chart = round(0.36 * scale)
    by_text = min(round(0.75 * text_px), math.floor(LABEL_H * scale))
    return max(9, min(28, max(by_chart, by_text)))


class ChartRenderer:
    """Geometry and paint caches of one ToothChart, keyed by widget size and dentition."""

    def __init__(self) -> None:
        self._cache_key: tuple[int, int, str, int] | None = None
        self._static: QPixmap | None = None
        self._static_key: object = None
        self._midline: QPixmap | None = None
        self._midline_key: object = None
        self._midline_at = QPointF()
        self.scale = 1.0
        self._origin = QPointF()
        self._paths: dict[str, QPainterPath] = {}
        self._cervical: dict[str, QPainterPath] = {}
        self._labels: dict[str, QRectF] = {}
        self.captions: list[QRectF] = []  # where "Patient's right/left" were drawn (or none)
        self._plain_widths: dict[str, int] = {}  # a label's width in the plain font
        self._font = QFont()
        self._bold_font = QFont()

    def invalidate(self) -> None:
        """Forget the geometry (after a resize or a dentition change); rebuilt on next use."""
        self._cache_key = None

    def number_font(self) -> QFont:
        """The teeth's numbers' font (call :meth:`ensure` first)."""
        return QFont(self._font)

    def has_tooth(self, universal: str) -> bool:
        """Whether the cached geometry has a path for that tooth."""
        return universal in self._paths

    # ----- geometry ---------------------------------------------------------------------------
    def _to_widget(self, x: float, y: float) -> tuple[float, float]:
        return (self._origin.x() + x * self.scale, self._origin.y() + y * self.scale)

    def ensure(self, widget: QWidget, layout: ChartLayout) -> None:
        """Scale ``layout`` into ``widget`` and rebuild the paths, label boxes and fonts, unless
        the size and dentition are those of the last call."""
        font = widget.font()  # View > Zoom moves its size
        points = font.pointSizeF()
        text_px = round(points * widget.logicalDpiY() / 72) if points > 0 else font.pixelSize()
        key = (widget.width(), widget.height(), layout.mode, text_px)
        if key == self._cache_key:
            return
        self._cache_key = key
        self.scale = max(1e-6, min(widget.width() / layout.width, widget.height() / layout.height))
        self._origin = QPointF(
            (widget.width() - layout.width * self.scale) / 2,
            (widget.height() - layout.height * self.scale) / 2,
        )
        shapes: dict[tuple[ShapeKind, bool], tuple[QPainterPath, QPainterPath]] = {}
        self._paths.clear()
        self._cervical.clear()
        self._labels.clear()
        self._plain_widths.clear()
        for slot in layout.slots:
            key2 = (slot.kind, slot.primary)
            if key2 not in shapes:
                shapes[key2] = (tooth_outline(*key2), cervical_line(slot.kind))
            outline, cervical = shapes[key2]
            transform = self._body_transform(slot)
            self._paths[slot.universal] = transform.map(outline)
            self._cervical[slot.universal] = transform.map(cervical)
            lx, ly = self._to_widget(slot.label.x, slot.label.y)
            self._labels[slot.universal] = QRectF(
                lx - 6, ly, slot.label.w * self.scale + 12, slot.label.h * self.scale
            )
        pixel = label_pixel_size(self.scale, text_px)
        self._font = QFont(widget.font())
        self._font.setPixelSize(pixel)
        self._bold_font = QFont(self._font)
        self._bold_font.setBold(True)
        self._bold_font.setUnderline(True)  # selection shows without colour too

    def _body_transform(self, slot: ToothSlot) -> QTransform:
        """Unit box -> the slot's body, flipped for upper teeth (crown towards the occlusal line)."""
        b = slot.body
        inset = 0.06
        x, y = self._to_widget(b.x + b.w * inset, b.y + 0.04)
        w = b.w * (1 - 2 * inset) * self.scale
        h = (b.h - 0.08) * self.scale
        if slot.upper:
            return QTransform(w, 0, 0, -h, x, y + h)
        return QTransform(w, 0, 0, h, x, y)

    def tooth_rect(self, layout: ChartLayout, universal: str) -> QRect:
        """Widget coordinates of a shown tooth's clickable area (call :meth:`ensure` first)."""
        r = layout.slot(universal).rect
        x, y = self._to_widget(r.x, r.y)
        right, bottom = self._to_widget(r.right, r.bottom)
        return QRect(round(x), round(y), max(1, int(right - x)), max(1, int(bottom - y)))

    def tooth_at(self, layout: ChartLayout, x: float, y: float) -> str | None:
        """The tooth at a widget position, else None (call :meth:`ensure` first)."""
        return hit_test(
            layout, (x - self._origin.x()) / self.scale, (y - self._origin.y()) / self.scale
        )

    # ----- painting ---------------------------------------------------------------------------
    def static_pixmap(
        self,
        widget: QWidget,
        layout: ChartLayout,
        notation: Notation,
        labels: dict[str, str],
        colours: ChartColours,
    ) -> QPixmap:
        """The chart without hover, selection or focus ring; redrawn only when the size, mode,
        notation or palette changed since the last call."""
        static_key = (
            self._cache_key,
            notation,
            colours.background.rgba(),
            colours.text.rgba(),
        )
        if self._static is None or self._static_key != static_key:
            self._static = self._render_static(widget, layout, labels, colours)
            self._static_key = static_key
        return self._static

    def _render_static(
        self, widget: QWidget, layout: ChartLayout, labels: dict[str, str], colours: ChartColours
    ) -> QPixmap:
        """Everything that only changes with size, mode, notation or palette, drawn once."""
        ratio = widget.devicePixelRatioF()
        pixmap = QPixmap(round(widget.width() * ratio), round(widget.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(colours.background)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_midline(painter, layout, colours)
        _, top = self._to_widget(0, 0)
        small = QFont(self._font)
        small.setPixelSize(max(9, min(13, self._font.pixelSize() - 3)))
        painter.setFont(small)
        captions = (
            (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, "Patient's right"),
            (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, "Patient's left"),
        )
        # Above the arch ends; where a small chart has no room there, at mid-height beside the
        # arches (the mixed chart's primary arches leave the sides free: it had no captions)
        middle = top + (layout.height * self.scale - QFontMetricsF(small).height()) / 2
        self.captions = []
        for band in (top, middle):
            margin = QRectF(self._origin.x() + 4, band, layout.width * self.scale - 8, 40)
            inks = [self._caption_ink(painter, margin, align, text) for align, text in captions]
            if all(self._clear_of_teeth(ink, layout, labels) for ink in inks):  # else neither
                for align, text in captions:
                    painter.drawText(margin, align, text)
                self.captions = inks
                break
        for slot in layout.slots:
            self.paint_tooth(
                painter, slot, labels[slot.universal], colours, selected=False, plain=True
            )
        painter.end()
        return pixmap

    @staticmethod
    def _caption_ink(
        painter: QPainter, margin: QRectF, align: Qt.AlignmentFlag, caption: str
    ) -> QRectF:
        """Where the caption's glyphs fall (no line spacing around them)."""
        metrics = QFontMetricsF(painter.font())
        glyphs = metrics.tightBoundingRect(caption)
        left = (
            margin.left()
            if align & Qt.AlignmentFlag.AlignLeft  # (the caption's flags carry AlignTop too)
            else margin.right() - glyphs.width()
        )
        baseline = margin.top() + metrics.ascent()
        return QRectF(left, baseline + glyphs.top(), glyphs.width(), glyphs.height())

    def _clear_of_teeth(self, ink: QRectF, layout: ChartLayout, labels: dict[str, str]) -> bool:
        """True when ``ink`` (a caption's text) touches no tooth and no tooth number: where
        the chart is drawn small (mixed dentition on a 768p screen at 125 %) the captions above
        the arch ends would cover the numbers of #1-#3 and #14-#16."""
        metrics = QFontMetricsF(self._font)
        for slot in layout.slots:
            box = self._labels[slot.universal]
            glyphs = metrics.tightBoundingRect(labels[slot.universal])
            # an upper tooth's number is bottom-aligned in its box, a lower one's top-aligned
            baseline = (
                box.bottom() - metrics.descent() if slot.upper else box.top() + metrics.ascent()
            )
            number = QRectF(
                box.center().x() - glyphs.width() / 2,
                baseline + glyphs.top(),
                glyphs.width(),
                glyphs.height(),
            )
            for other in (number, self._paths[slot.universal].boundingRect()):
                overlap = ink.intersected(other)
                if overlap.width() > 1 and overlap.height() > 1:  # more than a touch
                    return False
        return True

    def paint_midline(self, painter: QPainter, layout: ChartLayout, colours: ChartColours) -> None:
        """The dashed midline again, over a hovered or selected tooth (whose cleared label box
        crosses it by the central incisors), blitted from a cached transparent strip: stroking the
        antialiased dashed line on every click cost about 0.09 ms (3 % of a tooth click), the
        blit about 0.01 ms; the pixels are the same at every scale factor."""
        ratio = painter.device().devicePixelRatioF()
        key = (self._cache_key, colours.muted_text.rgba(), ratio)
        if self._midline is None or self._midline_key != key:
            self._midline = self._render_midline(layout, colours, ratio)
            self._midline_key = key
        painter.drawPixmap(self._midline_at, self._midline)

    def _render_midline(self, layout: ChartLayout, colours: ChartColours, ratio: float) -> QPixmap:
        """A strip a few pixels wide holding only the midline, placed (``_midline_at``) on whole
        device pixels, so the blit is not resampled and the line's antialiasing matches the
        static chart's at any scale factor."""
        mid_x, top = self._to_widget(layout.width / 2, 0)
        _, bottom = self._to_widget(0, layout.height)
        left = (math.floor(mid_x * ratio) - 3) / ratio
        upper = (math.floor(top * ratio) - 2) / ratio
        pixmap = QPixmap(7, math.ceil(bottom * ratio) - math.floor(top * ratio) + 4)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        strip = QPainter(pixmap)
        strip.setRenderHint(QPainter.RenderHint.Antialiasing)
        strip.translate(-left, -upper)
        self._draw_midline(strip, layout, colours)
        strip.end()
        self._midline_at = QPointF(left, upper)
        return pixmap

    def _draw_midline(self, painter: QPainter, layout: ChartLayout, colours: ChartColours) -> None:
        """The dashed midline, so left and right read at a glance."""
        mid_x, top = self._to_widget(layout.width / 2, 0)
        _, bottom = self._to_widget(0, layout.height)
        painter.setPen(QPen(colours.muted_text, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(mid_x, top), QPointF(mid_x, bottom))

    def paint_tooth(
        self,
        painter: QPainter,
        slot: ToothSlot,
        label: str,
        colours: ChartColours,
        *,
        selected: bool,
        hovered: bool = False,
        plain: bool = False,
    ) -> None:
        """One tooth with its label; ``plain`` (the static pixmap) ignores hover and skips
        clearing the label box."""
        u = slot.universal
        if selected:
            fill = colours.selected_fill
        elif not plain and hovered:
            fill = colours.hover_fill
        else:
            fill = colours.primary_fill if slot.primary else colours.tooth_fill
        width = self.scale * (0.09 if selected else 0.03)
        pen = QPen(colours.selected_outline if selected else colours.outline, max(1.0, width))
        painter.setBrush(fill)
        painter.setPen(pen)
        painter.drawPath(self._paths[u])
        painter.setPen(QPen(colours.outline, max(0.6, self.scale * 0.015)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._cervical[u])
        if not plain:  # clear the plain label under a bold one: its own width, not the whole
            # (widened) label box, which reaches into a close neighbour's number ("73" beside
            # a selected 74 on the mixed chart)
            box = self._labels[u]
            ink = self._plain_widths.get(label)
            if ink is None:
                painter.setFont(self._font)
                ink = self._plain_widths[label] = painter.fontMetrics().horizontalAdvance(label)
            painter.fillRect(
                QRectF(box.center().x() - ink / 2 - 1, box.top(), ink + 2, box.height()),
                colours.background,
            )
        painter.setFont(self._bold_font if selected else self._font)
        painter.setPen(colours.text)
        align = Qt.AlignmentFlag.AlignHCenter | (
            Qt.AlignmentFlag.AlignBottom if slot.upper else Qt.AlignmentFlag.AlignTop
        )
        painter.drawText(self._labels[u], align, label)
