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
