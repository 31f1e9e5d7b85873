"""The chart's answers for the open case's own tooth (tour of a two-PC office, finding 1).

The assistant opened case 1 (#19, necrosis, D3330); the dentist then said "irreversible
pulpitis". The chart showed it and still recommended D3330; choosing D3330 again saved nothing
and said nothing, so the case (and the appeal letter) kept "necrosis". Now choosing the case's
own code with changed answers saves them (a clinical edit, the assistant's to make), undoable,
and the status bar says when the chart's answers are not on the case yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.ui.common import msgbox
from tests.helpers.office import office

Window = Any


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    for name in ("show_info", "show_error", "show_warning"):
        monkeypatch.setattr(msgbox, name, lambda p, title, text: seen.append(f"{title}: {text}"))
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: seen.append("asked") or True)
    return seen


def _window(qtbot: QtBot, data_dir: Path, **kwargs: Any) -> Window:
    win = build_main_window(data_dir=data_dir, **kwargs)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, shown: list[str]) -> Iterator[Window]:
    win = _window(qtbot, tmp_path / "office")
    win.operator_picker.set_operator("MR")
    yield win
    if shiboken6.isValid(win):
        win.close()
        shiboken6.delete(win)


def _open_19_necrosis(window: Window) -> int:
    case_id = window.cases.create(
        Case(
            patient=Patient(name="Jordan Reyes"),
            procedure=Procedure(code="D3330", tooth="19"),
            findings=CaseFindings(root="complete", pulp="necrosis", notes="hot tooth"),
        ),
        operator=window.operator(),
    )
    assert window.open_case(case_id) is not False
    return int(case_id)


def _answer_pulp(window: Window, value: str) -> None:
    box = window.chart_panel.findings.box("pulpStatus")
    box.setCurrentIndex(box.findData(value))


def _choose_with_enter(window: Window, code: str) -> None:
    view = window.chart_panel.candidates.list_widget()
    for row in range(view.count()):
        if view.item(row).data(Qt.ItemDataRole.UserRole) == code:
            view.setCurrentRow(row)
            break
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Return)


def test_choosing_the_case_s_own_code_saves_the_changed_answers(
    window: Window, shown: list[str]
) -> None:
    case_id = _open_19_necrosis(window)
    _answer_pulp(window, "irreversible-pulpitis")
    assert window.cases.get(case_id).case.findings.pulp == "necrosis"  # not saved yet...
    assert "not on case" in window.statusBar().currentMessage()  # ...and the window says so
    assert "D3330" in window.statusBar().currentMessage()

    _choose_with_enter(window, "D3330")  # the recommendation, still D3330

    saved = window.cases.get(case_id).case
    assert (saved.procedure.code, saved.findings.pulp) == ("D3330", "irreversible-pulpitis")
    assert saved.findings.notes == "hot tooth"  # the case's own notes stay
    assert "answers saved" in window.statusBar().currentMessage()
    assert shown == []
    window.menu_actions["undoCodeAction"].trigger()  # Ctrl+Z puts the answers back
    assert window.cases.get(case_id).case.findings.pulp == "necrosis"


def test_choosing_the_case_s_own_code_with_the_same_answers_changes_nothing(
    window: Window,
) -> None:
    case_id = _open_19_necrosis(window)
    version = window.cases.get(case_id).version
    _choose_with_enter(window, "D3330")
    assert window.cases.get(case_id).version == version


def test_an_assistant_may_save_the_answers_but_not_change_the_code(
    qtbot: QtBot, tmp_path: Path, shown: list[str]
) -> None:
    with office(tmp_path / "data"):
        pass  # an admin, a dentist, an assistant and billing, each with a PIN
    win = _window(qtbot, tmp_path / "data", user="Maria Ruiz")
    try:
        case_id = _open_19_necrosis(win)
        _answer_pulp(win, "irreversible-pulpitis")
        _choose_with_enter(win, "D3330")
        assert win.cases.get(case_id).case.findings.pulp == "irreversible-pulpitis"
        assert shown == []
        _choose_with_enter(win, "D3348")  # another code: still the dentist's
        assert win.cases.get(case_id).case.procedure.code == "D3330"
        assert any("dentist or admin" in text for text in shown)
    finally:
        win.session.idle.stop()
        win.close()
