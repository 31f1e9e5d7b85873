"""The office's licensed CDT code sets on the PostgreSQL case store (schema step 6).

The same reading interface as this PC's own file (``db/codesets.py``), so the change report,
the case flags and the code detail read either; ``domain/coding/codesets.py`` is the contract.
An import replaces its edition whole in one transaction of the store, with one audit row naming
who, the edition and the row count (never descriptor text); the audit row's NOTIFY is how the
other workstations hear of it (live refresh, action ``cdt-import``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from cdt_desktop.db.cases.acting import wants
from cdt_desktop.db.cases.rows import valid_operator
from cdt_desktop.db.cdt_file import CODE_RE, ImportedCode, in_force_year
from cdt_desktop.db.sqlitefile.connect import now_utc
from cdt_desktop.domain.cases.ports import StoreInputError
from cdt_desktop.domain.coding.codesets import IMPORT_ACTION

if TYPE_CHECKING:
    import psycopg

    from cdt_desktop.domain.coding.codesets import EditionToSave
    from cdt_desktop.domain.session import Needs

_TEXT = "code, nomenclature, descriptor, category"
IMPORT_LOCK_KEY = 0x43445453  # "CDTS": the advisory lock that serialises imports


class _Store(Protocol):
    """What of ``PostgresCaseStore`` the code sets use (its connection, transactions, audit)."""

    where: str
    read_only: bool

    def _read(self, doing: str) -> AbstractContextManager[psycopg.Connection[tuple[Any, ...]]]: ...

    def _write(self, doing: str) -> AbstractContextManager[psycopg.Connection[tuple[Any, ...]]]: ...

    def _audit(
        self,
        conn: psycopg.Connection[tuple[Any, ...]],
        operator: str,
        action: str,
        case_id: int | None,
        detail: str,
        *,
        wanted: Needs = (),
    ) -> None: ...


class PostgresCodeSets:
    """The code sets of one PostgreSQL case store; reads and writes through the store's own
    connection and transactions (so a server that went away is the store's usual error)."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    @property
    def location(self) -> str:
        return f"the office server {self._store.where}"

    @property
    def read_only(self) -> bool:
        return bool(self._store.read_only)

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._store._read("reading the CDT code set of") as conn:
            return list(conn.execute(sql, params).fetchall())

    def editions(self) -> list[tuple[str, str, int]]:
        return [
            (str(r[0]), str(r[1]), int(r[2]))
            for r in self._rows(
                "SELECT edition, imported_at, row_count FROM codesets ORDER BY edition DESC"
            )
        ]

    def imported_by(self, edition: str) -> str:
        """Who imported ``edition`` (their initials), "" when it is not there."""
        rows = self._rows("SELECT imported_by FROM codesets WHERE edition = %s", (edition,))
        return str(rows[0][0]) if rows else ""

    def source_name(self, edition: str) -> str:
        """The name of the file ``edition`` was imported from ("" when it is not there)."""
        rows = self._rows("SELECT source_name FROM codesets WHERE edition = %s", (edition,))
        return str(rows[0][0]) if rows else ""

    def codes(self, edition: str) -> dict[str, ImportedCode]:
        rows = self._rows(f"SELECT {_TEXT} FROM codeset_codes WHERE edition = %s", (edition,))
        return {str(r[0]): ImportedCode(*r) for r in rows}

    def newest_codes(self) -> dict[str, ImportedCode]:
        """Every code's text in the edition in force today, else in the newest that has it
        (obsolete codes keep their last text; a code the next edition adds shows its text):
        what the window caches, in one round trip."""
        rows = self._rows(  # the edition in force first (cdt_file.in_force_year)
            f"SELECT DISTINCT ON (code) {_TEXT} FROM codeset_codes "
            "ORDER BY code, edition <= %s DESC, edition DESC",
            (in_force_year(),),
        )
        return {str(r[0]): ImportedCode(*r) for r in rows}

    def lookup(self, code: str, edition: str | None = None) -> ImportedCode | None:
        code = code.upper()
        rows = self._rows(
            f"SELECT {_TEXT} FROM codeset_codes WHERE code = %s AND edition = "
            "COALESCE(%s::text, (SELECT MAX(edition) FROM codeset_codes WHERE code = %s))",
            (code, edition, code),
        )
        return ImportedCode(*rows[0]) if rows else None

    def descriptor(self, code: str) -> str | None:
        rows = self._rows(  # the edition in force first, as on one PC (db/codesets.py)
            f"SELECT {_TEXT} FROM codeset_codes WHERE code = %s "
            "ORDER BY edition <= %s DESC, edition DESC LIMIT 1",
            (code.upper(), in_force_year()),
        )
        found = ImportedCode(*rows[0]) if rows else None
        if found is None:
            return None
        return "\n\n".join(p for p in (found.nomenclature, found.descriptor) if p) or None

    def previous_edition(self, edition: str) -> str | None:
        rows = self._rows("SELECT MAX(edition) FROM codesets WHERE edition < %s", (edition,))
        return str(rows[0][0]) if rows and rows[0][0] else None

    def newest_edition(self) -> str | None:
        rows = self._rows("SELECT MAX(edition) FROM codesets")
        return str(rows[0][0]) if rows and rows[0][0] else None

    def save(
        self,
        report: EditionToSave,
        source_name: str,
        *,
        operator: str,
        action: str = IMPORT_ACTION,
    ) -> None:
        """Replace the edition with the report's codes and audit it, in one transaction."""
        op = valid_operator(operator)
        if not (len(report.edition) == 4 and report.edition.isascii() and report.edition.isdigit()):
            raise StoreInputError("the CDT edition must be a year such as 2026")
        codes = list(report.accepted)
        bad = next((c.code for c in codes if not CODE_RE.match(c.code)), None)
        if bad is not None:
            raise StoreInputError("a code set holds CDT codes only (D + 4 digits)")
        store = self._store
        with store._write("saving the CDT code set in") as conn:
            # two workstations importing at once: one after the other (the later one wins),
            # never a duplicate-key error for the second
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (IMPORT_LOCK_KEY,))
            replaced = conn.execute(
                "DELETE FROM codesets WHERE edition = %s RETURNING row_count", (report.edition,)
            ).fetchone()
            conn.execute(
                "INSERT INTO codesets (edition, source_name, imported_at, imported_by, "
                "row_count) VALUES (%s, %s, %s, %s, %s)",
                (report.edition, source_name[:255], now_utc(), op, len(codes)),
            )
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO codeset_codes (edition, code, nomenclature, descriptor, "
                    "category) VALUES (%s, %s, %s, %s, %s)",
                    [
                        (report.edition, c.code, c.nomenclature, c.descriptor, c.category)
                        for c in codes
                    ],
                )
            detail = f"CDT {report.edition}: {len(codes)} codes"
            if replaced is not None:
                detail += f" (replaced {int(replaced[0])})"
            store._audit(conn, op, action, None, detail, wanted=wants("import-codes"))

    def close(self) -> None:
        """Nothing of its own to close: the case store's connection is the store's."""
