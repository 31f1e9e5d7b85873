"""The Checklist's "Choose your initials" notice goes once initials are chosen (new-user
walkthrough: it stayed after "CD" was typed in the Operator box, and the status bar had said
"Operator: CD", until an item was clicked)."""

from __future__ import annotations

from pathlib import Path

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.checklist.text import NO_OPERATOR_TEXT
from tests.helpers.windows import shown_window


def test_the_initials_notice_goes_when_initials_are_chosen(qtbot, tmp_path: Path) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:
        case = Case(
            patient=Patient(name="Ana Souza"),
            claim=Claim(date_of_service="2026-11-20"),
            procedure=Procedure(code="D3330", tooth="19"),
        )
        window.open_case(window.store.create_case(case, operator="DR"))
        panel = window.checklist_panel
        window.right_tabs.setCurrentWidget(panel)
        window.operator_picker.set_operator("")
        panel.checkbox("pulp-diagnosis").click()  # refused: nobody's initials
        assert panel._banner.isVisibleTo(panel) and panel._banner.text() == NO_OPERATOR_TEXT
        window.operator_picker.set_operator("CD")
        assert not panel._banner.isVisibleTo(panel), panel._banner.text()
        panel.checkbox("pulp-diagnosis").click()
        assert window.store.checks(window.current_case_id())["pulp-diagnosis"].by == "CD"
