"""A status marked by mistake is taken back on both backends: the claim returns to the status
before it, the audit trail keeps the change and its taking back (who, when, which change), and
a clerk who saw the case before another workstation changed it takes nothing back."""

from __future__ import annotations

import pytest

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository, StoreConflictError
from cdt_desktop.domain.cases.status import StatusError, StatusEvent
from cdt_desktop.services.billing import BillingService


def _sent_and_denied(repository: CaseRepository, billing: BillingService) -> int:
    case = Case(
        patient=Patient(name="Helen Castillo"),
        claim=Claim(date_of_service="2026-09-22"),
        procedure=Procedure(code="D3330", tooth="19"),
    )
    case_id = repository.create_case(case, operator="DR")
    billing.advance(case_id, StatusEvent("submitted", "2026-09-23", claim_number="C-9"),
                    operator="BK")  # fmt: skip
    billing.advance(case_id, StatusEvent("denied", "2026-10-14", reason="N435"), operator="BK")
    return case_id


def test_denied_marked_by_mistake_goes_back_to_submitted_and_both_are_audited(
    repository: CaseRepository,
) -> None:
    billing = BillingService(repository)
    case_id = _sent_and_denied(repository, billing)
    billing.take_back(case_id, operator="CM")
    stored = repository.get_case(case_id)
    assert stored.status == "submitted"
    assert [e.status for e in stored.case.status_history] == ["submitted"]
    assert stored.case.claim.number == "C-9"  # what the clerk typed for this claim stays
    audit = [(a.action, a.operator, a.detail) for a in repository.audit(case_id)]
    assert ("status", "CM", "denied -> submitted") in audit
    assert ("status-undo", "CM", "denied 2026-10-14") in audit
    assert ("status", "BK", "submitted -> denied") in audit  # the mistake is not erased
    billing.advance(case_id, StatusEvent("paid", "2026-10-20", amount="980.00"), operator="CM")
    assert repository.get_case(case_id).status == "paid"


def test_a_change_made_elsewhere_since_the_clerk_looked_is_not_taken_back(
    repository: CaseRepository,
) -> None:
    billing = BillingService(repository)
    case_id = _sent_and_denied(repository, billing)
    seen = repository.get_case(case_id).version
    billing.advance(case_id, StatusEvent("appealed", "2026-10-20", level="1"), operator="DR")
    with pytest.raises(StoreConflictError):
        billing.take_back(case_id, operator="CM", expected_version=seen)
    assert repository.get_case(case_id).status == "appealed"


def test_a_draft_has_no_change_to_take_back(repository: CaseRepository) -> None:
    billing = BillingService(repository)
    case_id = repository.create_case(Case(patient=Patient(name="A")), operator="DR")
    with pytest.raises(StatusError):
        billing.take_back(case_id, operator="CM")
    assert [a.action for a in repository.audit(case_id)] == ["create"]


def test_a_payment_taken_back_keeps_its_amount_and_eob_in_the_audit_trail(
    repository: CaseRepository,
) -> None:
    """Office manager walkthrough: Take back "Paid on Dec 1, 2026" erased $980.00 and EOB 10455
    for good: the audit row said only "paid 2026-12-01", and the next Mark as paid opened
    empty. The taken-back change's figures stay in the audit trail (never the reason's text)."""
    billing = BillingService(repository)
    case_id = _sent_and_denied(repository, billing)
    billing.advance(case_id, StatusEvent("paid", "2026-12-01", amount="980.00",
                                         eob_reference="10455"), operator="BK")  # fmt: skip
    billing.take_back(case_id, operator="CM")
    undo = [a.detail for a in repository.audit(case_id) if a.action == "status-undo"]
    assert undo == ["paid 2026-12-01 (amount 980.00, EOB 10455)"]


def test_the_only_change_taken_back_makes_the_claim_a_draft_to_send_again(
    repository: CaseRepository,
) -> None:
    """Re-walk: "Mark as submitted" on a draft, then "Take back" at once (the wrong patient's
    row): the status bar said "Draft again", the row and the store kept "Submitted", and the
    claim, never sent, was in no To submit list."""
    from datetime import date

    billing = BillingService(repository)
    case_id = repository.create_case(
        Case(patient=Patient(name="Ben Film"), claim=Claim(date_of_service="2026-09-22"),
             procedure=Procedure(code="D3330", tooth="19")),
        operator="DR",
    )  # fmt: skip
    billing.advance(case_id, StatusEvent("submitted", "2026-09-23", claim_number="C-1"),
                    operator="BK")  # fmt: skip
    billing.take_back(case_id, operator="BK")

    stored = repository.get_case(case_id)
    assert stored.status == "draft" and stored.case.status_history == ()
    assert [s.status for s in repository.list_cases("Ben")] == ["draft"]
    listed = billing.to_submit(lambda _code: None, date(2026, 12, 6))
    assert [s.id for s, _item in listed] == [case_id]
    audit = [(a.action, a.detail) for a in repository.audit(case_id)]
    assert ("status", "submitted -> draft") in audit
