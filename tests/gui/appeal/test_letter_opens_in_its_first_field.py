"""Keyboard only: the appeal letter (Ctrl+Shift+E) opens with the keyboard in the denial reason,
the first field the clerk fills; the prior-authorization request, which has no denial, in its
first field, the action requested. Both opened on the fields' scroll area, whose frame shows no
focus: the first Tab only reached the denial reason (keyboard walkthrough)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from tests.helpers.windows import shown_window

CASE = Case(
    patient=Patient(name="Ella Adams"),
    claim=Claim(number="CLM-1026", denial_reason="Pre-operative radiograph not received."),
    procedure=Procedure(code="D3310", tooth="8"),
)


@pytest.mark.parametrize(
    ("prior_auth", "first"), [(False, "denialReasonEdit"), (True, "requestEdit")]
)
def test_open_the_letter_and_type_into_its_first_field(
    qtbot: QtBot, prior_auth: bool, first: str
) -> None:
    dialog = NarrativeDialog(CASE, prior_auth=prior_auth)
    qtbot.addWidget(dialog)
    dialog.open()  # as the window opens it
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName() == first, focused
    dialog.done(0)


@pytest.mark.parametrize(
    ("prior_auth", "first"), [(False, "denialReasonEdit"), (True, "requestEdit")]
)
def test_open_the_letter_of_the_open_case_and_type_into_its_first_field(
    qtbot: QtBot, tmp_path: Path, prior_auth: bool, first: str
) -> None:
    """The real window, its case service enclosing the case's films (a Radiographs box)."""
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case_id = window.cases.create(CASE, operator="AB")
        window.open_case(case_id)
        if prior_auth:
            window.export_prior_auth()
        else:
            window.export_appeal()
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, NarrativeDialog) and w.isVisible()
        )
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        focused = QApplication.focusWidget()
        assert focused is not None and focused.objectName() == first, focused
        dialog.done(0)
