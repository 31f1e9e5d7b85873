"""Sign-in turned on while a window is open (tour7).

One PC, the window open with typed initials "AB"; the office admin runs `cdt-desktop users add
"Ana Ortiz" --role admin` (or creates the first admin at another workstation). The README: from
then on every window on the store opens locked. The open window heard the change (it re-reads
the store) but went on as before: no lock, "Set up sign-in…" still offered, no idle lock, and
its ticks were saved as "AB" with nobody signed in, until the app was restarted. Now it locks
at once: whoever works on goes through a tile and a PIN.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.services.auth import AuthService
from tests.helpers.office import FAST, PINS


def test_an_open_window_locks_when_the_first_admin_is_created_elsewhere(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the start's own lock check has run: no users then
    session = window.session
    try:
        assert session.sign_in_state() is False and not session.is_locked()
        with CaseStore.open(tmp_path) as other:  # the command's own connection
            AuthService(other, params=FAST).create_first_admin("Ana Admin", PINS["Ana Admin"])
        qtbot.waitUntil(session.is_locked, timeout=6000)
        assert not session.setup_button.isVisible()
        assert session.idle is not None  # and the idle lock watches from now on
        screen = session.lock_screen
        assert screen is not None
        tiles = [t.accessibleName() for t in screen.findChildren(QToolButton)]
        assert "Ana Admin, admin" in tiles
    finally:
        if session.idle is not None:
            session.idle.stop()
        window.close()
