"""Clinical facts on the case: typed, optional, and satisfying the checklist items they answer."""

from __future__ import annotations

import pytest

from cdt_desktop.domain.cases.case_json import CaseFileError
from cdt_desktop.domain.cases.facts import (
    ClinicalFacts,
    facts_from_dict,
    parse_canals,
    satisfied_items,
    validate_facts,
)
from cdt_desktop.domain.cases.model import Case


@pytest.mark.parametrize(
    ("situation", "facts", "problem"),
    [
        (
            "necrotic molar, tests with a control",
            {"cold": "no-response", "control_tooth": "18"},
            "",
        ),
        (
            "a diagnosis outside the AAE terms",
            {"pulpal_diagnosis": "dead"},
            "'facts.pulpal_diagnosis' must be one of",
        ),
        ("EPT beyond the scale", {"ept": "95"}, "'facts.ept' must be a reading 0-80"),
        ("EPT no response", {"ept": "No-Response"}, ""),
        (
            "control tooth that does not exist",
            {"control_tooth": "33"},
            "'facts.control_tooth' is not a tooth",
        ),
        (  # hostile-user walk: it said only "is not a tooth in the case's numbering"
            "control tooth typed in FDI on a Universal case",
            {"control_tooth": "36"},
            "'facts.control_tooth' is not a tooth in Universal numbering (1-32, A-T, "
            "supernumerary 51-82 or AS-TS): FDI 36 is Universal #19",
        ),
        (
            "radiograph date typed the US way",
            {"postop_radiograph_date": "10/01/2026"},
            "'facts.postop_radiograph_date' must be a date",
        ),
        ("working length of 210 mm", {"canals": "MB 210"}, "'facts.canals' must list canals"),
        ("a number instead of text", {"note": 5}, "'facts.note' must be text"),
        ("a field from a newer app", {"ferrule": "2 mm"}, "unknown field 'facts.ferrule'"),
    ],
)
def test_facts_validation(situation: str, facts: dict[str, object], problem: str) -> None:
    data = {"procedure": {"code": "D3330", "tooth": "19"}, "facts": facts}
    if not problem:
        Case.from_dict(data)
        return
    with pytest.raises(CaseFileError) as caught:
        Case.from_dict(data)
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize(
    ("text", "canals"),
    [
        (
            "MB 21.0; MB2 20.5; DB 20,5 mm; P 22",
            [("MB", 21.0), ("MB2", 20.5), ("DB", 20.5), ("P", 22.0)],
        ),
        ("mb 21, d 20.5", [("MB", 21.0), ("D", 20.5)]),
        ("MB; DB", [("MB", None), ("DB", None)]),
        ("MB twenty", None),
    ],
)
def test_canals_and_working_lengths_parse(text: str, canals: object) -> None:
    assert parse_canals(text) == canals


@pytest.mark.parametrize(
    ("situation", "facts", "items"),
    [
        ("nothing recorded", ClinicalFacts(), set()),
        (
            "retreatment with the earlier RCT's date, its provider and the reason",
            ClinicalFacts(
                prior_rct_date="2023-05-02",
                prior_rct_provider="Dr. Brooks",
                retreatment_reason="missed canal",
            ),
            {"previous-rct-date", "retreatment-reason"},
        ),
        (  # the item asks for both: payers ask who did the first root canal (billing walkthrough)
            "the earlier RCT's date without its provider",
            ClinicalFacts(prior_rct_date="2019"),
            set(),
        ),
        ("tests without a control tooth do not count", ClinicalFacts(cold="no-response"), set()),
        (
            "tests with a control tooth",
            ClinicalFacts(cold="no-response", control_tooth="18", cold_control="normal"),
            {"pulp-tests-recorded"},
        ),
        (  # the control tooth's number alone compares nothing (billing month-end walk)
            "a control tooth with no control result does not count",
            ClinicalFacts(cold="no-response", control_tooth="18"),
            set(),
        ),
        (
            "a control result for another test than the tooth's does not count",
            ClinicalFacts(cold="no-response", control_tooth="18", ept_control="30"),
            set(),
        ),
        ("canals without lengths", ClinicalFacts(canals="MB; DB"), set()),
        ("canals with lengths", ClinicalFacts(canals="MB 21; DB 20"), {"working-length-recorded"}),
        (
            "dated films and diagnoses",
            ClinicalFacts(
                preop_radiograph_date="2026-09-01",
                postop_radiograph_date="2026-09-15",
                pulpal_diagnosis="pulp-necrosis",
                periapical_diagnosis="chronic-apical-abscess",
            ),
            {"preop-radiograph", "postop-radiograph", "pulp-diagnosis", "periapical-diagnosis"},
        ),
    ],
)
def test_facts_satisfy_the_checklist_items_that_ask_for_them(
    situation: str, facts: ClinicalFacts, items: set[str]
) -> None:
    assert satisfied_items(facts) == items, situation


def test_old_case_file_without_facts_or_history_still_reads() -> None:
    case = Case.from_dict({"procedure": {"code": "D3330"}})
    assert case.facts.is_empty() and case.status_history == () and case.status == "draft"


@pytest.mark.parametrize(
    ("situation", "data", "problem"),
    [
        (
            "a 10 KB note pasted into a fact",
            {"facts": {"canals": "M" * 201}},
            "'facts.canals' holds at most 200",
        ),
        ("a long free note is fine up to 2,000", {"facts": {"note": "x" * 2000}}, ""),
        (
            "a status history of 21 changes",
            {"status_history": [{"status": "submitted", "date": "2026-01-01"}] * 21},
            "'status_history' holds at most 20",
        ),
    ],
)
def test_facts_and_history_are_bounded(
    situation: str, data: dict[str, object], problem: str
) -> None:
    from cdt_desktop.domain.cases.model import validate_case_dict

    found = [str(p) for p in validate_case_dict(data)]
    if problem:
        assert any(p.startswith(problem) for p in found), (situation, found)
    else:
        assert found == [], situation


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("no-response", "no-response"),
        ("no response", "no-response"),  # as a chart note writes it (billing walkthrough)
        ("No  Response ", "no-response"),
        ("NR", "no-response"),
        ("42", "42"),
    ],
)
def test_an_ept_without_response_is_read_however_it_is_spelled(typed: str, stored: str) -> None:
    assert validate_facts({"ept": typed, "ept_control": typed}) == []
    facts = facts_from_dict({"ept": typed, "ept_control": typed})
    assert (facts.ept, facts.ept_control) == (stored, stored)


@pytest.mark.parametrize("typed", ["nope", "81", "no responsive", "-1"])
def test_an_ept_that_is_no_reading_is_refused_with_the_accepted_forms(typed: str) -> None:
    assert validate_facts({"ept": typed}) == [
        ("facts", "ept", "must be a reading 0-80, or no response (NR)")
    ]
