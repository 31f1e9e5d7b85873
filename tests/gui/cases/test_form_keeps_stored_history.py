"""A case whose stored status history breaks today's limits can still be edited and saved.

tour8 finding 4: an earlier version stored a status note of about 350 characters (the limit is
200). The form re-checked the whole case on every save, history included, and refused with
"'status_history' holds a reason over 400 or another value over 200 characters": a field the
form does not show, so the case (claim data, payer address) could never be saved again on any
PC. What the form keeps without an editor is kept as stored; what it edits is checked as
before. Real case store (SQLite), real service, real form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm

CALL = "Called payer; rep said resubmit with films. " * 8  # 352 characters: over the 200


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


def _stored_by_an_earlier_version(store: CaseStore) -> int:
    case = Case(
        patient=Patient(name="Zoë Nguyễn"),
        claim=Claim(number="CLM-1", date_of_service="2026-12-01"),
        procedure=Procedure(code="D3330", tooth="19"),
        status_history=(
            StatusEvent("submitted", "2026-12-01"),
            StatusEvent("denied", "2026-12-02", note=CALL),
        ),
    )
    return store.create_case(case, operator="AB")  # the store takes it, as it did then


def _form(qtbot, store: CaseStore, case_id: int) -> CaseForm:
    stored = store.get_case(case_id)
    form = CaseForm(
        CaseService(store), case=stored.case, case_id=case_id, version=stored.version,
        operator_source=lambda: "BL",
    )  # fmt: skip
    qtbot.addWidget(form)
    return form


def test_billing_saves_a_case_whose_stored_note_is_over_today_s_limit(qtbot, store) -> None:
    case_id = _stored_by_an_earlier_version(store)
    history = store.get_case(case_id).case.status_history
    assert len(history[-1].note) > 200
    form = _form(qtbot, store, case_id)
    form.editor("claim", "number").setText("CLM-2")
    assert form.problems() == []
    form.accept()
    assert form.saved_case_id == case_id
    saved = store.get_case(case_id).case
    assert saved.claim.number == "CLM-2"
    assert saved.status_history == history  # kept whole, not cut or dropped
    assert saved.status == "denied"


def test_what_the_form_edits_is_still_checked_on_such_a_case(qtbot, store) -> None:
    case_id = _stored_by_an_earlier_version(store)
    form = _form(qtbot, store, case_id)
    form.editor("provider", "npi").setText("12345")
    assert [(p.section, p.field) for p in form.problems()] == [("provider", "npi")]
