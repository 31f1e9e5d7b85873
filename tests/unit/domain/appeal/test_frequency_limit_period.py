"""A frequency appeal argues from the limitation's period the denial states, against the
earlier root canal's date (table-driven, the shipped D3348 sample with its dates changed).

Walkthrough: a retreatment of #30 denied "within 24 months of the original root canal
therapy", the earlier root canal done in 2015. The letter said it was "completed in 2015, about
11 years before this date of service" and then "treatment could not wait for the limitation
period to pass", conceding the very thing it had just disproved.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.fact_words import limitation_period
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from tests.helpers import REPO_ROOT

SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3348-frequency.json"  # DOS 2026-09-22
COULD_NOT_WAIT = "could not wait for the limitation period to pass"
OUTSIDE = "the limitation does not apply to this treatment"


def _letter(prior: str, reason: str, retreatment_reason: str = "") -> str:
    """The sample's appeal as plain text on one line, with these facts."""
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["facts"]["prior_rct_date"] = prior
    data["claim"]["denial_reason"] = reason
    if retreatment_reason:
        data["facts"]["retreatment_reason"] = retreatment_reason
    case = Case.from_dict(data)
    with ReferenceLibrary() as library:
        letter = compose_appeal(
            case, entry=library.get(case.procedure.code), selection=selection_for_findings(case),
            today=date(2026, 10, 20), templates=library.denial_templates(),
        )  # fmt: skip
    return " ".join(plain_text(letter, limit=100_000).split())


@pytest.mark.parametrize(
    ("situation", "prior", "reason", "said", "never"),
    [
        ("earlier root canal in 2015, a 24-month limit", "2015",
         "Frequency limitation: root canal retreatment within 24 months of the original root "
         "canal therapy is not a covered benefit", "outside the 24-month period the denial cites", COULD_NOT_WAIT),
        ("a year's estimate still outside a 5-year limit", "2019-06",
         "D3348 limited to once every 5 years per tooth", "outside the 5-year period the denial cites", COULD_NOT_WAIT),
        ("earlier root canal 20 months before, a 24-month limit", "2025-01-20",
         "Retreatment within 24 months of the original root canal.", COULD_NOT_WAIT, OUTSIDE),
        ("a year's estimate that may fall inside the limit", "2025",
         "Retreatment within 24 months of the original root canal.", COULD_NOT_WAIT, OUTSIDE),
        ("no date recorded, a 24-month limit", "",
         "Retreatment within 24 months of the original root canal.", COULD_NOT_WAIT, OUTSIDE),
        ("once per lifetime: no period to wait out", "2025-01-20",
         "Frequency limitation: once per lifetime per tooth.", "reviewed against these dates",
         COULD_NOT_WAIT),
        ("no period stated, earlier root canal 11 years before", "2015",
         "Frequency limitation.", "reviewed against these dates", COULD_NOT_WAIT),
        ("no period stated, no date recorded", "", "Frequency limitation.", COULD_NOT_WAIT,
         OUTSIDE),
    ],
)  # fmt: skip
def test_the_argument_follows_the_period_and_the_earlier_date(
    situation: str, prior: str, reason: str, said: str, never: str
) -> None:
    text = _letter(prior, reason)
    assert said in text, situation
    assert never not in text, situation


@pytest.mark.parametrize(
    ("reason", "period"),
    [
        ("within 24 months of the original root canal", (24, "24-month")),
        ("once every 5 years per tooth", (60, "5-year")),
        ("once in a 12-month period", (12, "12-month")),
        ("1 per 36 mos", (36, "36-month")),
        ("once per lifetime", (None, "lifetime")),
        ("frequency limitation", None),
        (
            "the original root canal was done 10 months ago; frequency limitation within 24 months",
            (24, "24-month"),
        ),  # a time that dates something is no period
        ("denied: root canal 10 months ago", None),
        ("a 24-month frequency limitation applies", (24, "24-month")),
        # review: "lifetime maximums" is EOB boilerplate, not the limitation
        (
            "D3346 not payable within 24 months of D3330. Annual/lifetime maximums apply.",
            (24, "24-month"),
        ),
        ("Annual/lifetime maximums apply.", None),
        ("once in a lifetime per tooth", (None, "lifetime")),
        ("N435 frequency limitation, CARC 119", None),
    ],
)
def test_the_period_is_read_from_the_denial_words(
    reason: str, period: tuple[int | None, str] | None
) -> None:
    assert limitation_period(reason) == period


def test_a_reason_typed_with_a_semicolon_is_not_run_into_the_film_sentence() -> None:
    """Walkthrough: "because of persistent apical periodontitis with sinus tract; underfilled
    mesial canals; the pre-operative radiograph of November 24, 2026 supports ...": the office's
    semicolon and the letter's ran into one sentence."""
    sample = json.loads(SAMPLE.read_text("utf-8"))
    text = _letter(sample["facts"]["prior_rct_date"], sample["claim"]["denial_reason"],
                   "persistent apical periodontitis; underfilled canals")  # fmt: skip
    assert "underfilled canals. The pre-operative radiograph of September 8, 2026 supports" in text


@pytest.mark.parametrize(
    ("prior", "service", "outside"),
    [
        ("2023-06-14", date(2025, 6, 14), False),  # the anniversary itself: payers differ
        ("2023-06-14", date(2025, 6, 15), True),
        ("2023-06", date(2025, 6, 30), False),  # June 2023 may be June 30
        ("2023-06", date(2025, 7, 1), True),
        ("2024-02-29", date(2026, 3, 1), True),  # a leap day's anniversary is February 28
    ],
)
def test_outside_the_period_only_after_its_last_possible_day(
    prior: str, service: date, outside: bool
) -> None:
    from cdt_desktop.domain.appeal.fact_words import limitation_words

    passed, _running = limitation_words("within 24 months", prior, service)
    assert (passed == "24-month") is outside
