"""A fresh database on the session's PostgreSQL server for each test that asks for one, and a
store on each backend for the tests that open it themselves (``store_url``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.postgres import PgServer


@pytest.fixture
def database(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.new_database()
    try:
        yield name
    finally:
        pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """A store's location on each backend, made when first opened (a SQLite file; a fresh
    database on the session's server)."""
    if request.param == "sqlite":
        return lambda: str(tmp_path / "cases.sqlite")
    pg_server: PgServer = request.getfixturevalue("pg_server")
    database: str = request.getfixturevalue("database")
    return lambda: pg_server.url(database)
