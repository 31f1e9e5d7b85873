"""Findings saved in Edit case that the case's code no longer fits are named at once
(hostile-user walkthrough: findings changed in Edit case said only "Case 2 saved", and nothing
named the misfit until an appeal was exported). An immature root keeps D3330 possible (the
dentist may still choose a root canal): only findings that exclude the code are named.

Real window, real SQLite store, real form."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from tests.helpers.windows import in_case_form, shown_window


def _save_pulp(window: object, pulp: str) -> None:
    def choose(form: QDialog) -> None:
        box = form.findChild(QComboBox, "field_findings_pulp")
        box.setCurrentIndex(box.findData(pulp))

    in_case_form(window, choose)


def test_a_previously_treated_tooth_saved_on_a_d3330_case_is_named(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case = Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="19"),
                    findings=CaseFindings(root="complete", pulp="necrosis"))  # fmt: skip
        case_id = window.store.create_case(case, operator="AB")
        window.open_case(case_id)
        messages: list[str] = []
        window.controller.message.connect(messages.append)
        _save_pulp(window, "previously-treated")  # a retreatment, not a first root canal
        assert window.store.get_case(case_id).case.findings.pulp == "previously-treated"
        assert messages[-1].startswith(f"Case {case_id}: The recorded findings"), messages
        assert "D3330" in messages[-1]
        _save_pulp(window, "necrosis")  # fits again: nothing more said
        assert messages[-1] == f"Case {case_id} saved", messages
