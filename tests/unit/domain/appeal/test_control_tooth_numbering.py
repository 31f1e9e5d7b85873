"""The pulp tests' control tooth is numbered as the letter numbers the treated tooth (Universal).

A case charted in FDI or Palmer records its control tooth in that notation ("45", "LR5"); the
letter says "tooth #30", so "control tooth #45" (no such Universal tooth) or "#LR5" would leave
the reviewer with two numbering systems in one sentence.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import HISTORY
from cdt_desktop.domain.appeal.prior_auth import compose_prior_auth
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

TODAY = date(2026, 12, 2)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3348-frequency.json"


def _case(notation: str, tooth: str, control: str) -> Case:
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["procedure"] = {"code": "D3348", "tooth": tooth, "notation": notation}
    data["facts"]["control_tooth"] = control
    return Case.from_dict(data)


def _history(case: Case, prior_auth: bool) -> str:
    compose = compose_prior_auth if prior_auth else compose_appeal
    if prior_auth:
        case = replace(case, status_history=())
    letter = compose(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    section = letter.section(HISTORY)
    return " ".join(section.paragraphs if section else ())


@pytest.mark.parametrize("prior_auth", [False, True], ids=["appeal", "prior-auth"])
@pytest.mark.parametrize(
    ("situation", "notation", "tooth", "control", "named", "not_named"),
    [
        ("charted in Universal", "universal", "30", "29", "#29", None),
        ("charted in FDI", "fdi", "46", "45", "#29", "#45"),
        ("charted in Palmer", "palmer", "LR6", "LR5", "#29", "#LR5"),
        ("a primary molar in FDI", "fdi", "85", "84", "#S", "#84"),
        ("typed with a hash", "universal", "30", "#29", "#29", "##"),
    ],
)
def test_the_control_tooth_is_named_in_universal_numbers_like_the_treated_tooth(
    situation: str,
    notation: str,
    tooth: str,
    control: str,
    named: str,
    not_named: str | None,
    prior_auth: bool,
) -> None:
    text = _history(_case(notation, tooth, control), prior_auth)
    assert f"control tooth {named}:" in text, situation
    if not_named:
        assert not_named not in text, situation
