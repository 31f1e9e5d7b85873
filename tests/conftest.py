"""Shared test set-up: offscreen Qt, a private data folder per test, and the `gui` marker."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import cdt_desktop.ui  # noqa: F401 - applies the PySide6/Python 3.11 None guard before any Qt call
from tests.helpers.colours import colours  # noqa: F401 - the fixture: Light, then Dark

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test ever touches the real per-user data folder."""
    data_dir = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("CDT_DESKTOP_DATA_DIR", str(data_dir))
    monkeypatch.delenv("CDT_DESKTOP_STORE", raising=False)  # a developer's own store stays out
    return data_dir


@pytest.fixture(autouse=True)
def _no_offscreen_noise():
    """Qt's known offscreen line never reaches a test's captured messages or its output."""
    from cdt_desktop.ui.common.qt_messages import drop_known_noise

    remove = drop_known_noise()  # in front of pytest-qt's per-test capture
    yield
    remove()


@pytest.fixture(autouse=True)
def _collector_as_found():
    """A test that runs the app's `main()` in this process leaves the collector as it found it.

    `app.starting()` freezes what start-up built (right for the app, which runs once); here the
    next test's garbage must stay collectable.
    """
    yield
    if gc.get_freeze_count():
        gc.unfreeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses qtbot/qapp is a `gui` test, so `-m "not gui"` runs the logic alone."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures or "gui" in item.path.parts:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def _pg_session_server():
    from tests.helpers.postgres import running_server

    with running_server() as server:
        yield server


@pytest.fixture
def pg_server(_pg_session_server):
    """A real PostgreSQL server for the whole session (tests/helpers/postgres.py), up when a
    test starts: a test that stopped it (a power cut, an offline window) and could not bring
    it back under load would otherwise fail every PostgreSQL test after it."""
    _pg_session_server.ensure_running()
    return _pg_session_server


@pytest.fixture
def pg_store_url(pg_server):
    """The URL of a new database on the session's server holding an initialised case store
    (as `store init` leaves it); dropped after the test."""
    from cdt_desktop.db.cases import open_repository

    name = pg_server.new_database()
    with open_repository(pg_server.url(name)):
        pass  # store init
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_database(name)
