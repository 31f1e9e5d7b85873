"""The `repository` fixture: every contract test runs once per case-store backend, on a fresh
store (an SQLite file; a new database on the real PostgreSQL server the tests started)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.ports import CaseRepository

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'data' / 'cases.sqlite').as_posix().lstrip('/')}"
        return
    server = request.getfixturevalue("pg_server")
    name = server.new_database()
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def repository(store_url: str) -> Iterator[CaseRepository]:
    with open_repository(store_url) as opened:
        yield opened
