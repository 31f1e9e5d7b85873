"""An item the case's record answers stays answered when another PC ticks it and this PC unticks it.

The two-PC walkthrough: "Pulpal diagnosis recorded" was unticked but counted as done (Clinical
facts record the diagnosis). The dentist ticked it on PC2; PC1 showed the tick (the change feed
re-read the case) and its "counted as done" note went, moving the rows below up; PC1 then
unticked it and read "5 of 6 required done" while PC2, Mark as submitted and a reopened case
said 6 of 6. The record's answers are read whatever the ticks say, as when the case opens.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.checklist import elsewhere as panel_module


def test_a_tick_from_another_pc_then_an_untick_here_keeps_the_record_s_answer(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the untick comes a while after the other PC's tick showed (a click right after it is
    # taken for one on the box as it was: test_a_tick_from_another_pc_under_the_pointer.py)
    monkeypatch.setattr(panel_module, "JUST_CHANGED_S", 0.0)
    window = build_main_window(data_dir=tmp_path / "chair")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("MR")
    case = Case(
        patient=Patient(name="Ana Souza"),
        claim=Claim(date_of_service="2026-12-01"),
        procedure=Procedure(code="D3330", tooth="19"),
        facts=ClinicalFacts(pulpal_diagnosis="pulp-necrosis"),
    )
    case_id = window.store.create_case(case, operator="MR")
    window.open_case(case_id)
    panel = window.checklist_panel
    note = panel.findChild(QLabel, "record_pulp-diagnosis")
    assert note is not None and note.isVisibleTo(panel)
    before = panel.completeness()
    window.store.set_check(case_id, "pulp-diagnosis", True, operator="DD")  # the other PC
    panel.reload()  # as the change feed does
    assert panel.checkbox("pulp-diagnosis").isChecked()
    assert note.isVisibleTo(panel)  # the rows below stay where they were
    # ... saying what answers it, not that a tick is still to make (walkthrough: "A tick
    # records who checked it" under a ticked item)
    assert "Clinical facts record" in note.text() and "Tick it to record" not in note.text()
    box = panel.checkbox("pulp-diagnosis")
    box.click()  # unticked here
    assert not box.isChecked()
    assert panel.completeness() == before
    assert note.isVisibleTo(panel) and "Tick it to record that you checked it" in note.text()
    window.close()


@pytest.mark.parametrize("width", [1366, 1100])
def test_ticking_an_item_the_record_answers_moves_no_row_below_it(
    qtbot: QtBot, tmp_path: Path, width: int
) -> None:
    """Office walkthrough: ticking "Pulpal diagnosis recorded" shortened its note, every row
    below moved up 30-60 px, and three quick clicks of four landed on text, not on boxes."""
    from tests.helpers.windows import shown_window

    with shown_window(qtbot, tmp_path / "chair", operator="KL") as window:
        window.resize(width, 740)
        case = Case(
            patient=Patient(name="Ana Souza"),
            procedure=Procedure(code="D3330", tooth="19"),
            facts=ClinicalFacts(
                pulpal_diagnosis="pulp-necrosis", preop_radiograph_date="2026-11-30"
            ),
        )
        case_id = window.store.create_case(case, operator="KL")
        window.open_case(case_id)
        window.right_tabs.setCurrentWidget(window.checklist_panel)
        panel = window.checklist_panel
        qtbot.wait(50)
        below = [panel.checkbox(i) for i in ("periapical-diagnosis", "postop-radiograph")]
        tops = [box.mapTo(panel, box.rect().topLeft()).y() for box in below]
        for item in ("pulp-diagnosis", "preop-radiograph", "pulp-diagnosis"):
            panel.checkbox(item).click()  # tick, tick, untick
            qtbot.wait(50)
            now = [box.mapTo(panel, box.rect().topLeft()).y() for box in below]
            assert now == tops, (item, tops, now)
