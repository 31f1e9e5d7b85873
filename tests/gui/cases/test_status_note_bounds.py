"""A long note on a status change never makes the case unsaveable (tour8 finding 4).

Billing marked a claim denied with a note of a few sentences (about 350 characters, what a
phone call with the payer gives). The status dialog took it and stored it; from then on the case
form refused every save, on every PC, with "'status_history' holds a reason over 400 or another
value over 200 characters": a field the form does not show, so the case could never be edited
again. The status change now names the field that is too long and keeps its dialog open, and the
service refuses it too (the command line, a script), so what is stored stays saveable.

Real case store (SQLite), real services, real dialogs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.status_dialog import StatusDialog

TODAY = date(2026, 12, 2)
CALL = "Called payer; rep said resubmit with films. " * 8  # 352 characters


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


def _submitted(store: CaseStore) -> int:
    case = Case(
        patient=Patient(name="Zoë Nguyễn"),
        claim=Claim(number="CLM-1", date_of_service="2026-12-01"),
        procedure=Procedure(code="D3330", tooth="19"),
    )
    case_id = store.create_case(case, operator="AB")
    BillingService(store).advance(case_id, StatusEvent("submitted", "2026-12-01"), operator="AB")
    return case_id


def test_a_long_note_keeps_the_dialog_open_and_the_case_saveable(qtbot, store: CaseStore) -> None:
    case_id = _submitted(store)
    dialog = StatusDialog(store.get_case(case_id).case, "denied", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.reason.setPlainText("RARC N350: missing pre-operative radiograph.")
    dialog.note.setText(CALL)
    dialog.accept()
    assert not dialog.result()
    assert "note" in dialog.problem.text().lower() and "200" in dialog.problem.text()
    dialog.note.setText(CALL[:190])
    dialog.accept()
    assert dialog.result()
    BillingService(store).advance(case_id, dialog.event_value(), operator="BL")

    stored = store.get_case(case_id)
    form = CaseForm(
        CaseService(store), case=stored.case, case_id=case_id, version=stored.version,
        operator_source=lambda: "BL",
    )  # fmt: skip
    qtbot.addWidget(form)
    assert form.problems() == []  # the case can still be edited and saved


@pytest.mark.parametrize(
    "event",
    [
        StatusEvent("denied", "2026-12-02", note=CALL),
        StatusEvent("denied", "2026-12-02", eob_reference="EOB-" + "9" * 300),
        StatusEvent("denied", "2026-12-02", reason="N350 " * 100),
    ],
    ids=["note", "eob-reference", "reason"],
)
def test_the_service_refuses_what_the_case_file_could_not_hold(
    store: CaseStore, event: StatusEvent
) -> None:
    case_id = _submitted(store)
    before = store.get_case(case_id).version
    with pytest.raises((UserFacingError, ValueError), match="at most"):
        BillingService(store).advance(case_id, event, operator="BL")
    assert store.get_case(case_id).version == before
