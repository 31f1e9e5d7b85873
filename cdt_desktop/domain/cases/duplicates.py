"""A case file imported twice: the case it would repeat (pure Python: no Qt, no SQL).

A case file carries no identity of its own (the store gives each case its ``uuid``), so a file
imported again, from the e-mail and then from the share, made a second case for the same
visit, and billing sent two claims or none (walkthrough: no word at all). Two cases are the same
treatment when they are the same patient's (the name, capitals and spacing aside), the same code
on the same tooth (in its notation) on the same date of service. The window asks before such an
import; ``cases import`` says it on stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseSummary


def _name(text: str) -> str:
    return " ".join(text.split()).casefold()


def same_treatment(summary: CaseSummary, case: Case) -> bool:
    """``summary`` (a listed case) is ``case``'s patient, code, tooth and date of service."""
    procedure = case.procedure
    notation = (procedure.notation or "universal").lower()
    return (
        bool(_name(case.patient.name))
        and _name(summary.patient_name) == _name(case.patient.name)
        and summary.code.strip().upper() == procedure.code.strip().upper()
        and summary.tooth.strip() == procedure.tooth.strip()
        and (summary.notation or "universal").lower() == notation
        and summary.date_of_service.strip() == case.claim.date_of_service.strip()
    )


def first_same(summaries: Iterable[CaseSummary], case: Case) -> CaseSummary | None:
    """The first listed case that is ``case``'s treatment (None: none is)."""
    return next((s for s in summaries if same_treatment(s, case)), None)
