"""The daily backup never takes the last free space from under the case store: on a disk with
room for the copy but not for the store's own work after it, the chair's next ticks (and the
WAL they need) would fail with "disk full". It is not made then, and says why. Real small
tmpfs (root only; skipped elsewhere), real SQLite store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.services.backups import Backups
from tests.helpers.disks import small_tmpfs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs (root only; skipped elsewhere)."""
    with small_tmpfs(tmp_path / "small", "4m") as mount:
        yield mount


def _store_size(store: CaseStore) -> int:
    return sum(p.stat().st_size for p in (store.path, Path(f"{store.path}-wal")) if p.exists())


def test_a_daily_backup_that_would_leave_the_store_no_room_is_not_made(
    small_disk: Path,
) -> None:
    with CaseStore.open(small_disk / "pc") as store:
        notes = "Necrotic pulp, sinus tract; " * 200
        for n in range(20):
            store.create_case(
                Case(patient=Patient(name=f"P{n}"), procedure=Procedure(code="D3330"),
                     findings=CaseFindings(notes=notes)),
                operator="AB",
            )  # fmt: skip
        size = _store_size(store)
        filler = small_disk / "other-files.bin"  # what else the office keeps on this disk
        room = shutil.disk_usage(small_disk).free - size * 3 // 2  # the copy fits, just
        filler.write_bytes(b"\0" * max(0, room))
        backups = Backups(store)
        with pytest.raises(UserFacingError, match="free space") as said:
            backups.write_daily()
        assert "File > Back up cases" in str(said.value)
        assert not list((small_disk / "pc" / "backups" / "daily").glob("*.sqlite"))
        store.tick(1, "consent", True, operator="AB")  # the chair goes on
        filler.unlink()
        made = backups.write_daily()  # room again: made as usual
        assert made.exists()
