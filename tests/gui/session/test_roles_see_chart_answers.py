"""Billing month-end walkthrough: billing, with a case open, changed the chart's pulp status;
the status bar said to choose the code in the candidates "to save them", which billing may not
do, and the refusal then came titled "Code not saved". The status bar says whose the findings
are instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cdt_desktop import app
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from tests.helpers.office import office


@pytest.mark.parametrize(
    ("user", "said"),
    [
        ("Bea Billing", "your role does not change the findings; the dentist or assistant does."),
        ("Dr Diaz", "choose D3310 in the candidates"),
    ],
    ids=["billing", "dentist"],
)
def test_changed_chart_answers_say_what_this_role_can_do_with_them(
    qtbot: QtBot, tmp_path: Path, user: str, said: str
) -> None:
    with office(tmp_path / "data") as (service, _auth):
        case = Case(patient=Patient(name="Ida Marsh"),
                    procedure=Procedure(code="D3310", tooth="8"),
                    findings=CaseFindings(root="complete", pulp="irreversible-pulpitis"))  # fmt: skip
        case_id = service.repository.create_case(case, operator="DR")
    window = app.build_main_window(data_dir=tmp_path / "data", user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.open_case(case_id)  # type: ignore[attr-defined]
        pulp = window.findChild(QComboBox, "pulpStatus")
        assert pulp is not None
        pulp.setCurrentIndex(pulp.findData("necrosis"))
        qtbot.waitUntil(lambda: "not on case" in window.statusBar().currentMessage())
        assert said in window.statusBar().currentMessage()
    finally:
        window.session.idle.stop()  # type: ignore[attr-defined]
        window.close()
