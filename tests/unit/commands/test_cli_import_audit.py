"""Every import of the licensed CDT file on one PC is in the audit trail, or is not made: a
compliance person reading the trail must find each code set change, with who made it. A PC whose
case store cannot be opened refuses the import and says why (nothing changes); a PC that has no
case store yet gets one, as the window's first start would make it. Real SQLite files; made-up
practice text, never ADA text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cdt_file import ImportedCode, ImportReport
from cdt_desktop.db.codesets import CodeSetStore
from cdt_desktop.services.codeset_import import CodeSetImport

FILE_2026 = "Code\tNomenclature\tDescriptor\nD3330\tMolar RCT (practice)\tPractice text M\n"


def _file(tmp_path: Path) -> str:
    path = tmp_path / "CDT2026.txt"
    path.write_text(FILE_2026, encoding="utf-8")
    return str(path)


DAMAGED = {
    "random bytes": b"\x13\x99garbage" * 700,
    "a cut-off header": b"SQLite format 3\x00" + b"\x00" * 30,
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_pc_whose_case_store_cannot_be_read_refuses_the_import_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    pc = tmp_path / "pc"
    pc.mkdir()
    (pc / "cases.sqlite").write_bytes(content)
    code = cli.main(["--data-dir", str(pc), "import-cdt", _file(tmp_path), "--edition", "2026"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith("error: the CDT file was not imported: every import is recorded in "
                          "the audit trail of this PC's case store, and it cannot be opened")  # fmt: skip
    assert "cases.sqlite" in err and err.count("\n") == 1
    assert not (pc / "codesets.sqlite").exists()  # nothing changed
    assert (pc / "cases.sqlite").read_bytes() == content  # and the damaged file left as it was


def test_a_dry_run_on_a_pc_whose_case_store_cannot_be_read_still_checks_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc = tmp_path / "pc"
    pc.mkdir()
    (pc / "cases.sqlite").write_bytes(DAMAGED["random bytes"])
    argv = ["--data-dir", str(pc), "import-cdt", _file(tmp_path), "--edition", "2026", "--dry-run"]
    assert cli.main(argv) == 0  # writes nothing, so nothing to record
    assert "1 code accepted" in capsys.readouterr().out


def test_a_pc_with_no_case_store_yet_gets_one_and_the_import_is_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc = tmp_path / "pc"
    argv = ["--data-dir", str(pc), "import-cdt", _file(tmp_path), "--edition", "2026"]
    assert cli.main([*argv, "--operator", "OM"]) == 0
    with open_repository(None, data_dir=pc, create=False) as store:
        assert [(e.operator, e.action, e.detail) for e in store.audit()] == [
            ("OM", "cdt-import", "CDT 2026: 1 codes")
        ]


def test_the_service_saves_no_code_set_it_cannot_record(tmp_path: Path) -> None:
    report = ImportReport(edition="2026")
    report.accepted.append(ImportedCode("D3330", "Molar RCT (practice)", "Practice text"))
    with pytest.raises(UserFacingError, match="recorded in the audit trail"):
        CodeSetImport(tmp_path, None, operator="OM").save(report, "CDT2026.txt")
    assert CodeSetStore.open_existing(tmp_path) is None
    with (
        open_repository(None, data_dir=tmp_path) as store,  # nobody's initials: who was it?
        pytest.raises(UserFacingError, match="Enter your initials"),
    ):
        CodeSetImport(tmp_path, store).save(report, "CDT2026.txt")
    assert CodeSetStore.open_existing(tmp_path) is None
