"""Every keyboard shortcut of the fully wired window does one thing.

Two actions on one key make Qt fire neither ("Ambiguous shortcut overload"): Ctrl+L was both
"lock the window" (sign-in) and "Go > Candidate codes", so the documented lock key did nothing.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window


def test_no_two_actions_of_the_window_share_a_shortcut(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    owners: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                owners[key.toString()].append(action.objectName() or action.text())
    assert owners, "the window has keyboard shortcuts"
    clashes = {key: names for key, names in owners.items() if len(set(names)) > 1}
    assert clashes == {}


def test_ctrl_l_is_the_lock_key(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    on_ctrl_l = [
        a.objectName()
        for a in window.findChildren(QAction)
        if any(k.toString() == "Ctrl+L" for k in a.shortcuts())
    ]
    assert on_ctrl_l == ["lockAction"]


def test_backspace_deletes_in_the_search_box_though_it_is_also_go_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """With the Windows keyboard scheme (what offices on Windows get, and this offscreen
    platform too) Go > Back takes Backspace; the window's shortcuts won over the field's own
    keys, so Backspace in a text field went "back" instead of deleting."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):  # window shortcuts fire in the active window only
        window.activateWindow()
    back = window.menu_actions["backAction"]
    assert "Backspace" in [k.toString() for k in back.shortcuts()]  # the scheme in question
    went_back: list[bool] = []
    back.triggered.connect(lambda: went_back.append(True))
    box = window.search.box
    box.setFocus()
    QTest.keyClicks(box, "abc")

    QTest.keyClick(box, Qt.Key.Key_Backspace)

    assert box.text() == "ab"
    assert went_back == []
