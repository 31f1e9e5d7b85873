"""Where a case's prior authorization stands: not asked, sent and waiting, or answered.

``claim.prior_auth_sent`` is the day the request went to the payer; ``claim.prior_auth_number``
the payer's answer (its authorization number). Between the two the front desk is waiting for the
payer, and a request unanswered for ``CHASE_AFTER_DAYS`` is one to chase. No case status is added
for it (the stores' status column is the claim's workflow): the words and the "Waiting" list's
order are read from the claim. Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Claim

CHASE_AFTER_DAYS = 30
"""A request unanswered this long is marked in the Waiting list, for the desk to call the plan.
An office's follow-up interval, not a payer rule (plans' answer times differ and are not in the
reference data: needs verification with the plans an office works with)."""


class AuthState(StrEnum):
    NONE = "none"  # no request recorded as sent, no number
    WAITING = "waiting"  # sent, no number yet
    APPROVED = "approved"  # the payer's number is on the case


def sent_day(claim: Claim) -> date | None:
    """The day the request was sent, or None (not recorded, or not a date)."""
    try:
        return date.fromisoformat(claim.prior_auth_sent.strip())
    except ValueError:
        return None


def auth_state(claim: Claim) -> AuthState:
    if claim.prior_auth_number.strip():
        return AuthState.APPROVED
    return AuthState.WAITING if sent_day(claim) is not None else AuthState.NONE


def short_date(day: date, today: date | None = None) -> str:
    """ "Nov 3, 2026" ("Nov 3" in the year of ``today`` when it is given)."""
    if today is not None and day.year == today.year:
        return f"{day:%b} {day.day}"
    return f"{day:%b} {day.day}, {day.year}"


def auth_words(claim: Claim, today: date | None = None) -> str:
    """The case's prior authorization in one line ("" when there is nothing to say):
    "Prior authorization sent Nov 3, 2026, no answer yet (31 days)", or once the payer's number
    is entered, "Prior authorization approved (PA-2026-00417)"."""
    state = auth_state(claim)
    if state is AuthState.APPROVED:
        return f"Prior authorization approved ({claim.prior_auth_number.strip()})"
    day = sent_day(claim)
    if state is AuthState.NONE or day is None:
        return ""
    words = f"Prior authorization sent {short_date(day)}, no answer yet"
    if today is not None and (waited := (today - day).days) > 0:
        words += f" ({waited} day{'s' if waited != 1 else ''})"
    return words


def sent_problem(text: str, today: date) -> str:
    """Why ``text`` cannot be the day a request was sent ("" when it can): a real calendar
    date as YYYY-MM-DD, not after today (a request is recorded once it is sent)."""
    if not text.strip():
        return ""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return "must be a real date as YYYY-MM-DD"
    if day > today:
        return "is in the future"
    return ""


@dataclass(frozen=True)
class WaitingItem:
    """One line of the "Waiting" list: a case whose request is sent and not answered."""

    case_id: int
    sent: date
    days_waiting: int

    @property
    def to_chase(self) -> bool:
        return self.days_waiting > CHASE_AFTER_DAYS

    def words(self, today: date) -> str:
        """The list's status column: "Sent Nov 3 (31 d), no answer yet"; "Sent today, no
        answer yet" the day it went ("(0 d)" read as a count of nothing)."""
        if self.days_waiting <= 0:
            return "Sent today, no answer yet"
        return f"Sent {short_date(self.sent, today)} ({self.days_waiting} d), no answer yet"


def waiting_order(claims: dict[int, Claim], today: date) -> list[WaitingItem]:
    """The cases waiting for the payer's answer, the longest waiting first; ties by case id."""
    items = [
        WaitingItem(case_id, day, (today - day).days)
        for case_id, claim in claims.items()
        if auth_state(claim) is AuthState.WAITING and (day := sent_day(claim)) is not None
    ]
    return sorted(items, key=lambda item: (item.sent, item.case_id))
