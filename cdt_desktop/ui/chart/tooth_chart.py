"""The tooth chart: a custom-painted, keyboard-operable odontogram (dentist's view).

Geometry, hit-testing and arrow-key moves live in `domain.chart_layout` (pure, table-tested); this
widget keeps the state and turns input into calls on it. Scaling and painting live in
`paint.ChartRenderer`, which caches paths, label boxes, fonts and the static chart per widget
size and mode, so a repaint (even at 4K) only strokes and fills ready-made paths. Choosing a
tooth by typing its number, and what a typed miss says, live in `type_ahead.TypeAhead`, made at
the first letter or digit typed (the window's start does not import it).

Accessibility: each tooth is not (yet) its own accessible child (QAccessibleInterface subclasses
from Python are fragile); instead the widget's accessible description always names the tooth under
the keyboard cursor in full ("#19, mandibular left first molar, FDI 36, selected") and a tooltip
names the tooth under the mouse (the widget's tool tip follows the hovered tooth: no ``event()``
override, which would hand PySide6 every event of the widget; ui/common/fields.py says why).

Selecting a tooth that the current dentition does not show (a primary tooth in permanent mode)
switches the chart to mixed dentition, so a tooth restored from a case is always visible.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cdt_desktop.domain.chart_layout import DENTITION_MODES, ChartLayout, build_layout, neighbour
from cdt_desktop.domain.teeth import PALMER_SYMBOL, Notation, tooth
from cdt_desktop.ui.chart.paint import ChartRenderer

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, QRect
    from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QPaintEvent, QResizeEvent

    from cdt_desktop.ui.chart.type_ahead import TypeAhead
from cdt_desktop.ui.common.palette import chart_colours

NOTATIONS = tuple(n.value for n in Notation)
MINIMUM_WIDTH, MINIMUM_HEIGHT = 320, 120
"""The least the chart takes: a 1366x768 screen at 125 % scaling (1093x614 logical px) leaves
the centre pane about 570x370 for the chart, its questions and the candidates. The teeth are
scaled to whatever the chart gets (all 32 stay inside it: about 17 px per incisor then)."""
MINIMUM_SCALE = 17
"""Pixels per layout unit at the least (about a premolar's width): below it the teeth's numbers
(9 px at the least) no longer fit between the rows and the chart's edge. Only the mixed
dentition, twice as tall, needs more than ``MINIMUM_HEIGHT`` for it."""
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
    madeMixed = Signal(str)  # the tooth (Universal) of the other dentition that switched to mixed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toothChart")
        self.setAccessibleName("Tooth chart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._layout: ChartLayout = build_layout("permanent")
        self._set_minimum_size()
        self._notation = Notation.UNIVERSAL
        self._selected: str | None = None
        self._cursor: str = self._layout.rows[0][0]
        self._hover: str | None = None
        self._type_ahead: TypeAhead | None = None  # made at the first letter or digit typed
        self._renderer = ChartRenderer()
        self._enlargement = 1.0  # View > Zoom times Large targets: see set_enlargement
        self._labels_text: dict[str, str] = {}
        self._relabel()
        self._update_accessible(notify=False)  # nothing can be listening to a new widget yet

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
            self.madeMixed.emit(found.universal)
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
        self._renderer.invalidate()
        self._relabel()
        self._update_accessible()
        self._set_minimum_size()
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
        return self._renderer.tooth_rect(self._layout, universal)

    def side_captions(self) -> list[QRectF]:
        """Where "Patient's right" and "Patient's left" were last painted: above the arch ends,
        or at mid-height beside the arches; none where neither has room clear of the teeth."""
        return list(self._renderer.captions)

    def sizeHint(self) -> QSize:
        """About 44 px per unit: every clickable area is then at least 32 px wide and tall."""
        return QSize(round(self._layout.width * 44), round(self._layout.height * 44))

    def set_enlargement(self, factor: float) -> None:
        """View > Zoom in (1.6 at 160 %) times Large targets (1.25): :meth:`wanted_height` asks
        for that much more. 1.0, the start's, changes nothing."""
        self._enlargement = factor

    def wanted_height(self, plain: int = 0) -> int:
        """The height the chart asks of a window that has room: its height at 100 % without
        large targets (``plain``; else its least) times the enlargement, but no taller than
        its teeth fill its width (beyond that only the empty bands around them would grow)."""
        layout = self._layout
        filled = math.ceil(self.width() * layout.height / layout.width)
        base = max(plain, self.minimumHeight())
        return min(filled, math.ceil(base * self._enlargement))

    def number_font(self) -> QFont:
        """The font of the teeth's numbers at the chart's present size."""
        self._ensure_geometry()
        return self._renderer.number_font()

    def tooth_at(self, x: float, y: float) -> str | None:
        """The tooth at a widget position, else None."""
        self._ensure_geometry()
        return self._renderer.tooth_at(self._layout, x, y)

    # ----- geometry and painting (see paint.py) -----------------------------------------------
    def _ensure_geometry(self) -> None:
        self._renderer.ensure(self, self._layout)

    def _set_minimum_size(self) -> None:
        least = math.ceil(self._layout.height * MINIMUM_SCALE)
        self.setMinimumSize(MINIMUM_WIDTH, max(MINIMUM_HEIGHT, least))

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
        renderer = self._renderer
        static = renderer.static_pixmap(
            self, self._layout, self._notation, self._labels_text, colours
        )
        painter = QPainter(self)
        painter.drawPixmap(0, 0, static)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for u in {self._hover, self._selected} - {None}:
            if u is not None and renderer.has_tooth(u):
                renderer.paint_tooth(
                    painter,
                    self._layout.slot(u),
                    self._labels_text[u],
                    colours,
                    selected=u == self._selected,
                    hovered=u == self._hover,
                )
        if self._hover is not None or self._selected is not None:
            renderer.paint_midline(painter, self._layout, colours)  # a cleared label crosses it
        if self.hasFocus():
            ring = QPen(colours.focus_ring, max(2.0, renderer.scale * 0.06), Qt.PenStyle.DashLine)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(
                QRectF(self.tooth_rect(self._cursor)).adjusted(-3, -3, 3, 3), 5, 5
            )
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._renderer.invalidate()
        self._set_hover(None)  # the teeth moved under the pointer: the next mouse move says which
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
            self._set_hover(hit)
            self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
            self.update()
            self._follow_tool_tip(event)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._set_hover(None)
            self.update()
        super().leaveEvent(event)

    def _set_hover(self, universal: str | None) -> None:
        """The tooth under the mouse; Qt shows its full name as the tool tip (none over a gap)."""
        self._hover = universal
        self.setToolTip(self.full_label(universal) if universal else "")

    def _follow_tool_tip(self, event: QMouseEvent) -> None:
        """A tool tip already showing follows the mouse onto the next tooth, or goes."""
        from PySide6.QtWidgets import QToolTip

        if not QToolTip.isVisible():
            return
        if self._hover is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(
                event.globalPosition().toPoint(), self.toolTip(), self, self.tooth_rect(self._hover)
            )

    def full_label(self, universal: str) -> str:
        """A readable name in every notation, e.g. '#19, mandibular left first molar, FDI 36, Palmer LL6'."""
        t = tooth(universal)
        return f"{t.label}, Palmer {t.palmer}"

    # ----- keyboard ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        typing = self._type_ahead
        if key in _KEY_DIRECTIONS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if typing is not None:
                typing.typed = ""
            self._move_cursor(neighbour(self._layout, self._cursor, _KEY_DIRECTIONS[key]))
            return
        text = event.text()
        if typing is None and len(text) == 1 and text.isascii() and text.isalnum():
            from cdt_desktop.ui.chart.type_ahead import TypeAhead

            typing = self._type_ahead = TypeAhead(self)
        if typing is not None and typing.key(key, text):  # type_ahead.py: a number typed
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.select_tooth(self._cursor)
            return
        super().keyPressEvent(event)

    def _move_cursor(self, universal: str) -> None:
        self._cursor = universal
        self._update_accessible()
        self.update()

    def typed_message(self) -> str:
        """What the last typed tooth that was not chosen said ("" after a chosen one)."""
        return self._type_ahead.said if self._type_ahead is not None else ""

    def _update_accessible(self, *, notify: bool = True) -> None:
        """Keep screen readers told which tooth the keyboard cursor is on (see module docstring).

        QAccessible is imported here: its first use makes PySide6 build eight enum classes
        (~2.5 ms), which a window that has not been shown yet does not need.
        """
        t = tooth(self._cursor)
        state = ", selected" if self._cursor == self._selected else ""
        self.setAccessibleDescription(f"{t.label}{state}")
        self.setToolTip("")
        if not notify:
            return
        from PySide6.QtGui import QAccessible, QAccessibleEvent

        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )
