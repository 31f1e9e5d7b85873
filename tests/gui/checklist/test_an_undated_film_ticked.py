"""Ticking the pre-op or post-op film's item while nothing dates that film says, at the box,
that an appeal letter needs the date (new-user walk: the Checklist read "6 of 6 required
done", Mark as submitted went through, and the letter's check then stopped on two undated
films). The tick still counts; the word is at the box, so no row moves under the pointer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure


def _chair(qtbot: QtBot, tmp_path: Path, facts: ClinicalFacts) -> Any:
    window = build_main_window(data_dir=tmp_path / "chair")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("AA")
    case = Case(
        patient=Patient(name="Jordan Reyes"),
        claim=Claim(date_of_service="2026-12-01"),
        procedure=Procedure(code="D3330", tooth="19"),
        facts=facts,
    )
    window.open_case(window.store.create_case(case, operator="AA"))
    return window


@pytest.mark.parametrize(
    ("situation", "item", "facts", "said"),
    [
        ("the pre-op film, no date anywhere", "preop-radiograph", ClinicalFacts(),
         "No date is recorded for the pre-operative film"),
        ("the post-op film, no date anywhere", "postop-radiograph", ClinicalFacts(),
         "No date is recorded for the post-operative film"),
        ("the pre-op film dated under Clinical facts", "preop-radiograph",
         ClinicalFacts(preop_radiograph_date="2026-11-20"), ""),
        ("the post-op film's item, only the pre-op film dated", "postop-radiograph",
         ClinicalFacts(preop_radiograph_date="2026-11-20"),
         "No date is recorded for the post-operative film"),
        ("an item that is no film", "working-length-recorded", ClinicalFacts(), ""),
    ],
)  # fmt: skip
def test_ticking_a_film_no_date_dates_says_the_letter_needs_it(
    qtbot: QtBot, tmp_path: Path, situation: str, item: str, facts: ClinicalFacts, said: str
) -> None:
    window = _chair(qtbot, tmp_path, facts)
    try:
        panel = window.checklist_panel
        box = panel.checkbox(item)
        assert box is not None and not box.isChecked()
        box.click()
        assert box.isChecked(), situation  # the tick counts all the same
        if said:
            assert said in panel.last_notice and "Clinical facts" in panel.last_notice, situation
            assert box.accessibleDescription() == panel.last_notice
        else:
            assert "No date is recorded" not in panel.last_notice, situation
    finally:
        window.close()
