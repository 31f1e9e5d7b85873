"""Enter moves on through a form's fields as Tab does, and the field it reaches is framed as
after Tab (billing walkthrough: after the claim number, Enter, Enter left "Mark as submitted"
holding the focus with no frame; the next Enter marked the claim)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.status_dialog import StatusDialog


def _looks(button: QPushButton) -> QImage:
    QApplication.processEvents()
    return button.grab().toImage()


def test_the_mark_button_enter_reaches_is_framed_as_after_tab(qtbot) -> None:
    case = Case(
        patient=Patient(name="Zoë Ångström"),
        payer=Payer(name="Delta Dental"),
        claim=Claim(date_of_service="2026-06-01"),
        procedure=Procedure(code="D3348", tooth="30"),
    )
    dialog = StatusDialog(case, "submitted", today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    mark = next(
        b
        for b in dialog.findChildren(QPushButton)
        if b.text().replace("&", "") == "Mark as submitted"
    )
    unfocused = _looks(mark)
    dialog.note.setFocus(Qt.FocusReason.MouseFocusReason)  # the clerk clicked into the note
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is mark and not dialog.result()
    after_enter = _looks(mark)
    dialog.note.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is mark
    after_tab = _looks(mark)
    assert after_tab != unfocused  # the style frames a button Tab reached
    assert after_enter == after_tab


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


def test_the_case_form_notes_a_move_by_enter_as_a_move_by_keyboard(qtbot, store) -> None:
    with ReferenceLibrary() as library:
        form = CaseForm(
            CaseService(store, library),
            case=Case(procedure=Procedure(code="D3330", tooth="19")),
            operator_source=lambda: "AB",
        )
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        name = form.editor("patient", "name")
        name.setFocus(Qt.FocusReason.MouseFocusReason)
        assert not form.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        qtbot.keyClick(name, Qt.Key.Key_Return)
        assert form.focusWidget() is form.editor("patient", "date_of_birth")
        # what styles check before they frame a focused button or checkbox
        assert form.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        form.reject()
