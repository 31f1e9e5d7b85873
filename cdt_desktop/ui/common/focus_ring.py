"""A ring in the highlight colour around the field, button or box the keyboard reached.

Why: Fusion marks a focused one-line field, combo box, spin box, button, checkbox or radio
button with a one-pixel line, in dark colours about 4.2:1 and close to the edge of a box without
the focus (a tab bar with a thin line around a tab's word, the code's read-only detail with a
caret alone), so an assistant in gloves who pressed Tab could not see where the keyboard went
(keyboard walkthrough). The ring is 2 px wide, one pixel outside the widget (it covers none of
its text), rounded, in the palette's highlight colour, brought up to 3:1 against the window
colour where a palette's own falls short (the dark palette's is 2.6:1), so it follows light
and dark colours.

When: as a browser's ``:focus-visible``, only when the focus came by keyboard: Tab, Backtab,
the arrow keys between radio buttons, an Alt letter or a shortcut (Qt notes those on the
window, ``WA_KeyboardFocusChange``, before ``QApplication.focusChanged`` fires), and Enter
moving on through a form (``focus_frame.move_on``). A mouse press that moves the focus (a
button is held while it moves) takes it away; a click on the widget that has it already moves
nothing and leaves it (nothing here sees the mouse otherwise). A move that is neither, the code moving the focus, a dialog closing
or the window activated again, keeps the way of the last one: after Esc closed a dialog the
keyboard user sees where the keyboard went back to; after a click nothing is drawn.

How, cheaply (docs/design-rules.md, 6. Performance budgets): one ``QFocusFrame``, Qt's own
widget for a frame outside a widget, given to the focused widget. It follows the widget's
moves, resizes, scrolling and hiding with its own C++ event filter, so no Python sees the
widget's events (``ui/common/fields.py`` says why that matters). It is drawn by a style of its
own, set on that one widget, never the application's: a Python style on the application would
be called for every paint of every widget. Its mask is the ring alone, so a field's repaints
(a blinking caret, a keystroke) never repaint the ring. Nothing here runs at start-up: the
main window installs it once it is shown (``MainWindow.showEvent``), the frame is made at the
first focus the keyboard moves, and dialogs get it too (``focusChanged`` is the application's;
the frame moves into the focused widget's window).

What is left alone: widgets that show their focus themselves (the tooth chart, the lists'
current row, the multi-line fields' frame from ``focus_frame``) are not of the kinds ringed,
and a widget whose owner draws its mark (the checklist row around its checkbox) carries the
``OWN_FOCUS_MARK`` property.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFocusFrame,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QTabBar,
    QTextBrowser,
    QWidget,
)

from cdt_desktop.ui.common.palette import readable_on

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleHintReturn, QStyleOption

WIDTH = 2
"""The ring's width (px)."""
GAP = 1
"""Between the widget's edge and the ring (px), so the ring never merges with the widget's own
border."""
MARGIN = WIDTH + GAP
RADIUS = 4.0
MIN_CONTRAST = 3.0
"""Against the window colour (WCAG 2.2, 1.4.11 and 2.4.13)."""
OWN_FOCUS_MARK = "ownFocusMark"
"""A dynamic property: set True on a widget whose owner draws its focus mark itself."""

RINGED: tuple[type[QWidget], ...] = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,  # push and tool buttons, checkboxes, radio buttons
    QTabBar,
    QTextBrowser,  # the code's detail, the guide: a caret in read-only text was all they showed
)
"""The kinds of widget ringed; every other (the text boxes with their focus frame, lists and
tables with their current row, the tooth chart) draws its own focus."""

_ring: FocusRing | None = None


def ring_colour(palette: QPalette) -> QColor:
    """The palette's highlight colour, lightened (on a dark window) or darkened until it stands
    3:1 against the window colour."""
    group = QPalette.ColorGroup.Active
    highlight = palette.color(group, QPalette.ColorRole.Highlight)
    window = palette.color(group, QPalette.ColorRole.Window)
    return readable_on(highlight, window, MIN_CONTRAST)


def ringed(widget: QWidget | None) -> QWidget | None:
    """The widget the ring goes around while ``widget`` has the focus, or None for none."""
    if widget is None:
        return None
    parent = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(parent, (QComboBox, QAbstractSpinBox)):
        widget = parent  # the text part of an editable combo box or a spin box: around it all
    if not isinstance(widget, RINGED) or widget.property(OWN_FOCUS_MARK):
        return None
    return widget


class _RingStyle(QProxyStyle):
    """The frame's own style: above the widget's siblings, ``MARGIN`` outside it, a rounded
    ring. Set on the frame alone, so nothing else's painting calls Python."""

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1  # the frame is a child of the window (or the scroll area's viewport), so
            # a widget flush with its own parent's edge keeps its ring
        return super().styleHint(hint, option, widget, returnData)  # the mask: the margin ring

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric in (
            QStyle.PixelMetric.PM_FocusFrameHMargin,
            QStyle.PixelMetric.PM_FocusFrameVMargin,
        ):
            return MARGIN
        return super().pixelMetric(metric, option, widget)

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element != QStyle.ControlElement.CE_FocusFrame:
            super().drawControl(element, option, painter, widget)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ring_colour(option.palette), WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = WIDTH / 2
        painter.drawRoundedRect(
            QRectF(option.rect).adjusted(half, half, -half, -half), RADIUS, RADIUS
        )
        painter.restore()


class FocusRing(QObject):
    """The application's focus ring (one, made by :func:`install`)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._style = _RingStyle("Fusion")  # the frame's own: the same on every platform
        self._style.setParent(self)
        self._frame: QFocusFrame | None = None
        self._by_keyboard = False
        app.focusChanged.connect(self._moved)
        # a new font (View > Zoom) or colours (View > Dark colours) send the widgets a style
        # change, and Qt's frame hides at its widget's: shown again once the change is through
        app.fontChanged.connect(self._after_change)
        app.paletteChanged.connect(self._after_change)

    def frame(self) -> QFocusFrame | None:
        """The frame while it exists (tests look at it)."""
        return self._frame

    def _moved(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is not None:
            if now.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange):
                self._by_keyboard = True  # Tab, Backtab, an arrow, an Alt letter, a shortcut
            elif QApplication.mouseButtons() != Qt.MouseButton.NoButton:
                self._by_keyboard = False  # a press moved the focus
        self.follow(now)

    def keyboard_moved(self) -> None:
        """The focus moved by a key Qt does not count as a keyboard move (Enter moving on)."""
        self._by_keyboard = True
        self.follow(QApplication.focusWidget())

    def follow(self, focused: QWidget | None) -> None:
        """Around ``focused`` when the keyboard brought it there and it is of a ringed kind;
        otherwise nowhere."""
        target = ringed(focused) if self._by_keyboard else None
        frame = self._frame
        if target is None:
            if frame is not None:
                _place(frame, None)
            return
        if frame is None:
            frame = self._frame = self._new_frame(target.window())
        elif frame.widget() is target and frame.isVisible():
            return
        _place(frame, target)
        if not frame.isVisible():  # outside its scroll area's view: Qt hides the frame, and
            # shows it again only when the widget is shown, not when the area scrolls to it
            # (which a form does after the focus moved)
            QTimer.singleShot(0, self, self._again)

    def _after_change(self) -> None:
        QTimer.singleShot(0, self, self._again)

    def _again(self) -> None:
        """Shown again around its widget, where Qt hid it and the widget is on screen."""
        frame = self._frame
        if frame is None or frame.isVisible():
            return
        widget = frame.widget()
        if widget is not None and widget.isVisible():
            _place(frame, widget)

    def _new_frame(self, window: QWidget) -> QFocusFrame:
        frame = QFocusFrame(window)  # Qt's: a child of that window, it goes with it
        frame.setObjectName("focusRing")
        frame.setStyle(self._style)
        frame.destroyed.connect(self._frame_gone)  # with the dialog it was in
        return frame

    def _frame_gone(self) -> None:
        self._frame = None


def _place(frame: QFocusFrame, widget: QWidget | None) -> None:
    """``frame`` around ``widget``, placed and shown afresh (also around the widget it had);
    hidden for None."""
    frame.setWidget(None)  # type: ignore[arg-type]  # Qt's null widget: no widget, hidden
    if widget is not None:
        frame.setWidget(widget)


def install() -> FocusRing | None:
    """The application's focus ring, made once (None without a QApplication)."""
    global _ring
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    if _ring is None:
        _ring = FocusRing(app)
        _ring.destroyed.connect(_forget)
        focused = QApplication.focusWidget()  # Tab pressed before the ring was there
        if focused is not None and focused.window().testAttribute(
            Qt.WidgetAttribute.WA_KeyboardFocusChange
        ):
            _ring.keyboard_moved()
    return _ring


def installed() -> FocusRing | None:
    """The application's focus ring once :func:`install` made it."""
    return _ring


def _forget() -> None:
    global _ring
    _ring = None


def keyboard_moved() -> None:
    """Tell the ring (if installed) that a key moved the focus where Qt saw no keyboard move."""
    if _ring is not None:
        _ring.keyboard_moved()
