"""Keyboard only: Tab leaves the multi-line boxes of the claim-status dialog and the case form,
as it leaves every other field. In Mark as denied… the clerk typed the EOB's wording, pressed
Tab to reach the category and the button, and a tab went into the denial reason instead (and
the next Return a line break); the form's Enclosures box did the same (tour9)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.status_dialog import StatusDialog

CASE = Case(
    patient=Patient(name="Jordan Reyes"),
    claim=Claim(date_of_service="2026-06-01", number="CLM-1"),
    procedure=Procedure(code="D3330", tooth="19"),
)


def _tab_out_of(qtbot: QtBot, box: QPlainTextEdit, typed: str) -> None:
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, typed)
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert "\t" not in box.toPlainText()
    assert box.toPlainText().endswith(typed)
    assert not box.hasFocus(), QApplication.focusWidget()


def test_tab_after_the_denial_reason_goes_to_the_category(qtbot: QtBot) -> None:
    dialog = StatusDialog(CASE, "denied", today=date(2026, 12, 2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    _tab_out_of(qtbot, dialog.reason, "N350: missing pre-op radiograph")
    assert dialog.category.hasFocus()


def test_tab_after_the_enclosures_leaves_the_box(qtbot: QtBot, tmp_path: Path) -> None:
    store = CaseStore.open(tmp_path)
    try:
        form = CaseForm(CaseService(store), case=CASE, operator_source=lambda: "AB")
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        form.activateWindow()
        box = form.findChild(QPlainTextEdit, "field_enclosures")
        assert isinstance(box, QPlainTextEdit)
        _tab_out_of(qtbot, box, "Copy of the EOB")
    finally:
        store.close()
