"""Close case / Next patient (Ctrl+W) asks before it drops chart answers not on the case yet
(review9).

At the chair the dentist opened case 1 (#19, mature root), then answered "necrosis" on the chart:
the answers reach the case when its code is chosen again. Ctrl+W closed the case and reset the
chart without a word, and the answer was gone; another user's unlock already asked first. Now
Close case asks the same question: No keeps the case open with its answers, Yes closes it. With
nothing unsaved it closes at once, as before.

Real window (real reference library, SQLite store, chart, menus).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.ui.common import msgbox
from tests.helpers.windows import shown_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with shown_window(qtbot, tmp_path / "data") as shown:
        yield shown


def _open_case_then_answer_necrosis(window) -> int:  # type: ignore[no-untyped-def]
    case = Case(
        patient=Patient(name="Zoë Nguyễn"),
        procedure=Procedure(code="D3330", tooth="19"),
        findings=CaseFindings(root="complete", pulp="irreversible-pulpitis"),
    )
    case_id = window.cases.create(case, operator="AB")
    window.open_case(case_id)
    pulp = window.chart_panel.findings.box("pulpStatus")
    pulp.setCurrentIndex(pulp.findData("necrosis"))
    return case_id


def _close_case_from_the_menu(window) -> None:  # type: ignore[no-untyped-def]
    window.findChild(QAction, "closeCaseAction").trigger()


@pytest.mark.parametrize(("answer", "still_open"), [(False, True), (True, False)])
def test_close_case_asks_before_dropping_chart_answers(
    window, monkeypatch: pytest.MonkeyPatch, answer: bool, still_open: bool
) -> None:
    case_id = _open_case_then_answer_necrosis(window)
    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text) or answer
    )

    _close_case_from_the_menu(window)

    assert len(asked) == 1 and "#19" in asked[0]
    assert (window.current_case_id() == case_id) is still_open
    pulp = window.chart_panel.findings.box("pulpStatus")
    assert (pulp.currentData() == "necrosis") is still_open


def test_close_case_with_nothing_unsaved_closes_at_once(
    window, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = window.cases.create(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text))

    _close_case_from_the_menu(window)

    assert asked == []
    assert window.current_case_id() is None


@pytest.mark.parametrize(("answer", "still_open"), [(False, True), (True, False)])
def test_opening_another_case_asks_before_dropping_chart_answers(
    window, monkeypatch: pytest.MonkeyPatch, answer: bool, still_open: bool
) -> None:
    """Chairside walkthrough: with the chart's answers not on case 3 yet, Ctrl+O and Enter on
    another patient opened case 2 without a question, and the changed finding was gone."""
    first = _open_case_then_answer_necrosis(window)
    other = window.cases.create(
        Case(patient=Patient(name="Ana Gonzalez"), procedure=Procedure(code="D3310", tooth="8")),
        operator="AB",
    )
    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text) or answer
    )
    window.case_list.caseOpened.emit(other)  # Enter or a double-click in the Cases tab

    assert len(asked) == 1 and "#19" in asked[0] and f"case {other}" in asked[0]
    assert window.current_case_id() == (first if still_open else other)
    window.open_case(window.current_case_id())  # the open case again: nothing to ask
    assert len(asked) == 1


def _quit_from_the_menu(window) -> None:  # type: ignore[no-untyped-def]
    window.findChild(QAction, "quitAction").trigger()


@pytest.mark.parametrize(("answer", "still_open"), [(False, True), (True, False)])
def test_quit_asks_before_dropping_chart_answers(
    window, monkeypatch: pytest.MonkeyPatch, answer: bool, still_open: bool
) -> None:
    """Walkthrough: with the chart's pulp status not on case 2 yet, Ctrl+Q (and the window's
    X, a close event from the system that offscreen tests cannot send) quit without the
    question Ctrl+W asks, and the answer was gone at the next start."""
    case_id = _open_case_then_answer_necrosis(window)
    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text) or answer
    )

    _quit_from_the_menu(window)

    assert len(asked) == 1 and "Quit and lose" in asked[0] and "#19" in asked[0]
    assert window.isVisible() is still_open
    if still_open:
        assert window.current_case_id() == case_id
        assert window.chart_panel.findings.box("pulpStatus").currentData() == "necrosis"


def test_quit_with_nothing_unsaved_closes_at_once(window, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text))

    _quit_from_the_menu(window)

    assert asked == [] and not window.isVisible()


def test_a_close_from_code_never_waits_for_an_answer(
    window, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's own end (its loop ended: a sign-out of the desktop, the benchmark's probe)
    closes the window from code: a question then would hang a window nobody sees."""
    _open_case_then_answer_necrosis(window)
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text))

    window.close()

    assert asked == [] and not window.isVisible()
