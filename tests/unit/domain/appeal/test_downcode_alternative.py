"""A downcode names the code the payer paid instead ("paid at the D3320 allowance"): the
letter's "why not the alternatives" answers that code first, even where it does not fit the
tooth, as a reviewer reads the EOB. Real reference data and composition."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import WHY_NOT
from cdt_desktop.domain.appeal.record import denial_codes
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"


@pytest.mark.parametrize(
    ("reason", "codes"),
    [
        ("Benefit reduced to alternate procedure; paid at D3320 allowance.", ["D3320"]),
        ("Alternate benefit: D 3310 allowed.", ["D3310"]),
        ("D3330 not payable; D3320 and D3310 considered; D3320 allowed.", ["D3320", "D3310"]),
        ("Post-operative radiograph not received.", []),
        ("Code D33200 is not a code", []),
    ],
)
def test_the_codes_an_eob_names_besides_the_billed_one(reason: str, codes: list[str]) -> None:
    assert denial_codes(reason, "D3330") == codes


def test_a_molar_downcoded_to_the_premolar_code_is_answered_on_that_code() -> None:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    reason = "Benefit reduced to alternate procedure; paid at D3320 allowance."
    case = replace(case, claim=replace(case.claim, denial_reason=reason,
                                       denial_category="downcode"))  # fmt: skip
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        entry = library.get("D3330")
        templates = library.denial_templates()
    letter = compose_appeal(case, entry=entry, selection=selection_for_findings(case),
                            today=date(2026, 10, 20), templates=templates)  # fmt: skip
    why_not = letter.section(WHY_NOT)
    assert why_not is not None
    assert why_not.paragraphs[0].startswith("D3320: ")
    assert "#19 is a permanent molar" in why_not.paragraphs[0]
