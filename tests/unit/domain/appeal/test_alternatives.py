"""Why not the alternatives: only codes that could be billed on the treated tooth are argued."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.alternatives import reviewer_substitutes
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import WHY_NOT
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.teeth import tooth
from tests.helpers import FIXTURES


@pytest.mark.parametrize(
    ("situation", "code", "universal", "argued", "never"),
    [
        ("root canal, permanent molar", "D3330", "19", {"D3348", "D3221"}, {"D3240"}),
        ("root canal, permanent incisor", "D3310", "8", {"D3346", "D3221"}, {"D3230"}),
        ("root canal, premolar", "D3320", "5", {"D3347", "D3221"}, set()),
        ("root canal, retained primary molar", "D3330", "K", {"D3240", "D3348"}, set()),
        ("root canal, retained primary incisor", "D3310", "E", {"D3230", "D3346"}, set()),
        ("pulpotomy, permanent molar", "D3220", "30", {"D3221", "D3222"}, {"D3230", "D3240"}),
        ("pulpotomy, primary molar", "D3220", "L", {"D3221", "D3240"}, {"D3222", "D3230"}),
        ("pulpotomy, primary incisor", "D3220", "F", {"D3230"}, {"D3222", "D3240"}),
        ("pulpectomy, primary molar", "D3240", "T", {"D3330", "D3220"}, set()),
        ("tooth not recorded", "D3330", "", {"D3348", "D3240", "D3221"}, set()),
    ],
)
def test_substitutes_fit_the_treated_tooth(
    situation: str, code: str, universal: str, argued: set[str], never: set[str]
) -> None:
    codes = set(reviewer_substitutes(code, None, tooth(universal) if universal else None))
    assert argued <= codes, situation
    assert not codes & never, situation


def _library_letter(code: str, universal: str):  # type: ignore[no-untyped-def]
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    data["procedure"].update(code=code, tooth=universal)
    case = Case.from_dict(data)
    with ReferenceLibrary() as library:
        entry = library.get(code)
    return compose_appeal(
        case, entry=entry, selection=selection_for_findings(case), today=date(2026, 11, 23)
    )


@pytest.mark.parametrize(
    ("situation", "code", "universal"),
    [
        ("permanent molar", "D3330", "19"),
        ("permanent incisor", "D3310", "8"),
        ("premolar", "D3320", "20"),
    ],
)
def test_letter_for_a_permanent_tooth_argues_no_primary_tooth_rule(
    situation: str, code: str, universal: str
) -> None:
    why_not = _library_letter(code, universal).section(WHY_NOT)
    lines = why_not.paragraphs if why_not else ()
    assert lines, situation
    for line in lines:
        assert "primary" not in line.lower(), (situation, line)
        assert "successor" not in line.lower(), (situation, line)
        # each alternative is a sentence: it starts with its code and ends with a full stop
        head, _, body = line.partition(": ")
        assert head.startswith("D3") and body[:1].isupper() and line.endswith("."), line


def test_retained_primary_molar_letter_still_answers_d3240() -> None:
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    data["procedure"].update(tooth="K")
    data["findings"].update(successor="no")
    case = Case.from_dict(data)
    with ReferenceLibrary() as library:
        entry = library.get("D3330")
    letter = compose_appeal(
        case, entry=entry, selection=selection_for_findings(case), today=date(2026, 11, 23)
    )
    why_not = letter.section(WHY_NOT)
    assert why_not is not None
    assert why_not.paragraphs[0].startswith("D3240:")
