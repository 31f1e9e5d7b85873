"""The letters' check of a surgical code split by tooth type against the case's tooth.

Coding review: a case coded D3421 (apicoectomy, premolar) on #19 went through `narrative
--check` with only "The recorded findings point to D3330, not D3421": the wrong alternative for
an apicoectomy (the selector judges the non-surgical codes only), and no word of the tooth.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.check import export_check, prior_auth_check
from cdt_desktop.domain.cases.model import Case, Procedure
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

TODAY = date(2026, 10, 20)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"


def _case(code: str, tooth: str, pulp: str = "necrosis") -> Case:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    return replace(
        case,
        procedure=Procedure(code=code, tooth=tooth),
        findings=replace(case.findings, pulp=pulp),
    )


def _items(case: Case, *, prior_auth: bool = False) -> tuple[list[str], list[str]]:
    selection = selection_for_findings(case)
    if prior_auth:
        items = prior_auth_check(case, entry=None, selection=selection, today=TODAY)
    else:
        items = export_check(case, entry=None, selection=selection, today=TODAY)
    return [i.text for i in items if i.blocking], [i.text for i in items if not i.blocking]


# (situation, code, tooth, pulp, the problem's words; None: no tooth problem)
SITUATIONS = [
    ("apicoectomy of a molar coded as premolar", "D3421", "19", "necrosis",
     "The code does not fit the tooth: D3421 is for permanent premolars; #19 is a permanent"
     " molar: apicoectomy of a molar is D3425."),
    ("apicoectomy of a retreated molar coded as premolar", "D3421", "19", "previously-treated",
     "apicoectomy of a molar is D3425"),
    ("apicoectomy of an incisor coded as molar", "D3425", "8", "previously-treated",
     "apicoectomy of an anterior tooth is D3410"),
    ("resorption repair of a molar coded as anterior", "D3471", "30", "necrosis",
     "surgical repair of root resorption of a molar is D3473"),
    ("root exposure of a premolar coded as molar", "D3503", "12", "previously-treated",
     "surgical exposure of the root surface of a premolar is D3502"),
    ("no pulp recorded: the tooth is checked all the same", "D3421", "19", "",
     "apicoectomy of a molar is D3425"),
    ("apicoectomy of a molar coded right", "D3425", "19", "previously-treated", None),
    ("apicoectomy of a molar coded right, necrotic pulp", "D3425", "19", "necrosis", None),
]  # fmt: skip


@pytest.mark.parametrize(("situation", "code", "tooth", "pulp", "words"), SITUATIONS)
@pytest.mark.parametrize("prior_auth", [False, True], ids=["appeal", "prior-auth"])
def test_a_surgical_code_is_checked_against_the_tooth(
    situation: str, code: str, tooth: str, pulp: str, words: str | None, prior_auth: bool
) -> None:
    problems, _notes = _items(_case(code, tooth, pulp), prior_auth=prior_auth)
    tooth_problems = [p for p in problems if "does not fit the tooth" in p]
    if words is None:
        assert tooth_problems == [], situation
    else:
        assert len(tooth_problems) == 1 and words in tooth_problems[0], (situation, problems)
    # the selector's root canal or retreatment is not another apicoectomy's alternative
    assert not [p for p in problems if "point to" in p], (situation, problems)


def test_a_surgical_code_on_a_primary_tooth_of_its_type_is_a_note_to_verify() -> None:
    case = _case("D3425", "K", "necrosis")
    case = replace(case, findings=replace(case.findings, successor="no"))
    problems, notes = _items(case)
    assert not [p for p in problems if "D3425" in p], problems
    assert any("whether a primary tooth takes D3425 is not confirmed" in n for n in notes), notes


def test_a_root_canal_code_is_still_checked_against_the_findings() -> None:
    """Unchanged for the selector's own codes: D3320 on #19 contradicts the findings."""
    problems, _notes = _items(_case("D3320", "19"))
    assert any(p.startswith("The recorded findings contradict D3320") for p in problems)
