"""A ticked clinical item, quoted by the letter, claims no more than the tick records.

The walkthrough read the shipped library's items as an insurer's reviewer: a tick on "Pulp
tests ... recorded" with no result typed became "The clinical record also documents: pulp tests
(cold, EPT, percussion, palpation) and their results": four tests the dentist may not have done.
A pulpotomy's "Pulp vital at treatment and bleeding controlled; method recorded" became "...
bleeding controlled; method;" once "recorded" was dropped. The examples and the staff's own
notes stay in the checklist, not in the letter (``data/cdt.sqlite``, as a practice has it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Procedure
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as lib:
        yield lib


SITUATIONS = [
    ("molar root canal, pulp tests ticked, no result typed", "D3330", "19",
     CaseFindings(root="complete", pulp="necrosis"), "pulp-tests-recorded",
     "pulp tests and their results, with a control tooth", ("percussion", "EPT", "(")),
    ("primary molar pulpotomy, vital pulp and bleeding control ticked", "D3220", "K",
     CaseFindings(pulp="irreversible-pulpitis", goal="pulpotomy", successor="yes"),
     "vital-bleeding-controlled",
     "pulp vital at treatment and bleeding controlled.", ("method", ";")),
    ("apexification first visit, medicament ticked (walkthrough: 'and where,: in the canal')",
     "D3351", "9", CaseFindings(root="immature", pulp="necrosis", goal="apexification",
                                 visit="initial"),
     "medicament-recorded", "medicament or material placed, and where it was placed",
     (",:", "e.g.", "calcium")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("situation", "code", "tooth", "findings", "item", "quoted", "never"), SITUATIONS
)
def test_a_ticked_item_is_quoted_without_the_checklist_s_examples_or_notes(
    library: ReferenceLibrary,
    situation: str,
    code: str,
    tooth: str,
    findings: CaseFindings,
    item: str,
    quoted: str,
    never: tuple[str, ...],
) -> None:
    case = Case(
        claim=Claim(number="CLM-1", date_of_service="2026-11-20", denial_reason="Not covered."),
        procedure=Procedure(code=code, tooth=tooth),
        findings=findings,
        checklist={item: True},
    )
    letter = compose_appeal(
        case, entry=library.get(code), selection=selection_for_findings(case),
        today=date(2026, 12, 6),
    )  # fmt: skip
    line = next(p for p in plain_text(letter, limit=100_000).splitlines() if "also documents" in p)
    said = line.split("also documents: ", 1)[1]
    assert quoted in said, situation
    assert not any(word in said for word in never), (situation, said)


def test_no_code_s_ticked_items_read_as_broken_punctuation_in_a_letter(
    library: ReferenceLibrary,
) -> None:
    """Every code's clinical items, all ticked, quoted in one letter: no ",:" or ", ." left
    where the staff's examples and "recorded" were taken out."""
    import re

    broken = re.compile(r",\s*[:;.,]|\s[,;:.]|\(\s*\)")
    for hit in library.search("D3", limit=500):
        entry = library.get(hit.code)
        if entry is None or not entry.checklist:
            continue
        case = Case(
            claim=Claim(number="CLM-1", date_of_service="2026-11-20", denial_reason="No."),
            procedure=Procedure(code=entry.code, tooth="19"),
            checklist={item.id: True for item in entry.checklist},
        )
        letter = compose_appeal(case, entry=entry, selection=None, today=date(2026, 12, 6))
        lines = [p for p in plain_text(letter, limit=100_000).splitlines() if "also documents" in p]
        for line in lines:
            assert not broken.search(line), (entry.code, line)
