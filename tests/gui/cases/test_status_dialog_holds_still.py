"""The claim-status dialog holds still while its problem line comes and goes. A bad date,
then Mark: the line appeared under the fields; the first key typed over the date took it
away, the dialog kept its grown height and spread the freed room over its rows, so every
field moved down under the pointer and a note once went into the date field (walkthrough)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.cases.status_dialog import StatusDialog

CASE = Case(
    patient=Patient(name="Jordan Reyes"),
    claim=Claim(date_of_service="2026-06-01", number="CLM-1"),
    procedure=Procedure(code="D3330", tooth="19"),
)


def _where(dialog: StatusDialog) -> dict[str, QPoint]:
    """Each shown row's field (and the claim's line) on the screen, and the dialog itself."""
    QApplication.processEvents()
    shown: list[QWidget] = [dialog.whose, dialog.date_edit, dialog.date_edit.button, dialog.note]
    shown += [w for w in (dialog.claim_number, dialog.eob, dialog.reason) if not w.isHidden()]
    where = {w.objectName(): w.mapToGlobal(QPoint(0, 0)) for w in shown}
    where["dialog"] = dialog.geometry().topLeft()
    return where


@pytest.mark.parametrize("status", ["closed", "submitted", "denied"])
def test_the_fields_stay_put_as_the_date_problem_comes_and_goes(qtbot: QtBot, status: str) -> None:
    dialog = StatusDialog(CASE, status, today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = _where(dialog)
    dialog.date_edit.setFocus()
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, "2026-02-31")
    dialog.accept()  # Mark: "2026-02-31 is not a real date"
    assert dialog.problem.isVisible()
    assert _where(dialog) == before
    qtbot.keyClicks(dialog.date_edit, "x")  # typed again: the line goes
    assert dialog.problem.isHidden()
    assert _where(dialog) == before
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, "2026-13-01")  # and comes back on the next Mark
    dialog.accept()
    assert dialog.problem.isVisible()
    assert _where(dialog) == before


def test_the_mark_button_stays_under_the_pointer_as_a_one_line_problem_comes(
    qtbot: QtBot,
) -> None:
    """Walkthrough 43: Mark as appealed with Level 2 before any level 1: "A level 2 appeal
    follows a level 1 appeal." came under the fields and the buttons moved down a line under
    the pointer (a second click landed on the message)."""
    from dataclasses import replace

    from cdt_desktop.domain.cases.status import StatusEvent

    denied = (StatusEvent("submitted", "2026-06-02"), StatusEvent("denied", "2026-07-01"))
    dialog = StatusDialog(replace(CASE, status_history=denied), "appealed", today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    mark = dialog._mark
    before = (mark.mapToGlobal(QPoint(0, 0)), dialog.height())
    dialog.level.setCurrentIndex(dialog.level.findData("2"))
    dialog.accept()
    QApplication.processEvents()
    assert dialog.problem.isVisible() and "level 1" in dialog.problem.text()
    assert (mark.mapToGlobal(QPoint(0, 0)), dialog.height()) == before
