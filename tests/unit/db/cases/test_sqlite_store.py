"""What only the SQLite file store does: its audit triggers, online backups, a full disk."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import StoreError

SENTINEL = "Zzyzx-Sentinel-Ω-王小明"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "data") as opened:
        yield opened


def _case(name: str, **kw: str) -> Case:
    return Case(
        patient=Patient(name=name, chart_number=kw.get("chart", "")),
        claim=Claim(number=kw.get("claim", ""), date_of_service=kw.get("dos", "")),
        procedure=Procedure(code=kw.get("code", ""), tooth=kw.get("tooth", "")),
        checklist={"preop-radiograph": True, "consent": False},
    )


def test_backup_is_audited(store: CaseStore, tmp_path: Path) -> None:
    store.create_case(_case("A"), operator="C1")
    store.backup(tmp_path / "b.sqlite", operator="B1")
    newest = store.audit(limit=1)[0]
    assert (newest.action, newest.operator) == ("backup", "B1")


@pytest.mark.parametrize(
    "sql", ["UPDATE audit SET operator = 'ZZ'", "DELETE FROM audit", "UPDATE audit SET detail = ''"]
)
def test_audit_is_append_only(store: CaseStore, sql: str) -> None:
    store.create_case(Case(), operator="AB")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store._conn.execute(sql)
    assert [(e.action, e.operator) for e in store.audit()] == [("create", "AB")]


def test_backup_refuses_the_live_store_and_existing_files(store: CaseStore, tmp_path: Path) -> None:
    for dest in (store.path, Path(f"{store.path}-wal")):
        with pytest.raises(StoreError):
            store.backup(dest)
    taken = store.backup(tmp_path / "one.sqlite")
    with pytest.raises(StoreError):
        store.backup(taken)
    folder_copy = store.backup(tmp_path)
    assert folder_copy.parent == tmp_path and folder_copy.suffix == ".sqlite"


def test_no_patient_data_in_errors_or_logs(
    store: CaseStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    messages: list[str] = []
    case_id = store.create_case(_case(SENTINEL, claim=SENTINEL), operator="AB")
    store.set_check(case_id, "consent", True, operator="AB", note=SENTINEL)
    store.update_case(case_id, _case(SENTINEL + "2"), operator="AB")
    for call in (
        lambda: store.update_case(case_id, _case(SENTINEL), operator="AB", expected_version=0),
        lambda: store.set_check(case_id, SENTINEL, True, operator="AB"),
        lambda: store.get_case(case_id + 1),
        lambda: store.backup(store.path),
    ):
        with pytest.raises(StoreError) as info:
            call()
        messages.append(str(info.value))
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError) as info:
        store.create_case(_case(SENTINEL * 5000), operator="AB")
    messages.append(str(info.value))
    assert all(SENTINEL not in m for m in messages), messages
    assert SENTINEL not in caplog.text
    assert all(SENTINEL not in e.detail for e in store.audit())
