"""Schema migrations keyed on user_version: upgrade from the first schema with an automatic
backup, whole-step rollback on failure, idempotent re-runs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite import migrations
from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION, apply_migrations, user_version
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.sqlitefile.connect import open_db
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.ports import StoreReadOnlyError


def _v1_store(folder: Path) -> Path:
    """A store as the first release wrote it, holding one case with one tick."""
    folder.mkdir(parents=True)
    path = folder / "cases.sqlite"
    conn = open_db(path, create=True)
    try:
        assert apply_migrations(conn, path, folder / "backups", target=1) == [1]
        patient = json.dumps({"name": "Nguyễn Văn An", "date_of_birth": "", "chart_number": "CH-1"})
        procedure = json.dumps({"code": "D3330", "tooth": "19", "notation": "universal"})
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO cases (patient, procedure, patient_name, chart_number, code, tooth, "
            "created_at, updated_at) VALUES (?, ?, 'Nguyễn Văn An', 'CH-1', 'D3330', '19', "
            "'2025-01-01T00:00:00.000+00:00', '2025-01-01T00:00:00.000+00:00')",
            (patient, procedure),
        )
        conn.execute(
            'INSERT INTO checks (case_id, item_id, checked, "by", at) '
            "VALUES (1, 'consent', 1, 'AB', '2025-01-01T00:00:00.000+00:00')"
        )
        conn.execute("COMMIT")
        assert user_version(conn) == 1
    finally:
        conn.close()
    return path


# RELIABILITY req. 6
def test_upgrade_from_first_schema_takes_a_backup_and_keeps_data(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _v1_store(folder)
    with CaseStore.open(folder) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [s.patient_name for s in store.list_cases("nguyễn")] == ["Nguyễn Văn An"]
        stored = store.get_case(1)
        assert stored.case.procedure.code == "D3330"
        assert stored.checks["consent"].checked and stored.checks["consent"].note == ""
        store.set_check(1, "preop-radiograph", True, operator="AB", note="PA")
    backups = sorted((folder / "backups").glob("cases-v1-before-v*.sqlite"))
    assert len(backups) == 1
    raw = sqlite3.connect(f"{backups[0].as_uri()}?mode=ro", uri=True)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert raw.execute("SELECT patient_name FROM cases").fetchall() == [("Nguyễn Văn An",)]
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        raw.close()


def test_fresh_store_needs_no_backup(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "data"):
        pass
    assert not (tmp_path / "data" / "backups").exists()


def test_reopen_applies_nothing(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path) as store:
        conn = store._conn
        assert apply_migrations(conn, store.path, tmp_path / "backups") == []
        rows = conn.execute("SELECT version FROM schema_history").fetchall()
    assert [v for (v,) in rows] == list(range(1, SCHEMA_VERSION + 1))


def test_failing_step_is_rolled_back_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    path = _v1_store(folder)

    def broken(db: object) -> None:
        migrations._v2_search_and_notes(db)  # type: ignore[arg-type]
        raise RuntimeError("simulated failure half-way")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], (2, "x", broken)])
    conn = open_db(path)
    try:
        with pytest.raises(RuntimeError):
            apply_migrations(conn, path, folder / "backups", target=2)
        assert user_version(conn) == 1
        columns = {r[1] for r in conn.execute("PRAGMA table_info(cases)")}
        assert "search_text" not in columns
        assert conn.execute("SELECT count(*) FROM schema_history").fetchone()[0] == 1
    finally:
        conn.close()
    monkeypatch.undo()
    with CaseStore.open(folder) as store:  # the real step then succeeds
        assert store.schema_version == SCHEMA_VERSION
        assert len(store.list_cases()) == 1


def test_read_only_store_that_needs_upgrade_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = _v1_store(folder)
    with pytest.raises(StoreReadOnlyError) as info:
        CaseStore.open(folder, read_only=True)
    assert str(path) in str(info.value)
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        raw.close()


def test_upgrade_gives_every_case_a_uuid_and_untangles_a_reused_id(tmp_path: Path) -> None:
    """A store from before schema 4 where SQLite reused a deleted case's id: after the upgrade
    every case has its own uuid and the new patient's trail holds only its own rows."""
    folder = tmp_path / "data"
    path = _v1_store(folder)
    conn = open_db(path)
    try:
        audit = "INSERT INTO audit (at, operator, action, case_id, detail) VALUES (?, ?, ?, 1, '')"
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(audit, ("2025-01-01T00:00:00.000+00:00", "AB", "create"))
        conn.execute(audit, ("2025-01-02T00:00:00.000+00:00", "AB", "delete"))
        conn.execute("DELETE FROM checks")
        conn.execute(  # the old patient is gone; the next case got id 1 again
            "UPDATE cases SET patient_name = 'Other', created_at = ?, updated_at = ?",
            ("2025-02-01T00:00:00.000+00:00", "2025-02-01T00:00:00.000+00:00"),
        )
        conn.execute(audit, ("2025-02-01T00:00:00.000+00:00", "CD", "create"))
        conn.execute("COMMIT")
    finally:
        conn.close()
    with CaseStore.open(folder) as store:
        stored = store.get_case(1)
        assert len(stored.uuid) == 36 and store.find_uuid(stored.uuid) == 1
        assert [(e.action, e.operator) for e in store.audit(1)] == [("create", "CD")]
        assert len(store.audit()) == 3  # the old rows are kept, only not shown as this case's
        newer = store.create_case(Case(), operator="EF")
        assert newer == 2 and store.get_case(newer).uuid != stored.uuid


def test_upgrade_makes_old_cases_findable_without_accents_and_adds_facts(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    _v1_store(folder)
    with CaseStore.open(folder) as store:
        assert [s.patient_name for s in store.list_cases("nguyen van an")] == ["Nguyễn Văn An"]
        stored = store.get_case(1)
        assert stored.case.facts.is_empty() and stored.case.status_history == ()


def _store_with_an_old_fold(
    folder: Path, schema: int, name: str, chart: str, claim_number: str, old_fold: str
) -> tuple[str, str, str]:
    """A store at ``schema`` holding one case (D3330 on #19, 14 March 2026) whose search column
    is ``old_fold``, as that schema's version stored it; its JSON columns."""
    folder.mkdir()
    path = folder / "cases.sqlite"
    conn = open_db(path, create=True)
    patient = json.dumps({"name": name, "chart_number": chart})
    claim = json.dumps({"number": claim_number, "date_of_service": "2026-03-14"})
    procedure = json.dumps({"code": "D3330", "tooth": "19"})
    try:
        assert apply_migrations(conn, path, folder / "backups", target=schema)[-1] == schema
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO cases (uuid, patient, claim, procedure, patient_name, chart_number, "
            "claim_number, code, tooth, date_of_service, created_at, updated_at, search_text) "
            "VALUES ('6f1c2a34-0000-4000-8000-000000000001', ?, ?, ?, ?, ?, ?, 'D3330', '19', "
            "'2026-03-14', '2025-01-01T00:00:00.000+00:00', '2025-01-01T00:00:00.000+00:00', ?)",
            (patient, claim, procedure, name, chart, claim_number, old_fold),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return patient, claim, procedure


def test_an_office_store_from_before_schema_8_finds_o_brien_typed_without_the_apostrophe(
    tmp_path: Path,
) -> None:
    """The front desk typed "obrien" and did not find O'Brien: the upgrade recomputes every
    stored case's search column, the same as a case saved by this version."""
    from cdt_desktop.db.cases.rows import stored_search_text

    folder = tmp_path / "data"
    old_fold = "sean o’brien\x1fch-0123\x1fclm-77\x1fd3330\x1f19\x1f2026-03-14"
    columns = _store_with_an_old_fold(folder, 7, "Seán O’Brien", "CH-0123", "CLM-77", old_fold)
    with CaseStore.open(folder) as store:
        assert store.schema_version == SCHEMA_VERSION
        for typed in ("obrien", "o'brien", "o’brien", "sean o brien", "ch0123", "ch-0123", "#19"):
            assert [s.patient_name for s in store.list_cases(typed)] == ["Seán O’Brien"], typed
        stored = store._conn.execute("SELECT search_text FROM cases").fetchone()[0]
    assert stored == stored_search_text(*columns)
    assert list((folder / "backups").glob(f"cases-v7-before-v{SCHEMA_VERSION}-*.sqlite"))


def test_an_office_store_from_before_schema_9_finds_soren_typed_without_the_slashed_o(
    tmp_path: Path,
) -> None:
    """Ø, Æ, Ł and the like are letters of their own, which the accent-blind search kept: the
    front desk typed "soren" and did not find Søren. The upgrade folds every stored case's
    search column again, the same as a case saved by this version."""
    from cdt_desktop.db.cases.rows import stored_search_text

    folder = tmp_path / "data"
    old_fold = "søren kjærgaard\x1fch-9\x1f\x1fd3330\x1f19\x1f2026-03-14"
    columns = _store_with_an_old_fold(folder, 8, "Søren Kjærgaard", "CH-9", "", old_fold)
    with CaseStore.open(folder) as store:
        assert store.schema_version == SCHEMA_VERSION
        for typed in ("soren", "kjaergaard", "søren", "Søren Kjærgaard"):
            assert [s.patient_name for s in store.list_cases(typed)] == ["Søren Kjærgaard"], typed
        stored = store._conn.execute("SELECT search_text FROM cases").fetchone()[0]
    assert stored == stored_search_text(*columns)
    assert list((folder / "backups").glob(f"cases-v8-before-v{SCHEMA_VERSION}-*.sqlite"))


@pytest.mark.parametrize("odd", ["null", "[]", '"text"', "", None])
def test_the_search_step_reads_a_hand_edited_column_that_is_no_object_as_empty(
    odd: str | None,
) -> None:
    """Review: a column holding JSON null (a hand edit, an old import) made the step raise,
    and a failed schema step keeps the store shut for everyone."""
    from cdt_desktop.db.cases.rows import search_text, stored_search_text

    claim = json.dumps({"number": "CLM-7"})
    assert stored_search_text(odd, claim, odd) == search_text("", "", "CLM-7", "", "", "")
