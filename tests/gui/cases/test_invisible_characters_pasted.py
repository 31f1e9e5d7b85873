"""Invisible characters pasted into the case form and the status dialog are not kept
(walkthroughs on a shared store: a zero-width space in a claim number went to the store, the
letter's plain text and the payer's portal; one in a pasted denial reason stayed in the
claim's status history). Typed per character, as a paste or an input method delivers it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.status_dialog import StatusDialog


def type_text(widget: QWidget, text: str) -> None:
    """One QKeyEvent per character (qtbot.keyClicks aborts on many non-ASCII characters)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def test_a_zero_width_space_typed_in_the_case_form_is_not_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with CaseStore.open(tmp_path) as store:
        case_id = store.create_case(
            Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
        stored = store.get_case(case_id)
        form = CaseForm(CaseService(store), case=stored.case, case_id=case_id,
                        version=stored.version, operator_source=lambda: "BK")  # fmt: skip
        qtbot.addWidget(form)
        number = form.editor("claim", "number")
        name = form.editor("patient", "name")
        assert isinstance(number, QLineEdit) and isinstance(name, QLineEdit)
        type_text(number, "CLM\u200b-77\ufeff")
        name.end(False)
        type_text(name, "\u2060 Jr")
        form.accept()
        assert form.saved_case_id == case_id
        saved = store.get_case(case_id).case
        assert saved.claim.number == "CLM-77"
        assert saved.patient.name == "Ana Souza Jr"


def test_a_zero_width_space_in_a_pasted_denial_reason_is_not_kept_in_the_history(
    qtbot: QtBot,
) -> None:
    case = Case(
        patient=Patient(name="Ana Souza"),
        procedure=Procedure(code="D3330", tooth="19"),
        claim=Claim(number="CLM-77", date_of_service="2026-11-02"),
    )
    dialog = StatusDialog(case, "denied", today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.reason.setPlainText("No post-op\u200b film\u2060 received.")
    event = dialog.event_value()
    assert event.reason == "No post-op film received."
