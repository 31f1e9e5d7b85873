"""The case-store error types and the translation of sqlite3 errors into them.

Apart from ``connect`` so that ``checks`` (which raises them) and ``connect`` (which opens files)
can both use them without importing each other. Messages name the file and say what to do; they never repeat SQLite's text, which can carry
user data.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cdt_desktop.core.errors import UserFacingError


class StoreError(UserFacingError):
    """A case-store problem; the message names the file and what to do, never patient data."""

    def __init__(self, message: str, path: Path | str | None = None):
        self.path = Path(path) if path is not None else None
        super().__init__(message)

    def __str__(self) -> str:  # KeyError-like subclasses would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class StoreCorruptError(StoreError):
    """The file is damaged (SQLITE_CORRUPT, failed quick/integrity check, empty or truncated)."""


class StoreNotADatabaseError(StoreCorruptError):
    """The file is not an SQLite database at all (SQLITE_NOTADB: random bytes, a text file)."""


class StoreForeignFileError(StoreError):
    """An SQLite file that belongs to another application (other ``application_id``)."""


class StoreNewerSchemaError(StoreError):
    """The store was written by a newer version of the app."""


class StoreReadOnlyError(StoreError):
    """A write was attempted on a store that is open read-only."""


class StoreLockedError(StoreError):
    """Another window or program held the store for longer than the busy timeout."""


class StoreFullError(StoreError):
    """The disk is full (SQLITE_FULL); SQLite has rolled the transaction back."""


class StoreMissingError(StoreError):
    """No store at that path and creating one was not asked for."""


class StoreNetworkPathError(StoreError):
    """The path is on a network share, where SQLite's locking and WAL do not work."""


def restore_hint(path: Path) -> str:
    """The "what to do" ending of every damaged-file message (one wording everywhere)."""
    return "Restore it from a backup (cdt-desktop backup makes one) or move it aside"


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
