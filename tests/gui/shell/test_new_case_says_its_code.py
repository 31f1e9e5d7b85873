"""A new case that starts with another code than the one on screen says so (tour8 finding 5).

The dentist answered the chart for #19 (mature root, irreversible pulpitis: D3330 recommended)
and clicked the excluded D3348 to read why it is excluded. The checklist followed: "Checklist for
D3348 ... Open or create a case to tick items [Create case]". The assistant pressed Create case
and saved the form: the case was a D3330 case, by design (a code read, or an excluded code,
never becomes the case's code), but nothing said so; the code field is at the bottom of a long
form. The form now says, at its top, which code the case starts with and why not the one shown.

Real window (real reference library, SQLite store, chart, candidates, checklist, case form).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.chart.candidates import CODE_ROLE


def _window(qtbot: QtBot, data_dir: Path):  # type: ignore[no-untyped-def]
    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.operator_picker.set_operator("AB")
    panel = window.chart_panel
    panel.chart.select_tooth("19")
    panel.findings.box("rootDevelopment").setCurrentIndex(1)  # complete
    pulp = panel.findings.box("pulpStatus")
    pulp.setCurrentIndex(pulp.findData("irreversible-pulpitis"))
    assert panel.selection().recommended.code == "D3330"
    return window


def _click_candidate(qtbot: QtBot, window, code: str) -> None:  # type: ignore[no-untyped-def]
    codes = window.chart_panel.candidates.findChild(QListWidget, "candidateCodes")
    rows = [codes.item(r) for r in range(codes.count())]
    item = next(i for i in rows if i.data(CODE_ROLE) == code)
    codes.scrollToItem(item)
    rect = codes.visualItemRect(item)
    qtbot.mouseClick(codes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _form_after_create_case(qtbot: QtBot, window) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Press the checklist's Create case; read the form's hint and code; close it unsaved."""
    seen: list[tuple[str, str]] = []

    def read() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, CaseForm)
        hint = form.findChild(QLabel, "caseFormHint")
        shown = hint.text() if hint.isVisibleTo(form) else ""
        seen.append((shown, form.case_dict()["procedure"]["code"]))
        form.done(0)

    QTimer.singleShot(0, read)
    window.checklist_panel.findChild(QPushButton, "createCaseButton").click()
    return seen[0]


def test_create_case_under_an_excluded_codes_checklist_says_the_case_is_the_recommended_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path / "data")
    _click_candidate(qtbot, window, "D3348")
    assert window.checklist_panel.code() == "D3348"  # what the assistant sees

    hint, code = _form_after_create_case(qtbot, window)

    assert code == "D3330"  # as designed: an excluded code is never the case's code
    assert "D3348" in hint and "excluded" in hint and "D3330" in hint
    window.close()


def test_a_possible_code_read_in_the_checklist_is_named_and_how_to_start_with_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path / "data")
    _click_candidate(qtbot, window, "D3220")  # possible, read: not chosen
    hint, code = _form_after_create_case(qtbot, window)
    assert code == "D3330"
    assert "D3220" in hint and "double-click" in hint
    _click_candidate(qtbot, window, "D3330")  # the recommendation itself: nothing to say
    hint, code = _form_after_create_case(qtbot, window)
    assert (hint, code) == ("", "D3330")
    window.close()
