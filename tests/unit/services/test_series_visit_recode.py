"""A visit of an apexification or regeneration series is a claim of its own, never a re-code.

Chairside walkthrough: with the initial regeneration visit's case (D3355) open, the dentist set
the chart's Visit to Interim for the next appointment; the status bar said "choose D3356
(recommended) to re-code the case", and doing so turned the initial visit's claim (its date of
service, its "medicament placed" tick) into the interim one. Moving a case to another visit of
its series is asked about first, naming why; the status bar points to a new case instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.coding.findings import Findings, Goal, Pulp, Root, Visit
from cdt_desktop.domain.coding.selector import select
from cdt_desktop.domain.teeth import tooth
from cdt_desktop.services.cases import CaseService
from cdt_desktop.services.code_risk import ConfirmationNeededError
from cdt_desktop.ui.cases.recode import unsaved_answers_advice
from tests.helpers.cases import series_case


@pytest.fixture
def service(tmp_path: Path) -> Iterator[CaseService]:
    with CaseStore.open(tmp_path) as store, ReferenceLibrary() as library:
        yield CaseService(store, library)


@pytest.mark.parametrize(
    ("situation", "code", "goal", "visit", "to", "next_visit"),
    [
        (
            "regeneration: initial visit's case moved to the interim visit",
            "D3355",
            "regeneration",
            "initial",
            "D3356",
            "interim",
        ),
        (
            "apexification: interim visit's case moved to the final visit",
            "D3352",
            "apexification",
            "interim",
            "D3353",
            "final",
        ),
    ],
)
def test_moving_a_case_to_another_visit_of_its_series_is_asked_first(
    service: CaseService, situation: str, code: str, goal: str, visit: str, to: str,
    next_visit: str,
) -> None:  # fmt: skip
    case_id = service.create(series_case(code, goal, visit), operator="AB")
    screen = series_case(to, goal, next_visit)  # the chart's answers for the next visit
    with pytest.raises(ConfirmationNeededError) as raised:
        service.change_code(case_id, to, operator="AB", procedure_and_findings=screen)
    risk = raised.value.risk
    assert risk.kind == "visit", situation
    assert "a claim of its own" in risk.reason and "New case (Ctrl+N)" in risk.reason
    assert service.get(case_id).case.procedure.code == code  # nothing saved unasked
    service.change_code(
        case_id, to, operator="AB", procedure_and_findings=screen, confirmed=risk
    )  # fmt: skip  (entered as the wrong visit)
    assert service.get(case_id).case.procedure.code == to


def test_the_status_bar_points_to_a_new_case_for_the_next_visit() -> None:
    selection = select(
        Findings(tooth=tooth("30"), root=Root.IMMATURE, pulp=Pulp.NECROSIS,
                 goal=Goal.REGENERATION, visit=Visit.INTERIM)
    )  # fmt: skip
    said = unsaved_answers_advice("The chart's answers are not on case 4", "D3355", selection)
    assert "D3356 is the interim visit, a claim of its own" in said
    assert "Ctrl+N makes its case" in said and "re-code" not in said
