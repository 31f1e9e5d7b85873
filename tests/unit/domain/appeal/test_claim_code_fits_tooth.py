"""Before a claim goes (Mark as submitted, the To submit view): a code that is not the tooth's,
whatever the findings, is named with the tooth's code.

Found and left last round: D3310 on #19 read "1 item missing" in To submit and Mark as
submitted named only the item, while the case form's banner and the letters' checks said the
code was wrong for a molar. A payer refuses such a claim however well it is documented.
"""

from __future__ import annotations

import pytest

from cdt_desktop.domain.appeal.code_fit import wrong_tooth
from cdt_desktop.domain.cases.model import Case, CaseFindings, Procedure


def _case(
    code: str, tooth: str, *, successor: bool | None = None, notation: str = "universal"
) -> Case:
    said = {None: "", True: "yes", False: "no"}[successor]
    return Case(
        procedure=Procedure(code=code, tooth=tooth, notation=notation),
        findings=CaseFindings(successor=said),
    )


@pytest.mark.parametrize(
    ("situation", "code", "tooth", "successor", "names"),
    [
        ("anterior root canal code on a first molar", "D3310", "19", None, "is D3330"),
        ("premolar root canal code on a central incisor", "D3320", "8", None, "is D3310"),
        ("molar root canal code on a premolar", "D3330", "5", None, "is D3320"),
        ("molar retreatment code on a canine", "D3348", "6", None, "is D3346"),
        ("molar root canal on a primary molar with a successor", "D3330", "K", True, "D3240"),
        ("primary molar pulpectomy code on a permanent molar", "D3240", "19", None, "primary"),
        ("premolar apicoectomy on a molar", "D3421", "19", None, "is D3425"),
    ],
)
def test_a_code_of_another_tooth_is_named_before_the_claim_goes(
    situation: str, code: str, tooth: str, successor: bool | None, names: str
) -> None:
    [said] = wrong_tooth(_case(code, tooth, successor=successor))
    assert said.startswith("The code does not fit the tooth: "), situation
    assert names in said, situation
    assert said.endswith("before the claim goes."), situation


@pytest.mark.parametrize(
    ("situation", "code", "tooth", "successor"),
    [
        ("molar root canal on a first molar", "D3330", "19", None),
        ("molar root canal on a primary molar with no successor", "D3330", "K", False),
        ("root canal on a primary molar, successor not stated (a point to verify)", "D3330",
         "K", None),
        ("primary molar pulpectomy on a primary molar", "D3240", "K", None),
        ("a code the tooth does not decide (periapical film)", "D0220", "19", None),
        ("no tooth recorded", "D3310", "", None),
        ("a tooth that is no tooth", "D3310", "99", None),
        ("no code yet", "", "19", None),
    ],
)  # fmt: skip
def test_a_code_the_tooth_allows_is_not_questioned(
    situation: str, code: str, tooth: str, successor: bool | None
) -> None:
    assert wrong_tooth(_case(code, tooth, successor=successor)) == [], situation


def test_the_tooth_is_read_in_the_case_s_notation() -> None:
    """FDI 36 is the lower left first molar (Universal #19): D3310 there is a molar's D3330."""
    [said] = wrong_tooth(_case("D3310", "36", notation="fdi"))
    assert "is D3330" in said
    assert wrong_tooth(_case("D3330", "36", notation="fdi")) == []


def test_a_tick_that_the_tooth_fits_the_code_does_not_count_when_it_does_not() -> None:
    """The billing item ticked on D3310 for molar #19 (walkthrough): not counted as done
    before the claim goes; on D3330 the same tick counts."""
    from dataclasses import replace

    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.appeal.check import submission_gaps

    item = "tooth-number-matches-code"
    with ReferenceLibrary() as library:
        for code, counted in (("D3310", False), ("D3330", True)):
            entry = library.get(code)
            assert entry is not None
            case = replace(_case(code, "19"), checklist={i.id: True for i in entry.checklist})
            text = next(i.text for i in entry.checklist if i.id == item)
            assert (text not in submission_gaps(case, entry)) is counted, code
