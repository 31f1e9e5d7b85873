"""Ctrl+N with another patient's case open: the new case starts from the chart, which shows the
open case's tooth, answers and code, and the form said nothing about it at its top (the clinical
fields sit at the bottom of a long form). The assistant typed the next patient's name, saved,
and Kim Lee had Jordan Reyes's #19 D3330 and necrosis (tour9)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.ui.cases import controller as case_controller
from cdt_desktop.ui.common import msgbox

Window = Any


@pytest.fixture
def hints(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Case, str]]:
    """The case form as it would open: its prefilled case and the line at its top."""
    opened: list[tuple[Case, str]] = []

    def form(parent, service, *, case, operator_source, case_id=None, version=None, hint="", **_kw):  # type: ignore[no-untyped-def]
        opened.append((case, hint))
        return None  # cancelled

    monkeypatch.setattr(case_controller, "edit_case", form)
    for name in ("show_info", "show_error", "show_warning"):
        monkeypatch.setattr(msgbox, name, lambda p, title, text: None)
    return opened


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, hints: list[tuple[Case, str]]) -> Iterator[Window]:
    win = build_main_window(data_dir=tmp_path / "office")
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.operator_picker.set_operator("AB")
    yield win
    if shiboken6.isValid(win):
        win.close()
        win.deleteLater()


def test_the_form_says_first_that_the_new_case_starts_from_the_open_patients_chart(
    window: Window, hints: list[tuple[Case, str]]
) -> None:
    jordan = Case(
        patient=Patient(name="Jordan Reyes"),
        procedure=Procedure(code="D3330", tooth="19"),
        findings=CaseFindings(root="complete", pulp="necrosis"),
    )
    case_id = window.controller.service.create(jordan, operator="AB", incomplete=True)
    window.open_case(case_id)
    window.controller.new_case()
    (case, hint) = hints[-1]
    assert (case.procedure.tooth, case.procedure.code) == ("19", "D3330")
    assert f"Case {case_id} (Jordan Reyes) is open" in hint
    assert "#19 D3330" in hint and "Ctrl+W" in hint


def test_with_no_case_open_the_form_says_nothing_of_it(
    window: Window, hints: list[tuple[Case, str]]
) -> None:
    window.chart_panel.set_state(None, None, None, None, None, None)
    window.controller.new_case()
    assert "is open" not in hints[-1][1]
