"""Import the practice's licensed CDT file (tab-delimited, CSV or XLSX) as a versioned code set."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.coding.editions import CaseFlag, Change, ChangeReport

if TYPE_CHECKING:
    from cdt_desktop.db.codesets import CodeSetStore, ImportReport

# Codes we know were deleted, used when the reference library cannot be read.
MAX_SHOWN_REJECTIONS = 50
KNOWN_DELETED = {"D3354": "replaced by D3355, D3356 and D3357 in CDT 2014"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", type=Path, help="the licensed CDT data file")
    parser.add_argument("--edition", help="CDT year of the file, e.g. 2026")
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="map a field (code, nomenclature, descriptor, category) to a column header",
    )
    parser.add_argument("--dry-run", action="store_true", help="validate and report only")
    parser.add_argument(
        "--report",
        choices=("text", "json"),
        help="print the change report against the previous edition (added, deleted, revised"
        " codes, our guidance to review, open cases flagged) as text or JSON",
    )
    parser.add_argument("--list", action="store_true", help="list the imported editions")


def deleted_codes() -> dict[str, str]:
    """Deleted codes with a reason: our reference library's, plus the known ones."""
    deleted = dict(KNOWN_DELETED)
    try:
        from cdt_desktop.db.reference.library import ReferenceLibrary

        with ReferenceLibrary() as library:
            for code in library.all_codes():
                entry = library.get(code)
                if entry is not None and entry.is_deleted:
                    successors = ", ".join(entry.replaced_by)
                    deleted[code] = f"replaced by {successors}" if successors else "deleted"
    except Exception:
        pass
    return deleted


def _check_data_dir(folder: Path) -> None:
    """A data folder that is a file, or lies under one, is a message (not "nothing imported")."""
    from cdt_desktop.core.errors import UserFacingError

    try:
        is_folder = folder.is_dir() or not folder.exists()
        folder.stat()
    except NotADirectoryError:
        is_folder = False
    except OSError:
        return
    if not is_folder:
        raise UserFacingError(
            f"cannot use the data folder {folder} (it or a folder above it is a file)"
        )


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.core.paths import user_data_dir
    from cdt_desktop.db.codesets import CodeSetStore, parse_codeset, read_rows

    data_dir = user_data_dir(args.data_dir)
    if args.list:  # reads only: never creates or writes the code-set file
        _check_data_dir(data_dir)
        existing = CodeSetStore.open_existing(data_dir)
        if existing is None:
            print("no CDT code set imported yet")
            return 0
        with existing as store:
            for edition, imported_at, count in store.editions():
                print(f"CDT {edition}: {count} codes, imported {imported_at}")
        return 0
    if args.file is None or not args.edition:
        raise InputError("give the file and its --edition (e.g. --edition 2026), or --list")
    mapping: dict[str, str] = {}
    for item in args.column:
        name, sep, header = item.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise InputError(f"--column takes FIELD=HEADER, got '{item}'")
        mapping[name.strip().lower()] = header.strip()
    if not args.file.is_file():
        raise InputError(f"no such file: {args.file}")
    rows = read_rows(args.file)
    report = parse_codeset(rows, edition=args.edition, deleted=deleted_codes(), mapping=mapping)
    for problem in report.rejected[:MAX_SHOWN_REJECTIONS]:
        print(f"rejected: {problem}", file=sys.stderr)
    more = len(report.rejected) - MAX_SHOWN_REJECTIONS
    if more > 0:
        print(f"rejected: ... and {more:,} more rows", file=sys.stderr)
    quiet = args.report == "json"  # stdout then holds the JSON object only
    if not quiet:
        print(report.summary())
    if not report.accepted:
        raise InputError("nothing to import")
    if args.dry_run:  # nothing is written, not even an empty code set file
        existing = CodeSetStore.open_existing(data_dir)
        changes = ChangeReport(report.edition, "", ())
        if existing is not None:
            with existing:
                changes = _dry_run_changes(existing, report)
    else:
        with CodeSetStore(data_dir) as store:
            store.save(report, args.file.name)
            if not quiet:
                print(f"saved as the CDT {report.edition} code set")
            changes = _changes(store, report.edition)
    flags = _case_flags(args, changes) if changes.previous else ()
    _print_changes(args.report, changes, flags, saved=not args.dry_run)
    return 0


def _changes(store: CodeSetStore, edition: str) -> ChangeReport:
    from cdt_desktop.services.cdt_editions import change_report, guidance_codes

    found = change_report(store, edition, guidance=guidance_codes())
    assert found is not None  # the edition was just saved
    return found


def _dry_run_changes(store: CodeSetStore, report: ImportReport) -> ChangeReport:
    from cdt_desktop.domain.coding.editions import compare_editions
    from cdt_desktop.services.cdt_editions import guidance_codes

    previous = store.previous_edition(report.edition) or ""
    new = {c.code: c for c in report.accepted}
    old = store.codes(previous) if previous else None
    return compare_editions(report.edition, new, previous, old, guidance=guidance_codes())


def _case_flags(args: argparse.Namespace, changes: ChangeReport) -> tuple[CaseFlag, ...]:
    """Open cases of the local case store whose code changed; none when there is no store."""
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.coding.editions import flag_cases

    try:
        with CaseStore.open(getattr(args, "data_dir", None), read_only=True, create=False) as cases:
            return flag_cases(cases.list_cases(limit=100_000), changes.changes)
    except (UserFacingError, InputError):  # no case store yet, or one that cannot be read
        return ()


def _print_changes(
    style: str | None, changes: ChangeReport, flags: tuple[CaseFlag, ...], *, saved: bool
) -> None:
    if style == "json":
        data = changes.to_json()
        data["saved"] = saved
        data["cases"] = [{"id": f.case_id, "code": f.code, "change": str(f.change)} for f in flags]
        print(json.dumps(data, indent=2))
        return
    if style == "text":
        sys.stdout.write(changes.to_text())
    elif changes.previous:  # the short form: counts, and where to look
        counts = ", ".join(
            f"{len(changes.codes(c))} {c}" for c in (Change.ADDED, Change.DELETED, Change.REVISED)
        )
        print(f"against CDT {changes.previous}: {counts} (--report text lists them)")
        for warning in changes.warnings:
            print(f"warning: {warning}")
    for flag in flags:
        print(f"case {flag.case_id}: {flag.text}")
