"""The folders the daily backup and a restore make beside the store are this user's only
(docs/design-rules.md, R17: 0700), parents included, whatever the umask: ``mkdir(mode=0o700,
parents=True)`` gives only the last folder that mode, so ``backups/`` came out 0755 under the
usual umask 022 once the process stopped setting 077 (review9). Real SQLite stores."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.backups import Backups

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture
def usual_umask():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_daily_backup_makes_backups_and_daily_0700(tmp_path: Path, usual_umask) -> None:  # type: ignore[no-untyped-def]
    with CaseStore.open(tmp_path / "pc") as store:
        store.create_case(Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330")),
                          operator="AB")  # fmt: skip
        written = Backups(store, operator="AB").write_daily()
    assert _mode(written) == 0o600
    assert _mode(written.parent) == 0o700  # backups/daily
    assert _mode(written.parent.parent) == 0o700  # backups/


def test_a_restore_keeps_the_store_in_0700_folders(tmp_path: Path, usual_umask) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    with CaseStore.open(tmp_path / "pc") as store:
        store.create_case(Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330")),
                          operator="AB")  # fmt: skip
        backup = store.backup(usb, operator="AB")
        keep_in = tmp_path / "pc" / "backups" / "before-restore"
        kept = store.restore_from(backup, keep_in=keep_in, operator="AB")
    assert _mode(kept) == 0o600
    assert _mode(keep_in) == 0o700
    assert _mode(keep_in.parent) == 0o700
