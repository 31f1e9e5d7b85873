"""What the window shows for a case opened after another one: its own code guidance, or none
(new-user walkthrough)."""

from __future__ import annotations

from pathlib import Path

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from tests.helpers.windows import shown_window


def test_a_case_with_no_code_opened_after_another_shows_no_code_guidance(
    qtbot, tmp_path: Path
) -> None:
    """New-user walkthrough: a draft with no code, opened from the list after a D3330 case,
    sat under the last patient's "D3330 · Root canal, molar" guidance."""
    with shown_window(qtbot, tmp_path / "data") as window:
        coded = Case(
            patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")
        )
        bare = Case(patient=Patient(name="Zoë Park"))
        window.open_case(window.store.create_case(coded, operator="DR"))
        assert window.detail.current_code() == "D3330"
        window.open_case(window.store.create_case(bare, operator="DR"))
        assert window.detail.current_code() is None
        window.open_case(1)  # back to the coded case: its guidance again
        assert window.detail.current_code() == "D3330"
