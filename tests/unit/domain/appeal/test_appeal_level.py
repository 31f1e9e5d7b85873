"""A claim whose first appeal was denied is appealed again: the letter says it is the
second-level appeal and which appeal and decision it follows. It read "RE: Appeal of denied claim
CLM-1003 ... We are writing to appeal the denial" like the first, while the app itself offered to
mark it "appealed (level 2)"; a payer files such a letter as a repeat of the first appeal
(tour9). Real case file fixture, no library needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import plain_text
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import StatusEvent
from tests.helpers import FIXTURES

SENT = StatusEvent("submitted", "2026-11-02", claim_number="2026-0915-88431")
DENIED = StatusEvent("denied", "2026-11-20", eob_reference="EOB 503", reason="No pre-op film.")
APPEALED_1 = StatusEvent("appealed", "2026-11-25", level="1")
UPHELD = StatusEvent("denied", "2026-12-02", eob_reference="EOB 777", reason="Appeal upheld.")
APPEALED_2 = StatusEvent("appealed", "2026-12-10", level="2")
UPHELD_2 = StatusEvent("denied", "2026-12-20", eob_reference="EOB 901", reason="Upheld again.")


def _letter(*history: StatusEvent):  # type: ignore[no-untyped-def]
    case = Case.from_json((FIXTURES / "case_d3330.json").read_text(encoding="utf-8"))
    return compose_appeal(
        replace(case, status_history=history), entry=None, selection=None, today=date(2026, 12, 21)
    )


@pytest.mark.parametrize(
    ("history", "subject", "opening"),
    [
        (
            (SENT, DENIED),
            "RE: Appeal of denied claim 2026-0915-88431",
            "We are writing to appeal the denial of the claim identified above",
        ),
        (
            (SENT, DENIED, APPEALED_1, UPHELD),
            "RE: Second-level appeal of denied claim 2026-0915-88431",
            "This is a second-level appeal. Our appeal sent on November 25, 2026 was denied on "
            "December 2, 2026 (EOB 777).",
        ),
        (
            (SENT, DENIED, APPEALED_1, UPHELD, APPEALED_2, UPHELD_2),
            "RE: Third-level appeal of denied claim 2026-0915-88431",
            "This is a third-level appeal. Our second-level appeal sent on December 10, 2026 was "
            "denied on December 20, 2026 (EOB 901).",
        ),
    ],
    ids=["first denial", "first appeal upheld", "second appeal upheld"],
)
def test_the_letter_says_which_appeal_it_is(
    history: tuple[StatusEvent, ...], subject: str, opening: str
) -> None:
    letter = _letter(*history)
    assert letter.subject == subject
    assert letter.opening.startswith(opening)
    assert plain_text(letter).count(subject) == 1


def test_a_denial_corrected_and_resubmitted_is_a_first_appeal_again() -> None:
    """Denied, appealed, denied, then a corrected claim sent and denied: a new first appeal."""
    resent = StatusEvent("submitted", "2026-12-05", claim_number="2026-0915-88431")
    denied = StatusEvent("denied", "2026-12-15", eob_reference="EOB 850", reason="Code.")
    letter = _letter(SENT, DENIED, APPEALED_1, UPHELD, resent, denied)
    assert letter.subject.startswith("RE: Appeal of denied claim")


PAID_IN_PART = StatusEvent("paid", "2026-12-01", amount="980.00")
PAID_IN_FULL = StatusEvent("paid", "2026-12-01", amount="1,250.00")
PAID_UNTYPED = StatusEvent("paid", "2026-12-01")


@pytest.mark.parametrize(
    ("history", "subject", "opening"),
    [
        (
            (SENT, PAID_IN_PART),
            "RE: Appeal of partially paid claim 2026-0915-88431",
            "We are writing to appeal the payment of the claim identified above ($980.00 paid "
            "of $1,250.00 billed) and ask for its reconsideration.",
        ),
        (
            (SENT, PAID_UNTYPED),
            "RE: Appeal of claim payment 2026-0915-88431",
            "We are writing to appeal the payment of the claim identified above and ask",
        ),
        (
            (SENT, PAID_IN_FULL),
            "RE: Appeal of claim payment 2026-0915-88431",
            "We are writing to appeal the payment of the claim identified above and ask",
        ),
        (
            (SENT, DENIED, APPEALED_1, replace(PAID_IN_PART, eob_reference="EOB 8841")),
            "RE: Second-level appeal of partially paid claim 2026-0915-88431",
            "This is a second-level appeal. Our appeal sent on November 25, 2026 was answered on "
            "December 1, 2026 (EOB 8841) with a payment ($980.00 paid of $1,250.00 billed). We "
            "ask that the claim identified above be reviewed again for the balance",
        ),
    ],
    ids=["downcoded: paid in part", "paid, amount not typed", "paid in full", "paid on appeal"],
)
def test_a_paid_claim_s_letter_appeals_the_payment_not_a_denial(
    history: tuple[StatusEvent, ...], subject: str, opening: str
) -> None:
    """Walkthrough on a shared store: the letter of a claim marked paid (a downcode paid
    $980.00 of $1,250.00) was headed "Appeal of denied claim" and opened "We are writing to
    appeal the denial"; the reviewer finds no denial to reconsider. A payment that answered an
    appeal makes the next letter the next level, citing that appeal and the payment
    (walkthrough 43: it read as a first appeal of the old denial)."""
    letter = _letter(*history)
    assert letter.subject == subject
    assert letter.opening.startswith(opening)
    assert "denial of the claim" not in letter.opening
