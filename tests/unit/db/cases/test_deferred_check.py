"""A large store opens without waiting for its whole quick check (issue 15, load).

The window bounds the quick check on open; the rest runs on its own connection in the
background, writes wait for it, and a failed check blocks them (RELIABILITY req. 5).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient
from cdt_desktop.domain.cases.ports import StoreCorruptError


def _big_store(folder: Path) -> Path:
    with CaseStore.open(folder) as store:
        notes = "Necrotic pulp; sinus tract; percussion ++. " * 40
        for n in range(300):
            case_id = store.create_case(
                Case(patient=Patient(name=f"P{n}"), findings=CaseFindings(notes=notes)),
                operator="AB",
            )
            store.set_check(case_id, "consent", True, operator="AB")
    return folder / "cases.sqlite"


def test_a_cut_short_check_finishes_in_the_background(tmp_path: Path) -> None:
    _big_store(tmp_path)
    with CaseStore.open_file(tmp_path / "cases.sqlite", check_budget_s=0.0) as store:
        assert store.check_deferred  # the budget was spent at once
        assert store.count_cases() == 300  # reads do not wait
        assert store.background_check(timeout=60) == ["ok"]
        store.set_check(1, "xray", True, operator="AB")  # writes go on once it is ok


def test_a_failed_background_check_blocks_writes(tmp_path: Path) -> None:
    path = _big_store(tmp_path)
    data = bytearray(path.read_bytes())
    middle = (len(data) // 4096 // 2) * 4096
    data[middle + 100 : middle + 3000] = b"\xa5" * 2900  # garbage inside a page
    path.write_bytes(bytes(data))
    with CaseStore.open_file(path, check_budget_s=0.0) as store:
        assert store.background_check(timeout=60) != ["ok"]
        with pytest.raises(StoreCorruptError, match="failed its quick check"):
            store.set_check(1, "xray", True, operator="AB")


def test_without_a_budget_the_check_runs_on_open_as_before(tmp_path: Path) -> None:
    _big_store(tmp_path)
    with CaseStore.open(tmp_path) as store:
        assert not store.check_deferred and store.background_check() == ["ok"]
