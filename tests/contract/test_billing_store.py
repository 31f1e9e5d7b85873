"""Billing on every backend: the claim's status history and clinical facts are kept, each
status change is audited, and search folds accents and case ("fernandez" finds "Fernández")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository
from cdt_desktop.domain.cases.status import StatusEvent, advance

FACTS = ClinicalFacts(
    pulpal_diagnosis="previously-treated",
    periapical_diagnosis="symptomatic-apical-periodontitis",
    control_tooth="29",
    cold="no-response",
    cold_control="normal",
    prior_rct_date="2025-01-20",
    prior_rct_provider="Dr. Alan Brooks",
    retreatment_reason="missed distolingual canal",
    canals="MB 21.0; ML 20.5; D 21.5; DL 20.0",
)


def _case(name: str) -> Case:
    return Case(
        patient=Patient(name=name),
        claim=Claim(number="C-1", date_of_service="2026-09-22"),
        procedure=Procedure(code="D3348", tooth="30"),
    )


def test_facts_and_status_history_are_kept_and_each_change_audited(
    repository: CaseRepository,
) -> None:
    case_id = repository.create_case(replace(_case("Helen Castillo"), facts=FACTS), operator="AB")
    stored = repository.get_case(case_id)
    assert stored.case.facts == FACTS and stored.status == "draft"
    history = stored.case.status_history
    for event in (
        StatusEvent("submitted", "2026-09-23", claim_number="C-1"),
        StatusEvent("denied", "2026-10-14", eob_reference="EOB 7", category="frequency"),
        StatusEvent("appealed", "2026-10-20", level="1"),
    ):
        history = advance(history, event)
        current = repository.get_case(case_id)
        repository.update_case(
            case_id,
            replace(current.case, status_history=history),
            operator="BK",
            expected_version=current.version,
        )
    stored = repository.get_case(case_id)
    assert stored.status == "appealed" and stored.case.status_history == history
    assert [s.status for s in repository.list_cases(status="appealed")] == ["appealed"]
    changes = [a.detail for a in repository.audit(case_id) if a.action == "status"]
    assert sorted(changes) == sorted(
        ["draft -> submitted", "submitted -> denied", "denied -> appealed"]
    )
    exported = Case.from_json(repository.export_case(case_id))
    assert exported.status_history == history and exported.facts == FACTS


def test_editing_facts_names_the_fields_in_the_audit(repository: CaseRepository) -> None:
    case_id = repository.create_case(_case("A"), operator="AB")
    repository.update_case(case_id, replace(_case("A"), facts=FACTS), operator="AB")
    edit = [a.detail for a in repository.audit(case_id) if a.action == "edit"][-1]
    assert "facts.prior_rct_date" in edit and "Brooks" not in edit


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fernandez", ["Mateo Fernández"]),
        ("FERNÁNDEZ", ["Mateo Fernández"]),
        ("nguyen", ["Nguyễn Văn An"]),
        ("muller", ["Jürgen Müller"]),
        ("ZOE", ["Zoë Ñúñez"]),
        ("nunez", ["Zoë Ñúñez"]),
    ],
)
def test_search_ignores_accents_and_case(
    repository: CaseRepository, query: str, expected: list[str]
) -> None:
    for name in ("Mateo Fernández", "Nguyễn Văn An", "Jürgen Müller", "Zoë Ñúñez", "Ana Perez"):
        repository.create_case(_case(name), operator="AB")
    assert [s.patient_name for s in repository.list_cases(query)] == expected


def test_a_prior_auth_request_marked_sent_waits_for_the_plan_s_number(
    repository: CaseRepository,
) -> None:
    """On every backend: the sent day is kept, audited by name, exported in the case file, and
    the case is in the Waiting list until the plan's number is on it."""
    from datetime import date

    from cdt_desktop.services.billing import BillingService

    billing = BillingService(repository)
    today = date(2026, 12, 4)
    planned = replace(_case("Ana Souza"), claim=Claim(date_of_service="2026-12-20"))
    waiting = repository.create_case(planned, operator="AB")
    repository.create_case(replace(planned, patient=Patient(name="Not sent")), operator="AB")
    billing.mark_prior_auth_sent(waiting, date(2026, 11, 3), operator="BL", today=today)
    with pytest.raises(ValueError, match="is in the future"):
        billing.mark_prior_auth_sent(waiting, date(2026, 12, 5), operator="BL", today=today)
    stored = repository.get_case(waiting)
    assert stored.case.claim.prior_auth_sent == "2026-11-03" and stored.status == "draft"
    edit = [a for a in repository.audit(waiting) if a.action == "edit"][-1]
    assert (edit.operator, edit.detail) == ("BL", "fields: claim.prior_auth_sent")
    exported = Case.from_json(repository.export_case(waiting))
    assert exported.claim.prior_auth_sent == "2026-11-03"
    listed = billing.waiting(today)
    assert [(s.id, item.days_waiting) for s, item in listed] == [(waiting, 31)]
    answered = replace(stored.case.claim, prior_auth_number="PA-2026-00417")
    repository.update_case(
        waiting,
        replace(stored.case, claim=answered),
        operator="BK",
        expected_version=stored.version,
    )
    assert billing.waiting(today) == []
