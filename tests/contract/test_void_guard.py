"""A voided case takes nothing more, refused by the store itself on both backends: a claim
event, an edit or a denial reason saved from a window (or a script) not yet told of the void.
Ticks and films are in test_case_repository.py and test_radiographs.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository, CaseVoidedError
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService


def _voided(repository: CaseRepository) -> int:
    case = Case(
        patient=Patient(name="Ann Duplicate"),
        claim=Claim(number="CLM-1", date_of_service="2026-11-02"),
        procedure=Procedure(code="D3330", tooth="19"),
    )
    case_id = repository.create_case(case, operator="AB")
    repository.set_status(case_id, "void", operator="FD")
    return case_id


def test_billing_marks_a_voided_duplicate_as_submitted_and_nothing_is_written(
    repository: CaseRepository,
) -> None:
    """The front desk voided a duplicate; billing, at a desk not yet told, marks it submitted.
    The event went into the voided case's claim history (status stayed void, an "edit" audit
    row): the duplicate then read as a claim sent."""
    case_id = _voided(repository)
    before, trail = repository.get_case(case_id), len(repository.audit(case_id))
    event = StatusEvent(status="submitted", date=date(2026, 11, 3).isoformat(), claim_number="C1")
    with pytest.raises(CaseVoidedError, match=f"Case {case_id} was voided"):
        BillingService(repository).advance(case_id, event, operator="BL")
    with pytest.raises(CaseVoidedError):  # an edit by a script (no service in between)
        renamed = replace(before.case, patient=Patient(name="Ann Other"))
        repository.update_case(case_id, renamed, operator="BL", expected_version=before.version)
    after = repository.get_case(case_id)
    assert after.case == before.case and after.status == "void"
    assert after.updated_at == before.updated_at and len(repository.audit(case_id)) == trail
