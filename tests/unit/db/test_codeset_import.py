"""Importing a practice's licensed CDT file: formats, column mapping, validation, versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.core.errors import InputError
from cdt_desktop.db.cdt_file import DeletedCode, parse_codeset, read_rows, resolve_columns
from cdt_desktop.db.codesets import CodeSetStore

DELETED = {"D3354": "replaced by D3355, D3356 and D3357"}
# Made-up descriptor text: the tests never contain ADA text either.
TSV = (
    "Code\tCategory\tNomenclature\tDescriptor\n"
    "D3330\tEndodontics\tEndo molar (practice text)\tLicensed text A\n"
    "D3354\tEndodontics\tOld regen\tLicensed text B\n"
    "D333\tEndodontics\tTypo\tLicensed text C\n"
    "D3330\tEndodontics\tDuplicate\tLicensed text D\n"
    "\t\t\t\n"
    "D3357\tEndodontics\tRegen completion (practice text)\tLicensed text E\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_tab_delimited_file_accepts_good_rows_and_reports_each_bad_one(tmp_path: Path) -> None:
    rows = read_rows(_write(tmp_path, "cdt2026.txt", TSV))
    report = parse_codeset(rows, edition="2026", deleted=DELETED)
    assert [c.code for c in report.accepted] == ["D3330", "D3357"]
    assert report.accepted[0].nomenclature == "Endo molar (practice text)"
    assert report.accepted[0].descriptor == "Licensed text A"
    assert report.rejected == [
        "row 3: D3354 is a deleted code (replaced by D3355, D3356 and D3357)",
        "row 4: 'D333' is not a CDT code (D + 4 digits)",
        "row 5: D3330 appears more than once",
    ]


@pytest.mark.parametrize(
    ("text", "without"),
    [
        ("Code\nD3330\nD3310\n", ("nomenclature", "descriptor")),
        ("Code\tNomenclature\nD3330\tMolar\n", ("descriptor",)),
        (TSV, ()),
    ],
)
def test_a_file_without_the_codes_text_says_so_in_its_summary(
    tmp_path: Path, text: str, without: tuple[str, ...]
) -> None:
    """New-office walkthrough: a file holding only a Code column read "3 codes accepted, 0
    rows rejected"; the codes were saved with no text and nothing said so."""
    report = parse_codeset(
        read_rows(_write(tmp_path, "cdt2026.txt", text)), edition="2026", deleted=DELETED
    )
    assert report.without == without
    said = report.summary()
    assert ("saved without" in said) is bool(without), said
    if without:
        assert f"no {' or '.join(without)} column" in said


def test_a_comma_separated_file_named_txt_is_read_as_csv(tmp_path: Path) -> None:
    """New-office walkthrough: "no code column found" for a .txt file headed Code,Nomenclature."""
    rows = read_rows(_write(tmp_path, "cdt2026.txt", "Code,Nomenclature\nD3330,Molar\n"))
    report = parse_codeset(rows, edition="2026", deleted=DELETED)
    assert [(c.code, c.nomenclature) for c in report.accepted] == [("D3330", "Molar")]
    tabbed = read_rows(_write(tmp_path, "t2026.txt", "Code\tName, long\nD3330\tA, b\n"))
    assert tabbed == [{"Code": "D3330", "Name, long": "A, b"}]  # a tab in the header: tabs


def test_csv_with_an_explicit_column_mapping(tmp_path: Path) -> None:
    text = 'Proc,Short,Long\nd3310,"Anterior, practice text",Licensed\n'
    rows = read_rows(_write(tmp_path, "cdt.csv", text))
    report = parse_codeset(
        rows, edition="2025", deleted=DELETED, mapping={"code": "Proc", "nomenclature": "Short"}
    )
    assert report.accepted[0].code == "D3310"
    assert report.accepted[0].nomenclature == "Anterior, practice text"


def test_xlsx_file(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Procedure Code", "Nomenclature"])
    sheet.append(["D3220", "Pulpotomy (practice text)"])
    path = tmp_path / "cdt.xlsx"
    book.save(path)
    report = parse_codeset(read_rows(path), edition="2026", deleted=DELETED)
    assert [(c.code, c.nomenclature) for c in report.accepted] == [
        ("D3220", "Pulpotomy (practice text)")
    ]


@pytest.mark.parametrize(
    ("headers", "mapping", "message"),
    [
        (["Foo", "Bar"], None, "no code column"),
        (["Code"], {"colour": "Code"}, "unknown field 'colour'"),
        (["Code"], {"code": "Missing"}, "no column 'Missing'"),
    ],
)
def test_bad_mappings_are_input_errors(headers: list[str], mapping, message: str) -> None:
    with pytest.raises(InputError, match=message):
        resolve_columns(headers, mapping)


def test_garbage_xlsx_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a readable XLSX"):
        read_rows(_write(tmp_path, "bad.xlsx", "not a zip"))


def test_edition_must_be_a_year() -> None:
    with pytest.raises(InputError, match="edition"):
        parse_codeset([{"Code": "D3330"}], edition="latest", deleted=DELETED)


def test_store_keeps_each_edition_and_looks_up_the_newest(tmp_path: Path) -> None:
    with CodeSetStore(tmp_path) as store:
        for edition, text in (("2025", "old text"), ("2026", "new text")):
            report = parse_codeset(
                [{"Code": "D3330", "Descriptor": text}], edition=edition, deleted=DELETED
            )
            store.save(report, f"cdt{edition}.txt")
        assert [e[0] for e in store.editions()] == ["2026", "2025"]
        assert store.lookup("d3330").descriptor == "new text"  # type: ignore[union-attr]
        assert store.lookup("D3330", "2025").descriptor == "old text"  # type: ignore[union-attr]
        assert store.lookup("D9999") is None
        # Re-importing an edition replaces it instead of adding a second copy.
        store.save(parse_codeset([{"Code": "D3310"}], edition="2026", deleted=DELETED), "x.txt")
        assert store.lookup("D3330", "2026") is None
        assert store.editions()[0][2] == 1


def test_cli_import_dry_run_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "cdt2026.txt", TSV)
    data_dir = tmp_path / "data"
    assert (
        cli.main(
            ["--data-dir", str(data_dir), "import-cdt", str(path), "--edition", "2026", "--dry-run"]
        )
        == 0
    )
    out = capsys.readouterr()
    assert "2 codes accepted, 3 rows rejected" in out.out
    assert "D3354 is a deleted code" in out.err
    assert not (data_dir / "codesets.sqlite").exists() or not CodeSetStore(data_dir).editions()
    assert (
        cli.main(["--data-dir", str(data_dir), "import-cdt", str(path), "--edition", "2026"]) == 0
    )
    capsys.readouterr()
    assert cli.main(["--data-dir", str(data_dir), "import-cdt", "--list"]) == 0
    assert "CDT 2026: 2 codes" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["import-cdt"],
        ["import-cdt", "missing.txt", "--edition", "2026"],
        ["import-cdt", "x.txt", "--edition", "2026", "--column", "code"],
    ],
)
def test_cli_bad_input_exits_2_with_error_line(argv: list[str], capsys) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1


def test_reference_library_shows_the_imported_descriptor_beside_our_guidance(
    tmp_path: Path,
) -> None:
    from cdt_desktop.db.reference.library import ReferenceLibrary

    with CodeSetStore(tmp_path) as store:
        rows = [{"Code": "D3330", "Nomenclature": "Practice name", "Descriptor": "Practice text"}]
        store.save(parse_codeset(rows, edition="2026", deleted=DELETED), "cdt.txt")
        with ReferenceLibrary(licensed=store.descriptor) as library:
            entry = library.get("D3330")
            assert entry is not None
            assert entry.licensed_descriptor == "Practice name\n\nPractice text"
            assert entry.summary  # our own guidance is still there
            other = library.get("D3310")
            assert other is not None and other.licensed_descriptor == ""
    with ReferenceLibrary() as library:
        plain = library.get("D3330")
        assert plain is not None and plain.licensed_descriptor == ""


def test_open_existing_creates_nothing_when_no_code_set_was_imported(tmp_path: Path) -> None:
    assert CodeSetStore.open_existing(tmp_path / "nothing-here") is None
    assert not (tmp_path / "nothing-here").exists()


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"\x00" * 4096])
def test_a_zero_byte_or_foreign_code_set_file_is_refused_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    from cdt_desktop.core.errors import UserFacingError

    path = tmp_path / "codesets.sqlite"
    path.write_bytes(content)
    with pytest.raises(UserFacingError, match="cannot be used"):
        CodeSetStore(tmp_path)
    assert path.read_bytes() == content


def test_a_new_code_set_file_is_private(tmp_path: Path) -> None:
    import os
    import stat

    with CodeSetStore(tmp_path) as store:
        assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


@pytest.mark.parametrize(
    ("situation", "row", "accepted"),
    [
        ("a code with its nomenclature", "D3330\tEndo molar (practice text)\tText A", True),
        (
            "a code with its nomenclature and no descriptor",
            "D3330\tEndo molar (practice text)\t",
            True,
        ),
        ("a broken line: the code alone", "D9999\t\t", False),
        ("a nomenclature of blanks", "D9999\t   \tText B", False),
    ],
)
def test_a_row_without_the_codes_nomenclature_is_rejected_and_named(
    tmp_path: Path, situation: str, row: str, accepted: bool
) -> None:
    """Walkthrough: a licensed file's line with the code and nothing else was accepted, and the
    code would have shown with no name beside our guidance."""
    path = _write(tmp_path, "cdt2027.txt", f"Code\tNomenclature\tDescriptor\n{row}\n")
    report = parse_codeset(read_rows(path), edition="2027", deleted=DELETED)
    code = row.split("\t")[0]
    assert bool(report.accepted) is accepted, situation
    if not accepted:
        assert report.rejected == [f"row 2: {code} has no nomenclature (its name)"]


def test_a_file_with_no_nomenclature_column_keeps_its_codes(tmp_path: Path) -> None:
    # a one-column file is read as the codes alone, and its summary says what it lacks
    path = _write(tmp_path, "cdt2027.txt", "Code\nD3330\nD3310\n")
    report = parse_codeset(read_rows(path), edition="2027", deleted=DELETED)
    assert [c.code for c in report.accepted] == ["D3330", "D3310"] and report.rejected == []


EDITIONED = {
    "D3354": DeletedCode("replaced by D3355, D3356 and D3357", 2014),
    "D2941": DeletedCode("replaced by D2940", 2025),
    "D3427": DeletedCode("replaced by D3501, D3502, D3503", 2021, unconfirmed=True),
}
FILE_WITH_DELETED_CODES = (
    "Code\tNomenclature\n"
    "D3330\tMolar (practice text)\n"
    "D2941\tInterim (practice text)\n"
    "D3427\tPeriradicular (practice text)\n"
    "D3354\tRegeneration (practice text)\n"
)


@pytest.mark.parametrize(
    ("edition", "refused"),
    [
        ("2013", []),  # D3354 was current until CDT 2014
        ("2014", ["D3354"]),
        ("2024", ["D3354"]),  # D2941 was current until CDT 2025
        ("2025", ["D2941", "D3354"]),
        ("2026", ["D2941", "D3354"]),
    ],
)
def test_a_deleted_code_is_refused_only_from_the_edition_that_deleted_it(
    tmp_path: Path, edition: str, refused: list[str]
) -> None:
    """Coding review: a CDT 2024 file had D2941 (deleted in CDT 2025) refused, and a CDT 2013
    file D3354 (deleted in CDT 2014)."""
    rows = read_rows(_write(tmp_path, "cdt.txt", FILE_WITH_DELETED_CODES))
    report = parse_codeset(rows, edition=edition, deleted=EDITIONED)
    assert [r.split()[2] for r in report.rejected] == refused
    assert {c.code for c in report.accepted} == {"D3330", "D2941", "D3427", "D3354"} - set(refused)


@pytest.mark.parametrize("edition", ["2021", "2026"])
def test_a_row_whose_deletion_is_unconfirmed_is_accepted_with_a_note(
    tmp_path: Path, edition: str
) -> None:
    """Coding review: "rejected: row 4: D3427 is a deleted code", though DOMAIN marks that
    deletion unconfirmed; the licensed file listing the code is the better witness."""
    rows = read_rows(_write(tmp_path, "cdt.txt", FILE_WITH_DELETED_CODES))
    report = parse_codeset(rows, edition=edition, deleted=EDITIONED)
    assert "D3427" in {c.code for c in report.accepted}
    assert not any("D3427" in r for r in report.rejected)
    [note] = report.notes
    assert note.startswith("row 4: D3427 accepted") and "unconfirmed" in note


def test_an_unconfirmed_deletion_after_the_files_edition_needs_no_note(tmp_path: Path) -> None:
    rows = read_rows(_write(tmp_path, "cdt.txt", FILE_WITH_DELETED_CODES))
    assert parse_codeset(rows, edition="2020", deleted=EDITIONED).notes == []


@pytest.mark.parametrize(
    ("edition", "refused", "noted"),
    [
        ("2024", ["row 5: D3354"], True),
        ("2013", [], False),
        ("2026", ["row 3: D2941", "row 5: D3354"], True),
    ],
)
def test_import_dry_run_follows_the_deletions_the_library_dates(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edition: str,
    refused: list[str],
    noted: bool,
) -> None:
    """The real library's deletions, as `import-cdt FILE --edition YEAR --dry-run` reads them:
    D3354 in CDT 2014, D2941 in CDT 2025, D3427 in CDT 2021 but unconfirmed."""
    path = _write(tmp_path, "cdt.txt", FILE_WITH_DELETED_CODES)
    args = ["--data-dir", str(tmp_path / "data"), "import-cdt", str(path), "--edition", edition]
    assert cli.main([*args, "--dry-run"]) == 0
    out = capsys.readouterr()
    said = [line.removeprefix("rejected: ") for line in out.err.splitlines()]
    assert [line.split(" is ")[0] for line in said if line.startswith("row")] == refused
    assert ("note: row 4: D3427 accepted" in out.out) is noted
