"""Backing up a live SQLite store: the online backup API into a private file that appears only
when complete and verified (never a file copy, which loses what the WAL holds).

Split from ``connect.py`` (opening files): the checks before a backup (not over the live store,
not over an existing file, not of a store that fails its integrity check) and what each failure
while writing says (the backup's folder or disk, never the store, unless reading it failed).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from cdt_desktop.core.atomic import new_private_file
from cdt_desktop.db.sqlitefile.checks import integrity_check, private_file, quick_check
from cdt_desktop.db.sqlitefile.connect import link_into_place, random_suffix
from cdt_desktop.db.sqlitefile.errors import translate_error
from cdt_desktop.domain.cases.ports import StoreCorruptError, StoreError, StoreFullError

log = logging.getLogger("cdt.db")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _backup_disk_full(source: Path, dest: Path) -> StoreFullError:
    """A full disk under the *backup* is not a problem of the case store (issue 15 item 19)."""
    return StoreFullError(
        f"The backup {dest} was not written: the disk holding {dest.parent} is full. "
        f"The case store {source} is unchanged; free some space there or choose another "
        "folder.",
        dest,
    )


def backup_database(conn: sqlite3.Connection, source: Path, dest: Path) -> Path:
    """Copy a live store to ``dest`` with the online backup API (never a file copy, which loses
    WAL content); integrity_check first; the new file is 0600, self-contained (DELETE journal),
    and appears only when complete. ``dest`` may be a folder (a dated name is chosen)."""
    source = Path(source)
    dest = _backup_target(source, Path(dest))
    _require_intact(conn, source)
    from cdt_desktop.core.tempclean import clean_stale, temp_prefix

    clean_stale(dest.parent)  # what a killed backup left here (issue 15 item 8)
    tmp = dest.with_name(f"{temp_prefix(dest.name)}{random_suffix(4)}.partial")
    try:
        new_private_file(tmp)  # 0600 before a byte is in it; SQLite's journal takes its mode
        target = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            ok = quick_check(target) == ["ok"]
        finally:
            target.close()
        if not ok:
            raise StoreCorruptError(f"The backup written to {dest} did not verify.", dest)
        private_file(tmp)
        link_into_place(tmp, dest, exist_ok=False)
    except sqlite3.Error as exc:
        raise _backup_sqlite_error(exc, source, dest) from None
    except OSError as exc:
        raise _backup_os_error(exc, source, dest) from None
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    log.info("backup written (%s)", dest.name)
    return dest


def _backup_target(source: Path, dest: Path) -> Path:
    """The backup's file (a dated name in ``dest`` when it is a folder); StoreError for the
    live store itself, a file that exists or a folder that does not."""
    if dest.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        dest = dest / f"{source.stem}-{stamp}-{random_suffix(2)}.sqlite"
    live = {source.absolute(), *(Path(f"{source.absolute()}{s}") for s in ("-wal", "-shm"))}
    if dest.absolute() in live or _same_file(dest, source):
        raise StoreError(f"Refusing to write a backup over the live case store {source}.", source)
    if dest.exists():
        raise StoreError(f"Backup file {dest} already exists; choose a new name.", dest)
    if not dest.parent.is_dir():
        raise StoreError(f"Backup folder {dest.parent} does not exist; create it first.", dest)
    return dest


def _require_intact(conn: sqlite3.Connection, source: Path) -> None:
    """No backup of a store that fails its integrity check (it would replace a good one)."""
    try:
        problems = integrity_check(conn)
    except sqlite3.Error as exc:
        raise translate_error(exc, source, "checking") from None
    if problems != ["ok"]:
        raise StoreCorruptError(
            f"Case store {source} failed its integrity check, so no backup was written. "
            "Keep your older backups; run cdt-desktop doctor.",
            source,
        )


def _backup_sqlite_error(exc: sqlite3.Error, source: Path, dest: Path) -> StoreError:
    """What to say when SQLite failed while writing the backup."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == sqlite3.SQLITE_CANTOPEN:
        return StoreError(  # SQLite could not create the file: not a problem of the store
            f"Cannot write the backup {dest}: the folder {dest.parent} is not writable. "
            "Choose another folder.",
            dest,
        )
    if code == sqlite3.SQLITE_FULL:
        return _backup_disk_full(source, dest)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):  # reading the store failed
        return translate_error(exc, source, "backing up")
    return StoreError(
        f"Cannot write the backup {dest} ({getattr(exc, 'sqlite_errorname', 'error')}). "
        f"The case store {source} is unchanged.",
        dest,
    )


def _backup_os_error(exc: OSError, source: Path, dest: Path) -> StoreError:
    """What to say when the file system failed while writing the backup."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _backup_disk_full(source, dest)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):  # the file was not made
        return StoreError(
            f"Cannot write the backup {dest}: the folder {dest.parent} is not writable. "
            "Choose another folder.",
            dest,
        )
    return StoreError(
        f"Cannot write the backup {dest} ({exc.strerror or 'error'}). "
        f"The case store {source} is unchanged.",
        dest,
    )
