"""A practice's licensed CDT file, read and checked row by row (TXT, CSV or XLSX).

The ADA owns the CDT descriptors, so we never ship them; a practice that holds a licence imports its
own file (tab-delimited, CSV or XLSX) with a column mapping. Reading is bounded (a hostile file is
refused before it is parsed) and rows are validated: a code must look like D + four digits, appear
once, and not be a code deleted by the file's edition (e.g. D3354 from CDT 2014 on): deleted and
malformed rows are reported with their row number and never silently accepted. A code deleted in a
later edition than the file's was current then and is accepted; a code whose deletion our library
marks unconfirmed is accepted with a note in the report, never refused. ``codesets.py`` stores the
accepted edition.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from cdt_desktop.core.errors import InputError

CODE_RE = re.compile(r"^D[0-9]{4}$")  # ASCII digits: \d takes any script's too
FIELDS = ("code", "nomenclature", "descriptor", "category")
# Header names seen in CDT data files, lower-cased; the first one present wins.
DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("code", "cdt code", "procedure code", "cdt_code", "procedure_code"),
    "nomenclature": ("nomenclature", "short description", "name", "abbreviated nomenclature"),
    "descriptor": ("descriptor", "long description", "description", "full descriptor"),
    "category": ("category", "category of service", "section"),
}


class DeletedCode(NamedTuple):
    """A code our library knows as deleted, as the import checks a row against it."""

    reason: str  # "replaced by D3355, D3356, D3357"
    edition: int = 0  # the first CDT edition without the code; 0: not known (refused in any)
    unconfirmed: bool = False  # the deletion itself needs verification: never refused


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
    notes: list[str] = field(default_factory=list)  # accepted rows worth a look (see parse_codeset)
    without: tuple[str, ...] = ()  # text fields the file has no column for ("descriptor")

    def summary(self) -> str:
        codes, rows = len(self.accepted), len(self.rejected)
        said = (
            f"CDT {self.edition}: {codes:,} code{'' if codes == 1 else 's'} accepted, "
            f"{rows:,} row{'' if rows == 1 else 's'} rejected"
        )
        if self.without:  # a one-column export imported as "3 codes accepted" without a word
            fields = " or ".join(self.without)
            it = "it" if len(self.without) == 1 else "them"
            said += f" (the file has no {fields} column: the codes are saved without {it})"
        return said


MAX_FILE_BYTES = 20_000_000
"""A CDT data file is well under 2 MB (about 800 codes); text files and the XLSX's unpacked
content are capped here, so a hostile file is refused before it is parsed (issue 15 item 12)."""
MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_CELL_CHARS = 10_000


def read_rows(path: Path) -> list[dict[str, str]]:
    """The file's rows as header -> text; tab-delimited (.txt/.tsv), CSV or XLSX.

    Bounded (docs/design-rules.md, R27): the file's size (for XLSX its unpacked size), at
    most ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns and ``MAX_CELL_CHARS`` characters a cell."""
    from cdt_desktop.core.inputs import read_bounded

    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raw = read_bounded(path, MAX_FILE_BYTES, what="file", show_path=False)
    text = _decode(raw, path.name)
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    # a comma-separated file named .txt: its header has commas and no tab (it was read as
    # tab-delimited and "no code column found" though it has one: new-office walkthrough)
    comma = suffix == ".csv" or ("\t" not in first and "," in first)
    delimiter = "," if comma else "\t"
    import io

    # The csv reader gets the text whole (newline=""), so a quoted cell keeps its line breaks.
    # strict: a quote never closed is an error, not a cell that swallows every row after it
    # (a row with an unclosed quote was counted as accepted, and the rows below it were gone
    # into its cell without a word: office walkthrough)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _bounded_rows(reader, path.name)
    except csv.Error as exc:  # a quote never closed, or a cell over csv.field_size_limit()
        kind = "CSV" if delimiter == "," else "tab-delimited text"
        why = (
            f"a quote opened on line {_quote_line(text, reader.line_num)} is never closed"
            if "end of data" in str(exc)
            else f"line {reader.line_num} has a cell too long or malformed"
        )
        raise InputError(f"{path.name} cannot be read as {kind}: {why}") from None


def _quote_line(text: str, last: int) -> int:
    """The line where the quote left open at the end of ``text`` (read to line ``last``) was
    opened: where the count of quotes last turned odd."""
    opened, inside = last, False
    for number, line in enumerate(text.split("\n")[:last], start=1):
        for _ in range(line.count('"')):
            inside = not inside
            if inside:
                opened = number
    return opened


def _decode(raw: bytes, name: str) -> str:
    """The text of a CDT text file: UTF-8, UTF-16 with its byte-order mark (Excel's "Unicode
    Text") or Windows-1252 (Excel's "Text"); InputError for anything else, e.g. binary data."""
    not_text = f"{name} is not a text file (UTF-8, UTF-16 or Windows-1252)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(not_text) from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:  # Excel's "Save as text" on Windows
                text = raw.decode("cp1252")
            except UnicodeDecodeError:  # cp1252 leaves five bytes undefined: binary, not text
                raise InputError(not_text) from None
    if "\x00" in text:  # a NUL is never in a text file (binary data, or UTF-16 without its mark)
        raise InputError(not_text)
    return text


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
    deleted: Mapping[str, DeletedCode | str],
    mapping: Mapping[str, str] | None = None,
) -> ImportReport:
    """Validate rows into a report; `deleted` maps deleted codes (from our library) to their
    `DeletedCode`, or to a reason alone (deleted in every edition).

    A deleted code's row is refused only when the file's edition is the one that deleted it or
    later; a deletion our library marks unconfirmed refuses nothing: the row is accepted and
    the report notes it, since the licensed file is the better witness (coding review: D3427,
    whose deletion is unconfirmed, was refused; D2941 was refused from a CDT 2024 file)."""
    if not re.fullmatch(r"[0-9]{4}", edition):  # ASCII digits only, not any Unicode digit
        raise InputError("the CDT edition must be a year such as 2026")
    report = ImportReport(edition=edition)
    if not rows:  # no row to reject: the file itself cannot be used
        raise InputError(
            "nothing to import: the file holds no rows under its header (is it empty, or the wrong file?)"
        )
    columns = resolve_columns(rows[0].keys(), mapping)
    report.without = tuple(f for f in ("nomenclature", "descriptor") if f not in columns)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        code = row.get(columns["code"], "").strip().upper()
        if not code:
            continue
        if not CODE_RE.match(code):
            shown = "".join(ch if ch.isprintable() else "?" for ch in code[:12])  # no escapes
            report.rejected.append(f"row {number}: '{shown}' is not a CDT code (D + 4 digits)")
        elif code in deleted and _refused(deleted[code], int(edition)):
            reason = deleted[code]
            said = reason.reason if isinstance(reason, DeletedCode) else reason
            report.rejected.append(f"row {number}: {code} is a deleted code ({said})")
        elif code in seen:
            report.rejected.append(f"row {number}: {code} appears more than once")
        elif "nomenclature" in columns and not row.get(columns["nomenclature"], "").strip():
            # every CDT code has its nomenclature: a row without it is a broken line (a stray
            # tab, a wrapped descriptor), and its code would show with no name beside our guidance
            report.rejected.append(f"row {number}: {code} has no nomenclature (its name)")
        else:
            seen.add(code)
            report.accepted.append(
                ImportedCode(code, *(row.get(columns.get(f, ""), "") for f in FIELDS[1:]))
            )
            known = deleted.get(code)
            if (
                isinstance(known, DeletedCode)
                and known.unconfirmed
                and (not known.edition or int(edition) >= known.edition)
            ):
                report.notes.append(
                    f"row {number}: {code} accepted: our library marks it deleted in "
                    f"CDT {known.edition or '?'} ({known.reason}), but that deletion is "
                    "unconfirmed: this file lists it, so check which is right"
                )
    return report


def _refused(deleted: DeletedCode | str, edition: int) -> bool:
    """Whether a row for this deleted code is refused from a file of ``edition``: from the
    edition that deleted it on (any, when not known), and never for an unconfirmed deletion."""
    if isinstance(deleted, str):
        return True
    return not deleted.unconfirmed and edition >= deleted.edition


def in_force_year() -> str:
    """The year whose CDT edition is in force today: an edition takes effect on January 1 of
    its year, so in December the next year's file, imported ahead, is not in force yet."""
    from datetime import date

    return str(date.today().year)
