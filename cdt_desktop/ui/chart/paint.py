"""Drawing the tooth chart: the domain layout scaled to the widget, cached, and painted.

``ToothChart`` (tooth_chart.py) owns the state (selection, cursor, hover, notation) and the input;
this owns what only changes with widget size and dentition: the scaled tooth outlines, label
boxes, fonts and each tooth's paint rectangle. A repaint draws only the teeth inside the dirty
rectangle: a click or a hover asks Qt to repaint the two teeth that changed, not the chart, and
no pixmap of the whole chart is kept (at 4K that copy alone would weigh tens of megabytes).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPen, QRegion, QTransform
from PySide6.QtWidgets import QWidget

from cdt_desktop.domain.chart_layout import ChartLayout, ShapeKind, ToothSlot, hit_test
from cdt_desktop.ui.chart.shapes import cervical_line, tooth_outline
from cdt_desktop.ui.common.palette import ChartColours


class ChartRenderer:
    """Geometry and paint caches of one ToothChart, keyed by widget size and dentition."""

    def __init__(self) -> None:
        self._cache_key: tuple[int, int, str] | None = None
        self.scale = 1.0
        self._origin = QPointF()
        self._paths: dict[str, QPainterPath] = {}
        self._cervical: dict[str, QPainterPath] = {}
        self._labels: dict[str, QRectF] = {}
        self._areas: dict[str, QRect] = {}  # what painting a tooth may touch, ring included
        self._font = QFont()
        self._bold_font = QFont()

    def invalidate(self) -> None:
        """Forget the geometry (after a resize or a dentition change); rebuilt on next use."""
        self._cache_key = None

    # ----- geometry ---------------------------------------------------------------------------
    def _to_widget(self, x: float, y: float) -> tuple[float, float]:
        return (self._origin.x() + x * self.scale, self._origin.y() + y * self.scale)

    def ensure(self, widget: QWidget, layout: ChartLayout) -> None:
        """Scale ``layout`` into ``widget`` and rebuild the paths, label boxes and fonts, unless
        the size and dentition are those of the last call."""
        key = (widget.width(), widget.height(), layout.mode)
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
        self._areas.clear()
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
            margin = max(6.0, self.scale * 0.09) + 4  # the selected outline and the focus ring
            self._areas[slot.universal] = (
                self._paths[slot.universal].boundingRect().united(self._labels[slot.universal])
                .adjusted(-margin, -margin, margin, margin).toAlignedRect()
            )  # fmt: skip
        pixel = max(9, min(28, round(0.36 * self.scale)))
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
    def dirty(self, *teeth: str | None) -> QRegion:
        """The region to repaint when these teeth change state (None entries are skipped)."""
        region = QRegion()
        for universal in teeth:
            if universal is not None and universal in self._areas:
                region = region.united(self._areas[universal])
        return region

    def paint_chart(
        self,
        painter: QPainter,
        layout: ChartLayout,
        labels: dict[str, str],
        colours: ChartColours,
        dirty: QRect,
        *,
        selected: str | None,
        hover: str | None,
    ) -> None:
        """The background, the midline and its captions, and every tooth inside ``dirty``."""
        painter.fillRect(dirty, colours.background)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Midline, so left/right reads at a glance.
        mid_x, top = self._to_widget(layout.width / 2, 0)
        _, bottom = self._to_widget(0, layout.height)
        painter.setPen(QPen(colours.muted_text, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(mid_x, top), QPointF(mid_x, bottom))
        margin = QRectF(self._origin.x() + 4, top, layout.width * self.scale - 8, 40)
        if margin.toAlignedRect().intersects(dirty):
            small = QFont(self._font)
            small.setPixelSize(max(9, min(13, self._font.pixelSize() - 3)))
            painter.setFont(small)
            top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            painter.drawText(margin, top_left, "Patient's right")
            top_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
            painter.drawText(margin, top_right, "Patient's left")
        for slot in layout.slots:
            u = slot.universal
            if self._areas[u].intersects(dirty):
                self.paint_tooth(
                    painter, slot, labels[u], colours, selected=u == selected, hovered=u == hover
                )

    def paint_tooth(
        self,
        painter: QPainter,
        slot: ToothSlot,
        label: str,
        colours: ChartColours,
        *,
        selected: bool,
        hovered: bool = False,
    ) -> None:
        """One tooth with its label (the background under it is already painted)."""
        u = slot.universal
        if selected:
            fill = colours.selected_fill
        elif hovered:
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
        painter.setFont(self._bold_font if selected else self._font)
        painter.setPen(colours.text)
        align = Qt.AlignmentFlag.AlignHCenter | (
            Qt.AlignmentFlag.AlignBottom if slot.upper else Qt.AlignmentFlag.AlignTop
        )
        painter.drawText(self._labels[u], align, label)
