"""What a case store's SQLite error tells the office: the cause and what to do, never SQLite's
own text (it can hold user data). The errors are sqlite3's own exception type carrying the
codes SQLite sets on them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cdt_desktop.db.sqlitefile.errors import restore_hint, translate_error
from cdt_desktop.domain.cases.ports import StoreError, StoreFullError

STORE = Path("/srv/office/cases.sqlite")


def _error(name: str) -> sqlite3.Error:
    exc = sqlite3.OperationalError("disk I/O error near 'Maria Nguyen'")
    exc.sqlite_errorcode = getattr(sqlite3, name)  # type: ignore[attr-defined]
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("situation", "name", "full"),
    [
        (
            "a full disk while the shared-memory index is sized at open",
            "SQLITE_IOERR_SHMSIZE",
            True,
        ),
        ("a full disk while a page is written", "SQLITE_IOERR_WRITE", True),
        ("a full disk reported as such", "SQLITE_FULL", True),
        ("a read error (a failing disk), not a full one", "SQLITE_IOERR_READ", False),
    ],
)
def test_a_full_disk_is_named_with_what_to_do(situation: str, name: str, full: bool) -> None:
    error = translate_error(_error(name), STORE, "opening")
    assert isinstance(error, StoreFullError) is full
    assert isinstance(error, StoreError)
    text = str(error)
    assert str(STORE) in text and "Maria" not in text
    assert ("Free some disk space" in text) is full


def test_a_damaged_store_is_sent_to_restore_not_to_backup() -> None:
    """The advice named `cdt-desktop backup makes one`: that command makes a backup and
    restores none (reliability walk)."""
    hint = restore_hint(STORE)
    assert "cdt-desktop restore BACKUP" in hint and "backups/daily" in hint
    assert "backup makes one" not in hint
    damaged = str(translate_error(_error("SQLITE_CORRUPT"), STORE))
    assert "cdt-desktop restore BACKUP" in damaged
