"""Keyboard only: Ctrl+S saves the letter as PDF and Ctrl+P prints it, from any field of the
appeal or prior-authorization dialog. Save as PDF… and Print… had neither a shortcut nor an
underlined letter: the billing clerk tabbed through 16 stops to reach them (tour9)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.appeal.dialog import NarrativeDialog

CASE = Case(
    patient=Patient(name="Ella Adams"),
    claim=Claim(number="CLM-1026", denial_reason="Pre-operative radiograph not received."),
    procedure=Procedure(code="D3310", tooth="8"),
)


@pytest.mark.parametrize("prior_auth", [False, True])
def test_ctrl_s_saves_and_ctrl_p_prints_from_a_letter_field(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, prior_auth: bool
) -> None:
    pressed: list[str] = []
    monkeypatch.setattr(NarrativeDialog, "save_pdf", lambda self: pressed.append("save") or "")
    monkeypatch.setattr(
        NarrativeDialog, "print_letter", lambda self: pressed.append("print") or False
    )
    dialog = NarrativeDialog(CASE, prior_auth=prior_auth)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    field = dialog.fields.request_edit
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keySequence(field, QKeySequence("Ctrl+S"))  # through Qt's shortcut map, as typed
    qtbot.waitUntil(lambda: pressed == ["save"])  # a button's shortcut clicks it animated
    QTest.keySequence(field, QKeySequence("Ctrl+P"))
    qtbot.waitUntil(lambda: pressed == ["save", "print"])
    assert "Ctrl+S" in dialog.save_button.toolTip()
    assert "Ctrl+P" in dialog.print_button.toolTip()
