"""A double click on a checklist item ticks it once (chairside walkthrough: a double click on a
row ticked the item and at once unticked it; the audit read "tick" then "untick" 120 ms apart and
the item was left empty). The events are sent as a real X server sends a double click to a widget:
press, release, double-click, release (no second press).

Real window (real reference library, SQLite store).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from tests.helpers.windows import shown_window

ITEM = "pulp-diagnosis"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with shown_window(qtbot, tmp_path / "data", operator="AB") as shown:
        yield shown


def _double_click(widget: QWidget, at: QPoint) -> None:
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(widget, left, pos=at)
    QTest.mouseRelease(widget, left, pos=at)
    QTest.mouseDClick(widget, left, pos=at)  # what the second press arrives as
    QTest.mouseRelease(widget, left, pos=at)


@pytest.mark.parametrize("where", ["the checkbox", "the item's words"])
def test_a_double_click_on_an_item_ticks_it_once(qtbot: QtBot, window, where: str) -> None:
    case_id = window.cases.create(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    window.open_case(case_id)
    window.right_tabs.setCurrentWidget(window.checklist_panel)
    panel = window.checklist_panel
    box = panel.checkbox(ITEM)
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    if where == "the checkbox":
        _double_click(box, QPoint(8, box.height() // 2))
    else:
        text = panel.findChild(QWidget, f"text_{ITEM}")
        _double_click(text, QPoint(10, text.height() // 2))
    assert box.isChecked()
    state = window.cases.checks(case_id)[ITEM]
    assert state.checked
    actions = [e.action for e in window.store.audit(case_id) if e.detail == ITEM]
    assert actions == ["tick"]

    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not window.cases.checks(case_id)[ITEM].checked  # a click after it: its own
