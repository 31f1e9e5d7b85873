"""A text field shown, not to type in: read-only and drawn so in light and dark colours alike.

Why: Fusion draws a read-only QLineEdit or QPlainTextEdit exactly as an editable one (the
palette's Base, a frame), so a field the role may not change, or every field of a case on a
store open read-only, looked like a box to type in and swallowed the typing (walkthroughs; in
dark colours the window's grey and a field's were too close to tell apart). One helper sets it
where a field is made read-only: the field takes the window's colour as its base (a palette
role, no style sheet on the window: ``ui.shell.main_window``), loses its frame but the focus's,
and its grey hint ("YYYY-MM-DD"), which read as a value shown. It still takes the focus: a
screen reader reads it, its text can be selected and copied.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit


def show_read_only(editor: QLineEdit | QPlainTextEdit, why: str = "") -> None:
    """``editor`` read-only and drawn as text shown; ``why`` its tooltip (if given)."""
    editor.setReadOnly(True)
    editor.setPlaceholderText("")  # an empty one shows nothing
    if isinstance(editor, QLineEdit):
        editor.setFrame(False)
    else:  # the long fields' frame is their style sheet's (``focus_frame``)
        from cdt_desktop.ui.common.focus_frame import shown_fixed

        shown_fixed(editor)
    palette = editor.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(
            group, QPalette.ColorRole.Base, palette.color(group, QPalette.ColorRole.Window)
        )
    editor.setPalette(palette)
    if why:
        editor.setToolTip(why)
