"""Backups of the one-PC case store: the online backup API, from the store's own connection
(``backup``: the CLI, File > Back up cases...) or from a connection of its own (``backup_copy``:
the daily backup a worker thread makes while the window goes on working), and the way back
(``restore_from``: a backup's content copied into the store with the same API, after a backup of
what it replaces). Each is audited with file names, never folders. Mixed in above ``CaseRows``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdt_desktop.db.sqlitefile.connect import open_db
from cdt_desktop.db.sqlitefile.errors import translate_error
from cdt_desktop.domain.cases.ports import MAX_OPERATOR_LEN, StoreFileGoneError

RESCUE_FOLDER = ("backups", "rescued")
"""Where ``rescue_copy`` writes, beside the store."""


class StoreBackups:
    """``backup``, ``backup_copy``, ``rescue_copy`` and ``record_backup`` of ``CaseStore``."""

    if TYPE_CHECKING:
        _conn: sqlite3.Connection
        path: Path
        read_only: bool

        def _write(self, doing: str) -> Any: ...

        def _audit(
            self,
            conn: sqlite3.Connection,
            op: str,
            action: str,
            case_id: int | None,
            detail: str,
            *,
            user_id: int | None = -1,
        ) -> None: ...

    def backup(self, dest: Path | str, *, operator: str = "") -> Path:
        """Online-backup the store to ``dest`` (a new file, or a folder for a dated name)."""
        written = _backup_database(self._conn, self.path, Path(dest))
        with contextlib.suppress(StoreFileGoneError):  # the backup is all the office has now
            self.record_backup(written, operator=operator)  # (its audit row cannot be written)
        return written

    def rescue_copy(self) -> Path:
        """What this connection holds, copied into ``backups/rescued`` beside the store once
        its file was deleted or replaced while open: everything saved until then, which a
        daily backup up to a day old does not hold (review). Not audited: the audit log is
        in the file that is gone, and the copy holds it as it was."""
        from cdt_desktop.core.atomic import private_folder

        folder = private_folder(self.path.parent.joinpath(*RESCUE_FOLDER))
        return _backup_database(self._conn, self.path, folder)

    def backup_copy(self, dest: Path | str) -> Path:
        """The same backup through a connection of its own, so a worker thread can make it
        while the window goes on working in the store (the copy is one read transaction: the
        store as of its last commit). Not audited: :meth:`record_backup` does that, on the
        store's own thread. Opened ``mode=rw``: a store file moved or deleted meanwhile is an
        error, never a new empty file (beside the old ``-wal``) where the store was."""
        from cdt_desktop.core import open_stores

        uri = f"{self.path.absolute().as_uri()}?mode=rw"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path, "backing up") from None
        counted = open_stores.opened(self.path)  # (a store opened meanwhile reads nothing)
        try:
            return _backup_database(conn, self.path, Path(dest))
        finally:
            conn.close()
            open_stores.closed(counted)

    def restore_from(self, backup: Path, *, keep_in: Path, operator: str) -> Path:
        """Replace the store's content with ``backup``'s (a backup this app wrote, checked by
        the caller) in one step of SQLite's backup API, after an online backup of the current
        content into the folder ``keep_in``; that backup's path. The store is audited
        "restore" afterwards by the caller, once it has reopened (and, for an older backup,
        upgraded) the store."""
        if self.read_only:
            from cdt_desktop.domain.cases.ports import StoreReadOnlyError

            raise StoreReadOnlyError(
                f"Case store {self.path} is open read-only; nothing was restored.", self.path
            )
        from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION

        # read as any store is opened read-only: a hand-copied live store in a read-only
        # folder (a write-protected USB drive) with changes still in its -wal is read from a
        # private copy (mode=ro alone cannot open it there: SQLITE_CANTOPEN, named as if the
        # store were at fault); and the file is checked again just before it is copied
        source = open_db(Path(backup), read_only=True, max_user_version=SCHEMA_VERSION)
        resized: Path | None = None
        try:
            from cdt_desktop.core.atomic import private_folder

            private_folder(keep_in)  # 0700, and so is a backups/ made for it
            kept = _backup_database(self._conn, self.path, keep_in)
            if _page_size(source) != _page_size(self._conn):
                source, resized = self._resized(source, keep_in)
            source.backup(self._conn)
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path, "restoring into") from None
        finally:
            source.close()
            if resized is not None:
                import shutil

                shutil.rmtree(resized, ignore_errors=True)
        return kept

    def _resized(self, source: sqlite3.Connection, folder: Path) -> tuple[sqlite3.Connection, Path]:
        """``source`` copied (VACUUM INTO, a private folder in ``folder``) with the store's page
        size, and that folder: SQLite's backup cannot change a WAL store's page size, and a
        backup of another page size (a store vacuumed by a database tool) was refused as "Case
        store ... is read-only ... check the permissions"."""
        import tempfile

        copy_dir = Path(tempfile.mkdtemp(prefix=".restore-", dir=folder))  # 0700
        copy = copy_dir / "resized.sqlite"
        try:
            source.execute("PRAGMA query_only = OFF")  # mode=ro, or a private copy: unchanged
            source.execute(f"PRAGMA page_size = {_page_size(self._conn)}")
            source.execute("VACUUM INTO ?", (str(copy),))
        finally:
            source.close()
        return sqlite3.connect(f"{copy.absolute().as_uri()}?mode=ro", uri=True), copy_dir

    def record_restore(
        self, backup: Path, kept: Path, *, operator: str, edited: bool = False
    ) -> None:
        """Audit a restore: which backup, where the content it replaced was kept, and
        (``edited``) that the backup's audit log did not verify."""
        op = (operator or "").strip()[:MAX_OPERATOR_LEN] or "system"
        with self._write("recording a restore in") as conn:
            detail = f"from {Path(backup).name}; the content it replaced: {Path(kept).name}"
            if edited:
                detail += "; the backup's audit log did not verify"
            self._audit(conn, op, "restore", None, detail[:200])

    def record_backup(self, written: Path, *, operator: str = "") -> None:
        """Audit a backup of this store (the file's name only; "system" without initials, or
        named so: the daily backup, which no signed-in user made, so none is named with it)."""
        if not self.read_only:
            op = (operator or "").strip()[:MAX_OPERATOR_LEN] or "system"
            who = None if op == "system" else -1  # -1: the signed-in user, as _audit does
            with self._write("recording a backup in") as conn:
                self._audit(conn, op, "backup", None, Path(written).name, user_id=who)


def _page_size(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA page_size").fetchone()[0])


def _backup_database(conn: sqlite3.Connection, source: Path, dest: Path) -> Path:
    """``sqlitefile.backup.backup_database``, imported when a backup is made: the window's
    start opens the store but makes no backup."""
    from cdt_desktop.db.sqlitefile.backup import backup_database

    return backup_database(conn, source, dest)
