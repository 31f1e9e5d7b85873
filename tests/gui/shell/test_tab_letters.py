"""Alt+C / Alt+A, the underlined letters of the Checklist and Cases tabs, take the keyboard into
the tab's content also when that tab is already the one shown (the tab bar only switched tabs,
so on the shown tab the letter did nothing)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from tests.helpers.windows import shown_window


def _alt(letter: str) -> None:
    QTest.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter}"),
                   Qt.KeyboardModifier.AltModifier)  # fmt: skip


def test_alt_c_on_the_shown_checklist_tab_moves_into_the_checklist(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "office") as window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        case_id = window.store.create_case(
            Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="30")),
            operator="AB",
        )
        window.open_case(case_id)
        window.right_tabs.setCurrentWidget(window.checklist_panel)
        window.search.focus_search()
        _alt("C")
        assert window.right_tabs.currentWidget() is window.checklist_panel
        focus = QApplication.focusWidget()
        assert focus is window.checklist_panel or window.checklist_panel.isAncestorOf(focus)


def test_alt_a_on_the_shown_cases_tab_moves_into_the_case_search(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "office") as window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        window.right_tabs.setCurrentWidget(window.case_list)
        window.search.focus_search()
        _alt("A")
        assert QApplication.focusWidget() is window.case_list.search_field()
        _alt("C")  # the other tab's letter still switches tabs, into its content
        assert window.right_tabs.currentWidget() is window.checklist_panel
        focus = QApplication.focusWidget()
        assert focus is window.checklist_panel or window.checklist_panel.isAncestorOf(focus)


def test_a_screen_reader_hears_each_tab_s_alt_key(qtbot: QtBot, tmp_path: Path) -> None:
    """review11: the tabs' letters are drawn, not in their texts (no "&"), so Qt told assistive
    technology no shortcut for them; the key is now the tab's description (and tooltip)."""
    from PySide6.QtGui import QAccessible

    with shown_window(qtbot, tmp_path / "office") as window:
        bar = window.right_tabs.tabBar()
        tabs = QAccessible.queryAccessibleInterface(bar)
        assert tabs is not None
        heard = {}
        for i in range(tabs.childCount()):
            tab = tabs.child(i)
            if tab.role() == QAccessible.Role.PageTab:
                heard[tab.text(QAccessible.Text.Name)] = tab.text(QAccessible.Text.Description)
        assert heard.get("Checklist") == "Alt+C" and heard.get("Cases") == "Alt+A", heard
        assert "&" not in bar.tabText(0) + bar.tabText(1)  # no second, competing mnemonic
