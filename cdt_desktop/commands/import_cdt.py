"""Import the practice's licensed CDT file (tab-delimited, CSV or XLSX) as a versioned code set."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.coding.editions import CaseFlag, Change, ChangeReport

MAX_SHOWN_REJECTIONS = 50


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
    from cdt_desktop.db.codesets import CodeSetStore
    from cdt_desktop.services.cdt_editions import preview_changes, read_codeset, save_codeset

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
    report = read_codeset(args.file, args.edition, mapping)
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
        changes = preview_changes(data_dir, report)
    else:
        changes = save_codeset(data_dir, report, args.file.name)
        if not quiet:
            print(f"saved as the CDT {report.edition} code set")
    flags = _case_flags(args, changes) if changes.previous else ()
    _print_changes(args.report, changes, flags, saved=not args.dry_run)
    return 0


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
