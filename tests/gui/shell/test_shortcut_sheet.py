"""Help > Keyboard shortcuts lists only keys a user can press on a PC keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.ui.shell.help_dialogs import PANE_KEYS, shortcut_rows

K = Qt.Key


@pytest.mark.parametrize(
    ("situation", "keys", "listed"),
    [
        ("undo: Qt adds F14 and the Undo key", ["Ctrl+Z", K.Key_F14, K.Key_Undo], "Ctrl+Z"),
        ("new case: Qt adds the New key", ["Ctrl+N", K.Key_New], "Ctrl+N"),
        ("user guide: Qt adds the Help key", ["F1", K.Key_Help], "F1"),
        (
            "zoom in: Qt adds the Zoom In key",
            ["Ctrl++", K.Key_ZoomIn, "Ctrl+="],
            "Ctrl++ or Ctrl+=",
        ),
        ("back: Alt+Left and Backspace stay", ["Alt+Left", "Backspace"], "Alt+Left or Backspace"),
        ("F12 is on the keyboard, Ctrl+F13 is not", ["F12", "Ctrl+F13"], "F12"),
        ("the same key twice is listed once", ["Ctrl+K", "Ctrl+K"], "Ctrl+K"),
    ],
)
def test_sheet_lists_only_pc_keyboard_keys(
    qtbot: QtBot, situation: str, keys: list[str | Qt.Key], listed: str
) -> None:
    owner = QObject()
    action = QAction("Do it", owner)
    action.setShortcuts([QKeySequence(k) for k in keys])
    assert shortcut_rows({"a": action})[0] == ("Do it", listed), situation


def test_an_action_with_only_a_named_key_is_not_listed(qtbot: QtBot) -> None:
    owner = QObject()
    action = QAction("Help key", owner)
    action.setShortcuts([QKeySequence(K.Key_Help)])
    assert shortcut_rows({"a": action}) == list(PANE_KEYS)


_PC_KEY = re.compile(
    r"^(?:(?:Ctrl|Alt|Shift|Meta)\+)*"
    r"(?:.|F(?:[1-9]|1[0-2])|Left|Right|Up|Down|Backspace|Del|Ins|Home|End|PgUp|PgDown|Esc|Tab)$"
)


def test_window_sheet_has_no_platform_alternates(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    actions = {a.objectName(): a for a in window.findChildren(QAction) if a.objectName()}
    rows = shortcut_rows(actions)[: -len(PANE_KEYS)]
    assert rows
    for what, keys in rows:
        for key in keys.split(" or "):
            assert _PC_KEY.match(key), (what, key)


def test_the_sheet_says_how_the_case_form_and_claim_status_dialog_save(qtbot: QtBot) -> None:
    """The sheet said Enter moves on in the case form and said nothing of how it is saved from a
    field, nor of the claim status dialog, which works the same way (keyboard walkthrough)."""
    from datetime import date

    from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
    from cdt_desktop.ui.cases.status_dialog import StatusDialog

    sheet = dict(PANE_KEYS)
    assert "Ctrl+Enter saves" in sheet["Case form"]
    assert "Ctrl+Enter or Alt+M marks" in sheet["Claim status"]
    case = Case(patient=Patient(name="A"), claim=Claim(date_of_service="2026-06-01"),
                procedure=Procedure(code="D3330", tooth="19"))  # fmt: skip
    dialog = StatusDialog(case, "submitted", today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    keys = {k.toString() for a in dialog.findChildren(QAction) for k in a.shortcuts()}
    assert "Ctrl+Return" in keys  # what the sheet promises is bound
    buttons = [b.text() for b in dialog.findChildren(QPushButton)]
    assert "&Mark as submitted" in buttons  # Alt+M


def test_the_sheet_lists_lock_in_the_file_menu_s_place(qtbot: QtBot, tmp_path: Path) -> None:
    """Office walkthrough: with sign-in on, File > Lock (Ctrl+L) was not on the sheet; the user
    guide tells staff to press it whenever they step away from the PC."""
    from PySide6.QtWidgets import QWidget

    from tests.helpers.office import office

    with office(tmp_path / "data"):
        pass  # the office's users: the window starts with sign-in on
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.menu_actions["shortcutsAction"].trigger()
    sheet = window.findChild(QWidget, "shortcutSheet")
    text = sheet.findChild(QWidget, "shortcutSheetText").toPlainText()
    assert "Lock\tCtrl+L" in text or "Lock Ctrl+L" in text.replace("\n", " "), text
    lines = [line for line in text.splitlines() if line.strip()]
    at = {
        name: i
        for i, line in enumerate(lines)
        for name in ("Lock", "Quit", "Undo")
        if line.startswith(name)
    }
    assert at["Lock"] < at["Undo"], lines  # File's, before Edit's
    sheet.close()


def test_without_sign_in_the_sheet_does_not_list_lock(qtbot: QtBot, tmp_path: Path) -> None:
    """Verification walk: with sign-in off, File > Lock is greyed, and the sheet listed
    "Lock Ctrl+L", a key that does nothing there."""
    from PySide6.QtWidgets import QWidget

    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.menu_actions["shortcutsAction"].trigger()
    sheet = window.findChild(QWidget, "shortcutSheet")
    text = sheet.findChild(QWidget, "shortcutSheetText").toPlainText()
    assert "Ctrl+L" not in text and "Ctrl+K" in text
    sheet.close()
