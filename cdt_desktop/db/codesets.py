"""This PC's licensed CDT code sets, one per edition, in their own SQLite file.

A practice's own licensed file is read and checked in ``cdt_file.py``; the accepted codes are
stored here per edition in ``codesets.sqlite`` in the per-user data folder, beside (not inside)
the case store.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop.core.atomic import private_folder
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.cdt_file import ImportedCode, in_force_year

if TYPE_CHECKING:
    from cdt_desktop.domain.coding.codesets import EditionToSave

FILE_NAME = "codesets.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS codesets (
    edition TEXT PRIMARY KEY, source_name TEXT NOT NULL, imported_at TEXT NOT NULL,
    row_count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS codes (
    edition TEXT NOT NULL REFERENCES codesets(edition) ON DELETE CASCADE,
    code TEXT NOT NULL, nomenclature TEXT NOT NULL, descriptor TEXT NOT NULL,
    category TEXT NOT NULL, PRIMARY KEY (edition, code));
"""

CODESETS_APPLICATION_ID = 0x43445453
"""``PRAGMA application_id`` of a code-set file: the bytes "CDTS" (a case store is "CDTC")."""
_OWN_TABLES = {"codesets", "codes"}


class CodeSetStore:
    """The imported code sets, one per CDT edition; the newest edition is the active one.

    The file gets the case store's treatment (docs/design-rules.md, R26; issue 15 item 4):
    opened through ``open_db`` (local path only, ``mode=rw`` for an existing file, header and
    ``quick_check``), identified by its own ``application_id``, and created only by an import.
    Another program's database, a copy of a case store or a damaged file is refused untouched.
    A file written before the identity existed (id 0, exactly our two tables) is adopted.
    """

    def __init__(self, data_dir: Path, *, create: bool = True, read_only: bool = False) -> None:
        self.path = data_dir / FILE_NAME
        if create and not read_only:
            try:
                private_folder(data_dir)
            except OSError as exc:  # e.g. the data folder's path runs through a file
                raise UserFacingError(
                    f"cannot use the data folder {data_dir} ({exc.strerror or type(exc).__name__})"
                ) from None
        self._conn = self._open(create=create and not read_only, read_only=read_only)

    def _open(self, *, create: bool, read_only: bool) -> sqlite3.Connection:
        from cdt_desktop.db.sqlitefile.connect import open_db
        from cdt_desktop.domain.cases.ports import StoreError, StoreNetworkPathError

        fresh = not self.path.exists()
        try:
            if not fresh and not read_only:  # identify it before a read-write open writes WAL
                probe = open_db(self.path, read_only=True, application_id=None)
                try:
                    self._check_identity(probe)
                finally:
                    probe.close()
            conn = open_db(
                self.path,
                create=create,
                read_only=read_only,
                application_id=None if not fresh else CODESETS_APPLICATION_ID,
            )
        except StoreNetworkPathError:
            raise UserFacingError(
                f"the code set file {self.path} is on a network share; keep the data folder "
                "on this computer's own disk"
            ) from None
        except StoreError as exc:
            raise self._unusable(type(exc).__name__) from None
        try:
            self._check_identity(conn)
            if not read_only:
                conn.execute(f"PRAGMA application_id = {CODESETS_APPLICATION_ID}")
                conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            conn.close()
            raise self._unusable(type(exc).__name__) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _unusable(self, reason: str) -> UserFacingError:
        return UserFacingError(
            f"the code set file {self.path} cannot be used ({reason}); it was left untouched. "
            "Move it aside and import your CDT file again"
        )

    def _check_identity(self, conn: sqlite3.Connection) -> None:
        found = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if found == CODESETS_APPLICATION_ID:
            return
        tables = {
            str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if found == 0 and tables <= _OWN_TABLES:  # an older code-set file, or a new empty one
            return
        raise self._unusable("it is not a code set file")

    @classmethod
    def open_existing(cls, data_dir: Path, *, read_only: bool = True) -> CodeSetStore | None:
        """The practice's code sets when one was ever imported; None otherwise (creates
        nothing). Read-only by default: only an import writes to the file."""
        if not (data_dir / FILE_NAME).is_file():
            return None
        return cls(data_dir, create=False, read_only=read_only)

    @property
    def location(self) -> str:
        return "this PC"

    def descriptor(self, code: str) -> str | None:
        """The licensed text shown beside our guidance: nomenclature, then the descriptor, of
        the edition in force today (``in_force_year``), else of the newest that has the code.
        In December, CDT 2027 imported ahead of its first day showed under "reviewed for CDT
        2026" while claims were still coded by 2026 (office walkthrough)."""
        row = self._conn.execute(
            "SELECT code, nomenclature, descriptor, category FROM codes WHERE code = ? "
            "ORDER BY edition <= ? DESC, edition DESC LIMIT 1",
            (code.upper(), in_force_year()),
        ).fetchone()
        found = ImportedCode(*row) if row else None
        if found is None:
            return None
        parts = [found.nomenclature, found.descriptor]
        return "\n\n".join(p for p in parts if p) or None

    def save(self, report: EditionToSave, source_name: str) -> None:
        """Replace the edition's code set with the report's accepted codes (one transaction)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn = self._conn  # autocommit (open_db): the transaction is explicit
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM codesets WHERE edition = ?", (report.edition,))
            conn.execute(
                "INSERT INTO codesets VALUES (?, ?, ?, ?)",
                (report.edition, source_name, now, len(report.accepted)),
            )
            conn.executemany(
                "INSERT INTO codes VALUES (?, ?, ?, ?, ?)",
                [
                    (report.edition, c.code, c.nomenclature, c.descriptor, c.category)
                    for c in report.accepted
                ],
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise UserFacingError(
                f"the code set could not be saved in {self.path} ({type(exc).__name__}); "
                "nothing was changed"
            ) from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def editions(self) -> list[tuple[str, str, int]]:
        """(edition, imported_at, row_count), newest edition first."""
        return list(
            self._conn.execute(
                "SELECT edition, imported_at, row_count FROM codesets ORDER BY edition DESC"
            )
        )

    def source_name(self, edition: str) -> str:
        """The name of the file ``edition`` was imported from ("" when it is not here)."""
        row = self._conn.execute(
            "SELECT source_name FROM codesets WHERE edition = ?", (edition,)
        ).fetchone()
        return str(row[0]) if row else ""

    def lookup(self, code: str, edition: str | None = None) -> ImportedCode | None:
        """The licensed text of a code in the given edition; by default the newest edition that
        has it, so an obsolete code (deleted in a later edition) still shows its last text."""
        code = code.upper()
        row = self._conn.execute(
            "SELECT code, nomenclature, descriptor, category FROM codes WHERE code = ? AND "
            "edition = COALESCE(?, (SELECT MAX(edition) FROM codes WHERE code = ?))",
            (code, edition, code),
        ).fetchone()
        return ImportedCode(*row) if row else None

    # -- the yearly change: deleted codes become obsolete, never deleted (docs/design-rules.md) ----
    def codes(self, edition: str) -> dict[str, ImportedCode]:
        """Every code of one edition, by code."""
        rows = self._conn.execute(
            "SELECT code, nomenclature, descriptor, category FROM codes WHERE edition = ?",
            (edition,),
        )
        return {row[0]: ImportedCode(*row) for row in rows}

    def previous_edition(self, edition: str) -> str | None:
        """The newest stored edition older than `edition`, or None."""
        row = self._conn.execute(
            "SELECT MAX(edition) FROM codesets WHERE edition < ?", (edition,)
        ).fetchone()
        return row[0] if row and row[0] else None

    def newest_edition(self) -> str | None:
        row = self._conn.execute("SELECT MAX(edition) FROM codesets").fetchone()
        return row[0] if row and row[0] else None

    def status(self, code: str) -> str | None:
        """ "active" (in the newest edition), "obsolete" (only in older ones) or None (never
        imported). Obsolete codes keep their rows: a case that used one still opens."""
        newest = self.newest_edition()
        if newest is None:
            return None
        found = self._conn.execute(
            "SELECT MAX(edition) FROM codes WHERE code = ?", (code.upper(),)
        ).fetchone()[0]
        if found is None:
            return None
        return "active" if found == newest else "obsolete"

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> CodeSetStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
