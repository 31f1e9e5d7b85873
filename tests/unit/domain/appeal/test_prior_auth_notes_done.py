"""A prior-authorization request prints the case's clinical notes as written: notes that tell
the treatment as done ("completed in one visit", "obturated") are named by its check, which a
plan or the examination's findings are not (walkthrough: a request to authorize a root canal
its own notes said was finished)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cdt_desktop.domain.appeal.check import prior_auth_check
from cdt_desktop.domain.appeal.prior_auth import treatment_described_done
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Patient, Procedure

DONE = (
    "Root canal therapy completed in one visit; four canals instrumented and obturated. Final "
    "periapical radiograph shows a complete fill to length."
)


@pytest.mark.parametrize(
    ("situation", "notes", "named"),
    [
        ("the treated case's own notes", DONE, "'completed in', 'instrumented', 'obturated'"),
        ("said in the passive", "Treatment was completed on 11/2.", "'was completed'"),
        ("the examination's findings", "Complete root development. Cold test negative; "
         "pre-operative periapical radiograph shows a radiolucency.", ""),
        ("the plan", "Plan: RCT in two visits, then a crown. Post-op film to follow.", ""),
        ("tests done at the exam", "Pulp tests completed: cold negative, EPT no response.", ""),
    ],
)  # fmt: skip
def test_notes_that_tell_a_finished_treatment_are_named(
    situation: str, notes: str, named: str
) -> None:
    assert treatment_described_done(notes) == named, situation


def test_the_request_s_check_says_so_without_holding_it_up() -> None:
    case = Case(
        patient=Patient(name="Jordan Reyes"),
        claim=Claim(date_of_service="2026-12-15"),
        procedure=Procedure(code="D3330", tooth="19"),
        findings=CaseFindings(root="complete", pulp="necrosis", goal="rct", notes=DONE),
    )
    said = [
        i for i in prior_auth_check(case, entry=None, selection=None) if "notes describe" in i.text
    ]
    assert len(said) == 1 and not said[0].blocking
    plain = replace(case, findings=replace(case.findings, notes="Cold test negative."))
    assert not [
        i for i in prior_auth_check(plain, entry=None, selection=None) if "notes describe" in i.text
    ]
