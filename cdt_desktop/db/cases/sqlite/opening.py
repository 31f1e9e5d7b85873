"""Opening ``cases.sqlite``: the folder, the file, an upgrade, the tables; and the quick check
that the window lets finish in the background.

Split from ``repository.py`` (which holds the case rows, ticks and audit): everything here runs
once, when the store is opened.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from cdt_desktop.core import open_stores
from cdt_desktop.core.atomic import private_folder
from cdt_desktop.db.cases.sqlite.schema_version import SCHEMA_VERSION, user_version
from cdt_desktop.db.sqlitefile.checks import check_local_path, is_read_only, quick_check
from cdt_desktop.db.sqlitefile.connect import CheckedConnection, open_db
from cdt_desktop.domain.cases.ports import (
    StoreCorruptError,
    StoreError,
    StoreMissingError,
    StoreReadOnlyError,
)

_TABLES = ("cases", "checks", "audit", "radiographs")


def _require_tables(conn: sqlite3.Connection, path: Path) -> None:
    """A store whose tables were dropped by another program is a clear message, not a raw
    SQLITE_ERROR at the first query (issue 15 item 19)."""
    found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [name for name in _TABLES if name not in found]
    if missing:
        raise StoreCorruptError(
            f"Case store {path} lacks its {', '.join(missing)} table(s): another program changed "
            "it. It was left untouched. Restore it from a backup (cdt-desktop backup makes one).",
            path,
        )


def open_store_connection(
    path: Path, *, read_only: bool, create: bool, check_budget_s: float | None
) -> sqlite3.Connection:
    """The store file's connection: a local path, its folder made (0700) when missing and
    ``create``, the file opened (and checked within ``check_budget_s``), an older schema
    upgraded after a backup into ``backups/``, a newer one refused untouched, the tables there.
    """
    folder = path.parent
    check_local_path(path)
    if folder.exists() and not folder.is_dir():
        raise StoreError(
            f"The data folder {folder} is a file, not a folder. Choose another folder "
            "(--data-dir) or move that file aside.",
            path,
        )
    if not folder.is_dir():
        if read_only or not create:
            raise StoreMissingError(f"No case store at {path}.", path)
        try:
            private_folder(folder)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the data folder {folder} ({exc.strerror or 'error'}). "
                "Choose another folder (--data-dir).",
                path,
            ) from None
    conn = open_db(
        path, create=create and not read_only, read_only=read_only,
        max_user_version=SCHEMA_VERSION, check_budget_s=check_budget_s,
    )  # fmt: skip
    try:
        if user_version(conn) < SCHEMA_VERSION:
            if is_read_only(conn):
                raise StoreReadOnlyError(
                    f"Case store {path} needs an upgrade to schema {SCHEMA_VERSION} but is "
                    "read-only. Open it once with write access.",
                    path,
                )
            from cdt_desktop.db.cases.sqlite.migrations import apply_migrations  # (old stores)

            apply_migrations(conn, path, folder / "backups")
        _require_tables(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


class BackgroundCheck:
    """Finish a quick check that ``open_db`` cut short (load item of issue 15): on its own
    read-only connection in a thread, so the window shows 10,000 cases as fast as none.
    Writes wait for it, and a failed check blocks them (docs/design-rules.md, R5)."""

    def __init__(self, uri: str, file: tuple[int, int] | None = None) -> None:
        self._done = threading.Event()
        self._problems: list[str] = []
        # counted as open while it runs: a store opened again meanwhile (switched away and
        # back) must not read the file with a handle of its own (core/open_stores.py; review)
        self._file = open_stores.held(file)
        threading.Thread(target=self._run, args=(uri,), name="cdt-quick-check", daemon=True).start()

    @classmethod
    def start_for(cls, conn: sqlite3.Connection) -> BackgroundCheck | None:
        """The check of a connection whose quick check was deferred, else None."""
        if isinstance(conn, CheckedConnection) and conn.check_deferred:
            return cls(conn.open_uri, conn.file)
        return None

    def _run(self, uri: str) -> None:
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=10)
            try:
                self._problems = quick_check(conn)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            self._problems = [type(exc).__name__]
        finally:
            open_stores.closed(self._file)
            self._done.set()

    def result(self, timeout: float | None = None) -> list[str]:
        """The check's rows; [] while it has not finished within ``timeout`` seconds."""
        self._done.wait(timeout)
        return list(self._problems) if self._done.is_set() else []
