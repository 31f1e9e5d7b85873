"""The letter dialog's button row: what can be done with the letter. Copy the claim remark
(appeals only: the remark is a claim's) and the plain text on the left; Print, Save as PDF
(the default button) and Close on the right. Save as PDF and Print answer Ctrl+S and Ctrl+P
from any field: the buttons sat 16 Tab stops away for a keyboard-only clerk (tour9). Each button
has its Alt letter too (S, P, R, T, C; Attach radiograph… in the dialog has A): a button holds
one shortcut, its letter's, so Ctrl+S and Ctrl+P are actions of the buttons, which click them."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton


class LetterButtons(NamedTuple):
    row: QHBoxLayout
    save: QPushButton
    print: QPushButton
    copy_remark: QPushButton
    copy_text: QPushButton


def letter_buttons(
    *,
    save: Callable[[], object],
    print_: Callable[[], object],
    copy_remark: Callable[[], object],
    copy_text: Callable[[], object],
    close: Callable[[], object],
    appeal: bool,
) -> LetterButtons:
    """The row and its buttons, each calling its slot when clicked."""
    row = QHBoxLayout()
    save_button = _button("saveAppealPdfButton", "&Save as PDF…", save)
    print_button = _button("printAppealButton", "&Print…", print_)
    remark_button = _button("copyRemarkButton", "Copy claim &remark", copy_remark)
    text_button = _button("copyPlainTextButton", "Copy plain &text", copy_text)
    close_button = _button("closeAppealButton", "&Close", close)
    for button in (remark_button, text_button):
        row.addWidget(button)
    remark_button.setVisible(appeal)
    row.addStretch(1)
    for button in (print_button, save_button, close_button):
        row.addWidget(button)
    save_button.setDefault(True)
    for button, key, words in (
        (save_button, QKeySequence.StandardKey.Save, "Save as PDF"),
        (print_button, QKeySequence.StandardKey.Print, "Print"),
    ):
        # an action of the button: its setShortcut took the place of the Alt letter
        action = QAction(words, button)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(button.animateClick)  # as the button's own shortcut did
        button.addAction(action)
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{words} ({shown})")
    return LetterButtons(row, save_button, print_button, remark_button, text_button)


def _button(name: str, text: str, slot: Callable[[], object]) -> QPushButton:
    from cdt_desktop.ui.common.metrics import TARGET_PROPERTY

    button = QPushButton(text)
    button.setObjectName(name)
    # its usual size at the desk; View > Large targets makes it a glove's (it stayed 22 px
    # beside the window's 40: billing walkthrough)
    button.setProperty(TARGET_PROPERTY, True)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.clicked.connect(slot)
    return button
