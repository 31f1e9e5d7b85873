"""Import the practice's licensed CDT file (tab-delimited, CSV or XLSX) as a versioned code set."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdt_desktop.core.errors import InputError

# Codes we know were deleted, used when the reference library cannot be read.
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


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.core.paths import user_data_dir
    from cdt_desktop.db.codesets import CodeSetStore, parse_codeset, read_rows

    data_dir = user_data_dir(args.data_dir)
    if args.list:
        with CodeSetStore(data_dir) as store:
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
    for problem in report.rejected:
        print(f"rejected: {problem}", file=sys.stderr)
    print(report.summary())
    if not report.accepted:
        raise InputError("nothing to import")
    if not args.dry_run:
        with CodeSetStore(data_dir) as store:
            store.save(report, args.file.name)
        print(f"saved as the CDT {report.edition} code set")
    return 0
