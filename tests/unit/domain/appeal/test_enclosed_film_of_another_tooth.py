"""A film captioned with another tooth, enclosed with a letter.

Chairside walkthrough: "Post-op PA tooth #30" attached to a #19 case. Attaching it said so,
Mark as submitted asked about it, but the appeal's check before export named only the film's
date, and the letter listed "Post-op PA tooth #30 ... (image enclosed)" for a #19 claim. Each
letter's check names every enclosed film whose caption names another tooth.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.check import export_check, prior_auth_check
from cdt_desktop.domain.cases.model import Case, Procedure
from tests.helpers import REPO_ROOT

TODAY = date(2026, 12, 6)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"


def _case(tooth: str = "19", notation: str = "") -> Case:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    return replace(case, procedure=Procedure(code="D3330", tooth=tooth, notation=notation))


def _said(case: Case, films: list[tuple[str, str]], letter: str) -> list[str]:
    if letter == "appeal":
        items = export_check(case, entry=None, selection=None, today=TODAY, attached=films)
    else:
        items = prior_auth_check(case, entry=None, selection=None, attached=films, today=TODAY)
    return [item.text for item in items if item.blocking and "names tooth" in item.text]


@pytest.mark.parametrize(
    ("letter", "caption"),
    [
        ("appeal", "Post-op PA tooth #30"),  # the film the record counts as the post-op one
        ("appeal", "Bitewing, tooth #30"),  # any film enclosed
        ("prior authorization", "Bitewing, tooth #30"),
    ],
)
def test_a_film_of_tooth_30_on_a_tooth_19_case_is_named_before_the_letter_goes(
    letter: str, caption: str
) -> None:
    films = [("Pre-op PA #19", "2026-11-30"), (caption, "2026-12-01")]
    [said] = _said(_case(), films, letter)
    assert f"\u201c{caption}\u201d" in said
    assert "names tooth #30, the case is #19" in said
    assert "remove it" in said


@pytest.mark.parametrize(
    ("situation", "tooth", "notation", "caption"),
    [
        ("the case's own tooth", "19", "", "Post-op PA #19"),
        ("no tooth in the caption", "19", "", "Post-operative periapical"),
        ("the case's tooth in FDI, as an FDI office writes it", "36", "FDI", "Post-op FDI 36"),
        ("two teeth, the case's among them", "19", "", "Bitewing #18 and #19"),
    ],
)
def test_a_film_of_the_case_s_own_tooth_is_not_questioned(
    situation: str, tooth: str, notation: str, caption: str
) -> None:
    films = [(caption, "2026-11-30")]
    assert _said(_case(tooth, notation), films, "appeal") == [], situation
