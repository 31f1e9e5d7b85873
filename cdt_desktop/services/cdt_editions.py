"""The yearly CDT change as the window and the command line use it: reading and saving the
practice's licensed CDT file, the change report of an imported edition against the previous one,
and the open cases it flags (issue 16).

The comparison itself is pure (`domain.coding.editions`); this module reads the two editions from
the practice's code sets and the codes our guidance covers from the reference library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop.db.cdt_file import DeletedCode
from cdt_desktop.domain.coding.editions import (
    CaseFlag,
    CaseRow,
    Change,
    ChangeReport,
    compare_editions,
    flag_cases,
)

if TYPE_CHECKING:
    from cdt_desktop.db.cdt_file import ImportReport
    from cdt_desktop.domain.coding.codesets import CodeSets

KNOWN_DELETED = {"D3354": DeletedCode("replaced by D3355, D3356 and D3357 in CDT 2014", 2014)}
"""Codes we know were deleted, used when the reference library cannot be read."""


def deleted_codes() -> dict[str, DeletedCode]:
    """Deleted codes, each with its reason, the edition that deleted it and whether that
    deletion is unconfirmed: our reference library's, plus the known ones."""
    from cdt_desktop.db.reference.library import ReferenceDataError, ReferenceLibrary

    deleted = dict(KNOWN_DELETED)
    try:
        with ReferenceLibrary() as library:
            for code in library.all_codes():
                entry = library.get(code)
                if entry is not None and entry.is_deleted:
                    successors = ", ".join(entry.replaced_by)
                    year = entry.deleted_in.removeprefix("CDT ").strip()
                    deleted[code] = DeletedCode(
                        f"replaced by {successors}" if successors else "deleted",
                        int(year) if year.isdigit() else 0,
                        entry.deletion_unconfirmed,
                    )
    except ReferenceDataError:
        pass
    return deleted


def guess_edition(file_name: str) -> str:
    """The CDT year a file's name carries ("CDT2026.txt", "cdt_2027_codes.xlsx"), else ""."""
    found = re.search(r"(?<![0-9])(20[0-9]{2})(?![0-9])", file_name)
    return found.group(1) if found else ""


def read_codeset(
    path: Path, edition: str, mapping: Mapping[str, str] | None = None
) -> ImportReport:
    """The licensed file read and checked row by row (nothing saved): accepted codes, and
    the rejected rows each with its reason. InputError for a file that cannot be used at all."""
    from cdt_desktop.core.errors import InputError
    from cdt_desktop.db.cdt_file import parse_codeset, read_rows

    if not path.is_file():
        raise InputError(f"no such file: {path}")
    rows = read_rows(path)
    return parse_codeset(rows, edition=edition, deleted=deleted_codes(), mapping=mapping)


def save_codeset(data_dir: Path, report: ImportReport, source_name: str) -> ChangeReport:
    """Save the report's accepted codes as its edition (replacing an earlier import of that
    edition); returns the change against the edition before it."""
    from cdt_desktop.db.codesets import CodeSetStore

    with CodeSetStore(data_dir) as store:
        store.save(report, source_name)
        found = change_report(store, report.edition, guidance=guidance_codes())
    assert found is not None  # the edition was just saved
    return found


def preview_changes(data_dir: Path, report: ImportReport) -> ChangeReport:
    """What saving ``report`` would change, against the codes already imported (writes nothing,
    creates no file)."""
    from cdt_desktop.db.codesets import CodeSetStore

    existing = CodeSetStore.open_existing(data_dir)
    if existing is None:
        return ChangeReport(report.edition, "", ())
    with existing as store:
        return preview_against(store, report)


def preview_against(codesets: CodeSets, report: ImportReport) -> ChangeReport:
    """What saving ``report`` into ``codesets`` (this PC's or the office's) would change."""
    previous = codesets.previous_edition(report.edition) or ""
    old = codesets.codes(previous) if previous else None
    new = {c.code: c for c in report.accepted}
    return compare_editions(report.edition, new, previous, old, guidance=guidance_codes())


def change_report(
    codesets: CodeSets, edition: str | None = None, *, guidance: Iterable[str] = ()
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


def flagged_cases(codesets: CodeSets, cases: Iterable[CaseRow]) -> dict[int, CaseFlag]:
    """Case id -> flag for every open case whose code the newest edition deleted or revised."""
    report = change_report(codesets)
    if report is None:
        return {}
    flags = flag_cases(cases, report.changes, edition=report.edition)
    return {flag.case_id: flag for flag in flags}


def code_notes(codesets: CodeSets) -> dict[str, str]:
    """Code -> a short note ("deleted in CDT 2027") for each code the newest edition deleted or
    revised: the case list marks open cases that carry one. Without an edition before the
    newest nothing is compared (nothing read but the two editions' names)."""
    newest = codesets.newest_edition()
    if newest is None or not codesets.previous_edition(newest):
        return {}
    report = change_report(codesets, newest)
    if report is None or not report.previous:
        return {}
    return {
        change.code: f"{change.change} in CDT {report.edition}"
        for change in report.changes
        if change.change is not Change.ADDED
    }
