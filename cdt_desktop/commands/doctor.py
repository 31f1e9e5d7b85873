"""Check the case store and the reference library and print a plain health report."""

from __future__ import annotations

import argparse
import os
import sqlite3
import stat
import sys
from pathlib import Path

from cdt_desktop import __version__
from cdt_desktop.core import paths
from cdt_desktop.core.errors import UserFacingError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--full",
        action="store_true",
        help="also run the slower integrity_check on the reference library",
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _check_store_in_use(args: argparse.Namespace, out: list[str], problems: list[str]) -> None:
    """The case store the window and the commands use (``--store``, ``CDT_DESKTOP_STORE``, the
    window's saved choice, else this PC's file): a PostgreSQL server is checked as ``store
    check`` does (an office's doctor reported the unused local file as healthy)."""
    from cdt_desktop.db.cases.url import parse, resolve_store_url

    data_dir = getattr(args, "data_dir", None)
    try:
        url = resolve_store_url(getattr(args, "store", None), data_dir)
        target = parse(url)
    except UserFacingError as exc:
        problems.append(str(exc))
        return
    if target.kind == "postgresql":
        from cdt_desktop.commands.store import check_report

        try:
            problems += check_report(url, out)
        except UserFacingError as exc:
            out.append(f"case store: {target.shown}")
            problems.append(str(exc))
        return
    assert target.path is not None
    from cdt_desktop.services.store import StoreChoice

    choice = StoreChoice(data_dir, getattr(args, "store", None))
    missing = choice.missing_at_start()
    if missing is not None and choice.is_own(missing):  # it was there: copies of it are kept
        from cdt_desktop.services.backups import newest_kept_copy

        out.append(f"case store: {target.path}")
        problems.append(
            f"case store {target.path} is not there, but copies the app kept of it are (the "
            f"newest: {newest_kept_copy(missing)}): it was deleted or moved; put it back, or "
            "restore the newest copy (cdt-desktop restore)"
        )
        return
    if missing is not None:  # not this PC's own file: the app asks, not makes
        out.append(f"case store: {target.path}")
        problems.append(
            f"case store {target.path} (chosen in {choice.where_chosen()}) is not there: "
            "connect the drive it is on; the app asks before it makes an empty store there"
        )
        return
    _check_case_store(target.path, out, problems)


def _check_case_store(path: Path, out: list[str], problems: list[str]) -> None:
    """Read-only checks: doctor never upgrades, repairs or creates anything."""
    from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION
    from cdt_desktop.db.sqlitefile.checks import integrity_check, quick_check
    from cdt_desktop.db.sqlitefile.connect import open_db

    folder = path.parent
    out.append(f"case store: {path}")
    if folder.exists() and not folder.is_dir():
        problems.append(f"data folder {folder} is a file, not a folder")
        return
    if path.is_symlink() and not path.exists():
        problems.append(f"case store {path} is a symbolic link to a file that does not exist")
        return
    if not path.exists():
        out.append(NOT_CREATED)
        return
    _check_wal(path, out, problems)  # before SQLite reads (and maybe replays) it
    try:
        conn = open_db(path, read_only=True)
    except UserFacingError as exc:
        problems.append(str(exc))
        return
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        note = "" if version == SCHEMA_VERSION else " - upgraded automatically on next start"
        if version > SCHEMA_VERSION:
            problems.append(f"case store {path} has a newer schema ({version}); update the app")
            note = " - NEWER than this version"
        out.append(f"  schema version: {version} (this version knows {SCHEMA_VERSION}){note}")
        for name, rows in (
            ("quick_check", quick_check(conn)),
            ("integrity_check", integrity_check(conn)),
        ):
            out.append(f"  {name}: {'ok' if rows == ['ok'] else f'FAILED ({len(rows)} problems)'}")
            if rows != ["ok"]:
                problems.append(f"case store {path} failed {name}; restore it from a backup")
        if version >= 1:
            _check_tables(conn, path, version, out, problems)
        out.append(f"  journal mode: {conn.execute('PRAGMA journal_mode').fetchone()[0]}")
    except sqlite3.Error as exc:
        problems.append(f"case store {path} could not be read ({type(exc).__name__})")
    finally:
        conn.close()
    if os.name == "posix":
        _check_modes(folder, path, out, problems)
    out.append(f"  writable: {'yes' if os.access(path, os.W_OK) else 'no (read-only)'}")
    backups = sorted((folder / "backups").glob("*.sqlite")) if (folder / "backups").is_dir() else []
    out.append(f"  automatic backups: {len(backups)}")
    out.append(f"  daily backups: {_daily_backups(folder)}")
    _restore_leftovers(path, out)
    if os.access(path, os.W_OK):  # a read-only store gets no daily backup: nothing to say
        from cdt_desktop.services.backups import daily_folder_problem

        problem = daily_folder_problem(path)
        if problem:
            out.append("  daily backup folder: NOT WRITABLE")
            problems.append(problem)


def _check_modes(folder: Path, path: Path, out: list[str], problems: list[str]) -> None:
    """The store's folder and files are the user's alone (POSIX modes)."""
    modes = {"folder": _mode(folder), "file": _mode(path)}
    for suffix in ("-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            modes[suffix] = _mode(Path(f"{path}{suffix}"))
    out.append("  permissions: " + ", ".join(f"{k} {v:04o}" for k, v in modes.items()))
    loose = [k for k, v in modes.items() if v & 0o077]
    if loose == ["folder"]:  # its names can be listed, its files are the user's alone
        out.append(
            "  note: the folder can be listed by other users of this PC (the files in it are "
            f"yours alone); to close it too, run: chmod 700 '{folder}'"
        )
    elif loose:
        problems.append(
            f"case store {path}: {', '.join(loose)} readable by other users; "
            f"run: chmod 700 '{folder}' && chmod 600 '{path}'"
        )


def _restore_leftovers(path: Path, out: list[str]) -> None:
    """A restore killed mid-way left its private copy of a backup (a 0700 folder beside the
    store: disk space, no exposure). Said, not deleted: doctor changes nothing; the next
    restore and the window's daily backup check remove it."""
    from cdt_desktop.db.cases.sqlite import leftovers

    found = leftovers.find(path)
    if found:
        out.append(
            f"  copies interrupted restores left: {len(found)} (the next restore, or the "
            f"window within an hour, removes each once {leftovers.STALE_AFTER_S // 3600} hours old)"
        )
        out.extend(f"    {leftover.describe()}" for leftover in found)


def _daily_backups(folder: Path) -> str:
    """How many daily backups the window kept beside the store, and when the newest was made."""
    from datetime import datetime

    from cdt_desktop.services.backups import DAILY_FOLDER

    daily = folder.joinpath(*DAILY_FOLDER)
    made = [f.stat().st_mtime for f in daily.glob("cases-*.sqlite")] if daily.is_dir() else []
    if not made:
        return "none yet (the window makes one a day; File > Back up cases... for a USB drive)"
    newest = datetime.fromtimestamp(max(made)).strftime("%Y-%m-%d %H:%M")
    return f"{len(made)}, the newest made {newest} (in {daily})"


def _check_tables(
    conn: sqlite3.Connection, path: Path, version: int, out: list[str], problems: list[str]
) -> None:
    """Counts, the audit log's append-only triggers and its hash chain (issue 15 item 10)."""
    from cdt_desktop.db.cases.sqlite import audit_chain
    from cdt_desktop.db.cases.sqlite.migrations import AUDIT_CHAIN_VERSION

    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in ("cases", "checks", "audit") if t not in tables]
    if missing:
        problems.append(
            f"case store {path} lacks its {', '.join(missing)} table(s): it was changed by "
            "another program; restore it from a backup"
        )
        return
    cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    audit = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    out.append(f"  cases: {cases}, audit entries: {audit}")
    chained = version >= AUDIT_CHAIN_VERSION
    gone = [t for t in audit_chain.missing_triggers(conn) if chained or "chain" not in t]
    if gone:
        problems.append(
            f"case store {path}: the audit log's append-only trigger(s) {', '.join(gone)} were "
            "removed outside the app; the audit log may have been edited. Restore a backup"
        )
    if chained:
        broken = audit_chain.verify_chain(conn)
        out.append(f"  audit chain: {'ok' if not broken else 'BROKEN'}")
        problems += [f"case store {path}: {text}; the audit log was edited" for text in broken]
    if "users" in tables:
        people = conn.execute("SELECT name, initials FROM users").fetchall()
        from cdt_desktop.commands.store import users_sharing_initials

        out += users_sharing_initials([(str(n), str(i)) for n, i in people])


def _check_wal(path: Path, out: list[str], problems: list[str]) -> None:
    """The WAL is data (docs/design-rules.md, R25): check its header and frame checksums."""
    from cdt_desktop.db.sqlitefile.wal import inspect_wal

    report = inspect_wal(path)
    if report is None or report.size == 0:
        out.append("  WAL: empty (every commit is in the database file)")
        return
    if not report.header_ok:
        out.append(f"  WAL: {report.size} bytes, header DAMAGED")
        problems.append(
            f"case store {path}: its -wal file is damaged, so SQLite ignores it and the commits "
            "in it are lost; do not open the app, keep a copy of the folder and restore a backup"
        )
        return
    out.append(
        f"  WAL: {report.frames} frames, {report.committed} committed"
        + (f", {report.stale} from an earlier checkpoint" if report.stale else "")
    )
    if report.damaged:
        problems.append(
            f"case store {path}: its -wal file is damaged; {report.lost} frame(s) after the "
            "last valid commit cannot be read and the changes in them are lost. Keep a copy of "
            "the folder (the app also keeps one in backups/wal-kept) and restore a backup"
        )
    elif report.lost:
        out.append(
            f"  WAL: {report.lost} frame(s) of an unfinished save (the app stopped while "
            "saving); only that save is missing"
        )


def _check_reference(full: bool, out: list[str], problems: list[str]) -> None:
    from cdt_desktop.db.reference.library import ReferenceLibrary

    path = paths.reference_db_path()
    out.append(f"reference library: {path}")
    try:
        with ReferenceLibrary(path) as library:
            out.append(f"  edition: {library.edition}, codes: {len(library.all_codes())}")
    except UserFacingError as exc:
        problems.append(str(exc))
        return
    _check_file(
        f"{path.resolve().as_uri()}?mode=ro&immutable=1", f"reference library {path}", full,
        "; reinstall the app", out, problems, schema=True,
    )  # fmt: skip


def _check_file(
    uri: str,
    what: str,
    full: bool,
    advice: str,
    out: list[str],
    problems: list[str],
    *,
    schema: bool = False,
) -> None:
    """``PRAGMA quick_check`` (``integrity_check`` with ``--full``) of a SQLite file the app
    reads (the reference library, the licensed code set), opened read-only by ``uri``;
    ``what`` names it in a problem, ``advice`` follows a failed check."""
    conn = sqlite3.connect(uri, uri=True)
    try:
        if schema:
            out.append(f"  schema version: {conn.execute('PRAGMA user_version').fetchone()[0]}")
        pragma = "integrity_check" if full else "quick_check"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        out.append(f"  {pragma}: {'ok' if rows == ['ok'] else 'FAILED'}")
        if rows != ["ok"]:
            problems.append(f"{what} failed {pragma}{advice}")
    except sqlite3.Error as exc:
        problems.append(f"{what} could not be read ({type(exc).__name__})")
    finally:
        conn.close()


def _check_codesets(args: argparse.Namespace, out: list[str], problems: list[str]) -> None:
    """This PC's licensed CDT code set file, when one was imported (the office walkthrough
    found doctor silent on it: its editions and its quick check, as for the case store)."""
    from cdt_desktop.db.codesets import FILE_NAME, CodeSetStore

    folder = paths.user_data_dir(getattr(args, "data_dir", None))
    path = folder / FILE_NAME
    if not path.is_file():
        return
    out.append(f"licensed code set: {path}")
    try:
        store = CodeSetStore.open_existing(folder)
        assert store is not None
        with store:
            editions = store.editions()
    except UserFacingError as exc:
        problems.append(str(exc))
        return
    listed = ", ".join(
        f"CDT {edition} ({count:,} code{'s' if count != 1 else ''})"
        for edition, _at, count in editions
    )
    out.append(f"  editions: {listed or 'none'}")
    _check_file(
        f"{path.resolve().as_uri()}?mode=ro", f"licensed code set {path}",
        bool(getattr(args, "full", False)), ": import the CDT file again", out, problems,
    )  # fmt: skip


NOT_CREATED = "  not created yet (it is created when the app first starts)"


def run(args: argparse.Namespace) -> int:
    out: list[str] = [f"CDT Companion Desktop {__version__} - doctor"]
    problems: list[str] = []
    _check_store_in_use(args, out, problems)
    _check_codesets(args, out, problems)
    _check_reference(bool(getattr(args, "full", False)), out, problems)
    from cdt_desktop.core.paths import user_log_dir

    out.append(f"logs: {user_log_dir(getattr(args, 'data_dir', None))}")  # what support asks for
    if problems:
        result = f"{len(problems)} problem(s) found"
    elif NOT_CREATED in out:  # "healthy" for a folder with no cases in it misled an admin who
        # had typed the wrong one (office walkthrough)
        result = "no case store here yet, nothing of it checked: is this the data folder in use?"
    else:
        result = "healthy"
    out.append(f"result: {result}")
    print("\n".join(out))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0
