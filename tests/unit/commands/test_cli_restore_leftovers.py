"""A restore killed mid-way left its private copy of a backup beside the store: the next
restore removes it and says so, one too recent is left and said; doctor reports them (and
changes nothing). Real dispatcher, real files."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases.sqlite.repository import CaseStore


def _left_by_a_killed_restore(folder: Path, age_h: float) -> Path:
    made = Path(tempfile.mkdtemp(prefix=".restore-", dir=folder))
    (made / "backup.sqlite").write_bytes(b"\x00" * 2**20)
    when = time.time() - age_h * 3600
    for p in (made / "backup.sqlite", made):
        os.utime(p, (when, when))
    return made


@pytest.fixture
def pc(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "pc"
    with CaseStore.open(data) as store:
        backup = store.backup(tmp_path, operator="OM")
    return data, backup


def test_the_next_restore_removes_a_killed_restore_s_copy_and_says_so(
    pc: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, backup = pc
    old = _left_by_a_killed_restore(data, age_h=30)
    recent = _left_by_a_killed_restore(data, age_h=0.1)  # another restore's, maybe running
    status = cli.main(["--data-dir", str(data), "restore", str(backup), "--operator", "OM",
                       "--yes"])  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    assert not old.exists() and f"removed the copy an interrupted restore left: {old}" in out
    assert recent.exists() and f"note: left {recent}" in err and "6 hours old" in err
    assert [p.name for p in data.glob(".restore-*")] == [recent.name]


def test_doctor_reports_them_and_deletes_nothing(
    pc: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = pc
    old = _left_by_a_killed_restore(data, age_h=30)
    status = cli.main(["--data-dir", str(data), "doctor"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "copies interrupted restores left: 1" in out and f"{old} (1 MB, 30 h old)" in out
    assert old.exists()
