"""A user an admin disables is signed out everywhere (tour of a two-PC office, finding 8).

Maria Ruiz was signed in at the front desk PC; the admin disabled her (`users disable`, the
case store on the office server). Her window kept working: a tick a minute later was saved as
"MR". An access that was terminated has to end at once (HIPAA 164.308(a)(3)(ii)(C)): now the
disable reaches every window on the store through the live change feed, which locks it; she
cannot unlock, and the next user is asked before her open work is discarded. Real PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from tests.helpers.office import office_on_server
from tests.helpers.postgres import PgServer


@pytest.fixture
def office_url(pg_server: PgServer) -> Iterator[str]:
    with office_on_server(pg_server, "Maria Ruiz") as url:
        yield url


def test_a_user_disabled_at_another_pc_is_locked_out_at_once(
    qtbot: QtBot, tmp_path: Path, office_url: str
) -> None:
    window = build_main_window(data_dir=tmp_path / "front", store=office_url, user="Maria Ruiz")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    try:
        assert not session.is_locked()
        code = (
            "from cdt_desktop.db.cases import open_repository\n"
            "from cdt_desktop.services.auth import AuthService\n"
            f"with open_repository({office_url!r}) as s:\n"
            "    auth = AuthService(s)\n"
            "    auth.sign_in_trusted('Ana Admin')\n"
            "    auth.update_user(s.find_user('Maria Ruiz').id, active=False)\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
        qtbot.waitUntil(session.is_locked, timeout=5000)
        assert session.auth.user is None or not session.auth.user.active
        # why it locked (hand-over walk: her tile was gone and nothing said why)
        from tests.gui.session.test_lock_screen import visible_texts

        said = visible_texts(session.lock_screen)
        assert "Maria Ruiz's account was disabled by an admin" in said, said
        with pytest.raises(Exception, match="disabled"):
            window.cases.tick(1, "preop-radiograph", True, operator="MR")
        assert not window.cases.get(1).case.checklist.get("preop-radiograph")
    finally:
        if session.idle is not None:
            session.idle.stop()
        window.close()


def test_a_user_added_or_enabled_elsewhere_gets_a_tile_on_a_locked_window(
    qtbot: QtBot, tmp_path: Path, office_url: str
) -> None:
    """The front desk's window was locked while the admin enabled Maria again (or added a new
    hire) at another PC: the lock screen kept its old tiles, so she could not sign in there."""
    from PySide6.QtWidgets import QToolButton

    window = build_main_window(data_dir=tmp_path / "front", store=office_url, user="Ana Admin")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    try:
        session.lock()

        def tiles() -> list[str]:
            screen = session.lock_screen
            found = screen.findChildren(QToolButton) if screen is not None else []
            return sorted(
                t.accessibleName() for t in found if t.objectName().startswith("userTile_")
            )

        assert tiles() == ["Ana Admin, admin", "Maria Ruiz, assistant"]
        code = (
            "from cdt_desktop.db.cases import open_repository\n"
            "from cdt_desktop.domain.session import Role\n"
            "from cdt_desktop.services.auth import AuthService\n"
            "from tests.helpers.office import FAST\n"
            f"with open_repository({office_url!r}) as s:\n"
            "    auth = AuthService(s, params=FAST)\n"
            "    auth.sign_in_trusted('Ana Admin')\n"
            "    auth.add_user('Bea Billing', Role.BILLING, '916420')\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
        qtbot.waitUntil(lambda: "Bea Billing, billing" in tiles(), timeout=5000)
    finally:
        if session.idle is not None:
            session.idle.stop()
        window.close()


def test_a_user_disabled_while_this_window_was_offline_is_locked_out_when_it_is_back(
    qtbot: QtBot, tmp_path: Path, office_url: str
) -> None:
    """The front desk's connection dropped while the admin disabled Maria: the notification never
    reached it, so the reconnect (which re-reads everything) must check her too; her window kept
    ticking as her, and the service accepted it, until the idle lock."""
    window = build_main_window(data_dir=tmp_path / "front", store=office_url, user="Maria Ruiz")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    status = window.store_status
    try:
        status.report_failure()  # offline: no notification reaches this window
        code = (
            "from cdt_desktop.db.cases import open_repository\n"
            "from cdt_desktop.services.auth import AuthService\n"
            f"with open_repository({office_url!r}) as s:\n"
            "    auth = AuthService(s)\n"
            "    auth.sign_in_trusted('Ana Admin')\n"
            "    auth.update_user(s.find_user('Maria Ruiz').id, active=False)\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
        status.retry()  # back online
        qtbot.waitUntil(session.is_locked, timeout=5000)
        with pytest.raises(Exception, match="disabled"):
            window.cases.tick(1, "preop-radiograph", True, operator="MR")
    finally:
        if session.idle is not None:
            session.idle.stop()
        window.close()


def test_the_idle_lock_time_an_admin_sets_at_another_pc_counts_here_at_once(
    qtbot: QtBot, tmp_path: Path, office_url: str
) -> None:
    """Office walkthrough: the admin set "Lock when idle after" to 1 minute in File > Users at
    PC 1; PC 1 locked after a minute, while billing's window at PC 2 kept the old 5 minutes
    until it was started again (the setting is the store's, for every window)."""
    window = build_main_window(data_dir=tmp_path / "front", store=office_url, user="Maria Ruiz")
    qtbot.addWidget(window)
    session = window.session
    try:
        assert session.idle is not None and session.idle.minutes == 5
        _as_admin_elsewhere(office_url, "auth.set_idle_minutes(1)")
        qtbot.waitUntil(lambda: session.idle is not None and session.idle.minutes == 1,
                        timeout=5000)  # fmt: skip
    finally:
        if session.idle is not None:
            session.idle.stop()
        window.close()


def _as_admin_elsewhere(url: str, call: str) -> None:
    """``call`` (on ``auth``, Ana Admin signed in) at another PC: a process of its own."""
    code = (
        "from cdt_desktop.db.cases import open_repository\n"
        "from cdt_desktop.services.auth import AuthService\n"
        f"with open_repository({url!r}) as s:\n"
        "    auth = AuthService(s)\n"
        "    auth.sign_in_trusted('Ana Admin')\n"
        f"    {call}\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
