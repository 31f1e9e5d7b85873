"""Opening the reference library file, and naming what is wrong with it.

Two moments check the file, with one set of rules (`_identity_problem`):

* `check_header`, when the library object is made (the window's start): the file's 100-byte
  SQLite header answers whether it is there, not empty, a SQLite file, ours, whole and of this
  schema, without SQLite opening it (issue 19: the start reads no page of it);
* `open_checked`, at the first read: SQLite's own answers to the same questions (the file may
  have been replaced since, and a header whose page counter is stale says nothing of the size),
  and what only SQLite can tell: the tables, and pages too damaged to read.

Every problem is a `ReferenceDataError` naming the file and what to do (docs/design-rules.md).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.reference.schema import APPLICATION_ID, REQUIRED_TABLES, SCHEMA_VERSION

FIX = "reinstall CDT Companion Desktop, or run 'cdt-desktop build-data' in a source checkout"
_SQLITE_MAGIC = b"SQLite format 3\x00"


class ReferenceDataError(UserFacingError):
    """The reference library file is missing, damaged or not ours (message names the file)."""


def library_error(path: Path, problem: str) -> ReferenceDataError:
    """ "reference library /x/cdt.sqlite is truncated or damaged; reinstall …", or with a colon
    before a noun: "…/cdt.sqlite: file not found" (verification walk: "…/broken.sqlite: is
    truncated" read as a stray colon)."""
    joined = " " if problem.split(" ", 1)[0] in ("is", "was", "has", "lacks", "cannot") else ": "
    return ReferenceDataError(f"reference library {path}{joined}{problem}; {FIX}")


def _identity_problem(
    size: int, *, application_id: int, version: int, page_size: int, page_count: int | None
) -> str | None:
    """The first thing wrong with the file's identity, as the header or SQLite's pragmas tell
    it, in the order the user should fix it (``page_count`` None: the header's page counter is
    stale, written by an older SQLite, and says nothing of the size)."""
    if application_id != APPLICATION_ID:
        return "is not a CDT Companion reference library"
    if page_count is not None and page_size * page_count != size:
        return "is truncated or damaged"
    if version > SCHEMA_VERSION:
        return (
            f"was built by a newer version (schema {version}, this version reads {SCHEMA_VERSION})"
        )
    if version < SCHEMA_VERSION:
        return f"has an old schema ({version}, expected {SCHEMA_VERSION})"
    return None


def _read_header(path: Path) -> tuple[bytes, int]:
    """The first 100 bytes and the file's size; a missing, unreadable or empty file, or a
    folder, is named."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(100)
    except FileNotFoundError:
        raise library_error(path, "file not found") from None
    except IsADirectoryError:
        raise library_error(path, "is not a file") from None
    except OSError as exc:
        problem = f"cannot be read ({exc.strerror or type(exc).__name__})"
        raise library_error(path, problem) from None
    if size == 0:
        raise library_error(path, "file is empty")
    return header, size


def check_header(path: Path) -> int:
    """Check what the header answers (see the module's docstring); the file's size."""
    header, size = _read_header(path)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise library_error(path, "is not a SQLite database or is damaged")

    def number(at: int, width: int) -> int:
        return int.from_bytes(header[at : at + width], "big")

    page_size = number(16, 2)
    counter_valid = number(92, 4) == number(24, 4)  # SQLite's rule for the in-header page count
    problem = _identity_problem(
        size,
        application_id=number(68, 4),
        version=number(60, 4),
        page_size=65536 if page_size == 1 else page_size,
        page_count=number(28, 4) if counter_valid else None,
    )
    if problem is not None:
        raise library_error(path, problem)
    return size


def _uri(path: Path) -> str:
    """Read-only and immutable: the file never changes while the app runs, a read-only install
    folder cannot stop us reading it (docs/design-rules.md, R7), nothing is created by accident."""
    return path.resolve().as_uri() + "?mode=ro&immutable=1"


def open_checked(path: Path) -> sqlite3.Connection:
    """The library opened with SQLite and checked (see the module's docstring)."""
    size = check_header(path)  # again: the file may have been replaced since it was checked
    try:
        conn = sqlite3.connect(_uri(path), uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise library_error(path, f"cannot be opened ({type(exc).__name__})") from None
    try:
        _check_tables(conn, path, size)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_tables(conn: sqlite3.Connection, path: Path, size: int) -> None:
    def pragma(name: str) -> int:
        return int(conn.execute(f"PRAGMA {name}").fetchone()[0])

    try:
        problem = _identity_problem(
            size,
            application_id=pragma("application_id"),
            version=pragma("user_version"),
            page_size=pragma("page_size"),
            page_count=pragma("page_count"),
        )
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.DatabaseError:
        raise library_error(path, "is not a SQLite database or is damaged") from None
    if problem is not None:
        raise library_error(path, problem)
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise library_error(path, f"lacks table(s) {', '.join(missing)}")
