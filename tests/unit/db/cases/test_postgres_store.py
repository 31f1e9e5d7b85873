"""What only the PostgreSQL store does: roles and the append-only audit, schema set-up, a server
that goes away and comes back, and passwords that never show. On a real server (pg_server)."""

from __future__ import annotations

import json
import logging
from typing import Any

import psycopg
import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cases.postgres.migrations import SCHEMA_VERSION, grant_app_role
from cdt_desktop.db.cases.postgres.repository import PostgresCaseStore
from cdt_desktop.domain.cases.model import Case, Patient
from cdt_desktop.domain.cases.ports import (
    StoreForeignFileError,
    StoreNewerSchemaError,
    StoreUnavailableError,
)
from tests.helpers.postgres import ADMIN_PASSWORD, APP_PASSWORD, APP_USER, PgServer


def _initialised(pg_server: PgServer, database: str) -> None:
    """``store init`` as the owner, with the workstations' login granted its rights."""
    pg_server.ensure_app_role()
    with open_repository(pg_server.url(database)) as store:
        assert store.schema_version == SCHEMA_VERSION
    with pg_server.admin(database) as conn:
        grant_app_role(conn, APP_USER)


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit SET operator = 'ZZ'", "DELETE FROM audit", "TRUNCATE audit"],
)
def test_the_app_role_cannot_change_or_delete_audit_rows(
    pg_server: PgServer, database: str, sql: str
) -> None:
    _initialised(pg_server, database)
    url = pg_server.url(database, user=APP_USER, password=APP_PASSWORD)
    with open_repository(url) as store:
        store.create_case(Case(patient=Patient(name="A")), operator="AB")
    with (
        psycopg.connect(url, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(sql)  # type: ignore[arg-type]
    # the trigger stops even the owner (TRUNCATE: the audit chain's foreign key first)
    stopped = (psycopg.errors.RaiseException, psycopg.errors.FeatureNotSupported)
    with pg_server.admin(database) as owner, pytest.raises(stopped):
        owner.execute(sql)  # type: ignore[arg-type]
    with open_repository(url) as store:
        assert [(e.action, e.operator) for e in store.audit()] == [("create", "AB")]


def test_the_app_role_works_with_least_privilege(pg_server: PgServer, database: str) -> None:
    _initialised(pg_server, database)
    with open_repository(pg_server.url(database, user=APP_USER, password=APP_PASSWORD)) as store:
        case_id = store.create_case(Case(), operator="AB")
        store.set_check(case_id, "consent", True, operator="CD")
        store.update_case(case_id, Case(patient=Patient(name="B")), operator="EF")
        store.delete_case(case_id, operator="GH")
        assert [e.action for e in store.audit()] == ["delete", "edit", "tick", "create"]


def test_init_is_idempotent_and_a_foreign_database_is_refused(
    pg_server: PgServer, database: str
) -> None:
    with open_repository(pg_server.url(database)) as store:
        store.create_case(Case(), operator="AB")
    with open_repository(pg_server.url(database)) as store:  # nothing changes on a current schema
        assert store.count_cases() == 1 and store.check() == ["ok"]
    other = pg_server.new_database()
    try:
        with pg_server.admin(other) as conn:
            conn.execute("CREATE TABLE patients (id int)")
        with pytest.raises(StoreForeignFileError):
            open_repository(pg_server.url(other))
        with pg_server.admin(other) as conn:
            assert conn.execute(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'cases'"
            ).fetchone() == (0,)
    finally:
        pg_server.drop_database(other)


def test_a_newer_schema_is_refused_untouched(pg_server: PgServer, database: str) -> None:
    open_repository(pg_server.url(database)).close()
    with pg_server.admin(database) as conn:
        conn.execute("INSERT INTO schema_history VALUES (99, 'x', 'x', 'from the future')")
    with pytest.raises(StoreNewerSchemaError):
        open_repository(pg_server.url(database))


def test_an_unreachable_server_names_host_and_port_never_the_password(
    pg_server: PgServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    messages = []
    closed_port = _closed_port()
    for url in (
        f"postgresql://cdt_admin:{ADMIN_PASSWORD}@127.0.0.1:{closed_port}/cases",
        pg_server.url("postgres", password="not-" + ADMIN_PASSWORD),
    ):
        with pytest.raises(StoreUnavailableError) as info:
            open_repository(url)
        messages.append(str(info.value))
    assert f"127.0.0.1:{closed_port}/cases" in messages[0] and "refused" in messages[0]
    assert f"127.0.0.1:{pg_server.port}/postgres" in messages[1] and "login" in messages[1]
    assert all(ADMIN_PASSWORD not in m for m in messages)
    assert ADMIN_PASSWORD not in caplog.text


def test_the_url_shown_never_holds_the_password(pg_server: PgServer, database: str) -> None:
    with open_repository(pg_server.url(database)) as store:
        assert ADMIN_PASSWORD not in store.url and ADMIN_PASSWORD not in store.location
        assert store.location == f"server 127.0.0.1:{pg_server.port}/{database}"


def test_a_stopped_server_refuses_writes_and_the_store_reconnects(
    pg_server: PgServer, database: str
) -> None:
    """`pg_ctl stop -m immediate` mid-session: the write is refused (never reported saved),
    and once the server is back the same store object carries on by itself."""
    store = open_repository(pg_server.url(database))
    assert isinstance(store, PostgresCaseStore)
    try:
        case_id = store.create_case(Case(), operator="AB")
        pg_server.stop_immediate()
        try:
            with pytest.raises(StoreUnavailableError) as info:
                store.set_check(case_id, "consent", True, operator="AB")
            assert f"127.0.0.1:{pg_server.port}" in str(info.value)
            with pytest.raises(StoreUnavailableError):
                store.ping()
        finally:
            pg_server.restart()
        store.ping()
        assert store.checks(case_id) == {}  # the refused tick was not half-saved
        store.set_check(case_id, "consent", True, operator="AB")
        assert store.checks(case_id)["consent"].checked
    finally:
        store.close()


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ticked_elsewhere(url: str, case_id: int, feed: Any) -> list[Any]:
    """The other workstation (another process) ticks "consent" as W2; what the feed then
    brings, waiting up to 5 s for W2's change to arrive."""
    import select
    import subprocess
    import sys
    import time

    code = (
        "from cdt_desktop.db.cases import open_repository\n"
        f"with open_repository({url!r}) as s:\n"
        f"    s.set_check({case_id}, 'consent', True, operator='W2')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    started, changes = time.monotonic(), []
    while not any(c.operator == "W2" for c in changes) and time.monotonic() - started < 5:
        select.select([feed.fileno()], [], [], 1.0)
        changes += feed.drain()
    return changes


def test_another_process_tick_reaches_the_feed_within_a_second(
    pg_server: PgServer, database: str
) -> None:
    """Two store connections in separate processes: the other workstation's tick arrives as
    a change (case, action, who) without this side polling the server."""
    url = pg_server.url(database)
    with open_repository(url) as store:
        case_id = store.create_case(Case(), operator="AB")
        feed = store.changes()
        assert feed is not None
        try:
            assert feed.drain() == []  # this store's own create is not news to itself
            changes = _ticked_elsewhere(url, case_id, feed)
            assert [(c.case_id, c.action, c.operator) for c in changes] == [(case_id, "tick", "W2")]
            assert store.checks(case_id)["consent"].by == "W2"
        finally:
            feed.close()


def test_a_window_s_own_writes_stay_its_own_after_its_connection_is_replaced(
    pg_server: PgServer, database: str
) -> None:
    """Two-PC walk: after the server hung and the window's connection was replaced, its own
    ticks and cases read "ticked by AO on another workstation" (the feed still knew the old
    connection's server process). Only the other process's tick is news."""
    url = pg_server.url(database)
    with open_repository(url) as store:
        case_id = store.create_case(Case(), operator="AO")
        feed = store.changes()
        assert feed is not None
        try:
            store._conn.close()  # type: ignore[attr-defined]  # gone: the next write reconnects
            store.set_check(case_id, "preop-radiograph", True, operator="AO")
            changes = _ticked_elsewhere(url, case_id, feed)
            assert [(c.action, c.operator) for c in changes] == [("tick", "W2")]
        finally:
            feed.close()


def test_step_3_keeps_old_cases_findable_without_accents(
    pg_server: PgServer, database: str
) -> None:
    from cdt_desktop.db.cases.postgres.migrations import apply_migrations
    from cdt_desktop.db.cases.rows import search_text

    with pg_server.admin(database) as conn:
        assert apply_migrations(conn, database, target=2) == [1, 2]
        old_fold = "mateo fernández\x1ffe-1"  # what steps 1-2's NFC + casefold stored
        assert search_text("Mateo Fernández", "FE-1") != old_fold
        conn.execute(
            "INSERT INTO cases (uuid, patient, patient_name, created_at, updated_at, "
            "search_text) VALUES (gen_random_uuid(), %s, 'Mateo Fernández', 'x', 'x', %s)",
            ('{"name": "Mateo Fernández"}', old_fold),
        )
    with open_repository(pg_server.url(database)) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [s.patient_name for s in store.list_cases("fernandez")] == ["Mateo Fernández"]
        stored = store.get_case(store.list_cases()[0].id)
        assert stored.case.facts.is_empty() and stored.case.status_history == ()


def _server_with_an_old_fold(
    pg_server: PgServer, database: str, step: int, patient: str, claim: str, old_fold: str
) -> None:
    """The database at ``step`` with one case whose search column is ``old_fold``, as that
    step's version stored it."""
    from cdt_desktop.db.cases.postgres.migrations import apply_migrations

    name = json.loads(patient)["name"]
    with pg_server.admin(database) as conn:
        assert apply_migrations(conn, database, target=step)[-1] == step
        conn.execute(
            "INSERT INTO cases (uuid, patient, claim, procedure, patient_name, created_at, "
            "updated_at, search_text) VALUES (gen_random_uuid(), %s, %s, '{}', %s, 'x', 'x', %s)",
            (patient, claim, name, old_fold),
        )


def _stored_fold(pg_server: PgServer, database: str) -> str:
    with pg_server.admin(database) as conn:
        row = conn.execute("SELECT search_text FROM cases").fetchone()
    assert row is not None
    return str(row[0])


def test_a_server_store_from_before_step_7_finds_o_brien_typed_without_the_apostrophe(
    pg_server: PgServer, database: str
) -> None:
    """The front desk typed "obrien" and did not find O'Brien: step 7 recomputes every stored
    case's search column with the same Python function as SQLite's step 8 and a saved case."""
    from cdt_desktop.db.cases.rows import stored_search_text

    patient = '{"name": "Mary Smith-Jones O\u2019Brien", "chart_number": "CH-0123"}'
    claim = '{"number": "CLM-77"}'
    old_fold = "mary smith-jones o\u2019brien\x1fch-0123\x1fclm-77\x1f\x1f\x1f"
    _server_with_an_old_fold(pg_server, database, 6, patient, claim, old_fold)
    with open_repository(pg_server.url(database)) as store:
        assert store.schema_version == SCHEMA_VERSION
        for typed in ("obrien", "o'brien", "smithjones", "smith-jones", "ch0123", "clm-77"):
            assert [s.patient_name for s in store.list_cases(typed)] == [
                "Mary Smith-Jones O\u2019Brien"
            ], typed
        assert store.check() == ["ok"]
    assert _stored_fold(pg_server, database) == stored_search_text(patient, claim, "{}")


def test_a_server_store_from_before_step_8_finds_soren_typed_without_the_slashed_o(
    pg_server: PgServer, database: str
) -> None:
    """The front desk typed "soren" and did not find Søren (ø is a letter of its own, not an o
    with an accent): step 8 folds every stored case's search column again, as SQLite's
    step 9 and a saved case do."""
    from cdt_desktop.db.cases.rows import stored_search_text

    patient = '{"name": "Søren Łukasiewicz", "chart_number": "CH-9"}'
    old_fold = "søren łukasiewicz\x1fch-9\x1f\x1f\x1f\x1f"
    _server_with_an_old_fold(pg_server, database, 7, patient, "{}", old_fold)
    with open_repository(pg_server.url(database)) as store:
        assert store.schema_version == SCHEMA_VERSION
        for typed in ("soren", "lukasiewicz", "søren łukasiewicz", "ch-9"):
            assert [s.patient_name for s in store.list_cases(typed)] == ["Søren Łukasiewicz"], typed
    assert _stored_fold(pg_server, database) == stored_search_text(patient, "{}", "{}")


def test_the_readme_office_setup_works_with_least_privilege(
    pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """README "Several workstations": an owner role runs store init --grant, then two
    workstations on the app role see each other's cases and ticks."""
    from cdt_desktop import cli
    from tests.helpers import FIXTURES

    with pg_server.admin() as admin:
        for role in ("office_owner", "office_app"):
            admin.execute(f"DROP ROLE IF EXISTS {role}")
        admin.execute("DROP DATABASE IF EXISTS office WITH (FORCE)")
        admin.execute("CREATE ROLE office_owner LOGIN PASSWORD 'owner-pw'")
        admin.execute("CREATE ROLE office_app LOGIN PASSWORD 'app-pw'")
        admin.execute("CREATE DATABASE office OWNER office_owner")
        admin.execute("REVOKE ALL ON DATABASE office FROM PUBLIC")
        admin.execute("GRANT CONNECT ON DATABASE office TO office_app")
    host = f"127.0.0.1:{pg_server.port}"
    owner = f"postgresql://office_owner:owner-pw@{host}/office"
    app = f"postgresql://office_app:app-pw@{host}/office"
    try:
        assert cli.main(["--store", owner, "store", "init", "--grant", "office_app"]) == 0
        fixture = str(FIXTURES / "case_d3330.json")
        assert cli.main(["--store", app, "cases", "import", fixture, "--operator", "PC1"]) == 0
        tick = ["cases", "tick", "1", "preop-radiograph", "--operator", "PC2"]
        assert cli.main(["--store", app, *tick]) == 0
        capsys.readouterr()
        assert cli.main(["--store", app, "cases", "show", "1", "--json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        assert [(a["action"], a["operator"]) for a in shown["audit"]] == [
            ("tick", "PC2"), ("import", "PC1"),
        ]  # fmt: skip
        with (
            psycopg.connect(app, autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute("DELETE FROM audit")
    finally:
        with pg_server.admin() as admin:
            admin.execute("DROP DATABASE IF EXISTS office WITH (FORCE)")
            admin.execute("DROP ROLE IF EXISTS office_owner")
            admin.execute("DROP ROLE IF EXISTS office_app")


def test_an_edited_audit_row_breaks_the_chain_on_the_server(
    pg_server: PgServer, database: str
) -> None:
    """Issue 15 item 10 on PostgreSQL: the owner drops the guard, edits a row, puts it back."""
    _initialised(pg_server, database)
    url = pg_server.url(database, user=APP_USER, password=APP_PASSWORD)
    with open_repository(url) as store:
        case_id = store.create_case(Case(patient=Patient(name="A")), operator="AB")
        store.set_check(case_id, "consent", True, operator="AB")
        assert store.verify_audit() == []
    with pg_server.admin(database) as owner:
        owner.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update")
        owner.execute("UPDATE audit SET operator = 'ZZ' WHERE action = 'tick'")
        owner.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_update")
    with open_repository(url) as store:
        problems = store.verify_audit()
        assert problems and "was changed or removed" in problems[0]
        assert store.check() != ["ok"]


def test_an_older_server_store_gets_its_audit_rows_chained(
    pg_server: PgServer, database: str
) -> None:
    from cdt_desktop.db.cases.postgres.migrations import apply_migrations

    with pg_server.admin(database) as owner:
        apply_migrations(owner, database, target=1)
        owner.execute(
            "INSERT INTO audit (at, operator, action, case_id, detail) "
            "VALUES ('2025-01-01', 'AB', 'tick', 1, 'consent')"
        )
        assert apply_migrations(owner, database)[-1] == SCHEMA_VERSION
    with open_repository(pg_server.url(database)) as store:
        assert store.verify_audit() == []


def test_the_tick_and_its_read_back_are_prepared_from_the_first_tick(
    pg_server: PgServer, database: str
) -> None:
    """A window's first ticks skip the server's planning too (issue 19: the tick's round trip)."""
    from cdt_desktop.db.cases.postgres.statements import CHECKS_SQL

    with open_repository(pg_server.url(database)) as store:
        case_id = store.create_case(Case(patient=Patient(name="A")), operator="AB")
        store.set_check(case_id, "consent", True, operator="AB")
        assert store.checks(case_id)["consent"].checked
        conn = store._connection()  # type: ignore[attr-defined]
        prepared = [str(r[0]) for r in conn.execute(
            "SELECT statement FROM pg_prepared_statements").fetchall()]  # fmt: skip
    assert any("INSERT INTO checks" in sql and "INSERT INTO audit" in sql for sql in prepared)
    assert any(sql.startswith(CHECKS_SQL.split(" WHERE")[0]) for sql in prepared)


def test_after_an_app_update_the_workstation_login_is_told_to_run_store_init(
    pg_server: PgServer, database: str
) -> None:
    """Tour3: after an update that adds a schema step, each workstation (least-privileged
    login) said "this login may not make that change (while opening). Ask the office's
    administrator for the store's permissions" and would not start. The owner must run
    store init once (README); the message says so, and nothing is changed."""
    from cdt_desktop.db.cases.postgres.migrations import apply_migrations
    from cdt_desktop.domain.cases.ports import StoreError

    pg_server.ensure_app_role()
    with pg_server.admin(database) as owner:
        apply_migrations(owner, database, target=SCHEMA_VERSION - 1)
        grant_app_role(owner, APP_USER)
    url = pg_server.url(database, user=APP_USER, password=APP_PASSWORD)
    with pytest.raises(StoreError) as refused:
        open_repository(url).close()
    said = str(refused.value)
    assert f"has schema {SCHEMA_VERSION - 1}; this app needs {SCHEMA_VERSION}" in said
    assert "as the database's owner" in said and "store init" in said
    assert "permissions" not in said and APP_PASSWORD not in said
    with pg_server.admin(database) as owner:
        version = owner.execute("SELECT max(version) FROM schema_history").fetchone()
    assert version is not None and version[0] == SCHEMA_VERSION - 1


def test_a_refused_login_names_where_the_password_came_from(
    pg_server: PgServer, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two-PC walk: File > Case store… with a wrong password typed in the URL said "check the
    user name and the password in .pgpass", where the clerk had put none."""
    wrong = "not-" + ADMIN_PASSWORD
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:cdt_admin:{wrong}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    said = {}
    for source, url in (
        ("in the URL", pg_server.url("postgres", password=wrong)),
        ("in .pgpass", pg_server.url("postgres", password=None)),
    ):
        with pytest.raises(StoreUnavailableError) as info:
            open_repository(url)
        said[source] = str(info.value)
    for source, message in said.items():
        assert f"check the user name and the password {source}." in message
        assert wrong not in message
