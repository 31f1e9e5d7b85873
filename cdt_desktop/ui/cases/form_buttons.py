"""The case form's buttons: Save, Cancel and "Keep as incomplete draft", with Enter never
pressing one by accident (it moves to the next field: only a focused button clicks) and Save
answering Ctrl+S (the platform's Save key) or Ctrl+Enter from any field, as in the appeal
dialog, without tabbing through the whole form. Built here, used by ``form.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from cdt_desktop.ui.common.metrics import size_target


class FormButtons(NamedTuple):
    box: QDialogButtonBox
    save: QPushButton
    draft: QPushButton  # "Keep as incomplete draft"


def form_buttons(form: QDialog, *, save_incomplete: Callable[[], object]) -> FormButtons:
    """The button box of ``form``: Save accepts it, Cancel rejects it, the draft button calls
    ``save_incomplete``; the Save shortcuts are the form's own actions."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, form
    )
    buttons.setObjectName("caseFormButtons")
    buttons.accepted.connect(form.accept)
    buttons.rejected.connect(form.reject)
    save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.setObjectName("caseFormSave")
    draft_button = QPushButton("Keep as incomplete draft", form)
    draft_button.setObjectName("caseFormDraft")
    draft_button.setToolTip(
        "Save without a patient name or code; the case list marks it Incomplete"
    )
    draft_button.setAccessibleName("Keep as incomplete draft")
    buttons.addButton(draft_button, QDialogButtonBox.ButtonRole.ActionRole)
    draft_button.clicked.connect(save_incomplete)
    for button in buttons.buttons():
        size_target(button)
        if isinstance(button, QPushButton):  # Enter moves on; only a focused button clicks
            button.setAutoDefault(False)
            button.setDefault(False)
    # Save from any field without tabbing through the whole form: Ctrl+S (the platform's
    # Save key) or Ctrl+Enter, as in the appeal dialog; plain Enter still moves on.
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Save)
    save = QAction("Save", form)
    save.setShortcuts([*keys, QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
    save.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    save.triggered.connect(save_button.click)
    form.addAction(save)
    shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else "Ctrl+S"
    save_button.setToolTip(f"Save the case ({shown} or Ctrl+Enter from any field)")
    return FormButtons(buttons, save_button, draft_button)
