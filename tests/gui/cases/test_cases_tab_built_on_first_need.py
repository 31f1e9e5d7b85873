"""The Cases tab's list is built the first time the tab is shown (a chair PC that works in the
Checklist tab never pays for it), and then behaves as if it had been there all along: it lists
what was saved meanwhile, selects the case created at the chair, is offline when the store is,
and Tab walks into its fields from the tab bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.shell import actions
from tests.helpers.windows import shown_window


def _create(window: Any, name: str) -> int:
    case = Case(patient=Patient(name=name), procedure=Procedure(code="D3330", tooth="19"))
    return int(window.cases.create(case, operator="AB"))


def _click_cases_tab(window: Any, qtbot: QtBot) -> None:
    bar = window.right_tabs.tabBar()
    index = window.right_tabs.indexOf(window.case_list)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(window.case_list.isVisible)


def test_a_chair_pc_working_in_the_checklist_tab_never_builds_the_case_list(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "chair") as window:
        window.chart_panel.chart.select_tooth("19")
        case_id = _create(window, "Ana Lima")
        window.open_case(case_id)
        window.case_list.refresh()  # as each tick asks it to
        # the contract's name (docs/design-rules.md, Contracts)
        assert window.findChild(QWidget, "caseList") is window.case_list
        assert not window.case_list.is_built()
        assert window.findChild(QTableView, "caseTable") is None

        _click_cases_tab(window, qtbot)  # the billing clerk's first look
        assert window.case_list.is_built()
        table = window.findChild(QTableView, "caseTable")
        assert table is not None and table.isVisible() and table.width() > 100
        assert window.case_list.model().rowCount() == 1


def test_the_case_created_at_the_chair_is_the_row_selected_when_the_tab_first_opens(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "chair") as window:
        _create(window, "Bo Chen")
        created = _create(window, "Cy Diaz")
        actions.cases_changed(window, created)  # what saving a new case's form does
        assert not window.case_list.is_built()
        assert window.case_list.selected_case_id() == created

        _click_cases_tab(window, qtbot)
        listing = window.case_list.view()
        assert listing.model().rowCount() == 2
        assert listing.selected_case_id() == created


def test_a_case_closed_before_the_tab_opens_leaves_no_row_selected(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "chair") as window:
        created = _create(window, "Cy Diaz")
        actions.cases_changed(window, created)
        window.case_list.clear_selection()  # Ctrl+W: the next patient
        _click_cases_tab(window, qtbot)
        assert window.case_list.selected_case_id() is None


def test_a_list_first_shown_while_the_store_is_offline_offers_nothing_to_save(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "chair") as window:
        _create(window, "Ana Lima")
        window.case_list.set_online(False)  # what the store's watcher tells the window
        _click_cases_tab(window, qtbot)
        assert not window.case_list.search_field().isEnabled()
        assert not window.findChild(QWidget, "newCaseButton").isEnabled()

        window.case_list.set_online(True)
        assert window.case_list.search_field().isEnabled()
        assert window.case_list.model().rowCount() == 1


def test_tab_goes_from_the_tab_bar_into_the_lists_fields_in_order(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "billing", active=True) as window:
        _create(window, "Ana Lima")
        bar = window.right_tabs.tabBar()
        _click_cases_tab(window, qtbot)
        bar.setFocus(Qt.FocusReason.MouseFocusReason)
        qtbot.waitUntil(bar.hasFocus)
        visited = []
        for _ in range(5):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            visited.append(QApplication.focusWidget().objectName())
        assert visited == [
            "caseSearch", "caseStatusFilter", "caseTable", "newCaseButton", "importCaseButton"
        ]  # fmt: skip
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        assert QApplication.focusWidget().objectName() == "caseTable"


def test_a_list_first_shown_in_the_large_target_mode_has_large_targets(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """View > Large targets sizes the controls that exist; the list built afterwards kept the
    usual 32 px fields and buttons under a gloved finger (walkthrough of this change)."""
    from cdt_desktop.ui.common.metrics import LARGE_TARGET

    with shown_window(qtbot, tmp_path / "chair") as window:
        window.menu_actions["largeTargetsAction"].setChecked(True)
        assert not window.case_list.is_built()
        _click_cases_tab(window, qtbot)
        for name in ("caseSearch", "caseStatusFilter", "newCaseButton", "importCaseButton"):
            part = window.findChild(QWidget, name)
            assert part.height() >= LARGE_TARGET, name

        window.menu_actions["largeTargetsAction"].setChecked(False)  # and back
        assert window.case_list.search_field().minimumHeight() < LARGE_TARGET
