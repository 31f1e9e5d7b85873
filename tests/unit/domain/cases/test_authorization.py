"""Where a prior authorization stands: sent and waiting for the plan's answer, or approved once
its number is on the case; the Waiting list's order and words; the sent day's rules."""

from __future__ import annotations

from datetime import date

import pytest

from cdt_desktop.domain.cases.authorization import (
    CHASE_AFTER_DAYS,
    AuthState,
    auth_state,
    auth_words,
    sent_problem,
    waiting_order,
)
from cdt_desktop.domain.cases.model import Claim

TODAY = date(2026, 12, 4)


def test_a_request_sent_without_an_answer_reads_as_waiting_for_the_plan() -> None:
    claim = Claim(prior_auth_sent="2026-11-03")
    assert auth_state(claim) is AuthState.WAITING
    assert auth_words(claim) == "Prior authorization sent Nov 3, 2026, no answer yet"
    assert auth_words(claim, TODAY) == (
        "Prior authorization sent Nov 3, 2026, no answer yet (31 days)"
    )
    assert auth_words(Claim(prior_auth_sent="2026-12-03"), TODAY).endswith("(1 day)")
    assert auth_words(Claim(prior_auth_sent="2026-12-04"), TODAY).endswith("no answer yet")


def test_once_the_plan_s_number_is_entered_the_request_reads_as_approved() -> None:
    claim = Claim(prior_auth_sent="2026-11-03", prior_auth_number=" PA-2026-00417 ")
    assert auth_state(claim) is AuthState.APPROVED
    assert auth_words(claim, TODAY) == "Prior authorization approved (PA-2026-00417)"
    # a number entered without the request marked sent (sent by portal) is approved too
    assert auth_state(Claim(prior_auth_number="PA-1")) is AuthState.APPROVED


def test_a_case_with_no_request_sent_says_nothing() -> None:
    assert auth_state(Claim()) is AuthState.NONE
    assert auth_words(Claim(), TODAY) == ""
    assert auth_words(Claim(prior_auth_sent="not a date"), TODAY) == ""


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", ""),
        ("2026-12-04", ""),
        ("2026-11-03", ""),
        ("2026-12-05", "is in the future"),
        ("2026-02-30", "must be a real date as YYYY-MM-DD"),
        ("12/04/2026", "must be a real date as YYYY-MM-DD"),
    ],
)
def test_the_sent_day_is_a_real_date_not_after_today(typed: str, problem: str) -> None:
    assert sent_problem(typed, TODAY) == problem


def test_the_waiting_list_puts_the_longest_waiting_first_and_marks_those_to_chase() -> None:
    claims = {
        1: Claim(prior_auth_sent="2026-11-25"),
        2: Claim(prior_auth_sent="2026-10-01"),
        3: Claim(prior_auth_sent="2026-10-01", prior_auth_number="PA-9"),  # answered
        4: Claim(),  # never sent
        5: Claim(prior_auth_sent="2026-11-25"),
    }
    items = waiting_order(claims, TODAY)
    assert [item.case_id for item in items] == [2, 1, 5]
    assert items[0].days_waiting == 64 and items[0].to_chase
    assert not items[1].to_chase and items[1].days_waiting == 9 <= CHASE_AFTER_DAYS
    assert items[0].words(TODAY) == "Sent Oct 1 (64 d), no answer yet"
    assert waiting_order(claims, date(2027, 1, 2))[0].words(date(2027, 1, 2)) == (
        "Sent Oct 1, 2026 (93 d), no answer yet"  # last year's: says its year
    )


def test_a_request_sent_today_reads_sent_today_not_zero_days() -> None:
    """Walkthrough: the Waiting view read "Sent Dec 4 (0 d), no answer yet" the day it went."""
    claims = {1: Claim(prior_auth_sent=TODAY.isoformat())}
    assert waiting_order(claims, TODAY)[0].words(TODAY) == "Sent today, no answer yet"
