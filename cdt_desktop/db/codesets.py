"""Import of a practice's licensed CDT file as a versioned code set.

The ADA owns the CDT descriptors, so we never ship them; a practice that holds a licence imports its
own file (tab-delimited, CSV or XLSX) with a column mapping. Rows are validated: a code must look like
D + four digits, appear once, and not be a deleted code (e.g. D3354): deleted and malformed rows are
reported with their row number and never silently accepted. The code set is stored per edition in
``codesets.sqlite`` in the per-user data folder, beside (not inside) the case store.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import InputError, UserFacingError

if TYPE_CHECKING:
    from cdt_desktop.domain.coding.codesets import EditionToSave

CODE_RE = re.compile(r"^D\d{4}$")
FIELDS = ("code", "nomenclature", "descriptor", "category")
# Header names seen in CDT data files, lower-cased; the first one present wins.
DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("code", "cdt code", "procedure code", "cdt_code", "procedure_code"),
    "nomenclature": ("nomenclature", "short description", "name", "abbreviated nomenclature"),
    "descriptor": ("descriptor", "long description", "description", "full descriptor"),
    "category": ("category", "category of service", "section"),
}
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


@dataclass(frozen=True)
class ImportedCode:
    code: str
    nomenclature: str
    descriptor: str = ""
    category: str = ""


@dataclass
class ImportReport:
    edition: str
    accepted: list[ImportedCode] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # "row 12: D3354 is a deleted code ..."

    def summary(self) -> str:
        codes, rows = len(self.accepted), len(self.rejected)
        return (
            f"CDT {self.edition}: {codes:,} code{'' if codes == 1 else 's'} accepted, "
            f"{rows:,} row{'' if rows == 1 else 's'} rejected"
        )


MAX_FILE_BYTES = 20_000_000
"""A CDT data file is well under 2 MB (about 800 codes); text files and the XLSX's unpacked
content are capped here, so a hostile file is refused before it is parsed (issue 15 item 12)."""
MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_CELL_CHARS = 10_000


def read_rows(path: Path) -> list[dict[str, str]]:
    """The file's rows as header -> text; tab-delimited (.txt/.tsv), CSV or XLSX.

    Bounded (RELIABILITY.md requirement 27): the file's size (for XLSX its unpacked size), at
    most ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns and ``MAX_CELL_CHARS`` characters a cell."""
    from cdt_desktop.core.inputs import read_bounded

    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raw = read_bounded(path, MAX_FILE_BYTES, what="file", show_path=False)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # Excel's "Save as text" on Windows
            text = raw.decode("cp1252")
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined: binary, not text
            raise InputError(f"{path.name} is not a text file (UTF-8 or Windows-1252)") from None
    delimiter = "," if suffix == ".csv" else "\t"
    import io

    # The csv reader gets the text whole (newline=""), so a quoted cell keeps its line breaks.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _bounded_rows(reader, path.name)
    except csv.Error:  # e.g. a cell longer than csv.field_size_limit()
        raise InputError(
            f"{path.name} cannot be read as {'CSV' if delimiter == ',' else 'tab-delimited text'}"
            " (a cell is too long or malformed)"
        ) from None


def _bounded_rows(rows: Iterable[Sequence[object]], name: str) -> list[dict[str, str]]:
    """Header row + data rows as dicts; InputError past the row, column or cell bounds."""
    found: list[dict[str, str]] = []
    headers: list[str] | None = None
    for number, row in enumerate(rows, start=1):
        cells = ["" if v is None else str(v).strip() for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue  # empty rows (XLSX sheets pad up to their claimed size) are not rows
        if len(found) >= MAX_ROWS:
            raise InputError(f"{name} has more than {MAX_ROWS:,} rows; it is not a CDT file")
        if len(cells) > MAX_COLUMNS:
            raise InputError(f"{name}: row {number} has more than {MAX_COLUMNS} columns")
        if any(len(c) > MAX_CELL_CHARS for c in cells):
            raise InputError(f"{name}: row {number} has a cell over {MAX_CELL_CHARS:,} characters")
        if headers is None:
            headers = cells
            continue
        # Cells beyond the header's columns are ignored.
        found.append({h: v for h, v in zip(headers, cells, strict=False)} | {
            h: "" for h in headers[len(cells):]
        })  # fmt: skip
    return found


def _xlsx_unpacked_size(path: Path) -> int:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def _read_xlsx(path: Path) -> list[dict[str, str]]:
    from cdt_desktop.core.inputs import read_bounded

    read_bounded(path, MAX_FILE_BYTES, what="file", show_path=False)  # kind and packed size
    try:
        unpacked = _xlsx_unpacked_size(path)
    except Exception as exc:
        raise InputError(
            f"{path.name} is not a readable XLSX file ({type(exc).__name__})"
        ) from None
    if unpacked > MAX_FILE_BYTES:  # a 300 KB file can unpack to a 300 MB string
        raise InputError(
            f"{path.name} unpacks to more than {MAX_FILE_BYTES // 1_000_000} MB; "
            "it is not a CDT file"
        )
    from openpyxl import load_workbook  # lazy: only XLSX imports pay for it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.active
        if sheet is None:
            return []
        # bounded: a dimension claiming A1:XFD1048576 would otherwise yield a billion cells
        rows = sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True)
        return _bounded_rows(rows, path.name)
    except InputError:
        raise
    except Exception as exc:  # read_only loads cells lazily: a damaged sheet fails here
        raise InputError(
            f"{path.name} is not a readable XLSX file ({type(exc).__name__})"
        ) from None


def resolve_columns(
    headers: Iterable[str], mapping: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Field -> header. Explicit mapping first, then the usual header names; code is required."""
    present = {h.lower(): h for h in headers}
    columns: dict[str, str] = {}
    for name, header in (mapping or {}).items():
        if name not in FIELDS:
            raise InputError(
                f"unknown field '{name}' in the column mapping (use {', '.join(FIELDS)})"
            )
        if header.lower() not in present:
            raise InputError(f"the file has no column '{header}' (mapped to {name})")
        columns[name] = present[header.lower()]
    for name, options in DEFAULT_HEADERS.items():
        if name not in columns:
            found = next((present[o] for o in options if o in present), None)
            if found:
                columns[name] = found
    if "code" not in columns:
        raise InputError("no code column found; map it with --column code=<header>")
    return columns


def parse_codeset(
    rows: list[dict[str, str]],
    *,
    edition: str,
    deleted: Mapping[str, str],
    mapping: Mapping[str, str] | None = None,
) -> ImportReport:
    """Validate rows into a report; `deleted` maps deleted codes to a reason (from our library)."""
    if not re.fullmatch(r"[0-9]{4}", edition):  # ASCII digits only, not any Unicode digit
        raise InputError("the CDT edition must be a year such as 2026")
    report = ImportReport(edition=edition)
    if not rows:
        report.rejected.append("the file holds no rows")
        return report
    columns = resolve_columns(rows[0].keys(), mapping)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        code = row.get(columns["code"], "").strip().upper()
        if not code:
            continue
        if not CODE_RE.match(code):
            shown = "".join(ch if ch.isprintable() else "?" for ch in code[:12])  # no escapes
            report.rejected.append(f"row {number}: '{shown}' is not a CDT code (D + 4 digits)")
        elif code in deleted:
            report.rejected.append(f"row {number}: {code} is a deleted code ({deleted[code]})")
        elif code in seen:
            report.rejected.append(f"row {number}: {code} appears more than once")
        else:
            seen.add(code)
            report.accepted.append(
                ImportedCode(code, *(row.get(columns.get(f, ""), "") for f in FIELDS[1:]))
            )
    return report


CODESETS_APPLICATION_ID = 0x43445453
"""``PRAGMA application_id`` of a code-set file: the bytes "CDTS" (a case store is "CDTC")."""
_OWN_TABLES = {"codesets", "codes"}


class CodeSetStore:
    """The imported code sets, one per CDT edition; the newest edition is the active one.

    The file gets the case store's treatment (RELIABILITY.md requirement 26, issue 15 item 4):
    opened through ``open_db`` (local path only, ``mode=rw`` for an existing file, header and
    ``quick_check``), identified by its own ``application_id``, and created only by an import.
    Another program's database, a copy of a case store or a damaged file is refused untouched.
    A file written before the identity existed (id 0, exactly our two tables) is adopted.
    """

    def __init__(self, data_dir: Path, *, create: bool = True, read_only: bool = False) -> None:
        self.path = data_dir / FILE_NAME
        if create and not read_only:
            try:
                old_umask = os.umask(0o077)
                try:
                    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
                finally:
                    os.umask(old_umask)
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
        """The licensed text shown beside our guidance: nomenclature, then the descriptor."""
        found = self.lookup(code)
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

    # -- the yearly change (DESIGN.md: deleted codes become obsolete, never deleted) -----------
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
