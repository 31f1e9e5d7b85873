"""A visible focus frame on multi-line text fields, and on the field Enter moves on to.

The Fusion style frames a focused one-line field in the highlight colour but draws a focused
QPlainTextEdit exactly as an unfocused one: a keyboard user who tabbed into the denial reason,
the notes or an address saw only a blinking caret, if that (keyboard walkthrough). A style
sheet on each multi-line field (not the application's: a window-wide style sheet costs every
widget at start-up) draws its frame in the palette's colours, so dark colours follow. Loaded
with the dialogs that hold such fields, never at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit, QWidget

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


def move_on(form: QWidget) -> None:
    """Enter in a form's field (the case form, the claim status dialog): the focus goes on to
    the next field with the frame a Tab move shows.

    Qt notes a move "by keyboard" for the Tab key only (a move to the next field in code
    clears the note), and styles frame a focused button or checkbox only after such a move:
    after Enter had moved on to "Mark as denied", the button held the focus unframed, and the
    clerk's next Enter pressed a button nothing showed. The focus ring (``focus_ring``) is
    told too: Qt saw no keyboard move."""
    form.focusNextChild()
    form.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    focused = form.focusWidget()
    if focused is not None:
        focused.update()  # drawn with its frame
    from cdt_desktop.ui.common.focus_ring import keyboard_moved

    keyboard_moved()
