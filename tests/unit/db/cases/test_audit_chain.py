"""The audit log cannot be edited unnoticed (issue 15 item 10; RELIABILITY req. 14).

`doctor` said healthy after someone dropped the audit triggers and edited rows. Now it checks the
triggers exist and verifies a hash chain over the audit rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.commands import doctor
from cdt_desktop.db.cases.sqlite import audit_chain
from cdt_desktop.db.cases.sqlite.migrations import apply_migrations
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.sqlitefile.connect import open_db
from cdt_desktop.domain.cases.model import Case, Patient


@pytest.fixture
def no_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "_check_reference", lambda full, out, problems: None)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with CaseStore.open(folder) as store:
        case_id = store.create_case(Case(patient=Patient(name="Zoë")), operator="AB")
        store.set_check(case_id, "consent", True, operator="AB")
        store.set_check(case_id, "xray", True, operator="CD")
    return folder


def _raw(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(folder / "cases.sqlite", isolation_level=None)


# RELIABILITY req. 14
def test_every_audit_row_is_chained_and_doctor_says_so(
    data: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = _raw(data)
    assert audit_chain.verify_chain(conn) == []
    assert conn.execute("SELECT count(*) FROM audit_chain").fetchone()[0] == 3
    conn.close()
    assert cli.main(["--data-dir", str(data), "doctor"]) == 0
    assert "audit chain: ok" in capsys.readouterr().out


def test_dropped_triggers_and_an_edited_tick_row_are_reported(
    data: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = _raw(data)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET operator = 'ZZ' WHERE action = 'tick' AND detail = 'xray'")
    conn.execute("UPDATE checks SET \"by\" = 'ZZ' WHERE item_id = 'xray'")
    conn.close()
    assert cli.main(["--data-dir", str(data), "doctor"]) == 1
    err = capsys.readouterr().err
    assert "audit_no_update" in err
    assert "was changed or removed" in err


def test_a_deleted_audit_row_is_reported(
    data: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = _raw(data)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)")
    conn.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )  # even with the trigger put back
    conn.close()
    assert cli.main(["--data-dir", str(data), "doctor"]) == 1
    assert "audit rows were deleted" in capsys.readouterr().err


def test_a_row_added_outside_the_app_is_reported(data: Path) -> None:
    conn = _raw(data)
    conn.execute(
        "INSERT INTO audit (at, operator, action, case_id, detail) "
        "VALUES ('2020-01-01', 'ZZ', 'tick', 1, 'consent')"
    )
    assert "has no chain link" in audit_chain.verify_chain(conn)[0]
    conn.close()


def test_the_chain_table_is_append_only_too(data: Path) -> None:
    conn = _raw(data)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_chain SET link = ?", ("0" * 64,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_chain")
    conn.close()


def test_an_upgraded_store_chains_its_existing_rows(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    path = folder / "cases.sqlite"
    conn = open_db(path, create=True)
    apply_migrations(conn, path, folder / "backups", target=3)
    conn.execute("BEGIN IMMEDIATE")
    for n in range(5):
        conn.execute(
            "INSERT INTO audit (at, operator, action, case_id, detail) "
            "VALUES (?, 'AB', 'tick', 1, ?)",
            (f"2025-01-0{n + 1}", f"item-{n}"),
        )
    conn.execute("COMMIT")
    conn.close()
    with CaseStore.open(folder) as store:
        store.create_case(Case(), operator="AB")
        assert audit_chain.verify_chain(store._conn) == []
        assert store._conn.execute("SELECT count(*) FROM audit_chain").fetchone()[0] == 6


def test_store_check_of_a_tampered_log_ends_with_a_result_line_as_doctor_does(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Office walkthrough: after an audit row was edited behind the app's back, `store check`
    printed "check: FAILED" and no `result:` line (doctor prints "result: 1 problem(s)
    found"); a script reading stdout saw no verdict."""
    conn = _raw(data)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET operator = 'ZZ' WHERE action = 'tick' AND detail = 'xray'")
    conn.close()
    url = f"sqlite:///{data / 'cases.sqlite'}"
    assert cli.main(["--store", url, "store", "check"]) == 1
    captured = capsys.readouterr()
    assert captured.out.rstrip().splitlines()[-1].startswith("result: ")
    assert "problem" in captured.out.rstrip().splitlines()[-1]
    assert "was changed or removed" in captured.err
