"""Typed dates: both orders, impossible dates refused as typed, and the invisible characters a
paste brings along dropped (a date pasted with a trailing zero-width space got "type the date as
YYYY-MM-DD or MM/DD/YYYY" in the claim-status dialog although it looked right)."""

from __future__ import annotations

from datetime import date

import pytest

from cdt_desktop.domain.dates import date_problem, normalize_date, typed_date, visible

DEC_1 = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-12-01", DEC_1),
        ("12/01/2026", DEC_1),
        ("  2026-12-01 ", DEC_1),
        # pasted with characters nobody sees, at either end or inside
        ("2026-12-01\u200b", DEC_1),  # zero-width space
        ("\u200b12/01/2026\u200b", DEC_1),
        ("2026-12-01\u00a0", DEC_1),  # non-breaking space
        ("\u00a012/01/2026\u202f", DEC_1),  # narrow no-break space
        ("\ufeff2026-12-01", DEC_1),  # byte-order mark (a copied CSV cell)
        ("\u200e2026-12-01\u200f", DEC_1),  # left-to-right / right-to-left marks
        ("\u20662026-12-01\u2069", DEC_1),  # an isolate around it
        ("2026\u2060-12-01", DEC_1),  # word joiner
        ("12/\u00ad01/2026", DEC_1),  # soft hyphen
        ("2026-12\u200c-01\u200d", DEC_1),  # zero-width non-joiner and joiner
        # still no nearby date for an impossible or unreadable one
        ("2026-02-31\u200b", None),
        ("\u200b", None),
        ("", None),
        ("EOB-77\u200b", None),
        ("2026 12 01", None),  # a visible blank inside is not dropped
    ],
)
def test_a_typed_date_is_read_as_it_looks(typed: str, day: date | None) -> None:
    assert typed_date(typed) == day


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("2026-12-01\u200b", ""),
        ("2026-02-31\u200b", "2026-02-31 is not a real date: February 2026 has 28 days"),
        ("\u00a013/01/2026", "13/01/2026 is not a real date: there is no month 13 (MM/DD/YYYY)"),
        ("\u200b", "type the date (YYYY-MM-DD or MM/DD/YYYY)"),
    ],
)
def test_the_message_names_the_date_as_seen(typed: str, problem: str) -> None:
    assert date_problem(typed) == problem


@pytest.mark.parametrize(
    ("typed", "normal"),
    [("03/04/1990\u200b", "1990-03-04"), ("1990-03-04\ufeff", "1990-03-04"),
     ("14.03.1985\u00a0", "14.03.1985"), ("\u200b", ""), (" 2026-12-01 ", "2026-12-01")],
)  # fmt: skip
def test_the_case_form_s_dates_are_normalized_as_they_look(typed: str, normal: str) -> None:
    assert normalize_date(typed) == normal


def test_visible_keeps_what_shows() -> None:
    assert visible("Zoë\u200b Nguyễn\u00a0") == "Zoë Nguyễn"
    assert visible("\u061c2026") == "2026"  # the Arabic letter mark is invisible too
    assert visible("2026-12-01") == "2026-12-01"
