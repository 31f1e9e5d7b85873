"""The claim-status dialog says whose claim it changes. Billing opens the status menu on a row
of the Due list while another patient's case is open in the window (the heading names that
one): the dialog asked only for a date, a level and a note (tour9)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.cases.status_dialog import StatusDialog

FSI, PDI = "\u2068", "\u2069"


def _dialog(qtbot: QtBot, case: Case, status: str) -> StatusDialog:
    dialog = StatusDialog(case, status, today=date(2026, 12, 2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_marking_a_hebrew_named_patients_claim_appealed_names_patient_claim_tooth_and_code(
    qtbot: QtBot,
) -> None:
    case = Case(
        patient=Patient(name="שרה כהן"),
        claim=Claim(number="CLM-1032", date_of_service="2026-11-01"),
        procedure=Procedure(code="D3320", tooth="5"),
    )
    dialog = _dialog(qtbot, case, "appealed")
    label = dialog.findChild(QLabel, "statusCase")
    assert isinstance(label, QLabel) and label.isVisible()
    # the name is isolated, so "#5 D3320" is not pulled into its right-to-left run
    assert label.text() == f"Claim CLM-1032 · {FSI}שרה כהן{PDI} · #5 D3320"


def test_a_claim_not_sent_yet_and_an_fdi_tooth_read_as_the_case_does(qtbot: QtBot) -> None:
    case = Case(
        patient=Patient(name="Jordan Reyes"),
        procedure=Procedure(code="D3330", tooth="36", notation="fdi"),
    )
    dialog = _dialog(qtbot, case, "submitted")
    label = dialog.findChild(QLabel, "statusCase")
    assert isinstance(label, QLabel)
    assert label.text() == "Jordan Reyes · FDI 36 D3330"
