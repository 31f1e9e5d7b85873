"""A backup onto a full disk names the backup's disk, not the case store (issue 15 item 19).

RELIABILITY req. 8 (disk full: a clear message, nothing lost), on a real small tmpfs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient
from tests.helpers.disks import small_tmpfs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs (root only; skipped elsewhere)."""
    with small_tmpfs(tmp_path / "small", "64k") as mount:
        yield mount


# RELIABILITY req. 8
def test_a_backup_onto_a_full_disk_blames_that_disk(
    small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    with CaseStore.open(data) as store:
        notes = "Necrotic pulp, sinus tract; " * 300
        for n in range(40):
            store.create_case(
                Case(patient=Patient(name=f"P{n}"), findings=CaseFindings(notes=notes)),
                operator="AB",
            )
    code = cli.main(["--data-dir", str(data), "backup", str(small_disk / "cases.sqlite")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "disk holding" in err and "is full" in err and "unchanged" in err
    assert not err.startswith("error: Case store")
    assert list(small_disk.iterdir()) == []  # no partial backup left behind
    with CaseStore.open(data, create=False) as store:
        assert store.count_cases() == 40 and store.check() == ["ok"]
