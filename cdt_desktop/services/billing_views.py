"""The billing views of the Cases tab and of `cdt-desktop cases list --view`: each reads every
case it lists, not only the list's columns.

"Due: appeal deadlines" (denied claims by deadline, the overdue marked), "To submit" (draft
claims, those whose required documentation is recorded first; a draft's tooltip names what it
lacks) and "Waiting: prior auth" (requests sent and not answered, marked when it is time to
call the plan). Each row's status column says where the case stands instead of its status.
Loaded when one of them is first chosen, never at start-up. Plain Python: the window and the
command line show the same words.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from cdt_desktop.domain.cases.ports import CaseSummary
    from cdt_desktop.domain.cases.queues import DueItem, SubmitItem
    from cdt_desktop.domain.reference import CodeEntry
    from cdt_desktop.services.billing import BillingService

READY = "Ready to send"
"""The "To submit" view's status of a draft whose required documentation is all recorded."""
SERIES = "Series dates out of order"
"""... of a draft whose apexification or regeneration series has another visit dated on the
wrong side of it (its tooltip names the visit and both dates)."""
DELETED = "Deleted code"
"""... of a draft whose code the CDT deleted (payers refuse it: change the code first)."""
FILMS = "Check the radiographs"
"""... of a draft with a film Mark as submitted asks about (dated after the treatment, its
caption naming another tooth, two dates for one film): its tooltip says which."""
WRONG_TOOTH = "Code does not fit the tooth"
"""... of a draft whose code is not its tooth's (D3310 on a molar: refused however documented)."""
UNLISTED = "No checklist: check by hand"
"""... of a draft whose code has no checklist here: nothing was counted (check it by hand)."""


class Row(NamedTuple):
    """A listed case, its status column's words, marked (overdue, to chase) or not, and a
    tooltip ("" for none): in To submit, what the draft lacks (``gaps``)."""

    summary: CaseSummary
    words: str
    marked: bool = False
    tip: str = ""
    gaps: tuple[str, ...] = ()
    series: tuple[str, ...] = ()  # To submit: its series' visits dated out of order
    code: tuple[str, ...] = ()  # To submit: what is wrong with its code (deleted, another tooth's)
    films: tuple[str, ...] = ()  # To submit: what Mark as submitted asks of its films
    no_payer: bool = False  # To submit: no payer recorded


class ViewRows(NamedTuple):
    """What the list shows for a view: its rows, their status words and marks, their tooltips,
    and how many are ready to send (To submit only; else None)."""

    rows: list[CaseSummary]
    notes: dict[int, tuple[str, bool]]
    tips: dict[int, str]
    ready: int | None = None


def narrowed(rows: Iterable[Row], matching: set[int] | None) -> list[Row]:
    """The rows of ``matching`` case ids (the search's cases; None: all), in the view's order."""
    return [row for row in rows if matching is None or row.summary.id in matching]


def shown(
    rows: Iterable[Row], matching: set[int] | None, *, counts_ready: bool = False
) -> ViewRows:
    """The view's rows, narrowed to ``matching`` case ids (the search box's cases; None: all)."""
    kept = narrowed(rows, matching)
    return ViewRows(
        [row.summary for row in kept],
        {row.summary.id: (row.words, row.marked) for row in kept},
        {row.summary.id: row.tip for row in kept if row.tip},
        sum(1 for row in kept if row.words == READY) if counts_ready else None,
    )


DUE, TO_SUBMIT, WAITING = "due", "to-submit", "waiting"
"""The views' names: the Cases tab's status box data and ``cases list --view``."""


def view_rows(
    billing: BillingService,
    view: str,
    entry_for: Callable[[str], CodeEntry | None],
    today: date,
    limit: int,
) -> list[Row]:
    """The rows of the billing view ``view`` in its order (``entry_for``: a code's entry in the
    reference library, for To submit's count of what a draft lacks)."""
    if view == DUE:
        return due_rows(billing, today)
    if view == TO_SUBMIT:
        return submit_rows(billing, entry_for, today)
    if view == WAITING:
        return waiting_rows(billing, today, limit)
    raise ValueError(f"No billing view {view!r}.")


def due_rows(billing: BillingService, today: date) -> list[Row]:
    """Denied claims by appeal deadline, the overdue first and marked."""
    return [Row(s, due_words(item), item.overdue) for s, item in billing.due(today)]


def submit_rows(
    billing: BillingService, entry_for: Callable[[str], CodeEntry | None], today: date
) -> list[Row]:
    """Draft claims, the documented first; a draft's tooltip names what it lacks."""
    return [
        Row(
            s,
            submit_words(item),
            False,
            _lacking(item),
            item.gaps,
            item.series,
            item.code,
            item.films,
            item.no_payer,
        )
        for s, item in billing.to_submit(entry_for, today)
    ]


def waiting_rows(billing: BillingService, today: date, limit: int) -> list[Row]:
    """Requests sent and not answered: "Sent Nov 3 (31 d), no answer yet", marked when it is
    time to call the plan (``authorization.CHASE_AFTER_DAYS``)."""
    return [
        Row(s, item.words(today), item.to_chase) for s, item in billing.waiting(today, limit=limit)
    ]


def due_words(item: DueItem) -> str:
    """ "Due Dec 17 (16 d)"; a deadline in another year than today's says its year ("Due Apr
    3 (120 d)" in December read as this spring: billing walkthrough)."""
    today = item.deadline - timedelta(days=item.days_left)
    year = f", {item.deadline.year}" if item.deadline.year != today.year else ""
    when = f"{item.deadline:%b} {item.deadline.day}{year}"
    if item.overdue:
        return f"Overdue {-item.days_left} d ({when})"
    return f"Due {when} ({item.days_left} d)"


def submit_words(item: SubmitItem) -> str:
    """ "Ready to send", "2 items missing", "No payer" (", 2 items missing"), "Series dates out
    of order", "Treatment Dec 9" (not done yet), "No date of service", "Incomplete"; "Deleted
    code" and "Code does not fit the tooth" (refused however documented, so said first); "Check
    the radiographs" (what Mark as submitted asks of the films); "No checklist: check by hand"
    for a code whose documentation is not known here."""
    if item.incomplete:
        return "Incomplete"
    if item.undated:
        return "No date of service"
    if item.planned:
        when = date.fromisoformat(item.date_of_service)
        return f"Treatment {when:%b} {when.day}"
    if item.code:
        return DELETED if item.deleted else WRONG_TOOTH
    missing = f"{item.missing} item{'s' if item.missing != 1 else ''} missing"
    # and what else it lacks (a film to check hid behind "No payer": re-walk; series dates out
    # of order behind "No payer, 2 items missing", in the tooltip alone: chairside walk)
    series = ["series dates out of order"] * bool(item.series)
    if item.no_payer:
        also = (
            [missing] * bool(item.missing) + series + ["check the radiographs"] * bool(item.films)
        )
        return ", ".join(["No payer", *also])
    if item.missing:
        return ", ".join([missing, *series])
    if item.series:
        return SERIES
    if item.films:
        return FILMS
    return UNLISTED if item.unlisted else READY


def _lacking(item: SubmitItem) -> str:
    lines = (*(("The payer (Edit case…, Payer)",) if item.no_payer else ()), *item.gaps)
    said = ["Not recorded yet:\n" + "\n".join(f"• {line}" for line in lines)] if lines else []
    from textwrap import fill  # a series' sentence is long: a tooltip as wide as the screen

    code = [fill(line, 80) for line in item.code]  # what to change first
    later = [fill(line, 80) for line in (*item.series, *item.films)]
    return "\n\n".join([*code, *said, *later])


def no_entry(_code: str) -> None:
    """No reference library: every code unknown (its documentation cannot be counted)."""
    return None
