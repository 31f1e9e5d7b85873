"""A second open of the store in the window's own process (File > Restore opens it twice, as
any in-process helper may) must not drop the window connection's lock on the file.

Re-walk: after File > Restore cases from backup…, a `cdt-desktop cases tick` run in a terminal
deleted the store's -wal and -shm as it closed (it took itself for the last connection: the
window's shared lock had gone when the second open read the file's header with a handle of its
own and closed it, which drops every POSIX lock of the process on the file). The window went on
writing into the deleted WAL, and at its close another process's ticks and their audit rows were
gone. Real processes, real SQLite files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Procedure

TERMINAL = """
import sys
from cdt_desktop.db.cases.sqlite.repository import CaseStore
store = CaseStore.open(sys.argv[1])
store.set_check(int(sys.argv[2]), sys.argv[3], True, operator="BB")
store.close()
"""


def _terminal_tick(folder: Path, case_id: int, item: str) -> None:
    subprocess.run([sys.executable, "-c", TERMINAL, str(folder), str(case_id), item],
                   check=True, timeout=60)  # fmt: skip


@pytest.mark.skipif(os.name != "posix", reason="POSIX record locks: dropped by any close")
def test_ticks_from_a_terminal_after_a_second_open_in_the_window_s_process_are_kept(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "office"
    window = CaseStore.open(folder)
    case_id = window.create_case(Case(procedure=Procedure(code="D3330", tooth="19")),
                                 operator="AA")  # fmt: skip
    window.set_check(case_id, "consent", True, operator="AA")
    CaseStore.open(folder).close()  # a second open and close in this process (the restore)
    _terminal_tick(folder, case_id, "working-length-recorded")
    assert (folder / "cases.sqlite-wal").exists()  # the window's WAL is still the store's
    window.set_check(case_id, "preop-radiograph", True, operator="AA")
    _terminal_tick(folder, case_id, "obturation-recorded")
    window.set_check(case_id, "postop-radiograph", True, operator="AA")
    window.close()
    with CaseStore.open(folder) as store:
        ticked = {item for item, state in store.checks(case_id).items() if state.checked}
        by_bb = [a for a in store.audit(case_id) if a.operator == "BB"]
    assert ticked == {"consent", "working-length-recorded", "preop-radiograph",
                      "obturation-recorded", "postop-radiograph"}  # fmt: skip
    assert len(by_bb) == 2
