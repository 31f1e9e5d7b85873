"""Another user unlocking asks first when the chart holds answers not saved on the open case.

Dr Diaz opened case 1 (#19) and answered "necrosis" on the chart; the answers reach the case
only when he chooses its code in the candidates (the status bar says so). He locked the PC and
Maria unlocked with her PIN: with no other window open nothing asked, her unlock closed his case
and reset the chart, and his answers were gone (review9). Now her unlock asks, as it does for
open forms; "Keep" leaves the window locked with his answers, "Discard and switch" closes it.

Real window on a SQLite store with users, real lock screen and PIN pad.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop import app
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.session.controller import SessionController
from tests.gui.session.test_lock_screen import PINS, enter_pin, make_office


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    make_office(tmp_path / "data")
    shown = app.build_main_window(data_dir=tmp_path / "data", user="Dr Diaz")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    case = Case(patient=Patient(name="Jordan Reyes"), procedure=Procedure(code="D3330", tooth="19"))
    shown.open_case(shown.cases.create(case, operator="DD"))
    yield shown
    session: SessionController = shown.session
    if session.idle is not None:
        session.idle.stop()
    shown.close()


def _answer_necrosis(window) -> None:  # type: ignore[no-untyped-def]
    box = window.chart_panel.findings.box("pulpStatus")
    box.setCurrentIndex(box.findData("necrosis"))


def test_unsaved_chart_answers_are_asked_about_before_another_user_unlocks(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
) -> None:
    _answer_necrosis(window)
    session: SessionController = window.session
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    screen = session.lock_screen
    assert screen is not None and screen.page() == "confirm"
    question = screen.findChild(QLabel, "switchQuestion")
    assert question is not None and "chart" in question.text() and "case 1" in question.text()
    keep = screen.findChild(QPushButton, "switchCancel")
    assert keep is not None
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert session.is_locked() and session.auth.user.name == "Dr Diaz"
    assert window.current_case_id() == 1  # his case and answers wait under the lock
    box = window.chart_panel.findings.box("pulpStatus")
    assert box.currentData() == "necrosis"

    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    confirm = screen.findChild(QPushButton, "switchConfirm")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert not session.is_locked() and session.auth.user.name == "Maria Ruiz"
    assert window.current_case_id() is None


def test_saved_answers_ask_nothing(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    session: SessionController = window.session
    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])
    assert not session.is_locked() and window.current_case_id() is None
