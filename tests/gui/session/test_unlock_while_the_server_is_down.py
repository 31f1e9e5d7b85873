"""A locked window whose office server is down (walkthrough on a shared store, finding 7).

Maria's window locked itself while the PostgreSQL server was down; her PIN was refused because
the server that holds the users could not be reached, so the chart and the code search, which
work on this PC alone, were gone with the cases until the server came back. Now the user who
locked the window unlocks it with her PIN, checked against what this window read when she last
signed in (never the PIN itself); the unlock is written to the audit log once the server is
back. Nobody else can unlock while the server is down (a switch needs the users, and the
previous user's open work), and five wrong PINs end the offline unlock. Real PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QToolButton
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases import open_repository
from cdt_desktop.ui.session.controller import SessionController
from tests.helpers.office import PINS, office_on_server, tap_pin
from tests.helpers.postgres import PgServer


@pytest.fixture
def office_url(pg_server: PgServer) -> Iterator[str]:
    with office_on_server(pg_server, "Maria Ruiz", "Dr Diaz") as url:
        yield url


def _user_id(url: str, name: str) -> int:
    with open_repository(url) as store:
        user = store.find_user(name)  # type: ignore[attr-defined]
        assert user is not None
        return int(user.id)


def _shown_text(session: SessionController) -> str:
    screen = session.lock_screen
    assert screen is not None
    return "\n".join(label.text() for label in screen.findChildren(QLabel) if label.isVisible())


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, office_url: str) -> Iterator[QMainWindow]:
    window = build_main_window(data_dir=tmp_path / "front", store=office_url)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.session.is_locked)  # type: ignore[attr-defined]
    try:
        yield window
    finally:
        session = window.session  # type: ignore[attr-defined]
        if session.idle is not None:
            session.idle.stop()
        window.close()


def test_the_user_who_locked_unlocks_while_the_server_is_down(
    qtbot: QtBot, window: QMainWindow, office_url: str, pg_server: PgServer
) -> None:
    session: SessionController = window.session  # type: ignore[attr-defined]
    maria = _user_id(office_url, "Maria Ruiz")
    tap_pin(qtbot, session, maria, PINS["Maria Ruiz"])
    assert not session.is_locked()
    pg_server.stop_immediate()
    try:
        qtbot.mouseClick(session.badge, Qt.MouseButton.LeftButton)  # her name: lock
        assert session.is_locked()
        tap_pin(qtbot, session, maria, PINS["Maria Ruiz"])
        assert not session.is_locked()
        assert session.auth.user is not None and session.auth.user.id == maria
        assert window.search.isEnabled()  # type: ignore[attr-defined]
        assert "Maria Ruiz" in session.badge.text()  # it said "Locked" after the unlock
    finally:
        pg_server.restart()
    session.lock()
    tap_pin(qtbot, session, maria, PINS["Maria Ruiz"])  # back: her unlock is on the record
    assert not session.is_locked()
    with open_repository(office_url) as store:
        trail = [e for e in store.audit_trail() if e.action == "sign-in"]  # type: ignore[attr-defined]
    assert any("server was down" in e.detail for e in trail)


def test_while_the_server_is_down_nobody_else_unlocks_and_wrong_pins_end_it(
    qtbot: QtBot, window: QMainWindow, office_url: str, pg_server: PgServer
) -> None:
    session: SessionController = window.session  # type: ignore[attr-defined]
    maria, diaz = _user_id(office_url, "Maria Ruiz"), _user_id(office_url, "Dr Diaz")
    tap_pin(qtbot, session, maria, PINS["Maria Ruiz"])
    pg_server.stop_immediate()
    try:
        session.lock()
        screen = session.lock_screen
        assert screen is not None
        assert screen.findChild(QToolButton, f"userTile_{diaz}") is None  # hers alone
        assert screen.findChild(QToolButton, f"userTile_{maria}") is not None
        said = _shown_text(session)
        assert "cannot be reached" in said and "only Maria Ruiz can unlock" in said
        with pytest.raises(Exception, match="only Maria Ruiz can unlock"):
            session.auth.sign_in(diaz, PINS["Dr Diaz"])  # the PIN is not even compared
        assert session.auth.user is not None and session.auth.user.id == maria
        for _ in range(5):
            tap_pin(qtbot, session, maria, "000000")
            assert session.is_locked()
        fifth = _shown_text(session)
        tap_pin(qtbot, session, maria, PINS["Maria Ruiz"])  # right, but too late
        assert session.is_locked()
        assert (
            "Too many wrong PINs for Maria Ruiz" in fifth and "once the case store is back" in fifth
        )
        assert _shown_text(session) == fifth  # the same words, however often she tries
    finally:
        pg_server.restart()


def test_once_the_server_is_back_the_locked_window_shows_every_user_again(
    qtbot: QtBot, window: QMainWindow, office_url: str, pg_server: PgServer
) -> None:
    session: SessionController = window.session  # type: ignore[attr-defined]
    maria, diaz = _user_id(office_url, "Maria Ruiz"), _user_id(office_url, "Dr Diaz")
    tap_pin(qtbot, session, maria, PINS["Maria Ruiz"])
    pg_server.stop_immediate()
    try:
        session.lock()
        screen = session.lock_screen
        assert screen is not None
        assert screen.findChild(QToolButton, f"userTile_{diaz}") is None
    finally:
        pg_server.restart()
    qtbot.waitUntil(lambda: screen.findChild(QToolButton, f"userTile_{diaz}") is not None,
                    timeout=20000)  # fmt: skip
    assert "cannot be reached" not in _shown_text(session)
    tap_pin(qtbot, session, diaz, PINS["Dr Diaz"])  # a switch works again
    assert session.auth.user is not None and session.auth.user.id == diaz
