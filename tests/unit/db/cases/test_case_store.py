"""CaseStore behaviour on a real file: cases, ticks, listing/search, audit, case files, backups."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.cases.sqlite.rows import (
    CASE_STATUSES,
    CaseNotFoundError,
    StoreConflictError,
    StoreInputError,
)
from cdt_desktop.db.sqlitefile.errors import StoreError
from cdt_desktop.domain.cases.model import Case, CaseFileError, Claim, Patient, Procedure

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


def test_create_and_get_case_with_checklist(store: CaseStore) -> None:
    case = _case("Nguyễn Thị B", code="D3330", tooth="19")
    case_id = store.create_case(case, operator="AB")
    stored = store.get_case(case_id)
    assert stored.case == case
    assert stored.status == "draft"
    assert stored.checks["preop-radiograph"].checked is True
    assert stored.checks["preop-radiograph"].by == "AB"
    assert stored.checks["consent"].checked is False
    assert stored.created_at.endswith("+00:00")


def test_missing_case_is_a_key_error(store: CaseStore) -> None:
    with pytest.raises(CaseNotFoundError) as info:
        store.get_case(999)
    assert isinstance(info.value, KeyError) and isinstance(info.value, StoreError)
    assert "999" in str(info.value) and not str(info.value).startswith("'")
    with pytest.raises(KeyError):
        store.set_check(999, "consent", True, operator="AB")


def test_set_check_commits_and_returns_state(store: CaseStore) -> None:
    case_id = store.create_case(Case(), operator="AB")
    state = store.set_check(case_id, "pulp-diagnosis", True, operator="CD", note="tested cold")
    assert (state.item_id, state.checked, state.by, state.note) == (
        "pulp-diagnosis",
        True,
        "CD",
        "tested cold",
    )
    store.set_check(case_id, "pulp-diagnosis", False, operator="EF")
    again = store.checks(case_id)["pulp-diagnosis"]
    assert (again.checked, again.by) == (False, "EF")
    assert store.get_case(case_id).case.checklist == {"pulp-diagnosis": False}


def test_update_case_edits_sections_not_ticks(store: CaseStore) -> None:
    case_id = store.create_case(_case("A"), operator="AB")
    edited = Case(patient=Patient(name="B"), checklist={"consent": True})
    version = store.update_case(case_id, edited, operator="AB")
    stored = store.get_case(case_id)
    assert stored.case.patient.name == "B" and stored.version == version == 2
    assert stored.case.checklist == {"preop-radiograph": True, "consent": False}


def test_update_case_with_stale_version_is_a_conflict(store: CaseStore) -> None:
    case_id = store.create_case(_case("A"), operator="AB")
    loaded = store.get_case(case_id)
    store.update_case(case_id, _case("B"), operator="W1", expected_version=loaded.version)
    with pytest.raises(StoreConflictError):
        store.update_case(case_id, _case("C"), operator="W2", expected_version=loaded.version)
    assert store.get_case(case_id).case.patient.name == "B"


def test_status_changes(store: CaseStore) -> None:
    case_id = store.create_case(Case(), operator="AB")
    for status in CASE_STATUSES:
        store.set_status(case_id, status, operator="AB")
        assert store.get_case(case_id).status == status
    with pytest.raises(StoreInputError):
        store.set_status(case_id, "lost", operator="AB")


@pytest.mark.parametrize("operator", ["", "   ", "X" * 17, "A\nB"])
def test_operator_initials_are_required(store: CaseStore, operator: str) -> None:
    with pytest.raises(StoreInputError):
        store.create_case(Case(), operator=operator)
    case_id = store.create_case(Case(), operator="ok")
    with pytest.raises(StoreInputError):
        store.set_check(case_id, "consent", True, operator=operator)
    assert store.checks(case_id) == {}


@pytest.fixture
def listed(store: CaseStore) -> dict[str, int]:
    people = {
        "Nguyễn Văn An": dict(chart="CH-100", claim="CLM-9", code="D3330", tooth="19"),
        "王小明": dict(chart="CH-200", code="D3310", tooth="8", dos="2026-03-14"),
        "محمد علي": dict(chart="CH-300", code="D3320", tooth="12"),
        "Zoë O'Neil": dict(chart="CH_400", claim="50%OFF", code="D3353", tooth="30"),
    }
    return {
        name: store.create_case(_case(name, **kw), operator="AB") for name, kw in people.items()
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Zoë O'Neil", "محمد علي", "王小明", "Nguyễn Văn An"]),
        ("nguyễn", ["Nguyễn Văn An"]),
        ("NGUYỄN an", ["Nguyễn Văn An"]),
        ("小明", ["王小明"]),
        ("محمد", ["محمد علي"]),
        ("zoë", ["Zoë O'Neil"]),
        ("o'neil", ["Zoë O'Neil"]),
        ("d3330", ["Nguyễn Văn An"]),
        ("CH-200", ["王小明"]),
        ("clm-9", ["Nguyễn Văn An"]),
        ("2026-03", ["王小明"]),
        ("%", ["Zoë O'Neil"]),
        ("_", ["Zoë O'Neil"]),
        ("CH_", ["Zoë O'Neil"]),
        ("\\", []),
        ("nobody", []),
    ],
)
def test_list_cases_search(
    store: CaseStore, listed: dict[str, int], query: str, expected: list[str]
) -> None:
    assert [s.patient_name for s in store.list_cases(query)] == expected


def test_list_cases_newest_first_status_and_limit(store: CaseStore, listed: dict[str, int]) -> None:
    store.set_check(listed["王小明"], "consent", True, operator="AB")
    assert store.list_cases()[0].patient_name == "王小明"
    store.set_status(listed["Nguyễn Văn An"], "denied", operator="AB")
    assert [s.patient_name for s in store.list_cases(status="denied")] == ["Nguyễn Văn An"]
    assert len(store.list_cases(limit=2)) == 2
    summary = store.list_cases("D3310")[0]
    assert (summary.code, summary.tooth, summary.date_of_service) == ("D3310", "8", "2026-03-14")


def test_every_action_writes_an_audit_row_with_operator(store: CaseStore, tmp_path: Path) -> None:
    case_id = store.create_case(_case("A"), operator="C1")
    store.update_case(case_id, _case("B"), operator="E1")
    store.set_check(case_id, "consent", True, operator="T1")
    store.set_check(case_id, "consent", False, operator="U1")
    store.set_status(case_id, "submitted", operator="S1")
    store.record_export(case_id, operator="X1", kind="appeal-pdf", filename=f"case-{case_id}.pdf")
    imported = store.import_case(store.export_case(case_id), operator="I1")
    store.backup(tmp_path / "b.sqlite", operator="B1")
    store.delete_case(imported, operator="D1")
    rows = [(e.action, e.operator) for e in reversed(store.audit())]
    assert rows == [
        ("create", "C1"),
        ("edit", "E1"),
        ("tick", "T1"),
        ("untick", "U1"),
        ("status", "S1"),
        ("export", "X1"),
        ("import", "I1"),
        ("backup", "B1"),
        ("delete", "D1"),
    ]
    assert all(e.at.endswith("+00:00") for e in store.audit())
    assert [e.action for e in store.audit(case_id)][-1] == "create"
    edit = next(e for e in store.audit() if e.action == "edit")
    assert edit.detail == "fields: patient.name" and "B" not in edit.detail.split(":")[1]


@pytest.mark.parametrize(
    "sql", ["UPDATE audit SET operator = 'ZZ'", "DELETE FROM audit", "UPDATE audit SET detail = ''"]
)
def test_audit_is_append_only(store: CaseStore, sql: str) -> None:
    store.create_case(Case(), operator="AB")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store._conn.execute(sql)
    assert [(e.action, e.operator) for e in store.audit()] == [("create", "AB")]


def test_case_file_round_trip(store: CaseStore) -> None:
    original = Case.from_dict(
        {
            "patient": {"name": "Nguyễn <b>&", "date_of_birth": "1990-02-03", "chart_number": "7"},
            "claim": {"number": "C-1", "date_of_service": "2026-01-05", "billed_amount": "1250.00"},
            "procedure": {"code": "d3330", "tooth": "19", "notation": "universal"},
            "findings": {"root": "complete", "pulp": "necrosis", "notes": "line 1\nline 2"},
            "checklist": {"preop-radiograph": True, "consent": False},
            "enclosures": ["preop.png", "perio chart"],
        }
    )
    case_id = store.create_case(original, operator="AB")
    text = store.export_case(case_id)
    assert json.loads(text)["checklist"] == {"consent": False, "preop-radiograph": True}
    again = store.import_case(text, operator="AB")
    assert store.get_case(again).case == original
    assert store.export_case(again) == text


def test_invalid_case_file_imports_nothing_and_lists_every_problem(store: CaseStore) -> None:
    bad = {
        "patient": {"name": SENTINEL, "date_of_birth": "03/02/1990"},
        "procedure": {"code": "3330"},
        "findings": {"pulp": "dead"},
        "checklist": {"consent": "yes", SENTINEL: True},
        "extra": {},
    }
    with pytest.raises(CaseFileError) as info:
        store.import_case(json.dumps(bad), operator="AB")
    problems = info.value.problems
    assert len(problems) == 6, problems
    assert any("checklist item 2" in p for p in problems)
    assert SENTINEL not in str(info.value)
    with pytest.raises(CaseFileError):
        store.import_case("{not json", operator="AB")
    assert store.list_cases() == [] and store.audit() == []


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
