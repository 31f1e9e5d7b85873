"""Claim status workflow, appeal deadlines and the Due view's order (billing situations)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.cases.case_json import CaseFileError
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.queues import due_order
from cdt_desktop.domain.cases.status import (
    StatusError,
    StatusEvent,
    advance,
    allowed_next,
    appeal_deadline,
    current_status,
    service_problems,
)

SUBMITTED = StatusEvent("submitted", "2026-09-20", claim_number="C-1")
DENIED = StatusEvent("denied", "2026-10-01", reason="N435 frequency", category="frequency")
APPEALED_1 = StatusEvent("appealed", "2026-10-10", level="1")


def _history(*events: StatusEvent) -> tuple[StatusEvent, ...]:
    history: tuple[StatusEvent, ...] = ()
    for event in events:
        history = advance(history, event)
    return history


@pytest.mark.parametrize(
    ("situation", "events", "status"),
    [
        ("a new case", (), "draft"),
        ("claim sent to the payer", (SUBMITTED,), "submitted"),
        ("EOB came back denied", (SUBMITTED, DENIED), "denied"),
        ("first appeal mailed", (SUBMITTED, DENIED, APPEALED_1), "appealed"),
        (
            "appeal upheld the denial, second-level appeal",
            (
                SUBMITTED,
                DENIED,
                APPEALED_1,
                StatusEvent("denied", "2026-11-20", reason="upheld"),
                StatusEvent("appealed", "2026-11-25", level="2"),
            ),
            "appealed",
        ),
        (
            "appeal paid, then the case closed",
            (
                SUBMITTED,
                DENIED,
                APPEALED_1,
                StatusEvent("paid", "2026-12-01"),
                StatusEvent("closed", "2026-12-02"),
            ),
            "closed",
        ),
        (
            "corrected claim sent after a denial",
            (SUBMITTED, DENIED, StatusEvent("submitted", "2026-10-05")),
            "submitted",
        ),
    ],
)
def test_claim_moves_through_allowed_statuses(
    situation: str, events: tuple[StatusEvent, ...], status: str
) -> None:
    assert current_status(_history(*events)) == status, situation


@pytest.mark.parametrize(
    ("situation", "events", "event", "message"),
    [
        (
            "a draft cannot be denied before it is sent",
            (),
            DENIED,
            "a draft claim cannot become denied",
        ),
        (
            "an appeal needs a level",
            (SUBMITTED, DENIED),
            StatusEvent("appealed", "2026-10-10"),
            "the appeal level must be 1 or 2",
        ),
        (
            "no level 2 appeal without a level 1",
            (SUBMITTED, DENIED),
            StatusEvent("appealed", "2026-10-10", level="2"),
            "a level 2 appeal follows a level 1 appeal",
        ),
        (
            "a denial dated before the submission",
            (SUBMITTED,),
            StatusEvent("denied", "2026-09-01"),
            r"the date is before the previous status change \(submitted on 2026-09-20\)",
        ),
        (
            "a date typed the US way",
            (SUBMITTED,),
            StatusEvent("denied", "10/01/2026"),
            "the date must be YYYY-MM-DD",
        ),
        (
            "a closed case stays closed",
            (SUBMITTED, StatusEvent("closed", "2026-09-21")),
            StatusEvent("paid", "2026-09-22"),
            r"cannot become paid \(allowed: none\)",
        ),
        (
            "an unknown denial category",
            (SUBMITTED,),
            StatusEvent("denied", "2026-10-01", category="astrology"),
            "unknown denial category",
        ),
    ],
)
def test_status_change_refused_with_its_reason(
    situation: str, events: tuple[StatusEvent, ...], event: StatusEvent, message: str
) -> None:
    with pytest.raises(StatusError, match=message):
        advance(_history(*events), event)


def test_next_statuses_offered_for_a_denied_claim() -> None:
    assert allowed_next(_history(SUBMITTED, DENIED)) == ("appealed", "submitted", "paid", "closed")


def test_a_claim_paid_short_is_appealed_for_the_balance_and_the_answer_recorded() -> None:
    """Walkthrough 43: a claim paid $1,000.00 of $1,480.00 could only be closed, so the
    appeal the letter itself recommends for the balance could not be tracked."""
    paid = StatusEvent("paid", "2026-10-20", amount="1000.00")
    history = _history(SUBMITTED, DENIED, APPEALED_1, paid)
    assert allowed_next(history) == ("appealed", "closed")
    history = advance(history, StatusEvent("appealed", "2026-10-25", level="2"))
    assert allowed_next(history) == ("denied", "paid", "closed")
    history = advance(history, StatusEvent("paid", "2026-11-30", amount="480.00"))
    assert [e.status for e in history][-3:] == ["paid", "appealed", "paid"]


@pytest.mark.parametrize(
    ("situation", "events", "window", "deadline"),
    [
        ("default 180-day window", (SUBMITTED, DENIED), 180, date(2027, 3, 30)),
        ("United Concordia's 90 days", (SUBMITTED, DENIED), 90, date(2026, 12, 30)),
        ("no deadline before a denial", (SUBMITTED,), 180, None),
        ("no deadline once appealed", (SUBMITTED, DENIED, APPEALED_1), 180, None),
    ],
)
def test_appeal_deadline_counts_from_the_denial_date(
    situation: str, events: tuple[StatusEvent, ...], window: int, deadline: date | None
) -> None:
    assert appeal_deadline(_history(*events), window) == deadline, situation


def test_due_view_puts_overdue_first_then_the_nearest_deadline() -> None:
    today = date(2026, 12, 1)
    items = due_order(
        {
            1: date(2027, 3, 1),
            2: date(2026, 11, 20),  # overdue
            3: None,  # not denied: not due
            4: date(2026, 12, 15),
            5: date(2026, 12, 15),
        },
        today,
    )
    assert [i.case_id for i in items] == [2, 4, 5, 1]
    assert [i.overdue for i in items] == [True, False, False, False]
    assert items[0].days_left == -11


def test_case_file_with_an_impossible_history_names_the_entry() -> None:
    with pytest.raises(CaseFileError) as caught:
        Case.from_dict(
            {"status_history": [{"status": "paid", "date": "2026-10-01"}, {"status": "x"}]}
        )
    assert caught.value.problems[0].startswith("'status_history' entry 1: a draft claim")
    assert "'status_history' entry 2: unknown status" in caught.value.problems[1]


def test_case_status_is_the_last_change() -> None:
    case = Case.from_dict(
        {"status_history": [{"status": "submitted", "date": "2026-10-01", "claim_number": "9"}]}
    )
    assert case.status == "submitted" and Case().status == "draft"


def test_a_claim_corrected_and_resent_twenty_times_takes_no_twenty_first_change() -> None:
    """A claim denied and sent corrected again and again: the 21st status change was stored,
    and from then on the case form refused every save ("'status_history' holds at most 20
    status changes") and its case file was refused by the import, on every PC."""
    from dataclasses import replace

    from cdt_desktop.domain.cases.field_rules import MAX_STATUS_CHANGES
    from cdt_desktop.domain.cases.model import validate_case_dict

    events = [SUBMITTED] + [
        StatusEvent(status, f"2026-10-{day:02d}", reason="N15" if status == "denied" else "")
        for day in range(1, MAX_STATUS_CHANGES)
        for status in ("denied" if day % 2 else "submitted",)
    ]
    history = _history(*events)
    assert len(history) == MAX_STATUS_CHANGES
    with pytest.raises(StatusError, match="at most 20 status changes"):
        advance(history, StatusEvent("paid", "2026-10-30"))
    case = replace(Case(), status_history=history)
    assert validate_case_dict(case.to_dict()) == []  # the case as it is still saves


@pytest.mark.parametrize(("sent", "status", "typed"), [(False, "submitted", "2025-11-21"), (True, "denied", "2026-11-19")])  # fmt: skip
def test_a_claim_is_not_sent_or_denied_before_the_treatment(
    sent: bool, status: str, typed: str
) -> None:
    """A date typed a year off (2025 for 2026) saved a claim submitted before the tooth was
    treated; the appeal letter then told the payer so (review12)."""
    from cdt_desktop.domain.cases.model import Claim
    from cdt_desktop.services.billing import with_event

    case = Case(claim=Claim(date_of_service="2026-11-20"))
    if sent:  # a history stored before this check (a case file from elsewhere)
        case = replace(case, status_history=(StatusEvent("submitted", "2026-11-18"),))
    with pytest.raises(StatusError, match=r"before the date of service \(2026-11-20\)"):
        with_event(case, StatusEvent(status, typed))
    assert service_problems("2026-11-20", StatusEvent("submitted", "2026-11-20")) == []
    assert service_problems("", StatusEvent("submitted", "2026-01-01")) == []  # no DOS yet
    # A case closed before its planned date (the patient cancelled) sent no claim.
    assert service_problems("2026-11-20", StatusEvent("closed", "2026-11-01")) == []


@pytest.mark.parametrize(
    ("typed", "billed", "words"),
    [
        ("850", "1,200.00", "Paid on Jul 1, 2026 ($850.00 of $1,200.00 billed)"),
        ("$1,200.00", "1200", "Paid on Jul 1, 2026 ($1,200.00)"),  # paid in full
        ("850", "", "Paid on Jul 1, 2026 ($850.00)"),  # no billed amount: the amount as printed
    ],
)
def test_a_partial_payment_s_history_line_names_what_was_billed(
    typed: str, billed: str, words: str
) -> None:
    """Re-walk: "$850 of $1,200.00 billed" set the two amounts side by side in two styles."""
    from cdt_desktop.domain.cases.status import StatusEvent, history_words

    assert history_words((StatusEvent("paid", "2026-07-01", amount=typed),), billed) == [words]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("7781", "Denied on Oct 30, 2026 (EOB 7781)"),
        ("EOB 7781", "Denied on Oct 30, 2026 (EOB 7781)"),  # as the case file's example types it
        ("eob#7781", "Denied on Oct 30, 2026 (eob#7781)"),
    ],
)
def test_an_eob_reference_typed_with_eob_in_it_is_not_named_twice(typed: str, words: str) -> None:
    """Billing walkthrough: "Denied on Oct 30, 2026 (EOB EOB 7781)" in Mark as paid."""
    from cdt_desktop.domain.cases.status import StatusEvent, history_words

    denied = StatusEvent("denied", "2026-10-30", reason="Frequency.", eob_reference=typed)
    assert history_words((denied,)) == [words]
