"""The history of an apexification or regeneration visit's letter names the series' other
visits (chairside walkthrough: an interim visit's letter never said when the series began)."""

from __future__ import annotations

from datetime import date

import pytest

from cdt_desktop.domain.appeal.record import series_paragraph


@pytest.mark.parametrize(
    ("code", "visits", "expected"),
    [
        ("D3356", [("D3355", date(2026, 10, 1))],
         "This is the interim visit of a regeneration series; its other visits: D3355 (the "
         "initial visit) on October 1, 2026."),
        ("D3353", [("D3351", date(2026, 3, 2)), ("D3352", date(2026, 6, 1))],
         "This is the final visit of an apexification series; its other visits: D3351 (the "
         "initial visit) on March 2, 2026; D3352 (the interim visit) on June 1, 2026."),
        ("D3355", [], ""),
        ("D3330", [("D3355", date(2026, 10, 1))], ""),
    ],
    ids=["interim-regeneration", "final-apexification", "a-first-visit-alone", "no-series-code"],
)  # fmt: skip
def test_a_series_visit_names_its_other_visits(
    code: str, visits: list[tuple[str, date]], expected: str
) -> None:
    assert series_paragraph(code, visits) == expected
