"""A not-medically-necessary appeal encloses the chart notes the case records, no more.

The billing walkthrough: a necessity denial of a molar root canal whose case recorded a pulpal
diagnosis and no pulp test listed "Chart notes with the diagnosis and pulp test results" among
the enclosures: the reviewer looks for test results the office never sends. The line now says
what the record holds (the shipped `appeals.toml`, built into `data/cdt.sqlite`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Procedure
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as lib:
        yield lib


def _necessity_case(facts: ClinicalFacts, pulp: str = "") -> Case:
    return Case(
        claim=Claim(
            number="CLM-7",
            date_of_service="2026-11-02",
            denial_reason="CO-50 Not deemed a medical necessity",
        ),
        procedure=Procedure(code="D3330", tooth="19"),
        findings=CaseFindings(root="complete", pulp=pulp),
        facts=facts,
    )


def _chart_lines(library: ReferenceLibrary, case: Case) -> list[str]:
    letter = compose_appeal(
        case, entry=library.get("D3330"), selection=selection_for_findings(case), today=TODAY,
        templates=library.denial_templates(),
    )  # fmt: skip
    assert letter.meta["category"] == "necessity"
    return [line for line in letter.enclosures if line.startswith("Chart notes")]


SITUATIONS = [
    (
        "a diagnosis recorded, no pulp test",
        ClinicalFacts(pulpal_diagnosis="pulp-necrosis"),
        "",
        "Chart notes with the diagnosis",
    ),
    (
        "the diagnosis only on the chart's pulp status",
        ClinicalFacts(),
        "necrosis",
        "Chart notes with the diagnosis",
    ),
    (
        "a diagnosis and a cold test recorded",
        ClinicalFacts(pulpal_diagnosis="pulp-necrosis", cold="no-response"),
        "",
        "Chart notes with the diagnosis and pulp test results",
    ),
    (
        "an electric pulp test recorded, no diagnosis anywhere",
        ClinicalFacts(ept="no-response"),
        "",
        "Chart notes with the pulp test results",
    ),
    ("neither a diagnosis nor a pulp test", ClinicalFacts(), "", "Chart notes"),
]


@pytest.mark.parametrize(
    ("situation", "facts", "pulp", "expected"), SITUATIONS, ids=[s[0] for s in SITUATIONS]
)
def test_the_chart_notes_enclosed_name_only_what_the_case_records(
    library: ReferenceLibrary, situation: str, facts: ClinicalFacts, pulp: str, expected: str
) -> None:
    assert _chart_lines(library, _necessity_case(facts, pulp)) == [expected], situation


def test_a_control_tooth_reading_alone_is_no_pulp_test_result_of_the_tooth(
    library: ReferenceLibrary,
) -> None:
    """The letter states a test of the treated tooth; a control reading alone is none."""
    facts = ClinicalFacts(pulpal_diagnosis="pulp-necrosis", cold_control="normal")
    assert _chart_lines(library, _necessity_case(facts)) == ["Chart notes with the diagnosis"]


def test_the_plain_text_for_attachment_services_lists_the_same_chart_notes(
    library: ReferenceLibrary,
) -> None:
    case = _necessity_case(ClinicalFacts(pulpal_diagnosis="symptomatic-irreversible-pulpitis"))
    letter = compose_appeal(
        case, entry=library.get("D3330"), selection=selection_for_findings(case), today=TODAY,
        templates=library.denial_templates(),
    )  # fmt: skip
    text = plain_text(letter)
    assert "Chart notes with the diagnosis" in text
    assert "pulp test results" not in text
