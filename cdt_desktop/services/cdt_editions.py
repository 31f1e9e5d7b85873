"""The yearly CDT change as the window and the command line use it: the change report of an
imported edition against the previous one, and the open cases it flags (issue 16).

The comparison itself is pure (`domain.coding.editions`); this module reads the two editions from
the practice's code sets and the codes our guidance covers from the reference library.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cdt_desktop.domain.coding.editions import (
    CaseFlag,
    CaseRow,
    Change,
    ChangeReport,
    compare_editions,
    flag_cases,
)

if TYPE_CHECKING:
    from cdt_desktop.db.codesets import CodeSetStore


def change_report(
    codesets: CodeSetStore, edition: str | None = None, *, guidance: Iterable[str] = ()
) -> ChangeReport | None:
    """The change of `edition` (default: the newest) against the edition before it; None when
    no edition was ever imported."""
    edition = edition or codesets.newest_edition()
    if edition is None:
        return None
    previous = codesets.previous_edition(edition) or ""
    old = codesets.codes(previous) if previous else None
    return compare_editions(edition, codesets.codes(edition), previous, old, guidance=guidance)


def guidance_codes() -> tuple[str, ...]:
    """The codes our reference library has guidance for (none when it cannot be read)."""
    from cdt_desktop.db.reference.library import ReferenceDataError, ReferenceLibrary

    try:
        with ReferenceLibrary() as library:
            return library.all_codes()
    except ReferenceDataError:
        return ()


def flagged_cases(codesets: CodeSetStore, cases: Iterable[CaseRow]) -> dict[int, CaseFlag]:
    """Case id -> flag for every open case whose code the newest edition deleted or revised."""
    report = change_report(codesets)
    if report is None:
        return {}
    return {flag.case_id: flag for flag in flag_cases(cases, report.changes)}


def code_notes(codesets: CodeSetStore) -> dict[str, str]:
    """Code -> a short note ("deleted in CDT 2027") for each code the newest edition deleted or
    revised: the case list marks open cases that carry one."""
    report = change_report(codesets)
    if report is None or not report.previous:
        return {}
    return {
        change.code: f"{change.change} in CDT {report.edition}"
        for change in report.changes
        if change.change is not Change.ADDED
    }
