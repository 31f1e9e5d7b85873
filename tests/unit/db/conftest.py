"""A small reference library built from the fixture sources, shared by the db tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop.db.reference.build import build_database, load_sources, source_hash
from tests.helpers import SOURCE_FIXTURES

FIXTURE_SOURCES = SOURCE_FIXTURES


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture sources built once per session (tests must not modify it)."""
    out = tmp_path_factory.mktemp("refdb") / "fixture.sqlite"
    return build_database(
        load_sources(FIXTURE_SOURCES), out, source_hash=source_hash(FIXTURE_SOURCES)
    )
