"""The office's shared CDT code set on the PostgreSQL case store (schema step 6): audited, heard
by the other workstations, written by the least-privileged login, refused on a read-only
store, and added to an older server by ``store init`` with the rights an earlier ``--grant``
gave. A real server (pg_server); made-up practice text, never ADA text."""

from __future__ import annotations

import psycopg
import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cases.postgres.migrations import (
    SCHEMA_VERSION,
    apply_migrations,
    grant_app_role,
)
from cdt_desktop.db.cdt_file import ImportedCode, ImportReport
from cdt_desktop.domain.cases.ports import StoreReadOnlyError
from tests.helpers.postgres import APP_PASSWORD, APP_USER, PgServer

SECRET_TEXT = "Practice text that must never reach the audit log"


def _report(edition: str = "2026") -> ImportReport:
    report = ImportReport(edition=edition)
    report.accepted += [
        ImportedCode("D3330", "Molar RCT (practice)", SECRET_TEXT),
        ImportedCode("D3310", "Anterior RCT (practice)", "Other text"),
    ]
    return report


def test_an_import_is_audited_without_its_text_and_reaches_the_other_workstations(
    pg_server: PgServer, database: str
) -> None:
    url = pg_server.url(database)
    with open_repository(url) as listener, open_repository(url) as importer:
        feed = listener.changes()
        assert feed is not None
        shared = importer.code_sets()
        assert shared is not None
        shared.save(_report(), "CDT2026.txt", operator="BB")
        shared.save(_report(), "CDT2026.txt", operator="BB")  # again: replaces it
        import select

        select.select([feed.fileno()], [], [], 5)
        heard = feed.drain()
        feed.close()
        trail = [(e.operator, e.action, e.case_id, e.detail) for e in importer.audit()]
    assert [(c.action, c.operator) for c in heard][:1] == [("cdt-import", "BB")]
    assert trail == [
        ("BB", "cdt-import", None, "CDT 2026: 2 codes (replaced 2)"),
        ("BB", "cdt-import", None, "CDT 2026: 2 codes"),
    ]
    assert not any(SECRET_TEXT in str(row) for row in trail)
    with open_repository(url) as store:
        assert store.verify_audit() == []


def test_the_workstations_login_imports_but_cannot_edit_an_imported_code(
    pg_server: PgServer, database: str
) -> None:
    pg_server.ensure_app_role()
    with open_repository(pg_server.url(database)):
        pass  # store init as the owner
    with pg_server.admin(database) as conn:
        grant_app_role(conn, APP_USER)
    url = pg_server.url(database, user=APP_USER, password=APP_PASSWORD)
    with open_repository(url) as store:
        shared = store.code_sets()
        assert shared is not None
        shared.save(_report(), "CDT2026.txt", operator="BB")
        assert shared.descriptor("D3330") == f"Molar RCT (practice)\n\n{SECRET_TEXT}"
    with (
        psycopg.connect(url, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("UPDATE codeset_codes SET descriptor = 'x'")


def test_an_older_server_gets_the_code_set_tables_and_an_earlier_grant_reaches_them(
    pg_server: PgServer, database: str
) -> None:
    pg_server.ensure_app_role()
    with pg_server.admin(database) as owner:
        apply_migrations(owner, database, target=5)
        grant_app_role(owner, APP_USER)  # `store init --grant` of the previous version
    with open_repository(pg_server.url(database)) as store:  # `store init` of this version
        assert store.schema_version == SCHEMA_VERSION
    url = pg_server.url(database, user=APP_USER, password=APP_PASSWORD)
    with open_repository(url) as store:
        shared = store.code_sets()
        assert shared is not None
        shared.save(_report("2027"), "CDT2027.txt", operator="BB")
        assert [e[0] for e in shared.editions()] == ["2027"]


def test_a_read_only_store_refuses_an_import(pg_server: PgServer, database: str) -> None:
    url = pg_server.url(database)
    with open_repository(url):
        pass
    with open_repository(url, read_only=True) as store:
        shared = store.code_sets()
        assert shared is not None and shared.read_only
        with pytest.raises(StoreReadOnlyError):
            shared.save(_report(), "CDT2026.txt", operator="BB")
        assert shared.editions() == []


def test_an_sqlite_store_has_no_shared_code_set(tmp_path) -> None:
    with open_repository(None, data_dir=tmp_path) as store:
        assert store.code_sets() is None


def test_two_workstations_importing_at_once_both_succeed_the_later_one_wins(
    pg_server: PgServer, database: str
) -> None:
    """Without the import lock the second import met the first's uncommitted edition row and
    failed with a duplicate key once the first committed."""
    import threading
    import time

    from cdt_desktop.db.cases.postgres.codesets import IMPORT_LOCK_KEY

    url = pg_server.url(database)
    with open_repository(url):
        pass
    errors: list[BaseException] = []
    with psycopg.connect(url) as first, open_repository(url) as second:
        first.execute("SELECT pg_advisory_xact_lock(%s)", (IMPORT_LOCK_KEY,))
        first.execute(
            "INSERT INTO codesets VALUES ('2026', 'first.txt', '2026-01-02T00:00:00Z', 'AA', 0)"
        )

        def import_second() -> None:
            try:
                shared = second.code_sets()
                assert shared is not None
                shared.save(_report(), "second.txt", operator="BB")
            except BaseException as exc:
                errors.append(exc)

        worker = threading.Thread(target=import_second)
        worker.start()
        with pg_server.admin(database) as watch:
            deadline = time.monotonic() + 10
            while (
                time.monotonic() < deadline
                and not watch.execute(
                    "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                ).fetchone()
            ):
                time.sleep(0.02)
        first.commit()  # the first workstation's import ends; the second goes on
        worker.join(10)
    assert errors == []
    with open_repository(url) as store:
        shared = store.code_sets()
        assert shared is not None and shared.editions()[0][2] == 2
