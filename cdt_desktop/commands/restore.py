"""Replace this PC's cases with a backup (File > Back up cases..., the daily backup or `backup`).

The backup is checked first (a case store this app wrote, undamaged, not from a newer version);
what it replaces is kept as a backup in ``backups/before-restore`` beside the store; the copy is
SQLite's online backup into the store, so a window left open on it shows the restored cases
within seconds; an older backup is then upgraded as any older store is. Audited "restore".
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop.commands import signin
from cdt_desktop.core.errors import InputError

if TYPE_CHECKING:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

KEEP_FOLDER = ("backups", "before-restore")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    parser.add_argument(
        "--yes", action="store_true", help="do not ask before replacing the cases (scripts)"
    )
    signin.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.commands.backup import pc_store_file

    backup = Path(args.backup).expanduser()
    if not backup.is_file():
        raise InputError(f"{backup} is not a file")
    path = pc_store_file(args, "restore it on the server with pg_restore")
    if backup.resolve() == path.resolve():
        raise InputError(f"{backup} is the case store itself; give a backup file")
    _clean_leftovers(path)
    with _local_copy(backup, path.parent) as readable:
        return _restore(args, backup, readable, path)


def _restore(args: argparse.Namespace, backup: Path, readable: Path, store_path: Path) -> int:
    """Restore ``readable`` (``backup`` itself, or this PC's copy of one on a share) into the
    store at ``store_path``; messages and the audit name ``backup``."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.session import Permission

    backed_up, edited = _count_backup(readable, backup)
    if edited:  # restored all the same (the cases are needed), but never without a word
        print(f"warning: the audit log in {backup.name} does not verify ({edited}); restored, "
              "the case store's audit log will not either (doctor says so)", file=sys.stderr)  # fmt: skip
    with _open_target(store_path) as store:
        auth = signin.sign_in(args, store, Permission.MANAGE_STORE)
        try:  # who restores: the session ends before the store's content is replaced
            who = auth.actor.initials
        finally:
            auth.sign_out()
        if not who:
            raise InputError("give --operator INITIALS (the audit log records who restored)")
        now, users_before = store.count_cases(), store.count_users()
        if not args.yes and not _confirm(now, store_path, backed_up, backup):
            print("nothing restored")
            return 1
        keep_in = store_path.parent.joinpath(*KEEP_FOLDER)
        kept = store.restore_from(readable, keep_in=keep_in, operator=who)
    with CaseStore.open_file(store_path, create=False) as store:  # upgrades an older backup
        store.record_restore(backup, kept, operator=who, edited=bool(edited))
        restored, users_after = store.count_cases(), store.count_users()
    print(f"restored {restored} case(s) from {backup.name}")
    print(f"the {now} case(s) it replaced are kept in {kept}")
    print(_users_line(users_before, users_after))
    return 0


def _open_target(store_path: Path) -> CaseStore:
    """The store the backup goes into: this PC's, or where it has none (a new PC after a dead
    disk or a stolen laptop: what a backup on a USB drive is for) a new one made for it. A
    damaged store is not replaced in place: the message says how to set it aside first."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.cases.ports import StoreCorruptError

    if not store_path.exists():
        print(f"no case store at {store_path} yet: a new one is made for the backup")
        return CaseStore.open_file(store_path, create=True)
    try:
        return CaseStore.open_file(store_path, create=False)
    except StoreCorruptError:
        raise InputError(
            f"the case store {store_path} is damaged, so nothing was restored into it: close "
            f"CDT Companion, move "
            f"{store_path.name} (and {store_path.name}-wal, if there) out of "
            f"{store_path.parent} into a folder of your own, then run this restore again (it "
            "makes a new store for the backup)"
        ) from None


def _users_line(before: int, after: int) -> str:
    """What the restore did to sign-in: the users and PINs are the backup's too."""
    if after == 0 and before > 0:
        return (
            f"warning: the backup has no users, so sign-in is now OFF on this PC (it had {before}"
            "); turn it on again with: cdt-desktop users add NAME --role admin"
        )
    if after == 0:
        return "sign-in: off, as before"
    changed = "" if after == before else f" (there were {before})"
    return f"sign-in: on, the backup's {after} user(s) and their PINs{changed}"


def _clean_leftovers(store_path: Path) -> None:
    """A restore killed mid-way left its private copy of a backup beside the store: removed
    now, and said; one too recent to be surely no running restore's (another window's, another
    PC's on a shared folder) is left, and said."""
    from cdt_desktop.db.cases.sqlite import leftovers

    cleaned = leftovers.clean(store_path)
    for gone in cleaned.removed:
        print(f"removed the copy an interrupted restore left: {gone.describe()}")
    for kept in cleaned.left:
        print(f"note: left {kept.describe()}, a restore's copy: another restore may be using it "
              f"(removed once {leftovers.STALE_AFTER_S // 3600} hours old)", file=sys.stderr)  # fmt: skip


@contextmanager
def _local_copy(backup: Path, folder: Path) -> Iterator[Path]:
    """``backup``, or where it is on a network share (the office's backup share, as the user
    guide suggests), a private copy of it in ``folder`` (the store's, on this PC's own disk)
    for the time of the restore: SQLite files are never opened over a network."""
    from cdt_desktop.db.sqlitefile.checks import is_network_path

    if not is_network_path(backup):
        yield backup
        return
    import shutil
    import tempfile

    try:
        from cdt_desktop.core.atomic import private_folder

        private_folder(folder)  # a new PC: no store there yet (0700, parents too)
        copy_dir = Path(tempfile.mkdtemp(prefix=".restore-", dir=folder))  # 0700
    except OSError as exc:
        raise InputError(
            f"{backup} is on a network share and cannot be copied into {folder} to restore "
            f"it ({exc.strerror or exc})"
        ) from None
    try:
        copy = copy_dir / "backup.sqlite"
        try:
            shutil.copyfile(backup, copy)
        except OSError as exc:
            raise InputError(f"{backup} cannot be read ({exc.strerror or exc})") from None
        yield copy
    finally:
        shutil.rmtree(copy_dir, ignore_errors=True)


def _count_backup(backup: Path, named: Path) -> tuple[int, str]:
    """The backup's case count, once it passes the checks any case store gets on opening
    (this app's file, undamaged, not newer than this version; an older one is fine, it is
    upgraded once restored): else a message naming it (``named``: the file the user gave).
    With it, what is wrong with the backup's audit log ("" when it verifies, or predates the
    hash chain): an edited backup restored made an edited case store without a word."""
    from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION
    from cdt_desktop.db.sqlitefile.connect import open_db
    from cdt_desktop.domain.cases.ports import StoreError

    try:
        conn = open_db(backup, read_only=True, max_user_version=SCHEMA_VERSION)
    except StoreError as exc:
        raise InputError(f"{named} cannot be restored: {_why_not(exc)}") from None
    try:
        count = int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
        return count, _audit_problems(conn)
    except sqlite3.Error:
        raise InputError(f"{named} cannot be restored: it holds no cases table") from None
    finally:
        conn.close()


def _why_not(exc: Exception) -> str:
    """What is wrong with the file given, in a backup's words: the store's messages advise
    about a case store ("Restore it from a backup ... or move it aside", "Choose another
    folder (--data-dir)"), which misleads about the backup itself."""
    from cdt_desktop.domain.cases.ports import (
        StoreCorruptError,
        StoreForeignFileError,
        StoreNotADatabaseError,
    )

    if isinstance(exc, StoreNotADatabaseError):
        return "it is not a database file (not a backup of this app); choose another backup"
    if isinstance(exc, StoreCorruptError):
        return "it is damaged (empty, cut short, or failing SQLite's check); choose another backup"
    if isinstance(exc, StoreForeignFileError):
        return "it is another program's database, not a backup of this app; choose another backup"
    return str(exc)  # a newer version's (install it), a network error...


def _audit_problems(conn: sqlite3.Connection) -> str:
    """The first problem of the backup's audit trail (removed triggers, a broken hash chain),
    or "" (also for a backup from before the chain, which the upgrade adds)."""
    from cdt_desktop.db.cases.sqlite import audit_chain

    has_chain = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'"
    ).fetchone()
    if has_chain is None:
        return ""
    problems = [f"trigger {name} removed" for name in audit_chain.missing_triggers(conn)]
    return "; ".join([*problems, *audit_chain.verify_chain(conn)][:2])


def _confirm(now: int, store: Path, backed_up: int, backup: Path) -> bool:
    if not sys.stdin.isatty():
        raise InputError("restoring replaces the cases: add --yes to confirm")
    answer = input(
        f"Replace the {now} case(s) in {store} with the {backed_up} case(s) of {backup.name}? "
        "(the current ones are kept as a backup) [y/N] "
    )
    return answer.strip().lower() in ("y", "yes")
