"""Backups of the one-PC case store: the online backup API, from the store's own connection
(``backup``: the CLI, File > Back up cases...) or from a connection of its own (``backup_copy``:
the daily backup a worker thread makes while the window goes on working). Each is audited as
"backup" with the file's name, never its folder. Mixed in above ``CaseRows``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdt_desktop.db.sqlitefile.connect import backup_database
from cdt_desktop.db.sqlitefile.errors import translate_error
from cdt_desktop.domain.cases.ports import MAX_OPERATOR_LEN


class StoreBackups:
    """``backup``, ``backup_copy`` and ``record_backup`` of ``CaseStore``."""

    if TYPE_CHECKING:
        _conn: sqlite3.Connection
        path: Path
        read_only: bool

        def _write(self, doing: str) -> Any: ...

        def _audit(
            self, conn: sqlite3.Connection, op: str, action: str, case_id: int | None, detail: str
        ) -> None: ...

    def backup(self, dest: Path | str, *, operator: str = "") -> Path:
        """Online-backup the store to ``dest`` (a new file, or a folder for a dated name)."""
        written = backup_database(self._conn, self.path, Path(dest))
        self.record_backup(written, operator=operator)
        return written

    def backup_copy(self, dest: Path | str) -> Path:
        """The same backup through a connection of its own, so a worker thread can make it
        while the window goes on working in the store (the copy is one read transaction: the
        store as of its last commit). Not audited: :meth:`record_backup` does that, on the
        store's own thread."""
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path, "backing up") from None
        try:
            return backup_database(conn, self.path, Path(dest))
        finally:
            conn.close()

    def record_backup(self, written: Path, *, operator: str = "") -> None:
        """Audit a backup of this store (the file's name only; "system" without initials)."""
        if not self.read_only:
            op = (operator or "").strip()[:MAX_OPERATOR_LEN] or "system"
            with self._write("recording a backup in") as conn:
                self._audit(conn, op, "backup", None, Path(written).name)
