"""A finding nobody gave reads the same on the chart and in the case form. Walkthrough: the
open case's treatment goal showed "Unknown" beside the chart and "—" in Edit case…, for the same
unset value; the chart, the user guide and "Missing:" call it Unknown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialog
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from tests.helpers.windows import shown_window

FINDINGS = {  # the form's field -> the chart's box
    "goal": "treatmentGoal",
    "visit": "visitStage",
    "root": "rootDevelopment",
    "pulp": "pulpStatus",
}


def test_an_unset_goal_reads_unknown_on_the_chart_and_in_the_case_form(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "office", active=True) as window:
        case_id = window.cases.create(
            Case(
                patient=Patient(name="Nora Vance"),
                procedure=Procedure(code="D3330", tooth="19"),
                findings=CaseFindings(root="complete", pulp="necrosis"),  # no goal, no visit
            ),
            operator="AB",
        )
        assert window.open_case(case_id) is not False
        chart = window.chart_panel.findings
        on_chart = {key: chart.box(name).currentText() for key, name in FINDINGS.items()}
        assert on_chart["goal"] == on_chart["visit"] == "Unknown"
        in_form: dict[str, str] = {}

        def read_and_cancel() -> None:
            form = QApplication.activeModalWidget()
            assert isinstance(form, QDialog) and form.objectName() == "caseForm"
            for key in (*FINDINGS, "successor"):
                box = form.findChild(QComboBox, f"field_findings_{key}")
                in_form[key] = box.currentText()
            form.reject()  # Cancel: nothing typed, so it closes without a question

        QTimer.singleShot(0, read_and_cancel)
        window.menu_actions["editCaseAction"].trigger()  # Edit case… (Ctrl+E)
        successor = window.chart_panel.successor_box.currentText()
        assert in_form.pop("successor") == successor == "Unknown"
        assert in_form == on_chart
