"""Keyboard only: the appeal letter's and the prior-authorization request's buttons have Alt
letters (Alt+S Save as PDF…, Alt+P Print…, Alt+R Copy claim remark, Alt+T Copy plain text,
Alt+C Close), no two things of the dialog share one, and Ctrl+S / Ctrl+P still work. None had a
letter but Attach radiograph… (keyboard walkthrough)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from tests.helpers.qt_events import mnemonics

CASE = Case(
    patient=Patient(name="Ella Adams"),
    claim=Claim(number="CLM-1026", denial_reason="Pre-operative radiograph not received."),
    procedure=Procedure(code="D3310", tooth="8"),
)


def _shown(qtbot: QtBot, prior_auth: bool) -> NarrativeDialog:
    dialog = NarrativeDialog(CASE, prior_auth=prior_auth)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _mnemonics(dialog: NarrativeDialog) -> dict[str, list[str]]:
    """Each Alt letter of the dialog: what shows it underlined (labels, buttons)."""
    return mnemonics(dialog)


@pytest.mark.parametrize("prior_auth", [False, True])
def test_press_alt_and_a_letter_for_each_button_of_the_letter(
    qtbot: QtBot, prior_auth: bool
) -> None:
    dialog = _shown(qtbot, prior_auth)
    found = _mnemonics(dialog)
    expected = {"s", "p", "t", "c"} | (set() if prior_auth else {"r"})
    assert expected <= set(found)
    assert {letter: owners for letter, owners in found.items() if len(owners) > 1} == {}
    assert dialog.save_button.text() == "&Save as PDF…"
    assert dialog.print_button.text() == "&Print…"
    dialog.done(0)


@pytest.mark.parametrize("prior_auth", [False, True])
def test_alt_s_saves_and_alt_p_prints_from_a_letter_field(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, prior_auth: bool
) -> None:
    pressed: list[str] = []
    monkeypatch.setattr(NarrativeDialog, "save_pdf", lambda self: pressed.append("save") or "")
    monkeypatch.setattr(
        NarrativeDialog, "print_letter", lambda self: pressed.append("print") or False
    )
    dialog = _shown(qtbot, prior_auth)
    field = dialog.fields.request_edit
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    typed = field.toPlainText()
    QTest.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: pressed == ["save"])
    QTest.keyClick(field, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: pressed == ["save", "print"])
    assert field.toPlainText() == typed  # no letter typed into the field
    dialog.done(0)
