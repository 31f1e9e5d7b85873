"""The billing desk's work queues: the "Due" view (denied claims by appeal deadline) and the
"To submit" view (draft claims in the order they are sent). Pure Python: no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cdt_desktop.domain.cases.status import parse_date

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True)
class DueItem:
    """One line of the "Due" view: a denied case and its appeal deadline."""

    case_id: int
    deadline: date
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def due_order(deadlines: dict[int, date | None], today: date) -> list[DueItem]:
    """Cases with a deadline, the most urgent first (overdue ones on top); ties by case id."""
    items = [
        DueItem(case_id, when, (when - today).days)
        for case_id, when in deadlines.items()
        if when is not None
    ]
    return sorted(items, key=lambda item: (item.deadline, item.case_id))


@dataclass(frozen=True)
class SubmitItem:
    """One line of the "To submit" view: a draft claim and how far its documentation is.

    ``gaps`` are the code's required items not recorded yet (``submission_gaps``: the rule
    "Mark as submitted" asks about), ``missing`` how many; ``planned`` a date of service after today (the
    treatment is still to come: nothing to send yet); ``undated`` no date of service, or not
    a real one (a case opened before the treatment, waiting for a prior authorization, say);
    ``incomplete`` a draft without the patient's name or a code; ``no_payer`` no payer
    recorded (a claim goes to someone: "Ready to send" it was not, whatever was ticked);
    ``series`` what the check before a claim says of the other visits of its apexification or
    regeneration series dated on the wrong side of it (``domain.cases.series``); ``code`` what
    it says of the code itself (deleted, or not for the tooth: ``appeal.code_fit.wrong_code``),
    ``deleted`` whether the CDT deleted it."""

    case_id: int
    date_of_service: str
    gaps: tuple[str, ...] = ()  # the required items not recorded, as "Mark as submitted" names them
    planned: bool = False
    incomplete: bool = False
    undated: bool = False
    unlisted: bool = False  # the code has no required documentation in the library to count
    no_payer: bool = False
    series: tuple[str, ...] = ()
    code: tuple[str, ...] = ()  # a claim the payer refuses whatever is documented
    deleted: bool = False
    films: tuple[str, ...] = ()  # films on the case that Mark as submitted asks about

    @property
    def missing(self) -> int:
        return len(self.gaps)

    @property
    def ready(self) -> bool:
        return not (
            self.missing
            or self.planned
            or self.incomplete
            or self.undated
            or self.no_payer
            or self.series
            or self.code
            or self.films
        )


def submit_order(items: list[SubmitItem]) -> list[SubmitItem]:
    """Drafts as the billing desk sends them: those ready first, the oldest treatment first (a
    claim sent late meets the payer's filing limit); then the ones to finish: a code the payer
    refuses (deleted, another tooth's) first, then those lacking documentation, their payer or a
    film's check, the fewest items first (the quickest to finish); then treatment still to come,
    the soonest first, and the undated; incomplete drafts last. Ties by case id."""

    def rank(item: SubmitItem) -> tuple[int, int, str, int]:
        if item.incomplete:
            return (4, 0, "", item.case_id)
        if item.undated:
            return (3, 0, "", item.case_id)
        if item.planned:
            return (2, 0, item.date_of_service, item.case_id)
        if item.code:  # refused however documented: the first to put right
            return (1, -1, item.date_of_service, item.case_id)
        if item.missing or item.no_payer or item.series or item.films:
            return (1, item.missing, item.date_of_service, item.case_id)
        return (0, 0, item.date_of_service, item.case_id)

    return sorted(items, key=rank)


def submit_item(
    case_id: int,
    date_of_service: str,
    gaps: Sequence[str],
    today: date,
    *,
    incomplete: bool = False,
    unlisted: bool = False,
    no_payer: bool = False,
    series: Sequence[str] = (),
    code: Sequence[str] = (),
    deleted: bool = False,
    films: Sequence[str] = (),
) -> SubmitItem:
    """The "To submit" line of a draft (``gaps``: its required items not recorded;
    ``unlisted``: its code has none the library knows, so nothing could be counted;
    ``no_payer``: no payer recorded; ``series``: its series' visits dated out of order;
    ``code``: what is wrong with the code itself, ``deleted``: the CDT deleted it; ``films``:
    what Mark as submitted asks about the case's films)."""
    when = parse_date(date_of_service)
    planned = when is not None and when > today
    return SubmitItem(
        case_id,
        date_of_service,
        tuple(gaps),
        planned,
        incomplete=incomplete,
        undated=when is None,
        unlisted=unlisted,
        no_payer=no_payer,
        series=tuple(series),
        code=tuple(code),
        deleted=deleted,
        films=tuple(films),
    )
