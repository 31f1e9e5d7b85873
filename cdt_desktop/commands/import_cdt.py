"""Import the practice's licensed CDT file (tab-delimited, CSV or XLSX) as a versioned code set.

Where it goes follows the case store (``--store``, as every command chooses it): this PC's own
``codesets.sqlite`` beside an SQLite store, the office's server for a PostgreSQL store (every
workstation then shows it). Importing needs the ``import-codes`` permission once the store has
users (``--user``); it is audited in the case store. An import that cannot be audited is not made:
this PC's case store that cannot be opened stops it with the reason (a PC with none yet gets
one)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from cdt_desktop.commands import signin
from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.coding.editions import CaseFlag, Change, ChangeReport, no_case_flagged

if TYPE_CHECKING:
    from cdt_desktop.db.cdt_file import ImportReport
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.users import UserRepository
    from cdt_desktop.services.codeset_import import CodeSetImport

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
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace the edition of that year imported before (without it, an edition already"
        " imported is left as it is and nothing is imported)",
    )
    parser.add_argument("--list", action="store_true", help="list the imported editions")
    parser.add_argument(
        "--upload-local",
        action="store_true",
        help="on the office's PostgreSQL case store: share this PC's own code set (each "
        "edition the server does not hold yet)",
    )
    signin.add_arguments(parser)


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

    data_dir = user_data_dir(args.data_dir)
    _check_data_dir(data_dir)
    store = _open_store(args, data_dir)
    try:
        return _run(args, data_dir, store)
    finally:
        if store is not None:
            store.close()


def _run(args: argparse.Namespace, data_dir: Path, store: CaseRepository | None) -> int:
    from cdt_desktop.services.cdt_editions import read_codeset
    from cdt_desktop.services.codeset_import import CodeSetImport

    target = CodeSetImport(data_dir, store)
    if args.list:  # reads only: never creates or writes a code set
        return _list(target)
    if args.upload_local:
        if target.shared is None:
            raise InputError("--upload-local needs the office's PostgreSQL case store (--store)")
        with _acting(args, target):
            copied = target.upload_local()
        shown = ", ".join(f"CDT {e}" for e in copied) or "nothing (the server has every edition)"
        print(f"uploaded to {target.where}: {shown}")
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
    quiet = args.report == "json"  # stdout then holds the JSON object only
    if not report.accepted:
        _print_read(report, quiet)
        raise InputError("nothing to import")
    replacing = target.replacing(report)
    notes = sys.stderr if quiet else sys.stdout
    if args.dry_run:  # nothing is written, not even an empty code set file
        _print_read(report, quiet)
        for line in replacing.lines:
            print(f"note: {line}", file=notes)
        if replacing.loses and not args.replace:
            print("note: the import will need --replace", file=notes)
        changes = target.preview(report)
    else:
        # signed in (and allowed) before "N codes accepted" is printed, and before being told
        # to add --replace: a user who may not import read both, then the refusal (tour10,
        # review)
        with _acting(args, target):
            _print_read(report, quiet)
            if replacing.loses and not args.replace:  # a second file must not wipe the year
                raise InputError(
                    " ".join(replacing.lines)
                    + " Nothing was imported: add --replace to replace it."
                )
            for line in replacing.lines:
                print(f"note: {line}", file=notes)
            changes = target.save(report, args.file.name)
        if not quiet:
            where = "" if target.shared is None else f" on {target.where}"
            print(f"saved as the CDT {report.edition} code set{where}")
    flags = target.flagged(changes)
    _print_changes(args.report, changes, flags, saved=not args.dry_run)
    return 0


def _print_read(report: ImportReport, quiet: bool) -> None:
    """The rows the file's reading rejected (stderr) and its summary (unless ``quiet``)."""
    for problem in report.rejected[:MAX_SHOWN_REJECTIONS]:
        print(f"rejected: {problem}", file=sys.stderr)
    more = len(report.rejected) - MAX_SHOWN_REJECTIONS
    if more > 0:
        print(f"rejected: ... and {more:,} more rows", file=sys.stderr)
    if not quiet:
        print(report.summary())
    for note in report.notes[:MAX_SHOWN_REJECTIONS]:  # e.g. a row whose deletion is unconfirmed
        print(f"note: {note}", file=sys.stderr if quiet else sys.stdout)


def _list(target: CodeSetImport) -> int:
    from cdt_desktop.db.codesets import CodeSetStore

    if target.shared is not None:
        editions = target.shared.editions()
        for edition, imported_at, count in editions:
            by = target.shared.imported_by(edition)
            print(
                f"CDT {edition}: {_codes(count)}, imported {imported_at} by {by} ({target.where})"
            )
        if not editions:
            print(f"no CDT code set imported on {target.where} yet")
        for edition, count in target.local_only():
            print(f"CDT {edition}: {_codes(count)} on this PC only (--upload-local shares it)")
        return 0
    existing = CodeSetStore.open_existing(target.data_dir)
    if existing is None:
        print("no CDT code set imported yet")
        return 0
    with existing as codesets:
        for edition, imported_at, count in codesets.editions():
            print(f"CDT {edition}: {_codes(count)}, imported {imported_at}")
    return 0


def _codes(count: int) -> str:
    return f"{count:,} code" + ("" if count == 1 else "s")


def _open_store(args: argparse.Namespace, data_dir: Path) -> CaseRepository | None:
    """The case store the command works with (``--store``, the environment, the window's
    choice, else this PC's file). This PC's file is only where the import is audited and the
    open cases flagged: None when there is none (or it cannot be read), and never for --list.
    A PostgreSQL store is the import's target: it must open."""
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.db.cases.url import parse, resolve_store_url
    from cdt_desktop.domain.cases.ports import StoreMissingError
    from cdt_desktop.services.codeset_import import NOT_RECORDED

    url = resolve_store_url(getattr(args, "store", None), args.data_dir)
    read_only = bool(args.list or args.dry_run)
    if parse(url).kind != "postgresql":
        if args.list:
            return None
        try:
            return open_repository(url, data_dir=data_dir, create=False, read_only=read_only)
        except StoreMissingError:  # none yet: an import makes it (see _acting)
            return None
        except UserFacingError as exc:
            if read_only or args.upload_local:  # nothing written here, so nothing to record
                return None
            raise UserFacingError(f"{NOT_RECORDED}it cannot be opened: {exc}") from None
    return open_repository(url, data_dir=data_dir, create=False, read_only=read_only)


@contextmanager
def _acting(args: argparse.Namespace, target: CodeSetImport) -> Iterator[None]:
    """Who imports: signed in with the ``import-codes`` permission where the store has users
    (``--user``), else the ``--operator`` initials (sign-in off, none given: "cli")."""
    from cdt_desktop.domain.session import Permission

    if target.repository is None:
        from cdt_desktop.db.cases import open_repository
        from cdt_desktop.db.cases.url import resolve_store_url

        # this PC's first case store, as the window's first start would make it: the import's
        # audit row goes there (services/codeset_import.py makes no import it cannot record)
        url = resolve_store_url(getattr(args, "store", None), args.data_dir)
        with open_repository(url, data_dir=target.data_dir) as created:
            target.repository = created
            try:
                with _acting(args, target):
                    yield
            finally:
                target.repository = None
        return
    target.check_allowed()  # a read-only store says so before any PIN is asked
    store = cast("UserRepository", target.repository)
    if not args.user and not args.operator and store.count_users() == 0:
        args.operator = "cli"  # sign-in off and no initials typed: the audit says "cli"
    with signin.acting(args, store, Permission.IMPORT_CODES) as who:
        target.operator = who
        yield


def _print_changes(
    style: str | None, changes: ChangeReport, flags: tuple[CaseFlag, ...], *, saved: bool
) -> None:
    if style == "json":
        data = changes.to_json()
        data["saved"] = saved
        data["cases"] = [
            {"id": f.case_id, "code": f.code, "change": str(f.change), "patient": f.patient}
            for f in flags
        ]
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
        print(f"{flag.case_words}: {flag.text}")
    if not flags and (said := no_case_flagged(changes)):
        print(said)
