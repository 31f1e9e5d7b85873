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


def _form_of_a_new_case(qtbot: QtBot, store: CaseStore) -> tuple[int, CaseForm]:
    """Ana Souza's D3330 #19, saved, and its Edit case form (BK at the desk)."""
    case_id = store.create_case(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    stored = store.get_case(case_id)
    form = CaseForm(CaseService(store), case=stored.case, case_id=case_id,
                    version=stored.version, operator_source=lambda: "BK")  # fmt: skip
    qtbot.addWidget(form)
    return case_id, form


def test_a_zero_width_space_typed_in_the_case_form_is_not_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with CaseStore.open(tmp_path) as store:
        case_id, form = _form_of_a_new_case(qtbot, store)
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


def test_an_emoji_typed_in_the_claim_number_is_refused_beside_it_and_the_typing_kept(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Walkthrough 43: "CLM-1234 🦷" was saved, printed on the letter and sent as the claim."""
    with CaseStore.open(tmp_path) as store:
        case_id, form = _form_of_a_new_case(qtbot, store)
        number = form.editor("claim", "number")
        assert isinstance(number, QLineEdit)
        type_text(number, "CLM-1234 \U0001f9b7")
        form.accept()
        assert form.saved_case_id is None
        assert "U+1F9B7" in form.error_text("claim", "number")
        assert number.text() == "CLM-1234 \U0001f9b7"
        assert store.get_case(case_id).case.claim.number == ""


def test_an_emoji_in_the_submitted_claim_number_keeps_the_status_dialog_open() -> None:
    from cdt_desktop.domain.cases.status import StatusEvent, event_bounds

    problems = event_bounds(StatusEvent("submitted", "2026-11-02", claim_number="C-1 \u2714"))
    assert problems and "claim number" in problems[0] and "U+2714" in problems[0]
    assert event_bounds(StatusEvent("denied", "2026-11-02", eob_reference="EOB 7")) == []


def test_a_case_file_from_an_earlier_version_with_a_symbol_in_a_number_still_imports(
    tmp_path: Path,
) -> None:
    """What a store holds is kept: its file imports (another PC, `store migrate`)."""
    case = Case(
        patient=Patient(name="Ana Souza"),
        procedure=Procedure(code="D3330", tooth="19"),
        claim=Claim(number="CLM-1234 \U0001f9b7"),
    )
    with CaseStore.open(tmp_path) as store:
        case_id = store.import_case(case.to_json(), operator="AB")
        assert store.get_case(case_id).case.claim.number == "CLM-1234 \U0001f9b7"


def test_a_pasted_right_to_left_override_is_named_with_what_would_be_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Two-PC walk: "Tooth ‮91#‬" pasted into Clinical notes showed as "Tooth #19" and was
    saved, without a word, as "Tooth 91#" once the marks were removed."""
    from PySide6.QtWidgets import QPlainTextEdit

    with CaseStore.open(tmp_path) as store:
        case_id, form = _form_of_a_new_case(qtbot, store)
        notes = form.editor("findings", "notes")
        assert isinstance(notes, QPlainTextEdit)
        notes.setFocus()
        type_text(notes, "Tooth \u202e91#\u202c")
        form.accept()
        assert form.saved_case_id is None  # nothing saved in another order than it showed
        said = form.error_text("findings", "notes")
        assert "U+202E, U+202C" in said and '"Tooth 91#"' in said
        assert store.get_case(case_id).case.findings.notes == ""
        notes.setPlainText("Tooth #19")  # typed again
        form.accept()
        assert form.saved_case_id == case_id
        assert store.get_case(case_id).case.findings.notes == "Tooth #19"
