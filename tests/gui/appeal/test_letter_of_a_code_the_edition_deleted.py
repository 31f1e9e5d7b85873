"""The letter's check names a code the practice's newest CDT edition deleted, when the claim's
date of service is in that edition (office manager walk: the case list read "D3330 (deleted)",
Mark as submitted asked, and the appeal letter's check said nothing: the letter went out for a
code payers refuse)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.ui.appeal.dialog import NarrativeDialog


@pytest.mark.parametrize(
    ("situation", "dos", "named"),
    [
        ("treated after CDT 2026 deleted the code", "2026-11-02", True),
        ("treated in 2025: coded by CDT 2025", "2025-11-03", False),
    ],
)
def test_the_letter_s_check_names_a_code_the_newest_edition_deleted(
    qtbot: QtBot, tmp_path: Path, situation: str, dos: str, named: bool
) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("BB")
    window.case_list.set_code_notes({"D3330": "deleted in CDT 2026"})
    case = Case(
        patient=Patient(name="Dana Deleted"),
        procedure=Procedure(code="D3330", tooth="19"),
        claim=Claim(number="CLM-1", date_of_service=dos, denial_reason="Not covered."),
        status_history=(StatusEvent("submitted", dos), StatusEvent("denied", dos)),
    )
    window.open_case(window.store.create_case(case, operator="AB"))
    window.export_appeal()
    dialog = window.findChild(NarrativeDialog)
    try:
        assert dialog is not None
        dialog.update_check()
        said = dialog.banner.text()
        assert ("D3330 was deleted in CDT 2026" in said) is named, (situation, said)
        if named:
            assert "payers refuse a deleted code" in said
    finally:
        if dialog is not None:
            dialog.done(0)
        window.close()
