"""A backup of another PC restored (``cdt-desktop restore``, another process) while a window is
signed in: the restored store's user under the signed-in id is another person. The window went
on as that person (looked up by id only), with their role, and wrote its rows under their id.
Now it locks, says why, and offers the restored store's users. Real window, real SQLite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.auth import AuthService
from cdt_desktop.ui.shell import main_window as main_window_module
from tests.helpers.office import FAST, PINS, office


def _restore(data: Path, backup: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "--data-dir", str(data), "restore", str(backup),
         "--user", "Ana Admin", "--yes"],
        check=True, timeout=60, capture_output=True, input=PINS["Ana Admin"] + "\n", text=True,
    )  # fmt: skip


def _other_pc_backup(folder: Path, *, users: bool) -> Path:
    with CaseStore.open(folder) as other:
        if users:
            auth = AuthService(other, params=FAST)
            auth.create_first_admin("Zed Other", "663018")
            auth.sign_out()
        other.create_case(Case(patient=Patient(name="Other Patient"),
                               procedure=Procedure(code="D3330", tooth="19")), operator="ZO")  # fmt: skip
        return other.backup(folder, operator="ZO")


@pytest.fixture
def front_desk(tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    with office(tmp_path / "pc"):
        pass
    window = build_main_window(data_dir=tmp_path / "pc", user="Ana Admin")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.session.idle is not None:
        window.session.idle.stop()
    window.close()


def test_another_pc_s_user_under_the_signed_in_id_locks_the_window_saying_why(
    qtbot: QtBot, tmp_path: Path, front_desk
) -> None:  # type: ignore[no-untyped-def]
    window = front_desk
    session = window.session
    assert not session.is_locked() and session.auth.user.name == "Ana Admin"
    _restore(tmp_path / "pc", _other_pc_backup(tmp_path / "old-pc", users=True))
    qtbot.waitUntil(session.is_locked, timeout=8000)
    assert session.auth.user is None
    screen = session.lock_screen
    assert screen is not None and screen.page() == "tiles"
    assert "restored from a backup" in screen._tiles_hint.text()
    assert "Ana Admin" in screen._tiles_hint.text()
    assert screen.findChild(object, "userTile_1") is not None  # Zed, the restored store's user
    store = window.store
    assert store is not None
    assert all(r.user_id is None or r.operator != "AA" for r in store.audit_trail())
    # Zed signs in: the window is Zed's now, and rows go under Zed
    session.lock_screen.choose(store.get_user(1))
    session.lock_screen.unlockRequested.emit(1, "663018")
    qtbot.waitUntil(lambda: not session.is_locked(), timeout=4000)
    assert session.auth.user.name == "Zed Other"
    assert store.audit_trail()[-1].action == "sign-in"
    assert store.audit_trail()[-1].user_id == 1 and store.audit_trail()[-1].operator == "ZO"


def test_a_backup_without_users_turns_sign_in_off_and_says_so(
    qtbot: QtBot, tmp_path: Path, front_desk
) -> None:  # type: ignore[no-untyped-def]
    window = front_desk
    session = window.session
    _restore(tmp_path / "pc", _other_pc_backup(tmp_path / "old-pc", users=False))
    qtbot.waitUntil(lambda: session.auth.user is None, timeout=8000)
    assert not session.is_locked()
    assert "restored from a backup" in window.statusBar().currentMessage()
    assert window.operator_picker.isEnabled()


def test_a_locked_window_whose_restored_store_has_no_users_is_unlocked_with_sign_in_off(
    qtbot: QtBot, tmp_path: Path, front_desk
) -> None:  # type: ignore[no-untyped-def]
    """Locked (Ctrl+L) when a backup without users is restored: nobody could unlock it (no
    tiles), and it stayed locked until the app was restarted. Now sign-in is off, as the
    restored store has it, and the status bar says why."""
    window = front_desk
    session = window.session
    session.lock()
    assert session.is_locked()
    _restore(tmp_path / "pc", _other_pc_backup(tmp_path / "old-pc", users=False))
    qtbot.waitUntil(lambda: not session.is_locked(), timeout=8000)
    assert session.auth.user is None and session.sign_in_state() is False
    assert "restored from a backup" in window.statusBar().currentMessage()
    assert window.operator_picker.isEnabled()


def test_a_window_locked_at_start_unlocks_when_the_restored_store_has_no_users(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    with office(tmp_path / "pc"):
        pass
    window = build_main_window(data_dir=tmp_path / "pc")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    qtbot.waitUntil(session.is_locked, timeout=4000)
    _restore(tmp_path / "pc", _other_pc_backup(tmp_path / "old-pc", users=False))
    qtbot.waitUntil(lambda: not session.is_locked(), timeout=8000)
    assert "without users: sign-in is off" in window.statusBar().currentMessage()
    if session.idle is not None:
        session.idle.stop()
    window.close()
