"""The translation of sqlite3 errors into the case store's error types.

The error types themselves live in ``cdt_desktop.domain.cases.ports`` (callers in services/ and
ui/ catch them without importing db/); they are imported here for the SQLite modules. Messages
name the file and say what to do; they never repeat SQLite's text, which can carry user data.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cdt_desktop.domain.cases.ports import (
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreNotADatabaseError,
    StoreReadOnlyError,
)

__all__ = ["restore_hint", "translate_error"]


def restore_hint(path: Path) -> str:
    """The "what to do" ending of every damaged-file message (one wording everywhere). It
    named `cdt-desktop backup`, which makes a backup and restores none (reliability walk)."""
    return (
        "Restore it from a backup: the window offers to set it aside and start, then File > "
        "Restore cases from backup... (or move the file out of its folder and run "
        "`cdt-desktop restore BACKUP`); the window keeps a daily backup in the data folder's "
        "backups/daily"
    )


_WRITE_BESIDE = frozenset(
    getattr(sqlite3, name)
    for name in ("SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMOPEN", "SQLITE_IOERR_WRITE",
                 "SQLITE_IOERR_TRUNCATE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_SHMMAP")
    if hasattr(sqlite3, name)
)  # fmt: skip
"""Extended I/O errors a full disk gives while SQLite writes the store or the files beside it
(its shared-memory index): "database error (SQLITE_IOERR_SHMSIZE)" said neither cause nor
what to do, on every command (reliability walk, a 1 MB disk)."""


def translate_error(exc: sqlite3.Error, path: Path, doing: str = "using") -> StoreError:
    """A StoreError for an sqlite3 error; SQLite's own message is dropped (it may hold user data)."""
    code = getattr(exc, "sqlite_errorcode", None)
    name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    primary = code & 0xFF if isinstance(code, int) else None
    where = f"Case store {path}"
    if primary == sqlite3.SQLITE_FULL:
        return StoreFullError(
            f"{where}: the disk is full, so the last change was not saved. "
            "Free some disk space and try again; your earlier data is intact.",
            path,
        )
    if code in _WRITE_BESIDE:
        return StoreFullError(
            f"{where} could not be written ({name}): the disk is probably full, or the folder "
            "no longer takes new files. Free some disk space and try again; your earlier data "
            "is intact.",
            path,
        )
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return StoreReadOnlyError(
            f"{where} is read-only, so changes cannot be saved. Check the file and folder "
            "permissions, or copy the store to a writable folder.",
            path,
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreLockedError(
            f"{where} is busy: another window or program is writing to it. Try again.", path
        )
    if primary == sqlite3.SQLITE_NOTADB:
        return StoreNotADatabaseError(
            f"{where} is not a database file (SQLITE_NOTADB). It was left untouched. "
            f"{restore_hint(path)}.",
            path,
        )
    if primary == sqlite3.SQLITE_CORRUPT:
        return StoreCorruptError(
            f"{where} is damaged (SQLITE_CORRUPT). It was left untouched. {restore_hint(path)}.",
            path,
        )
    return StoreError(f"{where}: database error while {doing} it ({name}).", path)
