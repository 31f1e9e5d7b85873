"""The claim's way through billing: draft -> submitted -> denied -> appealed -> paid / closed.

Each change is a `StatusEvent` carrying what the billing desk knows at that moment (the submission
date and claim number, the denial date, EOB reference, reason and category, the appeal's date and
level). The case keeps the whole history (the case file's ``status_history``); the current status
is the last event's. `appeal_deadline` counts the payer's appeal window from the denial date
(``queues.py`` orders the billing desk's views by it). Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from cdt_desktop.core.text import stray_symbols

if TYPE_CHECKING:
    pass

STATUSES = ("draft", "submitted", "denied", "appealed", "paid", "closed")
STATUS_WORDS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "denied": "Denied",
    "appealed": "Appealed",
    "paid": "Paid",
    "closed": "Closed",
}
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted", "closed"),
    # A corrected claim goes back to "submitted"; a decision on an appeal is a denial or a payment.
    "submitted": ("denied", "paid", "closed"),
    "denied": ("appealed", "submitted", "paid", "closed"),
    "appealed": ("denied", "paid", "closed"),
    # a payment short of what was billed (a downcode, a reduced allowance) is appealed for the
    # balance: the letter says so, and the appeal and its answer are tracked as for a denial
    # (walkthrough 43: a paid claim could only be closed)
    "paid": ("appealed", "closed"),
    "closed": (),
}
APPEAL_LEVELS = ("1", "2")
DEFAULT_APPEAL_WINDOW_DAYS = 180

DENIAL_CATEGORIES = {
    # id -> words; each has a paragraph template in the reference data (denial_category)
    "frequency": "Frequency limitation",
    "radiograph": "Missing or insufficient radiograph",
    "necessity": "Not medically necessary",
    "downcode": "Alternate benefit / downcode",
    "bundled": "Bundled / inclusive",
    "prior-auth": "Prior authorization missing",
    "waiting-period": "Waiting period",
    "investigational": "Investigational / experimental",
    "other": "Other",
}


class StatusError(ValueError):
    """A status change that is not allowed, or lacks what it needs; the message says which."""


@dataclass(frozen=True)
class StatusEvent:
    status: str
    date: str  # YYYY-MM-DD: when it happened (the payer's date for a denial)
    claim_number: str = ""  # submitted
    eob_reference: str = ""  # denied
    reason: str = ""  # denied: the denial reason as the EOB words it; paid: why it paid less
    category: str = ""  # denied: a DENIAL_CATEGORIES key
    level: str = ""  # appealed: "1" or "2"
    note: str = ""
    amount: str = ""  # paid: what the payer paid, as the EOB says (e.g. 980.00); "" = not typed
    code: str = ""  # submitted: the CDT code the claim was sent with ("" in older records)

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


EVENT_FIELDS = tuple(f.name for f in fields(StatusEvent))


def current_status(history: tuple[StatusEvent, ...]) -> str:
    return history[-1].status if history else "draft"


def allowed_next(history: tuple[StatusEvent, ...]) -> tuple[str, ...]:
    return TRANSITIONS[current_status(history)]


def parse_date(value: str) -> date | None:
    """An ISO date (``2026-11-02``), or None for anything else (empty, a typo)."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


MAX_EVENTS = 20
"""Status changes a case holds (the case file's limit): a 21st, stored, made the case
unsaveable in the form and its file refused by the import, as an over-long note did."""
MAX_EVENT_REASON = 400
"""A status change's denial reason, as the EOB words it (characters)."""
MAX_EVENT_TEXT = 200
"""A status change's other values: claim number, EOB reference, note (characters)."""
_EVENT_WORDS = {"claim_number": "claim number", "eob_reference": "EOB reference", "note": "note"}
AMOUNT_RE = re.compile(r"^\$?\s*\d{1,3}(,?\d{3})*(\.\d{1,2})?$")
"""A dollar amount as typed: 1250, 1,250.00, $1250.5 (the billed amount and a payment)."""
AMOUNT_EXAMPLE = "an amount such as 1250.00"


def amount_value(value: str) -> float | None:
    """A typed amount ("$1,250.00", "980") as a number; None when it is not one."""
    try:
        return float(value.strip().replace("$", "").replace(",", "").strip())
    except ValueError:
        return None


def symbols_problem(text: str) -> str:
    """ "has a symbol no payer's system matches (U+1F9B7): type the number as the EOB or the
    card prints it" ("" when it has none): a number typed or pasted with an emoji or a symbol
    in it (``core.text.stray_symbols``)."""
    found = stray_symbols(text)
    if not found:
        return ""
    listed = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
    return (
        f"has {'a symbol' if len(found) == 1 else 'symbols'} no payer's system matches "
        f"({listed}): type the number as the EOB or the card prints it"
    )


def event_bounds(event: StatusEvent) -> list[str]:
    """What is longer than a case can hold (the case file's limits): stored, it would make the
    case unsaveable in the form and its file refused by the import (tour8: a 350-character
    note did). Checked on a new status change (``advance``, the status dialog)."""
    problems = [
        f"the {words} holds at most {MAX_EVENT_TEXT} characters (it has {len(value)})"
        for name, words in _EVENT_WORDS.items()
        if len(value := getattr(event, name)) > MAX_EVENT_TEXT
    ]
    for name in ("claim_number", "eob_reference"):  # numbers the payer's system matches
        if wrong := symbols_problem(getattr(event, name)):
            problems.append(f"the {_EVENT_WORDS[name]} {wrong}")
    if event.amount and not AMOUNT_RE.match(event.amount):
        problems.append(f"the amount paid must be {AMOUNT_EXAMPLE}")
    if len(event.reason) > MAX_EVENT_REASON:
        problems.append(
            f"the {'denial reason' if event.status == 'denied' else 'reason'} holds at most "
            f"{MAX_EVENT_REASON} characters "
            f"(it has {len(event.reason)})"
        )
    return problems


def event_problems(history: tuple[StatusEvent, ...], event: StatusEvent) -> list[str]:
    """Why `event` cannot follow `history` (empty when it can). Lengths are not checked here:
    a stored history is read with this, and an event must never be dropped on reading."""
    problems: list[str] = []
    now = current_status(history)
    if event.status not in STATUSES:
        return [f"unknown status '{event.status[:20]}' (one of: {', '.join(STATUSES)})"]
    if event.status not in TRANSITIONS[now]:
        allowed = ", ".join(TRANSITIONS[now]) or "none"
        problems.append(f"a {now} claim cannot become {event.status} (allowed: {allowed})")
    when = parse_date(event.date)
    if when is None:
        problems.append("the date must be YYYY-MM-DD")
    elif history and (last := parse_date(history[-1].date)) is not None and when < last:
        # which change, and when: "before the previous status change" alone left the clerk
        # to guess (billing walkthrough)
        previous = STATUS_WORDS.get(history[-1].status, history[-1].status).lower()
        problems.append(
            f"the date is before the previous status change ({previous} on {last.isoformat()})"
        )
    if event.status == "denied" and event.category and event.category not in DENIAL_CATEGORIES:
        problems.append(f"unknown denial category (one of: {', '.join(DENIAL_CATEGORIES)})")
    if event.status == "appealed":
        if event.level not in APPEAL_LEVELS:
            problems.append("the appeal level must be 1 or 2")
        elif event.level == "2" and not any(
            e.status == "appealed" and e.level == "1" for e in history
        ):
            problems.append("a level 2 appeal follows a level 1 appeal")
    return problems


_AFTER_TREATMENT = ("submitted", "denied", "appealed", "paid")
"""Statuses of a claim for a treatment done: none is dated before its date of service (a case
closed before a planned date, the patient having cancelled, is no claim sent)."""


def payment_problem(
    billed_amount: str, event: StatusEvent, history: tuple[StatusEvent, ...] = ()
) -> str:
    """A payment to ask about before it is kept ("" for none): typed as more than the claim
    billed (a typo, 1500 for 150, or the payer's error: the letter would ask for the billed
    amount again, walkthrough 43); with the payments before it (``history``), more than the
    claim billed in all ($980.00, then $400.00 on a $1,250.00 claim: the letter asked for the
    billed amount again, billing walk); or nothing at all ($0.00: an EOB that paid nothing is
    most often a denial, whose reason the appeal answers)."""
    if event.status != "paid":
        return ""
    paid, billed = amount_value(event.amount), amount_value(billed_amount)
    if paid is None:
        return ""
    if paid == 0:
        return (
            "the amount paid is $0.00: if the EOB paid nothing, mark the claim denied with its "
            "reason instead (the appeal letter answers it)"
        )
    if billed is None:
        return ""
    if paid > billed:
        return (
            f"the amount paid (${paid:,.2f}) is more than the claim billed (${billed:,.2f}): "
            "check it against the EOB"
        )
    before = paid_so_far(history)
    if before is not None and before + paid > billed:
        return (
            f"with the ${before:,.2f} paid before, the payments (${before + paid:,.2f} in all) "
            f"come to more than the claim billed (${billed:,.2f}): type this payment alone, as "
            "its EOB says it"
        )
    return ""


def service_problems(date_of_service: str, event: StatusEvent) -> list[str]:
    """A new status change dated before the case's date of service (a year typed one off): the
    claim would read as sent, denied or paid before the tooth was treated, on the appeal too.
    Checked on a new change only (``with_event``, the status dialog), never on a stored one."""
    service, when = parse_date(date_of_service), parse_date(event.date)
    if event.status in _AFTER_TREATMENT and service and when and when < service:
        return [f"the date is before the date of service ({service.isoformat()})"]
    return []


def advance(history: tuple[StatusEvent, ...], event: StatusEvent) -> tuple[StatusEvent, ...]:
    """`history` with `event` appended, or `StatusError` naming every problem."""
    problems = event_bounds(event) + event_problems(history, event)
    if len(history) >= MAX_EVENTS:
        problems.append(
            f"the case holds at most {MAX_EVENTS} status changes and has {len(history)}: "
            "write what happened next in the case's notes"
        )
    if problems:
        raise StatusError("; ".join(problems))
    return (*history, event)


def take_back(history: tuple[StatusEvent, ...]) -> tuple[tuple[StatusEvent, ...], StatusEvent]:
    """`history` without its last change (a status marked by mistake: "Denied" for "Paid", the
    wrong patient's row), and that change; `StatusError` when there is none to take back. Only
    the last: the ones before it are what the payer did, and a later change was based on them."""
    if not history:
        raise StatusError("this claim has no status change to take back (it is a draft)")
    return history[:-1], history[-1]


def undo_detail(event: StatusEvent) -> str:
    """The audit row's words for a status change taken back: "paid 2026-12-01 (amount 980.00,
    EOB 10455)". The figures the change held leave the claim with it and are kept here (a
    payment taken back by mistake lost its amount and EOB reference for good: walkthrough);
    never the reason's or note's free text."""
    kept = (("amount", event.amount), ("EOB", event.eob_reference),
            ("claim", event.claim_number), ("level", event.level), ("code", event.code))  # fmt: skip
    parts = [f"{label} {value}" for label, value in kept if value]
    return f"{event.status} {event.date}" + (f" ({', '.join(parts)})" if parts else "")


def eob_words(reference: str) -> str:
    """ "EOB 7781" for an EOB reference typed "7781" or "EOB 7781" (the case file's example
    types it so, and the history read "EOB EOB 7781": billing walkthrough); "" for none."""
    typed = reference.strip()
    return typed if not typed or typed.upper().startswith("EOB") else f"EOB {typed}"


def payments(history: tuple[StatusEvent, ...]) -> list[StatusEvent]:
    """The "paid" changes that record an amount, in order: one payment each."""
    return [e for e in history if e.status == "paid" and e.amount.strip()]


def paid_so_far(history: tuple[StatusEvent, ...]) -> float | None:
    """What the payer has paid on the claim: the sum of its payments, each "paid" change
    recording one payment as its EOB says it (an appeal answered with $150.00 more after a
    first $980.00: the letter asked for the balance of $1,250.00 less $150.00 and dropped the
    $980.00: keyboard walk). None when no payment's amount was typed."""
    amounts = [amount_value(e.amount) for e in payments(history)]
    known = [a for a in amounts if a is not None]
    return sum(known) if known else None


def paid_words(event: StatusEvent) -> str:
    """The amount a change records, as the letter prints it ("$980.00" for "980", "١٢٣" or
    "$1,000"; billing walk: the check's note echoed "$١٢٣" as typed); as typed, with its
    dollar sign, when it is no amount; "" for none."""
    amount = event.amount.strip()
    value = amount_value(amount)
    if value is not None:
        return f"${value:,.2f}"
    return amount if not amount or amount.startswith("$") else f"${amount}"


def history_words(history: tuple[StatusEvent, ...], billed: str = "") -> list[str]:
    """Each change of a claim's history in a line, with its figures: "Paid on Nov 20, 2026
    ($980.00, EOB 10455)" (the window showed the history nowhere: office manager walkthrough);
    a payment short of the ``billed`` amount says so ("$850.00 of $1,200.00 billed": re-walk);
    never the reason's or note's free text."""
    lines = []
    for event in history:
        kept = (_paid_of_billed(event, billed), eob_words(event.eob_reference),
                event.claim_number and f"claim {event.claim_number}",
                event.level and f"level {event.level}")  # fmt: skip
        parts = [part.strip() for part in kept if part and part.strip()]
        lines.append(change_words(event) + (f" ({', '.join(parts)})" if parts else ""))
    return lines


def _paid_of_billed(event: StatusEvent, billed: str) -> str:
    """ "$850.00 of $1,200.00 billed" for a payment short of the claim's amount, else the
    amount as typed (``paid_words``)."""
    paid, whole = amount_value(event.amount), amount_value(billed)
    if event.status != "paid" or paid is None or whole is None or paid >= whole:
        return paid_words(event)
    return f"${paid:,.2f} of ${whole:,.2f} billed"


def change_words(event: StatusEvent) -> str:
    """ "Denied on Nov 3, 2026" (a change named in a question or a menu)."""
    status = STATUS_WORDS.get(event.status, event.status)
    when = parse_date(event.date)
    return f"{status} on {when:%b} {when.day}, {when.year}" if when else status


def history_from_list(raw: Any) -> tuple[tuple[StatusEvent, ...], list[tuple[str, str, str]]]:
    """The case file's ``status_history`` -> (events, problems as (section, field, message));
    each message names the entry ("entry 2: a draft claim cannot become denied ...")."""
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), [("status_history", "", "must be a list of status changes")]
    events: list[StatusEvent] = []
    problems: list[tuple[str, str, str]] = []
    for index, item in enumerate(raw, start=1):
        where = f"entry {index}"
        if not isinstance(item, dict):
            problems.append(("status_history", "", f"{where} must be an object"))
            continue
        unknown = [k for k in item if k not in EVENT_FIELDS]
        if unknown:
            problems.append(("status_history", "", f"{where} has unknown fields"))
        if any(v is not None and not isinstance(v, (str, int)) for v in item.values()):
            problems.append(("status_history", "", f"{where} must hold text values"))
            continue
        values = {k: str(v).strip() for k, v in item.items() if k in EVENT_FIELDS and v is not None}
        event = StatusEvent(**{"status": "", "date": "", **values})
        found = event_problems(tuple(events), event)
        if found:
            problems += [("status_history", "", f"{where}: {p}") for p in found]
            continue
        events.append(event)
    return tuple(events), problems


def last_event(history: tuple[StatusEvent, ...], status: str) -> StatusEvent | None:
    return next((e for e in reversed(history) if e.status == status), None)


def appeal_deadline(
    history: tuple[StatusEvent, ...], window_days: int = DEFAULT_APPEAL_WINDOW_DAYS
) -> date | None:
    """The last day to appeal, while the claim stands denied; None otherwise."""
    return _deadline_while("denied", history, window_days)


def payment_appeal_deadline(
    history: tuple[StatusEvent, ...], window_days: int = DEFAULT_APPEAL_WINDOW_DAYS
) -> date | None:
    """The last day to appeal a payment (a claim paid short, appealed for the balance), while
    the claim stands paid; None otherwise. A payer's window runs from its decision, and a
    payment is one as a denial is. Not a Due-view deadline: under a fee schedule most paid
    claims are paid short of the office's fee, and nobody means to appeal them all."""
    return _deadline_while("paid", history, window_days)


def _deadline_while(status: str, history: tuple[StatusEvent, ...], window_days: int) -> date | None:
    """``window_days`` after the last change, while the claim stands at ``status``."""
    if current_status(history) != status:
        return None
    when = parse_date(history[-1].date)
    return when + timedelta(days=window_days) if when else None
