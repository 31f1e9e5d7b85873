"""Radiographs in the case store beyond the shared contract: the schema step that adds them on
each backend (an office's existing store upgrades on open and keeps its cases), and on
PostgreSQL the workstations' least-privileged login and the live refresh of other workstations."""

from __future__ import annotations

import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cases.postgres import migrations as pg_migrations
from cdt_desktop.db.cases.sqlite import migrations as sqlite_migrations
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.sqlitefile.connect import open_db
from cdt_desktop.domain.cases.model import Case, Patient
from tests.helpers.images import jpeg_bytes
from tests.helpers.postgres import APP_PASSWORD, APP_USER, PgServer

FILM: dict[str, Any] = {"caption": "Pre-op PA", "taken_on": "", "media_type": "image/jpeg",
                        "width": 64, "height": 48}  # fmt: skip


def test_each_backend_adds_radiographs_in_one_new_step() -> None:
    assert sqlite_migrations.MIGRATIONS[6][:2] == (7, "radiographs attached to a case")
    assert pg_migrations.MIGRATIONS[4][:2] == (5, "radiographs attached to a case")


@pytest.mark.parametrize("older", [1, 3, 6])
def test_a_practice_pc_store_from_an_older_version_upgrades_and_takes_films(
    tmp_path: Path, older: int
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "cases.sqlite"
    conn = open_db(path, create=True)
    try:
        sqlite_migrations.apply_migrations(conn, path, folder / "backups", target=older)
    finally:
        conn.close()
    with CaseStore.open(folder) as store:
        assert store.schema_version == sqlite_migrations.SCHEMA_VERSION
        case_id = store.create_case(Case(patient=Patient(name="A")), operator="AB")
        store.add_radiograph(case_id, data=jpeg_bytes(), operator="AB", **FILM)
        assert len(store.radiographs(case_id)) == 1
        assert store.check() == ["ok"] and store.verify_audit() == []
    assert list(
        (folder / "backups").glob(
            f"cases-v{older}-before-v{sqlite_migrations.SCHEMA_VERSION}-*.sqlite"
        )
    )


def test_a_store_whose_radiographs_table_was_dropped_is_named(tmp_path: Path) -> None:
    from cdt_desktop.domain.cases.ports import StoreCorruptError

    with CaseStore.open(tmp_path):
        pass
    raw = sqlite3.connect(tmp_path / "cases.sqlite")
    raw.execute("DROP TABLE radiographs")
    raw.commit()
    raw.close()
    with pytest.raises(StoreCorruptError, match="radiographs"):
        CaseStore.open(tmp_path)


def _office_of_the_last_version(pg_server: PgServer, database: str) -> str:
    """A server store set up before radiographs (schema 4) with ``store init --grant``."""
    pg_server.ensure_app_role()
    with pg_server.admin(database) as owner:
        assert pg_migrations.apply_migrations(owner, database, target=4) == [1, 2, 3, 4]
        pg_migrations.grant_app_role(owner, APP_USER)
    return pg_server.url(database, user=APP_USER, password=APP_PASSWORD)


def test_an_office_that_upgrades_with_plain_store_init_can_attach_at_once(
    pg_server: PgServer, database: str
) -> None:
    """README: after an update the owner runs ``store init`` again (no --grant); the
    workstations' login may then attach, read and remove films, but never rewrite one."""
    app = _office_of_the_last_version(pg_server, database)
    with open_repository(pg_server.url(database)) as owner:  # store init as the owner
        assert owner.schema_version == pg_migrations.SCHEMA_VERSION
    with open_repository(app) as store:
        case_id = store.create_case(Case(patient=Patient(name="A")), operator="PC1")
        image = store.add_radiograph(case_id, data=jpeg_bytes(), operator="PC1", **FILM)
        assert store.radiographs(case_id) == [image]
        store.remove_radiograph(case_id, image.id, operator="PC2")
        store.add_radiograph(case_id, data=jpeg_bytes(), operator="PC1", **FILM)
        store.delete_case(case_id, operator="PC2")  # the films go with the case
        assert store.radiographs(case_id) == []
    with (
        psycopg.connect(app, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("UPDATE radiographs SET caption = 'x'")


def test_store_init_grant_gives_a_new_office_the_radiographs(
    pg_server: PgServer, database: str
) -> None:
    pg_server.ensure_app_role()
    with open_repository(pg_server.url(database)):
        pass
    with pg_server.admin(database) as owner:
        pg_migrations.grant_app_role(owner, APP_USER)
    with open_repository(pg_server.url(database, user=APP_USER, password=APP_PASSWORD)) as store:
        case_id = store.create_case(Case(), operator="PC1")
        store.add_radiograph(case_id, data=jpeg_bytes(), operator="PC1", **FILM)
        assert len(store.radiographs(case_id)) == 1


def test_a_film_attached_at_the_chair_refreshes_the_front_desk(
    pg_server: PgServer, database: str
) -> None:
    url = pg_server.url(database)
    with open_repository(url) as desk:
        case_id = desk.create_case(Case(), operator="AB")
        feed = desk.changes()
        assert feed is not None
        try:
            code = (
                "from cdt_desktop.db.cases import open_repository\n"
                "from tests.helpers.images import jpeg_bytes\n"
                f"with open_repository({url!r}) as s:\n"
                f"    s.add_radiograph({case_id}, caption='', taken_on='', "
                "media_type='image/jpeg', data=jpeg_bytes(), width=64, height=48, "
                "operator='W2')\n"
            )
            subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
            started = time.monotonic()
            changes = []
            while not changes and time.monotonic() - started < 5:
                select.select([feed.fileno()], [], [], 1.0)
                changes = feed.drain()
            assert [(c.case_id, c.action, c.operator) for c in changes] == [
                (case_id, "attach", "W2")
            ]
            assert len(desk.radiographs(case_id)) == 1
        finally:
            feed.close()


def test_doctor_finds_a_store_holding_films_healthy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cdt_desktop import cli

    with CaseStore.open(tmp_path) as store:
        case_id = store.create_case(Case(patient=Patient(name="A")), operator="AB")
        store.add_radiograph(case_id, data=jpeg_bytes(), operator="AB", **FILM)
    cli.main(["--data-dir", str(tmp_path), "doctor"])
    out = capsys.readouterr().out
    store_part = out.split("reference library:")[0]  # the reference library is not this test's
    assert "quick_check: ok" in store_part and "integrity_check: ok" in store_part
    assert f"schema version: {sqlite_migrations.SCHEMA_VERSION}" in store_part
    assert "audit chain: ok" in store_part and "audit entries: 2" in store_part
