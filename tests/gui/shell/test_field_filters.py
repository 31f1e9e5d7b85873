"""The window's text fields and drop-downs get their key handling from the panes that own them.

The shell used to find them with ``findChildren`` walks over the whole window, which made PySide6
wrap every object Qt had made inside it (combo-box popups, scroll bars, layouts): about 2% of the
start. Each pane now names its own fields; these checks walk the window (in the test only) and
prove that none was left out: a field that claims one of the window's shortcuts hands it to the
window's action (the reason for the pass-through, ui/shell/menus.py) and no drop-down changes under
the wheel unless it has the focus (ui/common/combos.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from tests.helpers.qt_events import wheel_down


def _claims(field: QWidget, key: str) -> bool:
    """Would ``field`` keep ``key`` for itself (the override Qt sends before a shortcut)?"""
    combo = QKeySequence(key)[0]
    event = QKeyEvent(QEvent.Type.ShortcutOverride, combo.key(), combo.keyboardModifiers())
    event.ignore()
    QApplication.sendEvent(field, event)
    return event.isAccepted()


def _press(field: QWidget, key: str) -> None:
    """The key press Qt sends to ``field`` when the field kept ``key`` for itself."""
    combo = QKeySequence(key)[0]
    QApplication.sendEvent(
        field, QKeyEvent(QEvent.Type.KeyPress, combo.key(), combo.keyboardModifiers())
    )


def test_every_field_of_the_window_passes_the_window_shortcuts_on(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.case_list.view()  # the Cases tab's list, built after the menus (on first show)
    fields = [
        field
        for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox)
        for field in window.findChildren(kind)
        if field.focusProxy() is None  # a combo box's own text field: its keys go to the box
    ]
    assert len(fields) >= 12  # search, case search, operator box, detail, 8 drop-downs
    forwarders = {field.objectName(): getattr(field, "shortcuts", None) for field in fields}
    assert None not in forwarders.values(), forwarders
    assert len({id(f) for f in forwarders.values()}) == 1
    forwarder = next(iter(forwarders.values()))
    keys = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
    # a field keeps its undo, and every key without Ctrl, Alt or Meta (Backspace is Go > Back
    # too with the Windows keyboard scheme; in a field it deletes)
    kept = {k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)}
    kept |= {k for k in keys if not any(m in k for m in ("Ctrl+", "Alt+", "Meta+"))}
    assert forwarder.keys() == {k for k in keys - kept if k != "Ctrl+L"}  # the lock's: below
    # the field's own undo stays the field's while typing
    search = window.findChild(QLineEdit, "searchBox")
    search.setText("molar")
    assert _claims(search, "Ctrl+Z")


def test_a_key_the_field_keeps_runs_the_window_action_instead(qtbot: QtBot) -> None:
    # Ctrl+Right moves a line edit's cursor a word on every keyboard scheme: the field claims it
    # as the Windows scheme's line edit claims Ctrl+E and Ctrl+K (the offscreen scheme does not)
    from cdt_desktop.ui.common.fields import KeyLineEdit
    from cdt_desktop.ui.shell.menus import ShortcutPassThrough

    host = QWidget()
    qtbot.addWidget(host)
    action = QAction("Next", host)
    action.setShortcut(QKeySequence("Ctrl+Right"))
    ran: list[bool] = []
    action.triggered.connect(lambda _checked=False: ran.append(True))
    field = KeyLineEdit(host)
    field.shortcuts = ShortcutPassThrough([action])
    field.setText("upper molar")
    field.setCursorPosition(0)
    assert _claims(field, "Ctrl+Right")
    _press(field, "Ctrl+Right")
    assert ran == [True]
    assert field.cursorPosition() == 0  # the field did not use the key
    action.setEnabled(False)  # no shortcut runs a disabled action: the field has the key
    _press(field, "Ctrl+Right")
    assert ran == [True]
    assert field.cursorPosition() > 0
    action.setEnabled(True)
    action.setVisible(False)  # nor a hidden one
    _press(field, "Ctrl+Right")
    assert ran == [True]


def test_no_drop_down_of_the_window_turns_under_thewheel_down(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.case_list.view()  # the Cases tab's list (built on first show)
    boxes = [box for box in window.findChildren(QComboBox) if box.count() > 1]
    assert len(boxes) >= 8
    for box in boxes:
        box.setCurrentIndex(0)
        wheel_down(box)
        assert box.currentIndex() == 0, box.objectName()
