"""A status marked by mistake is taken back: the last change only, the claim back where it was
(billing situations: "Denied" clicked for "Paid", "Closed" on the wrong patient's row)."""

from __future__ import annotations

import pytest

from cdt_desktop.domain.cases.status import (
    StatusError,
    StatusEvent,
    advance,
    allowed_next,
    change_words,
    current_status,
    take_back,
)

SUBMITTED = StatusEvent("submitted", "2026-09-20", claim_number="C-1")
DENIED = StatusEvent("denied", "2026-10-01", reason="N435 frequency", category="frequency")
PAID = StatusEvent("paid", "2026-10-03", amount="980.00")
CLOSED = StatusEvent("closed", "2026-11-03")


def _history(*events: StatusEvent) -> tuple[StatusEvent, ...]:
    history: tuple[StatusEvent, ...] = ()
    for event in events:
        history = advance(history, event)
    return history


@pytest.mark.parametrize(
    ("situation", "events", "back_to", "offered_again"),
    [
        ("denied clicked for paid: back to submitted, paid offered", (SUBMITTED, DENIED),
         "submitted", "paid"),
        ("closed on the wrong patient's row: back to paid", (SUBMITTED, PAID, CLOSED),
         "paid", "closed"),
        ("a draft marked submitted too early: a draft again", (SUBMITTED,), "draft", "submitted"),
    ],
)  # fmt: skip
def test_the_last_change_is_taken_back(
    situation: str,
    events: tuple[StatusEvent, ...],
    back_to: str,
    offered_again: str,
) -> None:
    history = _history(*events)
    before, last = take_back(history)
    assert last == events[-1], situation
    assert before == history[:-1]
    assert current_status(before) == back_to
    assert offered_again in allowed_next(before)


def test_a_draft_has_nothing_to_take_back() -> None:
    with pytest.raises(StatusError, match="no status change to take back"):
        take_back(())


@pytest.mark.parametrize(
    ("event", "words"),
    [
        (DENIED, "Denied on Oct 1, 2026"),
        (CLOSED, "Closed on Nov 3, 2026"),
        (StatusEvent("paid", "not a date"), "Paid"),
    ],
)
def test_a_change_is_named_by_its_status_and_date(event: StatusEvent, words: str) -> None:
    assert change_words(event) == words
