"""The window's drop-downs (GuardedComboBox): the wheel scrolls the page past them unless they
have the focus, and a repeated letter cycles through the items that start with it."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.ui.common.combos import GuardedComboBox
from tests.helpers.qt_events import wheel_down


def _page(qtbot: QtBot) -> tuple[QScrollArea, GuardedComboBox]:
    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    layout = QVBoxLayout(page)
    box = GuardedComboBox(page)
    for text in ("Universal", "FDI", "Palmer"):
        box.addItem(text)
    layout.addWidget(box)
    layout.addSpacing(2000)  # a long page: the wheel has somewhere to scroll
    area.setWidget(page)
    area.resize(300, 200)
    area.show()
    qtbot.waitExposed(area)
    return area, box


def test_the_wheel_leaves_a_drop_down_without_the_focus_alone(qtbot: QtBot) -> None:
    _area, box = _page(qtbot)
    assert not box.hasFocus()
    wheel_down(box)
    assert box.currentText() == "Universal"  # the page behind it gets the wheel
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    wheel_down(box)  # a focused box still takes the wheel
    assert box.currentText() == "FDI"


def test_a_repeated_letter_cycles_through_the_items_starting_with_it(qtbot: QtBot) -> None:
    _area, box = _page(qtbot)
    box.addItem("Primary")
    seen = []
    for _ in range(3):
        qtbot.keyClicks(box, "p")
        seen.append(box.currentText())
    assert seen == ["Palmer", "Primary", "Palmer"]
