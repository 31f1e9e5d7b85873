"""The office's CDT file as Excel and Windows tools save it: every text encoding they write is
read, and a file that is not text says so (rather than "no code column found")."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.core.errors import InputError
from cdt_desktop.db.cdt_file import read_rows

ROWS = "Code\tNomenclature\tDescriptor\nD3310\tEndo, anterior (caf\u00e9 test)\tOur own words\n"


@pytest.mark.parametrize(
    ("saved_as", "encoded"),
    [
        ("UTF-8", ROWS.encode("utf-8")),
        ("UTF-8 with a byte-order mark", ROWS.encode("utf-8-sig")),
        ("Excel's Text (Windows-1252)", ROWS.encode("cp1252")),
        ("Excel's Unicode Text (UTF-16 LE with its mark)", ROWS.encode("utf-16")),
        ("UTF-16 big-endian with its mark", b"\xfe\xff" + ROWS.encode("utf-16-be")),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_the_file_is_read_in_every_encoding_excel_saves(
    tmp_path: Path, saved_as: str, encoded: bytes
) -> None:
    path = tmp_path / "cdt.txt"
    path.write_bytes(encoded)
    rows = read_rows(path)
    assert rows == [
        {
            "Code": "D3310",
            "Nomenclature": "Endo, anterior (caf\u00e9 test)",
            "Descriptor": "Our own words",
        }
    ], saved_as


@pytest.mark.parametrize(
    ("situation", "content"),
    [
        ("binary data with NULs", b"Code\tName\nD3310\x00\x00\x01\x02\tx\n"),
        ("UTF-16 without its mark", ROWS.encode("utf-16-le")),
        ("a damaged UTF-16 file", b"\xff\xfeC\x00o\x00d"),
    ],
    ids=["binary", "utf-16-no-bom", "damaged-utf-16"],
)
def test_a_file_that_is_not_text_is_refused_by_name(
    tmp_path: Path, situation: str, content: bytes
) -> None:
    path = tmp_path / "cdt.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"^cdt\.txt is not a text file"):
        read_rows(path)


@pytest.mark.parametrize(
    ("situation", "content"),
    [("an empty file", ""), ("a header alone", "Code\tNomenclature\n"), ("blank lines", "\n\n")],
)
def test_a_file_without_rows_is_one_error_line_not_a_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], situation: str, content: str
) -> None:
    """Before: "rejected: the file holds no rows", "CDT 2026: 0 codes accepted, 1 row rejected"
    (there is no row) and "error: nothing to import"; the dialog read "Rejected the file..."."""
    path = tmp_path / "cdt.txt"
    path.write_text(content, encoding="utf-8")
    status = cli.main(["import-cdt", str(path), "--edition", "2026", "--dry-run"])
    out, err = capsys.readouterr()
    assert status == 2 and out == "", situation
    assert err.startswith("error: nothing to import: the file holds no rows"), situation
    assert err.count("\n") == 1, situation


def test_a_code_in_other_digits_is_rejected_not_imported(tmp_path: Path) -> None:
    """D and four Arabic-Indic or full-width digits passed as a code (Python's \\d takes any
    digit): 'D٣٣١٠' looked like D3310 in the list, was never found by typing D3310, and a
    PostgreSQL store's code table refuses it (review12)."""
    from cdt_desktop.db.cdt_file import parse_codeset

    rows = [
        {"Code": "D\u0663\u0663\u0661\u0660", "Nomenclature": "Arabic-Indic digits"},
        {"Code": "D\uff13\uff13\uff13\uff10", "Nomenclature": "Full-width digits"},
        {"Code": "D3310", "Nomenclature": "Our words"},
    ]
    report = parse_codeset(rows, edition="2026", deleted={})
    assert [c.code for c in report.accepted] == ["D3310"]
    assert len(report.rejected) == 2 and "is not a CDT code" in report.rejected[0]
