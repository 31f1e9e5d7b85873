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


def test_a_case_left_open_when_sign_in_came_offers_its_letter_by_the_role_signed_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Verification walk: a case open before sign-in was turned on kept Export appeal letter...
    live for the assistant who then signed in, with the old tip; the click was refused in a
    dialog. Any unlock now sets the open case's buttons by the role signed in."""
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure
    from cdt_desktop.domain.session import Role
    from tests.gui.session.test_lock_screen import enter_pin

    window = build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    session = window.session
    try:
        window.operator_picker.set_operator("AB")
        case = Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330", tooth="19"))
        window.open_case(window.store.create_case(case, operator="AB"))
        assert window.export_button.isEnabled()
        with CaseStore.open(tmp_path) as other:
            auth = AuthService(other, params=FAST)
            auth.create_first_admin("Ana Admin", PINS["Ana Admin"])
            auth.add_user("Maria Ruiz", Role.ASSISTANT, PINS["Maria Ruiz"])
        qtbot.waitUntil(session.is_locked, timeout=6000)
        enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
        assert not session.is_locked()
        if window.controller.case_id() is not None:  # the case stays open for its user
            assert not window.export_button.isEnabled()
            assert "needs the dentist, billing or admin role" in window.export_button.toolTip()
    finally:
        if session.idle is not None:
            session.idle.stop()
        window.close()
