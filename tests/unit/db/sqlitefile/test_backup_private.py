"""A backup is the user's alone (0600) without the process umask changing: the daily backup
runs on a worker thread while the window's thread creates files (exports, settings), and a
umask is process-wide. Real store, real backup, the kernel's own word on the umask."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient
from tests.helpers.umask import umask_now

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def test_a_backup_on_a_worker_thread_leaves_the_process_umask_alone(tmp_path: Path) -> None:
    notes = "Cold test negative; percussion tender. " * 200
    with CaseStore.open(tmp_path / "pc") as store:
        for n in range(300):
            store.create_case(
                Case(patient=Patient(name=f"Patient {n}"), findings=CaseFindings(notes=notes)),
                operator="AB",
            )
        previous = os.umask(0)  # the loosest: what keeps the backup private is its own doing
        try:
            seen: set[int] = set()
            written: list[Path] = []
            worker = threading.Thread(
                target=lambda: written.append(store.backup_copy(tmp_path / "copy.sqlite"))
            )
            worker.start()
            while worker.is_alive():  # the window's thread meanwhile, creating files
                seen.add(umask_now())
            worker.join()
        finally:
            os.umask(previous)
    assert seen == {0}, f"the umask was changed to {sorted(oct(m) for m in seen - {0})}"
    assert written and stat.S_IMODE(written[0].stat().st_mode) == 0o600
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []
