"""Drop-downs that do not change under a scrolling wheel, and whose type-ahead cycles.

Why: scrolling the case form with the wheel over a closed drop-down changed its value (Notation
went Universal -> Palmer, which changes what tooth "8" means). A guarded combo box passes the
wheel to the page behind it unless the box has the keyboard focus. Typing a letter on a closed
box picks the next item starting with it, so "P" "P" goes Pulpotomy -> Pulpectomy instead of
staying on the first match.

The window's own drop-downs are :class:`GuardedComboBox` (typed overrides: Python sees their
wheel and key presses only); ``guard``/``guard_all`` fit the same behaviour onto boxes that
exist already (a dialog's form), with an event filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QComboBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent, QWheelEvent

    from cdt_desktop.ui.common.fields import ShortcutForwarder


class GuardedComboBox(QComboBox):
    """A drop-down that leaves the wheel to the page unless it has the focus, cycles on
    repeated letters, and gives the window the shortcuts its text field would keep."""

    shortcuts: ShortcutForwarder | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel over it never gives it focus

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
            return
        parent = self.parentWidget()
        if parent is not None:  # the page scrolls instead of the value changing
            QCoreApplication.sendEvent(parent, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.shortcuts is not None and self.shortcuts.forward(event):
            return
        if not _type_ahead(self, event):
            super().keyPressEvent(event)


class _ComboGuard(QObject):
    """One filter object for every guarded box (installed on each box, not on the app)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if not isinstance(watched, QComboBox):
            return False
        kind = event.type()
        if kind == QEvent.Type.Wheel and not watched.hasFocus():
            parent = watched.parentWidget()
            if parent is not None:  # the page scrolls instead of the value changing
                QCoreApplication.sendEvent(parent, event)
            return True
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return _type_ahead(watched, event)
        return False


def _type_ahead(box: QComboBox, event: QKeyEvent) -> bool:
    text = event.text()
    if box.isEditable() or len(text) != 1 or not text.isprintable() or text.isspace():
        return False
    if event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    wanted = text.casefold()
    count = box.count()
    for step in range(1, count + 1):
        index = (box.currentIndex() + step) % count
        if box.itemText(index).casefold().startswith(wanted):
            box.setCurrentIndex(index)
            return True
    return True  # no item starts with it: nothing changes (as before)


_GUARD: _ComboGuard | None = None


def guard(box: QComboBox) -> QComboBox:
    """Make ``box`` ignore the wheel unless focused, and cycle on repeated letters."""
    global _GUARD
    if _GUARD is None:
        _GUARD = _ComboGuard()
    box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel over it never gives it focus
    box.installEventFilter(_GUARD)
    return box


def refit_to_font() -> int:
    """After the application's font changed (View > Zoom): every drop-down measures its items
    again; returns how many. Qt forgets a box's least width on a font change (it keeps the one
    measured at the first layout: it does so on a style change only), so at 160 % a row of boxes
    short of width squeezed "Permanent" to "Permanen". The event is the style change's own
    reset of both measurements; nothing else of the box changes."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    boxes = [w for w in QApplication.allWidgets() if isinstance(w, QComboBox)]
    for box in boxes:
        QCoreApplication.sendEvent(box, QEvent(QEvent.Type.StyleChange))
    return len(boxes)


def guard_all(root: QWidget) -> int:
    """Guard every combo box under ``root``; returns how many."""
    boxes = root.findChildren(QComboBox)
    for box in boxes:
        guard(box)
    return len(boxes)
