"""OperatorPicker: initials are normalised, announced and remembered across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from cdt_desktop.ui.common.settings import Key, Settings
from cdt_desktop.ui.session.operator_picker import OperatorPicker, normalize_initials


def _settings(tmp_path: Path) -> Settings:
    return Settings.from_file(tmp_path / "settings.ini")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ab", "AB"), ("  jk ", "JK"), ("zoë", "ZOË"), ("Ж", "Ж"), ("a1", ""), ("", ""), ("a b", "")],
)
def test_normalize_initials(text: str, expected: str) -> None:
    assert normalize_initials(text) == expected


def test_typing_initials_emits_and_remembers(qtbot, tmp_path: Path) -> None:
    picker = OperatorPicker(_settings(tmp_path))
    qtbot.addWidget(picker)
    assert picker.operator() == ""
    combo = picker.findChild(type(picker._combo), "operatorCombo")
    qtbot.keyClicks(combo.lineEdit(), "ab")
    with qtbot.waitSignal(picker.operatorChanged) as blocker:
        qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert blocker.args == ["AB"]
    assert picker.operator() == "AB"

    # A new picker on the same settings (a restart) starts with the remembered operator.
    again = OperatorPicker(_settings(tmp_path))
    qtbot.addWidget(again)
    assert again.operator() == "AB"
    assert _settings(tmp_path).get(Key.OPERATOR_INITIALS) == "AB"


def test_recent_list_most_recent_first_and_switchable(qtbot, tmp_path: Path) -> None:
    picker = OperatorPicker(_settings(tmp_path))
    qtbot.addWidget(picker)
    for initials in ("ab", "cd", "ab", "ef"):
        picker.set_operator(initials)
    assert picker.recent() == ["EF", "AB", "CD"]
    assert _settings(tmp_path).get(Key.OPERATOR_RECENT) == "EF,AB,CD"

    again = OperatorPicker(_settings(tmp_path))
    qtbot.addWidget(again)
    assert again.recent() == ["EF", "AB", "CD"]
    with qtbot.waitSignal(again.operatorChanged) as blocker:
        again._combo.setCurrentIndex(2)
        again._combo.activated.emit(2)
    assert blocker.args == ["CD"]


def test_non_ascii_initials_by_key_events(qtbot, tmp_path: Path) -> None:
    picker = OperatorPicker(_settings(tmp_path))
    qtbot.addWidget(picker)
    edit = picker._combo.lineEdit()
    for char in "éž":
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    edit.editingFinished.emit()
    assert picker.operator() == "ÉŽ"


def test_digits_are_rejected_by_the_editor(qtbot, tmp_path: Path) -> None:
    picker = OperatorPicker(_settings(tmp_path))
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker._combo.lineEdit(), "a1b")
    assert picker._combo.currentText() == "ab"


def test_clearing_the_operator_announces_empty(qtbot, tmp_path: Path) -> None:
    picker = OperatorPicker(_settings(tmp_path))
    qtbot.addWidget(picker)
    picker.set_operator("AB")
    with qtbot.waitSignal(picker.operatorChanged) as blocker:
        picker.set_operator("")
    assert blocker.args == [""]
    assert picker.operator() == ""


def test_a_recent_list_saved_by_an_older_version_still_reads(qtbot, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.qsettings.setValue(Key.OPERATOR_RECENT.value, ["CD", "AB"])  # the old list value
    picker = OperatorPicker(settings)
    qtbot.addWidget(picker)
    assert picker.recent() == ["CD", "AB"]


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [("", True), ("AB", True), ("Жм", True), ("ÉLO", True), ("ABCDEF", True),
     ("ABCDEFG", False), ("A1", False), ("A B", False), ("A.", False), ("_", False),
     ("ßßß", True), ("ßßßß", False), ("e\u0301", False)],
)  # fmt: skip
def test_the_initials_box_accepts_letters_of_any_script_only(typed: str, accepted: bool) -> None:
    from PySide6.QtGui import QValidator

    from cdt_desktop.ui.session.operator_picker import InitialsValidator

    state, _text, _pos = InitialsValidator().validate(typed, len(typed))
    assert (state == QValidator.State.Acceptable) is accepted


@pytest.mark.parametrize("typed", ["AB", "Жм", "ßßß", "ßßßß", "Ⅻ", "e\u0301", "ABCDEFG", "A1"])
def test_what_the_box_lets_through_is_what_the_picker_keeps(typed: str) -> None:
    """The box and ``normalize_initials`` agree (tour: "ßßßß" was accepted while typing, then
    upper-cased to eight letters and silently cleared)."""
    from PySide6.QtGui import QValidator

    from cdt_desktop.ui.session.operator_picker import InitialsValidator, normalize_initials

    state, _text, _pos = InitialsValidator().validate(typed, len(typed))
    assert (state == QValidator.State.Acceptable) == bool(normalize_initials(typed))


@pytest.mark.parametrize("typed", ["a1", "abcdefg", "a b"])
def test_a_refused_key_says_what_initials_may_be(qtbot, tmp_path: Path, typed: str) -> None:
    """The chairside walkthrough: a digit, a seventh letter or a space was dropped without a
    word (a pasted name too); the box now says what fits beside it."""
    from PySide6.QtWidgets import QToolTip

    from cdt_desktop.ui.session.operator_picker import REFUSED_TEXT

    picker = OperatorPicker(_settings(tmp_path))
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    QToolTip.hideText()
    qtbot.keyClicks(picker._combo.lineEdit(), typed)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text() == REFUSED_TEXT)
    assert len(picker._combo.currentText()) <= 6


def test_the_next_person_clicks_the_box_and_types_over_the_initials_shown(
    qtbot, tmp_path: Path
) -> None:
    """Billing walkthrough: "BL" was remembered from the last person; a click into the box put
    the cursor after it, and "MR" typed was recorded as "BLMR"."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()  # the picker beside another field, which has the keyboard first
    qtbot.addWidget(window)
    search = QLineEdit(window)
    picker = OperatorPicker(_settings(tmp_path), window)
    layout = QVBoxLayout(window)
    layout.addWidget(search)
    layout.addWidget(picker)
    picker.set_operator("BL")
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    edit = picker._combo.lineEdit()
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=edit.rect().center())
    qtbot.waitUntil(lambda: edit.selectedText() == "BL")
    qtbot.keyClicks(edit, "mr")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert picker.operator() == "MR"
