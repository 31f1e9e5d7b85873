"""A visible focus frame on multi-line text fields.

The Fusion style frames a focused one-line field in the highlight colour but draws a focused
QPlainTextEdit exactly as an unfocused one: a keyboard user who tabbed into the denial reason,
the notes or an address saw only a blinking caret, if that (keyboard walkthrough). A style
sheet on each multi-line field (not the application's: a window-wide style sheet costs every
widget at start-up) draws its frame in the palette's colours, so dark colours follow. Loaded
with the dialogs that hold such fields, never at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit

FOCUS_FRAME = (
    "QPlainTextEdit { border: 1px solid palette(mid); border-radius: 2px; padding: 1px; }"
    " QPlainTextEdit:focus { border: 2px solid palette(highlight); padding: 0px; }"
    " QPlainTextEdit:read-only { background: palette(window); }"
)


def show_focus(edit: QPlainTextEdit) -> QPlainTextEdit:
    """``edit`` with a frame in the highlight colour while it has the keyboard."""
    edit.setStyleSheet(FOCUS_FRAME)
    return edit


FIXED_FRAME = (
    " QPlainTextEdit:read-only { border: 2px solid transparent; padding: 0px; }"
    " QPlainTextEdit:read-only:focus { border: 2px solid palette(highlight); }"
)
"""A field shown, not to type in (the case form's fields a role may not change): no frame but
the focus's, on the window's colour, as the one-line ones."""


def shown_fixed(edit: QPlainTextEdit) -> None:
    """``edit`` (read-only) drawn as text shown, not as a box: its frame only while focused."""
    edit.setStyleSheet(FOCUS_FRAME + FIXED_FRAME)
