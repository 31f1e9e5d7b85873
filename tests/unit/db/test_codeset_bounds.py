"""Bounded CDT imports (issue 15 items 12 and 16; RELIABILITY req. 27).

A 1.9 KB XLSX claiming A1:XFD1048576 kept a core busy for 18 minutes; a 300 KB XLSX holding one
300 MB shared string took 1.1 GB; quoted line breaks in CSV cells were dropped; --edition took any
Unicode digits; rejected lines echoed terminal escapes, and a 1M-row file printed 999,999 lines.
Each bomb here finishes in seconds.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.core.errors import InputError
from cdt_desktop.db import cdt_file
from cdt_desktop.db.cdt_file import parse_codeset, read_rows


def _xlsx(path: Path, sheet_xml: str, shared: str | None = None) -> Path:
    """A minimal XLSX written by hand (what a hostile tool would write)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName'
            '="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-office'
            'document.spreadsheetml.worksheet+xml"/>'
            + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
               'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared else "")
            + "</Types>",
        )  # fmt: skip
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml'
            '/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
               '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
            + "</Relationships>",
        )  # fmt: skip
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared:
            z.writestr("xl/sharedStrings.xml", shared)
    return path


SHEET = (
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main"><dimension ref="{dim}"/><sheetData>{rows}</sheetData></worksheet>'
)
ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>D3330</t></is></c></row>'
)


# RELIABILITY req. 27
def test_a_sheet_claiming_a_billion_cells_reads_its_two_rows(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "dim.xlsx", SHEET.format(dim="A1:XFD1048576", rows=ROWS))
    assert path.stat().st_size < 3000
    assert read_rows(path) == [{"Code": "D3330"}]


def test_a_huge_shared_string_is_refused_before_openpyxl(tmp_path: Path) -> None:
    huge = "x" * (cdt_file.MAX_FILE_BYTES + 10)
    shared = (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        f'main" count="1" uniqueCount="1"><si><t>{huge}</t></si></sst>'
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    path = _xlsx(tmp_path / "sst.xlsx", SHEET.format(dim="A1", rows=rows), shared)
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError, match="unpacks to more than"):
        read_rows(path)


def test_a_long_cell_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("Code,Descriptor\nD3330," + "y" * 20_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="cell over"):
        read_rows(path)


def test_too_many_rows_is_one_message_not_a_million_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.txt"
    path.write_text("Code\n" + "X1\n" * 1_000_000, encoding="utf-8")
    code = cli.main(["import-cdt", str(path), "--edition", "2026", "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "more than 20,000 rows" in err


def test_rejections_are_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Code\n" + "X1\n" * 500 + "D3330\n", encoding="utf-8")
    assert cli.main(["import-cdt", str(path), "--edition", "2026", "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert err.count("rejected:") == 51 and "... and 450 more rows" in err


def test_quoted_line_breaks_survive_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text('Code,Descriptor\nD3330,"first line\nsecond line"\n', encoding="utf-8")
    assert read_rows(path) == [{"Code": "D3330", "Descriptor": "first line\nsecond line"}]


def test_the_edition_takes_ascii_digits_only() -> None:
    with pytest.raises(InputError, match="edition"):
        parse_codeset([{"Code": "D3330"}], edition="٢٠٢٦", deleted={})


def test_rejected_lines_never_echo_terminal_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "esc.txt"
    path.write_text("Code\n\x1b[2J\x1b]0;pwned\x07\n", encoding="utf-8")
    cli.main(["import-cdt", str(path), "--edition", "2026", "--dry-run"])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "cdt.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_rows(fifo)


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:A2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Code</t>'
    '</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
)


# RELIABILITY req. 27
def test_a_billion_laughs_sheet_is_refused_in_seconds(tmp_path: Path) -> None:
    """Issue 15 item 21: XML bombs were blocked only by the Python build's expat; this pins it
    (expat 2.4+ stops entity amplification; openpyxl parses with it when defusedxml and lxml are
    absent, as in our pinned dependencies)."""
    import pyexpat

    assert tuple(int(p) for p in pyexpat.EXPAT_VERSION.split("_")[1].split(".")) >= (2, 4, 1)
    path = _xlsx(tmp_path / "laughs.xlsx", LAUGHS)
    with pytest.raises(InputError):
        read_rows(path)


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    """XXE: a sheet naming a local file as an entity never gets that file's text."""
    secret = tmp_path / "secret.txt"
    secret.write_text("PATIENT-SECRET", encoding="utf-8")
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:A2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Code</t>'
        '</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>D3330&xxe;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    path = _xlsx(tmp_path / "xxe.xlsx", sheet)
    try:
        rows = read_rows(path)
    except InputError:
        return  # refused outright: fine
    assert "PATIENT-SECRET" not in repr(rows)
