"""Sizes every pane shares: touch targets, and the large-target mode and zoom of the View menu.

Why one module: the minimum height of a button, row or box used to be written out in five
places (32 here, 36 there). At the chair a gloved hand needs at least ``TARGET`` px; the large-
target mode (View menu) raises every control that uses these helpers to ``LARGE_TARGET``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QWidget

TARGET = 32
"""No control of the window is shorter than this (touch targets of at least 32 px)."""

LARGE_TARGET = 40
"""Controls and rows in the large-target mode (View -> Large targets)."""

TARGET_PROPERTY = "cdtTarget"
"""Widgets sized by :func:`size_target` carry this dynamic property, so a mode change finds them."""

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6)
"""Font scale factors of View -> Zoom in / Zoom out (Ctrl+Plus / Ctrl+Minus)."""


LARGE_PROPERTY = "cdtLargeTargets"
"""Set on the main window while View -> Large targets is on; its dialogs follow it."""


def follow_window_targets(dialog: QWidget) -> None:
    """A dialog opened from a window in the large-target mode gets the same large targets
    (the case form and the claim-status dialog are used at the chair too, gloves on)."""
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None
    if window is not None and window.property(LARGE_PROPERTY):
        apply_target(dialog, LARGE_TARGET)


def size_target(widget: QWidget, height: int = TARGET) -> QWidget:
    """Give ``widget`` the touch-target minimum height and mark it for the large-target mode."""
    widget.setMinimumHeight(height)
    widget.setProperty(TARGET_PROPERTY, True)
    return widget


def apply_target(root: QWidget, height: int) -> int:
    """Set every marked control (and plain buttons, boxes and fields) under ``root`` to ``height``;
    returns how many were changed. Run when the mode changes, never at start-up."""
    changed = 0
    for widget in root.findChildren(QWidget):
        marked = bool(widget.property(TARGET_PROPERTY))
        plain = isinstance(widget, QAbstractButton | QComboBox | QLineEdit) and not isinstance(
            widget.parent(), QComboBox
        )
        if marked or (plain and widget.minimumHeight() in (TARGET, LARGE_TARGET)):
            widget.setMinimumHeight(height)
            changed += 1
    return changed
