"""`cdt-desktop import-cdt` of a synthetic "next edition": the change report (text and JSON), the
obsolete state of a deleted code, our guidance flagged for review, and the open cases flagged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.codesets import CodeSetStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cdt_editions import flagged_cases

# Made-up practice text: tests never contain ADA descriptor text.
HEADER = "Code\tCategory\tNomenclature\tDescriptor\n"
EDITION_2026 = HEADER + (
    "D0460\tDiagnostic\tPulp test (practice text)\tText P\n"
    "D3310\tEndodontics\tEndo anterior (practice text)\tText A\n"
    "D3330\tEndodontics\tEndo molar (practice text)\tText M\n"
    "D3221\tEndodontics\tDebridement (practice text)\tText D\n"
)
EDITION_2027 = HEADER + (  # D3221 deleted, D3330 revised, D0461 added
    "D0460\tDiagnostic\tPulp test (practice text)\tText P\n"
    "D0461\tDiagnostic\tCracked tooth test (practice text)\tText C\n"
    "D3310\tEndodontics\tEndo anterior (practice text)\tText A\n"
    "D3330\tEndodontics\tEndo molar (practice text)\tText M, revised\n"
)


def _import(data_dir: Path, text: str, edition: str, *extra: str) -> int:
    path = data_dir.parent / f"cdt{edition}.txt"
    path.write_text(text, encoding="utf-8")
    argv = ["--data-dir", str(data_dir), "import-cdt", str(path), "--edition", edition, *extra]
    return cli.main(argv)


@pytest.fixture
def data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "data"
    assert _import(folder, EDITION_2026, "2026") == 0
    with CaseStore.open(folder) as store:
        for code, status in (("D3221", "draft"), ("D3330", "denied"), ("D3221", "paid")):
            case_id = store.create_case(
                Case(
                    patient=Patient(name=f"Pat {status}"),
                    procedure=Procedure(code=code, tooth="19"),
                ),
                operator="AB",
            )
            if status != "draft":
                store.set_status(case_id, status, operator="AB")
    capsys.readouterr()
    return folder


def test_next_edition_report_as_json_flags_cases_and_guidance(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(data_dir, EDITION_2027, "2027", "--report", "json") == 0
    out, err = capsys.readouterr()
    data = json.loads(out)  # stdout is the JSON object only
    assert data["edition"] == "2027" and data["previous"] == "2026" and data["saved"] is True
    assert data["added"] == ["D0461"]
    assert data["deleted"] == ["D3221"]
    assert data["revised"] == [{"code": "D3330", "fields": ["descriptor"]}]
    assert data["review"] == ["D3221", "D3330"]  # our guidance covers both
    assert any("D0461" in w for w in data["warnings"])
    assert [{k: c[k] for k in ("id", "code", "change")} for c in data["cases"]] == [
        {"id": 2, "code": "D3330", "change": "revised"},
        {"id": 1, "code": "D3221", "change": "deleted"},
    ]  # the paid case is history; newest first as the case list shows them
    assert all(c["patient"] for c in data["cases"])  # whose case (office manager walkthrough)
    assert err == ""


def test_next_edition_report_as_text(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(data_dir, EDITION_2027, "2027", "--report", "text") == 0
    out = capsys.readouterr().out
    assert "CDT 2027 against CDT 2026:" in out
    assert "Added: D0461" in out and "D3330 (descriptor)" in out
    assert "Our guidance to review: D3221, D3330" in out
    assert re.search(r"case 1 \([^)]+\): D3221 was deleted", out), out
    assert "Text M" not in out  # codes and fields, never the licensed text


def test_import_without_report_prints_the_counts_and_warning(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(data_dir, EDITION_2027, "2027") == 0
    out = capsys.readouterr().out
    assert "against CDT 2026: 1 added, 1 deleted, 1 revised" in out
    assert "warning: Payers often load new codes late" in out


def test_deleted_code_becomes_obsolete_and_keeps_its_text(data_dir: Path) -> None:
    assert _import(data_dir, EDITION_2027, "2027") == 0
    with CodeSetStore(data_dir) as codesets:
        assert codesets.status("D3221") == "obsolete"
        assert codesets.status("D3330") == "active"
        assert codesets.status("D9999") is None
        old = codesets.lookup("D3221")  # an old case with D3221 still shows its text
        assert old is not None and old.descriptor == "Text D"
        assert codesets.lookup("D3330").descriptor == "Text M, revised"  # type: ignore[union-attr]
        with CaseStore.open(data_dir, read_only=True) as store:
            flags = flagged_cases(codesets, store.list_cases())
            assert store.get_case(1).case.procedure.code == "D3221"  # the old case still opens
    assert sorted(flags) == [1, 2]


def test_dry_run_reports_the_change_and_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(data_dir, EDITION_2027, "2027", "--dry-run", "--report", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["saved"] is False and data["deleted"] == ["D3221"]
    with CodeSetStore(data_dir) as codesets:
        assert codesets.newest_edition() == "2026"


def test_dry_run_on_a_fresh_install_creates_no_code_set_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "fresh"
    assert _import(folder, EDITION_2026, "2026", "--dry-run", "--report", "text") == 0
    assert "no earlier edition imported" in capsys.readouterr().out
    assert not (folder / "codesets.sqlite").exists()


def test_a_second_file_for_a_year_already_imported_is_refused_unless_replace(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """New-office walkthrough: `import-cdt CDT2026-onecol.txt --edition 2026` replaced the full
    CDT 2026 with three codes and no descriptors, without a word."""
    thin = "Code\nD3310\nD3330\n"
    assert _import(data_dir, thin, "2026") == 2
    err = capsys.readouterr().err
    assert "CDT 2026 is already imported (4 codes" in err
    assert "2 codes of it not in this file: D0460, D3221." in err
    assert "2 codes would lose the descriptor: D3310, D3330." in err
    assert "add --replace" in err
    with CodeSetStore(data_dir) as saved:
        assert len(saved.codes("2026")) == 4  # nothing imported

    assert _import(data_dir, thin, "2026", "--dry-run") == 0  # says it, changes nothing
    assert "note: CDT 2026 is already imported" in capsys.readouterr().out
    assert _import(data_dir, thin, "2026", "--replace") == 0
    with CodeSetStore(data_dir) as saved:
        assert sorted(saved.codes("2026")) == ["D3310", "D3330"]


def test_the_same_file_again_replaces_the_year_with_a_note(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing would be lost (a corrected file, or the same one): imported as before, said."""
    assert _import(data_dir, EDITION_2026, "2026") == 0
    out = capsys.readouterr().out
    assert "note: CDT 2026 is already imported (4 codes" in out
    assert "saved as the CDT 2026 code set" in out
