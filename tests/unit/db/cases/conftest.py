"""A fresh database on the session's PostgreSQL server for each test that asks for one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.postgres import PgServer


@pytest.fixture
def database(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.new_database()
    try:
        yield name
    finally:
        pg_server.drop_database(name)
