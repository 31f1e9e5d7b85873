"""The window's text fields and drop-downs get their filters from the panes that own them.

The shell used to find them with ``findChildren`` walks over the whole window, which made PySide6
wrap every object Qt had made inside it (combo-box popups, scroll bars, layouts): about 2% of the
start. Each pane now names its own fields; these checks walk the window (in the test only) and
prove that none was left out: no field claims one of the window's shortcuts (the reason for the
pass-through, ui/shell/menus.py) and no drop-down changes under the wheel unless it has the focus
(ui/common/combos.py).
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


def test_no_field_of_the_window_keeps_a_window_shortcut(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    keys = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
    # a field keeps its undo, and every key without Ctrl, Alt or Meta (Backspace is Go > Back
    # too with the Windows keyboard scheme; in a field it deletes)
    kept = {k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)}
    kept |= {k for k in keys if not any(m in k for m in ("Ctrl+", "Alt+", "Meta+"))}
    fields = [
        field
        for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox)
        for field in window.findChildren(kind)
    ]
    assert len(fields) >= 13  # search, case search, operator (box and field), detail, 9 boxes
    claimed = {
        field.objectName() or type(field).__name__: sorted(
            k for k in keys - kept if _claims(field, k)
        )
        for field in fields
    }
    assert {name: k for name, k in claimed.items() if k} == {}
    # the field's own undo stays the field's while typing
    search = window.findChild(QLineEdit, "searchBox")
    search.setText("molar")
    assert _claims(search, "Ctrl+Z")


def test_no_drop_down_of_the_window_turns_under_thewheel_down(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    boxes = [box for box in window.findChildren(QComboBox) if box.count() > 1]
    assert len(boxes) >= 8
    for box in boxes:
        box.setCurrentIndex(0)
        wheel_down(box)
        assert box.currentIndex() == 0, box.objectName()
