"""The assistant opens the patient's case from the Cases tab (Enter on its row) to tick its
checklist: the Cases tab stayed in front, and every case opened this way took a Ctrl+I before
the first tick (walkthrough). Real window, real SQLite store, real keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.shell import main_window as main_window_module


def test_enter_on_a_case_row_opens_it_with_its_checklist_in_front(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = build_main_window(data_dir=tmp_path / "pc")
    qtbot.addWidget(window)
    store = window.store
    assert store is not None
    case_id = store.create_case(
        Case(patient=Patient(name="Zoë Park"), procedure=Procedure(code="D3330", tooth="19")),
        operator="MR",
    )
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.operator_picker.set_operator("MR")
    window.menu_actions["casesAction"].trigger()  # Ctrl+O
    window.case_list.refresh()
    table = window.case_list.table()
    table.setFocus()
    table.setCurrentIndex(window.case_list.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.controller.case_id() == case_id
    assert window.right_tabs.currentWidget() is window.checklist_panel
    qtbot.waitUntil(lambda: window.checklist_panel.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # the first tick, at once
    assert any(state.checked for state in store.checks(case_id).values())
    window.menu_actions["casesAction"].trigger()  # and Ctrl+O goes back to the list
    assert window.right_tabs.currentWidget() is window.case_list
    window.close()


def test_the_open_case_is_the_row_selected_in_the_cases_tab_however_it_was_opened(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walkthrough: a case opened from the chart's New case or by its number was not the row
    selected in the Cases tab; the tab showed another patient's row as if it were open."""
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = build_main_window(data_dir=tmp_path / "pc")
    qtbot.addWidget(window)
    store = window.store
    assert store is not None
    first, second = (
        store.create_case(
            Case(patient=Patient(name=name), procedure=Procedure(code="D3330", tooth="19")),
            operator="MR",
        )
        for name in ("Zoë Park", "Ana Souza")
    )
    window.show()
    qtbot.waitExposed(window)
    window.menu_actions["casesAction"].trigger()  # the list is built and shown
    window.case_list.refresh()
    window.case_list.select_case(first)

    window.open_case(second)

    assert window.case_list.selected_case_id() == second
    window.close_case()
    assert window.case_list.selected_case_id() is None
    window.close()
