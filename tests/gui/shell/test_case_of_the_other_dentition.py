"""Opening a case whose tooth the chart's dentition does not show says that the chart went
Mixed. Walkthrough: a case of #K opened on the permanent chart switched it to Mixed, and the
status bar said only "Case 5 opened."; typing K had said why."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from tests.helpers.windows import shown_window


@pytest.mark.parametrize(
    ("start", "case_tooth", "code", "said"),
    [
        ("permanent", "K", "D3240", "Tooth K is a primary tooth"),
        ("primary", "30", "D3330", "Tooth 30 is a permanent tooth"),
    ],
)
def test_the_status_bar_says_the_chart_went_mixed_with_the_case_opened(
    qtbot: QtBot, tmp_path: Path, start: str, case_tooth: str, code: str, said: str
) -> None:
    with shown_window(qtbot, tmp_path / "office") as window:
        panel = window.chart_panel
        panel.dentition_box.setCurrentIndex(panel.dentition_box.findData(start))
        case_id = window.cases.create(
            Case(
                patient=Patient(name="Leo Park"),
                procedure=Procedure(code=code, tooth=case_tooth),
                findings=CaseFindings(root="complete", pulp="necrosis", successor="yes"),
            ),
            operator="AB",
        )
        assert window.open_case(case_id) is not False
        assert panel.dentition_box.currentData() == "mixed"
        message = window.statusBar().currentMessage()
        assert message.startswith(f"Case {case_id} opened.")
        assert said in message and "mixed dentition" in message
        spoken = QAccessible.queryAccessibleInterface(window.statusBar())
        assert spoken is not None and said in spoken.text(QAccessible.Text.Name)
        assert said in panel.dentition_box.accessibleDescription()


def test_a_case_on_the_chart_shown_says_only_that_it_opened(qtbot: QtBot, tmp_path: Path) -> None:
    with shown_window(qtbot, tmp_path / "office") as window:
        panel = window.chart_panel
        panel.dentition_box.setCurrentIndex(panel.dentition_box.findData("permanent"))
        case_id = window.cases.create(
            Case(patient=Patient(name="Ann Lee"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
        window.open_case(case_id)
        assert window.statusBar().currentMessage() == f"Case {case_id} opened."
