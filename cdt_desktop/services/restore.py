"""Putting a backup back into this PC's case store: `cdt-desktop restore` and the window's
File > Restore cases from backup... share this.

The backup is checked first (a case store this app wrote, undamaged, not from a newer version;
an older one is fine, it is upgraded once restored); a backup on a network share is read from a
private copy on this PC's disk (SQLite files are never opened over a network). What it replaces
is kept as a backup in ``backups/before-restore`` beside the store; the copy is SQLite's online
backup into the store, so a window open on it shows the restored cases within seconds. The
store is audited "restore" with who restored it and from which file (its name, never its
folder). Who restores, and whether they are sure, are the caller's: a PIN or ``--operator`` and
``--yes`` on the command line, the signed-in user and a question in the window.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import InputError

if TYPE_CHECKING:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

KEEP_FOLDER = ("backups", "before-restore")


@dataclass(frozen=True)
class Backup:
    """A backup file checked for restoring: its case count, its users (the sign-in it brings),
    what is wrong with its audit log ("" when it verifies, or predates the hash chain) and when
    it was made (``made_at``; None: unknown)."""

    path: Path
    cases: int
    edited: str = ""
    users: int = 0
    made: datetime | None = None


@dataclass(frozen=True)
class Restored:
    """What a restore did: cases now in the store and before, where those are kept, and the
    users (sign-in) before and after: the users and PINs are the backup's too."""

    backup: Backup
    cases: int
    replaced: int
    kept: Path
    users_before: int
    users_after: int

    def users_line(self) -> str:
        """Sign-in after the restore, in a sentence (a warning when it went off)."""
        before, after = self.users_before, self.users_after
        if after == 0 and before > 0:
            return (
                f"warning: the backup has no users, so sign-in is now OFF on this PC (it had "
                f"{before}); turn it on again with: cdt-desktop users add NAME --role admin"
            )
        if after == 0:
            return "sign-in: off, as before"
        changed = "" if after == before else f" (there were {before})"
        return f"sign-in: on, the backup's {after} user(s) and their PINs{changed}"


def restore(
    store_path: Path,
    backup: Backup,
    readable: Path,
    *,
    who: Callable[[CaseStore], str],
    sure: Callable[[int, int], bool],
    on_new_store: Callable[[Path], None] | None = None,
) -> Restored | None:
    """Replace the cases of the store at ``store_path`` with those of ``backup`` (read from
    ``readable``: the file itself, or this PC's copy of one on a share). ``who`` names who
    restores (signing them in on the store if need be; InputError when nobody may);
    ``sure(cases now, users now)`` asks before anything is replaced: None when not. Where the PC has no
    store yet (a new PC after a dead disk: what a backup on a USB drive is for), a new one is
    made for the backup and ``on_new_store`` hears of it."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    with _open_target(store_path, on_new_store) as store:
        operator = who(store)
        if not operator:
            raise InputError("give --operator INITIALS (the audit log records who restored)")
        now, users_before = store.count_cases(), store.count_users()
        if not sure(now, users_before):
            return None
        keep_in = store_path.parent.joinpath(*KEEP_FOLDER)
        kept = store.restore_from(readable, keep_in=keep_in, operator=operator)
    with CaseStore.open_file(store_path, create=False) as store:  # upgrades an older backup
        store.record_restore(backup.path, kept, operator=operator, edited=bool(backup.edited))
        return Restored(
            backup=backup,
            cases=store.count_cases(),
            replaced=now,
            kept=kept,
            users_before=users_before,
            users_after=store.count_users(),
        )


def _open_target(store_path: Path, on_new_store: Callable[[Path], None] | None) -> CaseStore:
    """The store the backup goes into: this PC's, or where it has none a new one made for it.
    A damaged store is not replaced in place: the message says how to set it aside first."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.cases.ports import StoreCorruptError

    if not store_path.exists():
        if on_new_store is not None:
            on_new_store(store_path)
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


class CopyCancelled(Exception):
    """The copy of a backup from the share was stopped by the user: nothing was changed."""


Progress = Callable[[int, int], bool]
"""Told (bytes copied, bytes in all) as a copy goes; False stops it (:class:`CopyCancelled`)."""
COPY_CHUNK = 1 << 20


def _copy(source: Path, target: Path, progress: Progress | None) -> None:
    """``source`` to ``target`` a chunk at a time, telling ``progress`` after each one (a
    large backup on a slow share took minutes under a wait cursor and nothing else)."""
    if progress is None:
        import shutil

        shutil.copyfile(source, target)
        return
    with open(source, "rb") as src, open(target, "wb") as out:
        total, done = max(1, src.seek(0, 2)), 0
        src.seek(0)
        while chunk := src.read(COPY_CHUNK):
            out.write(chunk)
            done += len(chunk)
            if not progress(done, total):
                raise CopyCancelled


@contextmanager
def local_copy(backup: Path, folder: Path, progress: Progress | None = None) -> Iterator[Path]:
    """``backup``, or where it is on a network share (the office's backup share, as the user
    guide suggests), a private copy of it in ``folder`` (the store's, on this PC's own disk)
    for the time of the restore: SQLite files are never opened over a network. ``progress``
    hears how the copy goes and may stop it (the copy is then removed)."""
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
            _copy(backup, copy, progress)
        except OSError as exc:
            raise InputError(f"{backup} cannot be read ({exc.strerror or exc})") from None
        yield copy
    finally:
        shutil.rmtree(copy_dir, ignore_errors=True)


def read_backup(readable: Path, named: Path) -> Backup:
    """``named`` (read from ``readable``) checked as any case store is on opening (this app's
    file, undamaged, not newer than this version; an older one is fine, it is upgraded once
    restored), with its case count and what is wrong with its audit log: else InputError
    naming it. An edited backup restored made an edited case store without a word."""
    from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION
    from cdt_desktop.db.sqlitefile.connect import open_db
    from cdt_desktop.domain.cases.ports import StoreError

    try:
        conn = open_db(readable, read_only=True, max_user_version=SCHEMA_VERSION)
    except StoreError as exc:
        raise InputError(f"{named} cannot be restored: {_why_not(exc)}") from None
    try:
        count = int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
        return Backup(named, count, _audit_problems(conn), _users(conn), made_at(named))
    except sqlite3.Error:
        raise InputError(f"{named} cannot be restored: it holds no cases table") from None
    finally:
        conn.close()


def made_at(backup: Path) -> datetime | None:
    """When ``backup`` was made (UTC): the time in the name this app gives a backup
    (``cases-20261123-111634-ef37.sqlite``: File > Back up cases..., the daily backups, the copy
    a restore keeps), which a copy of the file keeps; else the file's modification time (a
    backup given a name of one's own); None when neither can be read. The file itself, never
    this PC's copy of one on a share (made just now)."""
    import re

    found = re.search(r"-(\d{8})-(\d{6})-[0-9a-f]+$", backup.stem)
    if found is not None:
        try:
            return datetime.strptime("".join(found.groups()), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            pass  # digits that are no time: the file's time
    try:
        return datetime.fromtimestamp(backup.stat().st_mtime, UTC)
    except (OSError, ValueError, OverflowError):
        return None


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


def _users(conn: sqlite3.Connection) -> int:
    """The backup's users (0 in one from before sign-in)."""
    has_users = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'"
    ).fetchone()
    return 0 if has_users is None else int(conn.execute("SELECT count(*) FROM users").fetchone()[0])


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


DAMAGED_FOLDER = ("backups", "damaged")


def set_aside(store_path: Path, now: float | None = None) -> Path:
    """Move a damaged case store (with its -wal, -shm and -journal files) out of the way, into a
    dated folder under ``backups/damaged`` beside it, so that the window can start on a new,
    empty store and a backup can be restored into it; the folder. Nothing is deleted: the files
    are renamed, on the same disk. InputError (naming the folder) when they cannot be moved."""
    import os
    import time

    from cdt_desktop.core.atomic import private_folder

    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    base = store_path.parent.joinpath(*DAMAGED_FOLDER, f"{store_path.stem}-{stamp}")
    folder, n = base, 1
    while folder.exists():  # never into a folder that holds another store's files
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    try:
        private_folder(folder)  # 0700, as the store's folder
        for suffix in ("-wal", "-shm", "-journal", ""):  # the main file last: a cut leaves it
            source = store_path.with_name(store_path.name + suffix)
            if source.exists():
                os.replace(source, folder / source.name)
    except OSError as exc:
        raise InputError(
            f"the damaged case store {store_path} could not be moved into {folder} "
            f"({exc.strerror or exc}); it was left where it is"
        ) from None
    return folder


def made_words(made: datetime, at: datetime) -> str:
    """When a backup was made, in words, in this PC's time: "today at 14:02, 2 hours ago",
    "on December 5 at 14:02, 8 days ago" (the year when it is not this one). No age for a time
    after ``at`` (another PC's clock ahead)."""
    from cdt_desktop.domain.dates import MONTHS

    local, today = made.astimezone(), at.astimezone().date()
    day = local.date()
    if day == today:
        when = "today"
    elif (today - day).days == 1:
        when = "yesterday"
    else:
        year = "" if day.year == today.year else f", {day.year}"
        when = f"on {MONTHS[day.month - 1]} {day.day}{year}"
    when += f" at {local:%H:%M}"
    seconds = (at - made).total_seconds()
    if seconds < 0:
        return when
    minutes, hours, days = int(seconds // 60), int(seconds // 3600), int(seconds // 86400)
    if minutes < 1:
        age = "less than a minute ago"
    elif hours < 1:
        age = f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    elif hours < 48:
        age = f"{hours} hour{'s' if hours != 1 else ''} ago"
    else:
        age = f"{days} days ago"
    return f"{when}, {age}"
