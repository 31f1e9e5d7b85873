"""A checklist tick that says what a film shows is a finding, not a document in the envelope.

The walkthrough: a regeneration case (D3355, #30) with "Radiograph shows the open, immature
apex" ticked and no image attached listed that sentence under Enclosures, in the letter and in
its Enclosures field: a reviewer looks for a document by that name, and the user guide says a
ticked film with no image is not listed as enclosed. The record documents it instead; the
shipped library's entries (``data/cdt.sqlite``) are used, as a practice has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.appeal.remark import claim_remark
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Procedure
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

TODAY = date(2026, 12, 6)


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as lib:
        yield lib


def _case(code: str, ticked: dict[str, bool]) -> Case:
    return Case(
        claim=Claim(number="CLM-30", date_of_service="2026-11-20", denial_reason="Not covered."),
        procedure=Procedure(code=code, tooth="30"),
        findings=CaseFindings(
            root="immature", pulp="necrosis", goal="regeneration", visit="initial"
        ),
        checklist=ticked,
    )


@pytest.mark.parametrize(
    ("situation", "code", "item", "finding"),
    [
        (
            "regeneration, open apex seen on the film",
            "D3355",
            "apex-open-on-radiograph",
            "documents: a radiograph showing the open, immature apex",
        ),
        (
            "apexification, open apex seen on the film",
            "D3351",
            "apex-open-on-radiograph",
            "documents: a radiograph showing the open, immature apex",
        ),
    ],
)
def test_a_ticked_film_finding_is_documented_not_enclosed(
    library: ReferenceLibrary, situation: str, code: str, item: str, finding: str
) -> None:
    entry = library.get(code)
    assert entry is not None and item in {i.id for i in entry.checklist}, situation
    case = _case(code, {item: True})
    letter = compose_appeal(case, entry=entry, selection=selection_for_findings(case), today=TODAY)
    assert not any("shows the open" in line for line in letter.enclosures), situation
    assert finding in plain_text(letter, limit=100_000), situation
    assert "attached" not in claim_remark(case, entry=entry)  # nothing goes with it


def test_the_ticked_pre_op_film_still_counts_as_a_document(library: ReferenceLibrary) -> None:
    entry = library.get("D3351")
    case = _case("D3351", {"preop-radiograph": True, "apex-open-on-radiograph": True})
    assert claim_remark(case, entry=entry).endswith("pre-op x-ray on file")


def test_a_film_finding_ticked_under_another_code_is_no_enclosure_after_a_re_code(
    library: ReferenceLibrary,
) -> None:
    """Hostile-user walkthrough: D3330 on #14 (closed apex), changed to D3351, "Radiograph shows
    the open, immature apex" ticked, Ctrl+Z back to D3330: the letter listed "Apex open on
    radiograph" under Enclosures beside "closed apex". The store keeps the tick; the letter and
    the remark of D3330 claim nothing of it (its checklist hides it)."""
    entry = library.get("D3330")
    case = _case("D3330", {"apex-open-on-radiograph": True, "preop-radiograph": True})
    letter = compose_appeal(case, entry=entry, selection=selection_for_findings(case), today=TODAY)
    assert not any("apex" in line.lower() for line in letter.enclosures), letter.enclosures
    assert "apex open" not in plain_text(letter, limit=100_000).lower()
    assert claim_remark(case, entry=entry).endswith("pre-op x-ray on file")


def test_a_successor_the_findings_state_is_not_documented_again(library: ReferenceLibrary) -> None:
    """Walkthrough: "permanent successor: present" in the findings, then "The clinical record
    also documents: presence or absence of the permanent successor, with the radiograph", which
    read as if the office did not know."""
    entry = library.get("D3240")
    assert entry is not None and "successor-status" in {i.id for i in entry.checklist}
    case = Case(
        claim=Claim(number="CLM-K", date_of_service="2026-11-20", denial_reason="Not covered."),
        procedure=Procedure(code="D3240", tooth="K"),
        findings=CaseFindings(pulp="necrosis", successor="yes"),
        checklist={"successor-status": True},
    )
    letter = compose_appeal(case, entry=entry, selection=selection_for_findings(case), today=TODAY)
    text = plain_text(letter, limit=100_000)
    assert "permanent successor: present" in text
    assert "presence or absence" not in text


def test_the_series_consent_is_enclosed_as_a_document(library: ReferenceLibrary) -> None:
    """Walkthrough: the request listed "Consent covers several visits, medicaments/antibiotics,
    possible crown discoloration, possible non-response, and the alternatives" as an
    enclosure: a checklist line, cut short, not a document a reviewer can find."""
    entry = library.get("D3355")
    case = _case("D3355", {"regeneration-consent-multivisit": True})
    letter = compose_appeal(case, entry=entry, selection=selection_for_findings(case), today=TODAY)
    consent = [line for line in letter.enclosures if "consent" in line.lower()]
    assert consent == ["Signed consent for the regeneration series"]
