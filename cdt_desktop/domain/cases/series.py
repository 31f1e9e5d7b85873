"""The visits of an apexification or regeneration series, in the order of their dates (pure).

Each visit of a series (D3351-D3353, D3355-D3357) is a case and a claim of its own. The
walkthrough saved an interim visit (D3356) dated November 1 beside the initial visit (D3355)
dated December 6, and nothing said so; the checklist's "Series visit dates in order" tick was
the only guard. Before a visit's claim is sent, the other visits of the same patient's tooth are
compared by date of service: a payer reads an interim visit before its initial one as an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.coding.findings import Visit
from cdt_desktop.domain.coding.rules import STEP_OF, another_visit

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import date

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseSummary

_ORDER = {Visit.INITIAL: 0, Visit.INTERIM: 1, Visit.FINAL: 2}
SERIES_DATES_ITEM = "visit-dates-in-order"
"""The series codes' checklist item "Series visit dates in order" (data/source)."""


def series_dates_refuted(said: list[str]) -> dict[str, str]:
    """The checklist's answer while other visits of the series are dated on the wrong side of
    this one (``said``: `series_out_of_order`): its "dates in order" item is not so, so not
    counted and not tickable (chairside walkthrough: it was ticked, and counted, beside an
    interim visit dated before its initial one)."""
    if not said:
        return {}
    return {SERIES_DATES_ITEM: f"Not so: {said[0]} Until then this item is not counted as done."}


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_series_visit(code: str) -> bool:
    """Whether ``code`` is a visit of an apexification or regeneration series."""
    return code.strip().upper() in STEP_OF


def _visits(
    case_id: int, case: Case, others: Iterable[CaseSummary]
) -> Iterator[tuple[CaseSummary, str, date | None]]:
    """The other visits of ``case``'s series among ``others`` (the same patient's name, the
    same tooth as written, not voided): each with its code and date of service."""
    code = case.procedure.code.strip().upper()
    if not is_series_visit(code) or not _same(case.patient.name):
        return
    tooth = (case.procedure.tooth.strip(), (case.procedure.notation or "universal").lower())
    for other in others:
        visit = other.code.strip().upper()
        if (
            other.id == case_id
            or other.status == "void"
            or not another_visit(code, visit)
            or _same(other.patient_name) != _same(case.patient.name)
            or (other.tooth.strip(), (other.notation or "universal").lower()) != tooth
        ):
            continue
        yield other, visit, parse_case_date(other.date_of_service.strip())


def other_visits(case_id: int, case: Case, others: Iterable[CaseSummary]) -> list[tuple[str, date]]:
    """The other dated visits of ``case``'s series, (code, date of service), oldest first: the
    letter of an interim or final visit names them (a reviewer asks when the series began:
    chairside walkthrough)."""
    return sorted(((visit, when) for _o, visit, when in _visits(case_id, case, others) if when),
                  key=lambda pair: (pair[1], pair[0]))  # fmt: skip


def series_out_of_order(case_id: int, case: Case, others: Iterable[CaseSummary]) -> list[str]:
    """What the check before a claim says of ``case``'s series: each other visit of it (the
    same patient's name, the same tooth as written) whose date of service puts it on the wrong
    side of this visit. [] when ``case`` is no series visit or its date is not recorded."""
    code = case.procedure.code.strip().upper()
    mine = parse_case_date(case.claim.date_of_service.strip())
    if not is_series_visit(code) or mine is None:
        return []
    step, said = _ORDER[STEP_OF[code]], []
    for other, visit, when in _visits(case_id, case, others):
        earlier = _ORDER[STEP_OF[visit]] < step
        if when is None or when == mine or (when < mine) == earlier:
            continue
        side = "after" if earlier else "before"
        said.append(
            f"Case {other.id} ({visit}, the {STEP_OF[visit]} visit of this series) is dated "
            f"{when.isoformat()}, {side} this {STEP_OF[code]} visit ({mine.isoformat()}): a "
            "payer reads the series out of order. Check both dates of service."
        )
    return said
