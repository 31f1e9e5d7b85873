"""A case file carries who ticked each checklist item and when, on both backends.

The walkthrough (a one-PC office handing a case to the billing PC by file): the assistant
ticked at 02:34; exported, then imported by BB, every tick read "Ticked by BB at 02:40". The
file's ``ticks`` section keeps them; a file without one (an earlier version's) imports as before.
"""

from __future__ import annotations

import json

import pytest

from cdt_desktop.domain.cases.case_json import CaseFileError
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository


def _ticked_case(repository: CaseRepository) -> int:
    case_id = repository.create_case(
        Case(patient=Patient(name="Zoë Ortega"), procedure=Procedure(code="D3330", tooth="19")),
        operator="MR",
    )
    repository.set_check(case_id, "preop-radiograph", True, operator="MR")
    repository.set_check(case_id, "pulp-diagnosis", True, operator="DD")
    repository.set_check(case_id, "pulp-diagnosis", False, operator="DD")  # unticked: kept too
    return case_id


def test_an_exported_case_imports_with_its_ticks_by_whom_and_when(
    repository: CaseRepository,
) -> None:
    case_id = _ticked_case(repository)
    before = repository.get_case(case_id).checks
    text = repository.export_case(case_id)
    assert json.loads(text)["ticks"]["preop-radiograph"]["by"] == "MR"
    copy = repository.import_case(text, operator="BB")
    after = repository.get_case(copy).checks
    for item in ("preop-radiograph", "pulp-diagnosis"):
        assert (after[item].checked, after[item].by, after[item].at) == (
            before[item].checked, before[item].by, before[item].at,
        ), item  # fmt: skip
    assert repository.audit(copy)[0].operator == "BB"  # the import is the importer's


def test_a_case_file_without_ticks_imports_as_the_importer_s(repository: CaseRepository) -> None:
    case_id = _ticked_case(repository)
    data = json.loads(repository.export_case(case_id))
    del data["ticks"]  # an earlier version's file
    copy = repository.import_case(json.dumps(data), operator="BB")
    assert repository.get_case(copy).checks["preop-radiograph"].by == "BB"


@pytest.mark.parametrize(
    ("ticks", "said"),
    [
        (
            {"working-length": {"by": "MR", "at": "2026-12-06T02:34:00+00:00"}},
            "'ticks.working-length' names no item of the checklist",
        ),
        (
            {"preop-radiograph": {"by": "", "at": "2026-12-06T02:34:00+00:00"}},
            "'ticks.preop-radiograph.by' must be 1-16 characters",
        ),
        (
            {"preop-radiograph": {"by": "MR", "at": "yesterday"}},
            "'ticks.preop-radiograph.at' must be a date and time with its UTC offset",
        ),
        (
            {"preop-radiograph": {"by": "MR", "at": "2026-12-06T02:34:00"}},
            "'ticks.preop-radiograph.at' must be a date and time with its UTC offset",
        ),
        ([], "must be an object"),
    ],
)
def test_a_damaged_ticks_section_is_named_and_nothing_is_imported(
    repository: CaseRepository, ticks: object, said: str
) -> None:
    case_id = _ticked_case(repository)
    data = json.loads(repository.export_case(case_id))
    data["ticks"] = ticks
    with pytest.raises(CaseFileError) as raised:
        repository.import_case(json.dumps(data), operator="BB")
    assert any(said in str(p) for p in raised.value.problems), raised.value.problems
    assert repository.count_cases() == 1
