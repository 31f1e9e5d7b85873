"""A case file imported twice is the same treatment: the same patient (capitals and spacing
aside), code, tooth in its notation and date of service; any of them different is another
visit or another tooth."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cdt_desktop.domain.cases.duplicates import first_same, same_treatment
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseSummary

LISTED = CaseSummary(
    7, "Robert Chen", "2026-11-01", "D3330", "19", "submitted", "", "", "universal"
)
CASE = Case(
    patient=Patient(name="Robert Chen"),
    claim=Claim(date_of_service="2026-11-01"),
    procedure=Procedure(code="D3330", tooth="19"),
)


@pytest.mark.parametrize(
    ("situation", "case", "same"),
    [
        ("the same file again", CASE, True),
        ("typed with capitals and two spaces", replace(CASE, patient=Patient(name="robert  CHEN")), True),
        ("the next visit", replace(CASE, claim=Claim(date_of_service="2026-11-15")), False),
        ("the other molar", replace(CASE, procedure=Procedure(code="D3330", tooth="30")), False),
        ("a retreatment of the tooth", replace(CASE, procedure=Procedure(code="D3348", tooth="19")), False),
        ("tooth 19 in FDI (a premolar)", replace(CASE, procedure=Procedure(code="D3330", tooth="19", notation="fdi")), False),
        ("another patient", replace(CASE, patient=Patient(name="Robert Cheng")), False),
        ("no name yet", replace(CASE, patient=Patient(name="")), False),
    ],
)  # fmt: skip
def test_a_case_is_the_same_treatment_only_when_everything_matches(
    situation: str, case: Case, same: bool
) -> None:
    assert same_treatment(LISTED, case) is same, situation
    assert (first_same([LISTED], case) is LISTED) is same
