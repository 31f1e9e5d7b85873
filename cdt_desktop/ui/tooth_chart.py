"""The tooth chart: a custom-painted, keyboard-operable odontogram (dentist's view).

Geometry, hit-testing and arrow-key moves live in `domain.chart_layout` (pure, table-tested); this
widget only scales that layout to its size, paints it and turns input into calls on it. Paths,
label boxes and fonts are cached per widget size and mode, so a repaint (even at 4K) only strokes
and fills ready-made paths.

Accessibility: each tooth is not (yet) its own accessible child (QAccessibleInterface subclasses
from Python are fragile); instead the widget's accessible description always names the tooth under
the keyboard cursor in full ("#19, mandibular left first molar, FDI 36, selected") and a tooltip
names the tooth under the mouse.

Selecting a tooth that the current dentition does not show (a primary tooth in permanent mode)
switches the chart to mixed dentition, so a tooth restored from a case is always visible.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cdt_desktop.domain.chart_layout import (
    DENTITION_MODES,
    ChartLayout,
    ShapeKind,
    ToothSlot,
    build_layout,
    hit_test,
    neighbour,
)
from cdt_desktop.domain.teeth import (
    PALMER_SYMBOL,
    InvalidToothError,
    Notation,
    Tooth,
    parse_tooth,
    tooth,
)
from cdt_desktop.ui.palette import ChartColours, chart_colours
from cdt_desktop.ui.tooth_shapes import cervical_line, tooth_outline

NOTATIONS = tuple(n.value for n in Notation)
TYPE_AHEAD_MS = 800
_KEY_DIRECTIONS = {
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
    Qt.Key.Key_Home: "home",
    Qt.Key.Key_End: "end",
}


class ToothChart(QWidget):
    """Click, arrow or type to choose a tooth; emits `toothSelected` with its Universal id."""

    toothSelected = Signal(str)
    dentitionChanged = Signal(str)
    notationChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toothChart")
        self.setAccessibleName("Tooth chart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(420, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._layout: ChartLayout = build_layout("permanent")
        self._notation = Notation.UNIVERSAL
        self._selected: str | None = None
        self._cursor: str = self._layout.rows[0][0]
        self._hover: str | None = None
        self._typed = ""
        self._type_timer = QTimer(self)
        self._type_timer.setSingleShot(True)
        self._type_timer.setInterval(TYPE_AHEAD_MS)
        self._type_timer.timeout.connect(self._commit_typed)
        self._cache_key: tuple[int, int, str] | None = None
        self._static: QPixmap | None = None
        self._static_key: object = None
        self._scale = 1.0
        self._origin = QPointF()
        self._paths: dict[str, QPainterPath] = {}
        self._cervical: dict[str, QPainterPath] = {}
        self._labels: dict[str, QRectF] = {}
        self._font = QFont()
        self._bold_font = QFont()
        self._labels_text: dict[str, str] = {}
        self._relabel()
        self._update_accessible()

    # ----- public API -------------------------------------------------------------------------
    def select_tooth(self, universal: str) -> None:
        """Select a tooth and emit `toothSelected`.

        Raises InvalidToothError (a ValueError) for an unknown id and ValueError for a
        supernumerary tooth (the chart has no place for it). A tooth of the other dentition
        switches the chart to mixed.
        """
        found = tooth(universal)
        if found.supernumerary:
            raise ValueError("supernumerary teeth are not drawn on the chart")
        if found.universal not in self._layout:
            self.set_dentition("mixed")
        self._selected = found.universal
        self._cursor = found.universal
        self._update_accessible()
        self.update()
        self.toothSelected.emit(found.universal)

    def clear_selection(self) -> None:
        self._selected = None
        self._update_accessible()
        self.update()

    def selected(self) -> str | None:
        return self._selected

    def cursor_tooth(self) -> str:
        """The tooth under the keyboard cursor (focus ring), which need not be selected."""
        return self._cursor

    def notation(self) -> str:
        return self._notation.value

    def set_notation(self, notation: str) -> None:
        """Relabel every tooth in "universal", "fdi" or "palmer" notation."""
        value = Notation(notation)
        if value is self._notation:
            return
        self._notation = value
        self._relabel()
        self._update_accessible()
        self.update()
        self.notationChanged.emit(value.value)

    def dentition(self) -> str:
        return self._layout.mode

    def set_dentition(self, mode: str) -> None:
        """Show the "permanent", "primary" or "mixed" dentition; keeps a still-visible selection."""
        if mode not in DENTITION_MODES:
            raise ValueError(f"unknown dentition {mode!r}")
        if mode == self._layout.mode:
            return
        self._layout = build_layout(mode)
        if self._selected is not None and self._selected not in self._layout:
            self._selected = None
        if self._cursor not in self._layout:
            self._cursor = self._selected or self._layout.rows[0][0]
        self._cache_key = None
        self._relabel()
        self._update_accessible()
        self.updateGeometry()
        self.update()
        self.dentitionChanged.emit(mode)

    def label_for(self, universal: str) -> str:
        """The label drawn under/over a tooth in the current notation."""
        return self._labels_text[universal]

    def shown_teeth(self) -> tuple[str, ...]:
        return tuple(s.universal for s in self._layout.slots)

    def tooth_rect(self, universal: str) -> QRect:
        """Widget coordinates of a shown tooth's clickable area (tooth outline plus its label)."""
        self._ensure_geometry()
        r = self._layout.slot(universal).rect
        x, y = self._to_widget(r.x, r.y)
        right, bottom = self._to_widget(r.right, r.bottom)
        return QRect(round(x), round(y), max(1, int(right - x)), max(1, int(bottom - y)))

    def sizeHint(self) -> QSize:
        """About 44 px per unit: every clickable area is then at least 32 px wide and tall."""
        return QSize(round(self._layout.width * 44), round(self._layout.height * 44))

    def tooth_at(self, x: float, y: float) -> str | None:
        """The tooth at a widget position, else None."""
        self._ensure_geometry()
        return hit_test(
            self._layout, (x - self._origin.x()) / self._scale, (y - self._origin.y()) / self._scale
        )

    # ----- geometry cache ---------------------------------------------------------------------
    def _to_widget(self, x: float, y: float) -> tuple[float, float]:
        return (self._origin.x() + x * self._scale, self._origin.y() + y * self._scale)

    def _ensure_geometry(self) -> None:
        key = (self.width(), self.height(), self._layout.mode)
        if key == self._cache_key:
            return
        self._cache_key = key
        layout = self._layout
        self._scale = max(1e-6, min(self.width() / layout.width, self.height() / layout.height))
        self._origin = QPointF(
            (self.width() - layout.width * self._scale) / 2,
            (self.height() - layout.height * self._scale) / 2,
        )
        shapes: dict[tuple[ShapeKind, bool], tuple[QPainterPath, QPainterPath]] = {}
        self._paths.clear()
        self._cervical.clear()
        self._labels.clear()
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
                lx - 6, ly, slot.label.w * self._scale + 12, slot.label.h * self._scale
            )
        pixel = max(9, min(28, round(0.36 * self._scale)))
        self._font = QFont(self.font())
        self._font.setPixelSize(pixel)
        self._bold_font = QFont(self._font)
        self._bold_font.setBold(True)
        self._bold_font.setUnderline(True)  # selection shows without colour too

    def _body_transform(self, slot: ToothSlot) -> QTransform:
        """Unit box -> the slot's body, flipped for upper teeth (crown towards the occlusal line)."""
        b = slot.body
        inset = 0.06
        x, y = self._to_widget(b.x + b.w * inset, b.y + 0.04)
        w = b.w * (1 - 2 * inset) * self._scale
        h = (b.h - 0.08) * self._scale
        if slot.upper:
            return QTransform(w, 0, 0, -h, x, y + h)
        return QTransform(w, 0, 0, h, x, y)

    def _relabel(self) -> None:
        form = PALMER_SYMBOL if self._notation is Notation.PALMER else self._notation
        self._labels_text = {
            s.universal: tooth(s.universal).format(form) for s in self._layout.slots
        }

    # ----- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the cached static chart, then draw only the hovered/selected teeth and the ring."""
        self._ensure_geometry()
        colours = chart_colours(self.palette())
        static_key = (
            self._cache_key,
            self._notation,
            colours.background.rgba(),
            colours.text.rgba(),
        )
        if self._static is None or self._static_key != static_key:
            self._static = self._render_static(colours)
            self._static_key = static_key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._static)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for u in {self._hover, self._selected} - {None}:
            if u in self._paths:
                self._paint_tooth(painter, u, colours, selected=u == self._selected)
        if self.hasFocus():
            ring = QPen(colours.focus_ring, max(2.0, self._scale * 0.06), Qt.PenStyle.DashLine)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(
                QRectF(self.tooth_rect(self._cursor)).adjusted(-3, -3, 3, 3), 5, 5
            )
        painter.end()

    def _render_static(self, colours: ChartColours) -> QPixmap:
        """Everything that only changes with size, mode, notation or palette, drawn once."""
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(colours.background)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Midline, so left/right reads at a glance.
        mid_x, top = self._to_widget(self._layout.width / 2, 0)
        _, bottom = self._to_widget(0, self._layout.height)
        painter.setPen(QPen(colours.muted_text, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(mid_x, top), QPointF(mid_x, bottom))
        small = QFont(self._font)
        small.setPixelSize(max(9, min(13, self._font.pixelSize() - 3)))
        painter.setFont(small)
        margin = QRectF(self._origin.x() + 4, top, self._layout.width * self._scale - 8, 40)
        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        painter.drawText(margin, top_left, "Patient's right")
        top_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        painter.drawText(margin, top_right, "Patient's left")
        for slot in self._layout.slots:
            self._paint_tooth(painter, slot.universal, colours, selected=False, plain=True)
        painter.end()
        return pixmap

    def _paint_tooth(
        self,
        painter: QPainter,
        u: str,
        colours: ChartColours,
        *,
        selected: bool,
        plain: bool = False,
    ) -> None:
        slot = self._layout.slot(u)
        if selected:
            fill = colours.selected_fill
        elif not plain and u == self._hover:
            fill = colours.hover_fill
        else:
            fill = colours.primary_fill if slot.primary else colours.tooth_fill
        width = self._scale * (0.09 if selected else 0.03)
        pen = QPen(colours.selected_outline if selected else colours.outline, max(1.0, width))
        painter.setBrush(fill)
        painter.setPen(pen)
        painter.drawPath(self._paths[u])
        painter.setPen(QPen(colours.outline, max(0.6, self._scale * 0.015)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._cervical[u])
        if not plain:  # clear the plain label under a bold one
            painter.fillRect(self._labels[u], colours.background)
        painter.setFont(self._bold_font if selected else self._font)
        painter.setPen(colours.text)
        align = Qt.AlignmentFlag.AlignHCenter | (
            Qt.AlignmentFlag.AlignBottom if slot.upper else Qt.AlignmentFlag.AlignTop
        )
        painter.drawText(self._labels[u], align, self._labels_text[u])

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cache_key = None
        super().resizeEvent(event)

    # ----- mouse ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        hit = self.tooth_at(event.position().x(), event.position().y())
        if hit is None:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.select_tooth(hit)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.tooth_at(event.position().x(), event.position().y())
        if hit != self._hover:
            self._hover = hit
            self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.tooth_at(event.pos().x(), event.pos().y())
            if hit is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(
                    event.globalPos(), self.full_label(hit), self, self.tooth_rect(hit)
                )
            return True
        return super().event(event)

    def full_label(self, universal: str) -> str:
        """A readable name in every notation, e.g. '#19, mandibular left first molar, FDI 36, Palmer LL6'."""
        t = tooth(universal)
        return f"{t.label}, Palmer {t.palmer}"

    # ----- keyboard ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in _KEY_DIRECTIONS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._typed = ""
            self._move_cursor(neighbour(self._layout, self._cursor, _KEY_DIRECTIONS[key]))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._typed:
                self._commit_typed()
            else:
                self.select_tooth(self._cursor)
            return
        if key == Qt.Key.Key_Escape and self._typed:
            self._typed = ""
            self._type_timer.stop()
            return
        text = event.text()
        if len(text) == 1 and text.isascii() and text.isalnum():
            self._typed += text.upper()
            self._type_timer.start()
            if self._typed_is_complete():
                self._commit_typed()
            return
        super().keyPressEvent(event)

    def _move_cursor(self, universal: str) -> None:
        self._cursor = universal
        self._update_accessible()
        self.update()

    def _typed_is_complete(self) -> bool:
        """True when the typed text names a tooth and no longer label starts with it."""
        typed = self._typed
        labels = [tooth(u).format(self._notation).upper() for u in self._all_ids()]
        return typed in labels and not any(
            label != typed and label.startswith(typed) for label in labels
        )

    def _all_ids(self) -> list[str]:
        return [str(n) for n in range(1, 33)] + list("ABCDEFGHIJKLMNOPQRST")

    def _commit_typed(self) -> None:
        typed, self._typed = self._typed, ""
        self._type_timer.stop()
        if not typed:
            return
        try:
            found: Tooth = parse_tooth(typed, self._notation)
        except InvalidToothError:
            self.setAccessibleDescription(f"No tooth {typed} in {self._notation.value} notation")
            return
        if found.supernumerary:
            return
        self.select_tooth(found.universal)

    def _update_accessible(self) -> None:
        """Keep screen readers told which tooth the keyboard cursor is on (see module docstring)."""
        t = tooth(self._cursor)
        state = ", selected" if self._cursor == self._selected else ""
        self.setAccessibleDescription(f"{t.label}{state}")
        self.setToolTip("")
        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )
