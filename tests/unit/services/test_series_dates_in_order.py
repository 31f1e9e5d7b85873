"""Before a series visit's claim is sent, its other visits' dates are checked (real store).

Chairside walkthrough: an interim regeneration visit (D3356) dated November 1 was saved beside
the initial visit (D3355) of December 6, same patient and tooth, and nothing said so: a payer
reads an interim visit before its initial one as an error. The check before Mark as submitted
names it now (``CaseService.series_out_of_order``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient
from cdt_desktop.services.cases import CaseService
from tests.helpers.cases import series_case


@pytest.fixture
def service(tmp_path: Path) -> Iterator[CaseService]:
    with CaseStore.open(tmp_path) as store:
        yield CaseService(store)


def _visit(code: str, visit: str, dos: str, name: str = "Leo Park") -> Case:
    goal = "regeneration" if code in ("D3355", "D3356", "D3357") else "apexification"
    case = series_case(code, goal, visit)
    return replace(case, patient=Patient(name=name), claim=Claim(date_of_service=dos))


SITUATIONS = [
    ("interim dated before its initial visit", [("D3355", "initial", "2026-12-06")],
     ("D3356", "interim", "2026-11-01"), ["D3355, the initial visit of this series) is dated "
     "2026-12-06, after this interim visit (2026-11-01)"]),
    ("interim after its initial visit", [("D3355", "initial", "2026-11-01")],
     ("D3356", "interim", "2026-11-20"), []),
    ("final apexification visit dated before the interim", [("D3352", "interim", "2026-12-01")],
     ("D3353", "final", "2026-11-15"), ["D3352, the interim visit of this series) is dated "
     "2026-12-01, after this final visit (2026-11-15)"]),
    ("initial visit dated after the interim already on file", [("D3356", "interim", "2026-11-01")],
     ("D3355", "initial", "2026-12-06"), ["D3356, the interim visit of this series) is dated "
     "2026-11-01, before this initial visit (2026-12-06)"]),
    ("another patient's initial visit on the same tooth", [("D3355", "initial", "2026-12-06")],
     ("D3356", "interim", "2026-11-01"), None),
    ("the other series (apexification) on the same tooth", [("D3351", "initial", "2026-12-06")],
     ("D3356", "interim", "2026-11-01"), []),
]  # fmt: skip


@pytest.mark.parametrize(("situation", "on_file", "visit", "said"), SITUATIONS)
def test_the_check_names_a_visit_dated_on_the_wrong_side(
    service: CaseService,
    situation: str,
    on_file: list[tuple[str, str, str]],
    visit: tuple[str, str, str],
    said: list[str] | None,
) -> None:
    other = "Ana Park" if said is None else "Leo Park"  # None: another patient's visit
    for code, step, dos in on_file:
        service.create(_visit(code, step, dos, other), operator="AB")
    case = _visit(*visit)
    case_id = service.create(case, operator="AB")
    found = service.series_out_of_order(case_id, case)
    expected = said or []
    assert len(found) == len(expected), (situation, found)
    for text, part in zip(found, expected, strict=True):
        assert part in text, (situation, text)
