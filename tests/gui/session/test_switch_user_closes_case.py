"""Another user unlocking starts without the previous user's case open (tour8 finding 11).

Maria (assistant) had case 1 open in the main window and locked it; Dr Diaz unlocked with his
PIN and pressed "Discard and switch": her form closed, but her case stayed open in the window,
its patient's heading, chart and checklist on screen, and his next tick or edit would have gone
onto the case she was working on, under his name. Now a different user's unlock closes the open
case (everything in it is saved already: ticks at once, forms on Save); the same user unlocking
finds it as they left it.

Real window on a SQLite store with users, real lock screen and PIN pad.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop import app
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.session.controller import SessionController
from tests.gui.session.test_lock_screen import PINS, enter_pin, make_office

PATIENT = "Zoë Sentinel-王小明"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    make_office(tmp_path / "data")
    shown = app.build_main_window(data_dir=tmp_path / "data", user="Maria Ruiz")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    case = Case(patient=Patient(name=PATIENT), procedure=Procedure(code="D3330", tooth="19"))
    shown.open_case(shown.cases.create(case, operator="MR"))
    assert shown.current_case_id() == 1 and PATIENT in shown.case_label.text()
    yield shown
    session: SessionController = shown.session
    if session.idle is not None:
        session.idle.stop()
    shown.close()


def _session(window) -> SessionController:  # type: ignore[no-untyped-def]
    return window.session


def _assert_no_case_on_screen(window) -> None:  # type: ignore[no-untyped-def]
    assert window.current_case_id() is None
    assert PATIENT not in window.case_label.text()
    assert window.checklist_panel.case_id() is None
    assert window.detail.current_code() is None
    assert window.chart_panel.chart.selected() is None


def test_discard_and_switch_closes_the_previous_users_case(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    session = _session(window)
    form = QDialog(window)  # the assistant's open work in another window
    form.show()
    session.lock()
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    screen = session.lock_screen
    assert screen is not None and screen.page() == "confirm"
    confirm = screen.findChild(QPushButton, "switchConfirm")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert not session.is_locked() and session.auth.user.name == "Dr Diaz"
    assert not form.isVisible()
    _assert_no_case_on_screen(window)
    assert "closed" in window.statusBar().currentMessage()


def test_another_user_unlocking_closes_the_case_without_other_windows(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
) -> None:
    session = _session(window)
    session.lock()
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])  # nothing else open: no question
    assert not session.is_locked() and session.auth.user.name == "Dr Diaz"
    _assert_no_case_on_screen(window)


def test_the_same_user_unlocking_finds_the_case_as_left(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    session = _session(window)
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    assert not session.is_locked()
    assert window.current_case_id() == 1 and PATIENT in window.case_label.text()
    assert window.detail.current_code() == "D3330"
