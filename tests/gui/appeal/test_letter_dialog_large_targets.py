"""View > Large targets reaches the letter dialogs' own buttons (billing walkthrough: with Large
targets on, the appeal dialog's buttons looked about 22 px tall beside the window's 40 px)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from cdt_desktop.ui.common.metrics import LARGE_TARGET
from tests.helpers.windows import shown_window


@pytest.mark.parametrize("prior_auth", [False, True])
def test_the_letter_dialog_s_buttons_are_large_with_large_targets(
    qtbot: QtBot, tmp_path: Path, prior_auth: bool
) -> None:
    with shown_window(qtbot, tmp_path / "data", operator="AB") as window:
        window.menu_actions["largeTargetsAction"].trigger()
        case = Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19"),
                    claim=Claim(number="CLM-1", denial_reason="Radiograph not received."))  # fmt: skip
        window.open_case(window.cases.create(case, operator="AB"))
        window.export_appeal() if not prior_auth else window.menu_actions[
            "priorAuthAction"
        ].trigger()
        dialog = next(d for d in window.findChildren(NarrativeDialog) if d.isVisible())
        QApplication.processEvents()
        small = {
            b.text(): b.height() for b in dialog.findChildren(QPushButton)
            if b.isVisible() and b.height() < LARGE_TARGET
        }  # fmt: skip
        dialog.done(0)
        assert small == {}
