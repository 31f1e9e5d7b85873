"""The case list names each case's tooth in its own notation (the JSON's `tooth` stays as
stored: docs/design-rules.md, Contracts); the case search takes the tooth as the list shows it.
Both backends."""

from __future__ import annotations

import json

import pytest

from cdt_desktop import cli
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository

TEETH = [("Ana Palmer", "46", "fdi"), ("Bo Reyes", "19", "universal"),
         ("Cy Ng", "LR6", "palmer")]  # fmt: skip


@pytest.fixture
def office(repository: CaseRepository) -> CaseRepository:
    for name, tooth, notation in TEETH:
        repository.create_case(
            Case(patient=Patient(name=name),
                 procedure=Procedure(code="D3330", tooth=tooth, notation=notation)),
            operator="MR",
        )  # fmt: skip
    return repository


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # FDI 46 and Palmer LR6 are one tooth (#30): Ana's and Cy's, newest first
        ("FDI 46", ["Cy Ng", "Ana Palmer"]), ("fdi 46", ["Cy Ng", "Ana Palmer"]),
        ("46", ["Cy Ng", "Ana Palmer"]), ("Palmer LR6", ["Cy Ng", "Ana Palmer"]),
        ("Ana 46", ["Ana Palmer"]), ("#19", ["Bo Reyes"]), ("tooth 19", ["Bo Reyes"]),
        ("tooth 46", ["Cy Ng", "Ana Palmer"]),  # tour12: "tooth 46" found nothing
        ("palmer", ["Ana Palmer"]),  # a lone word is searched: the patient named Palmer
        # a tooth in any notation finds the case however it was written: Universal 19 is
        # FDI 36 and Palmer LL6; FDI 46 is #30; Palmer LR6 is #30 too
        ("36", ["Bo Reyes"]), ("FDI 36", ["Bo Reyes"]), ("LL6", ["Bo Reyes"]),
        ("#30", ["Cy Ng", "Ana Palmer"]), ("30", ["Cy Ng", "Bo Reyes", "Ana Palmer"]),  # and the code D3330
        ("Ng #30", ["Cy Ng"]), ("#d3330", ["Cy Ng", "Bo Reyes", "Ana Palmer"]),  # no tooth
    ],
)  # fmt: skip
def test_the_search_takes_the_tooth_as_the_list_shows_it(
    office: CaseRepository, query: str, found: list[str]
) -> None:
    assert [c.patient_name for c in office.list_cases(query)] == found


def test_each_summary_carries_its_notation(office: CaseRepository) -> None:
    listed = {c.tooth: c.notation for c in office.list_cases("")}
    assert listed == {"46": "fdi", "19": "universal", "LR6": "palmer"}


def test_cases_list_prints_the_tooth_in_its_notation_and_keeps_the_json(
    store_url: str, office: CaseRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--store", store_url, "cases", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("FDI 46" in line and "Ana Palmer" in line for line in lines), lines
    assert any("Palmer LR6" in line and "Cy Ng" in line for line in lines), lines
    assert any("#19" in line and "Bo Reyes" in line for line in lines), lines
    assert cli.main(["--store", store_url, "cases", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["tooth"] for r in rows} == {"46", "19", "LR6"}  # as stored, as before


def test_cases_show_writes_the_tooth_with_its_notation(
    store_url: str, office: CaseRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cases show` printed "tooth: 46" for FDI 46 (#30), which reads as no tooth at all; it
    writes the tooth as `cases list` does, in the notation the case was written in."""
    ids = {c.patient_name: c.id for c in office.list_cases("")}
    shown = {}
    for name, case_id in ids.items():
        assert cli.main(["--store", store_url, "cases", "show", str(case_id)]) == 0
        shown[name] = capsys.readouterr().out.splitlines()[1]
    assert shown["Ana Palmer"].endswith("tooth: FDI 46"), shown
    assert shown["Cy Ng"].endswith("tooth: Palmer LR6"), shown
    assert shown["Bo Reyes"].endswith("tooth: #19"), shown
