"""New case (Ctrl+N) with a series' visit open makes the next visit's case, the patient copied.

Helper walkthrough: with the initial regeneration visit's case (D3355) open and the chart's Visit
set to Interim, the status bar said to close the case (Ctrl+W) and press Ctrl+N; Ctrl+W asked to
"lose the chart's answers" and the new case then had no tooth, nor the patient. Real window.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cdt_desktop.domain.cases.model import (
    Case,
    Payer,
    Subscriber,
)
from tests.helpers.cases import series_case


def test_new_case_for_the_next_visit_copies_the_patient_and_leaves_the_open_case(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # Helper walkthrough: the status bar said Ctrl+W, then Ctrl+N; Ctrl+W asked to "lose the
    # chart's answers" and the new case then had no tooth. Ctrl+N with the initial visit's
    # case open makes the interim visit's case, the patient's details copied.
    from cdt_desktop.app import build_main_window
    from cdt_desktop.ui.cases import controller as case_controller

    window = build_main_window(data_dir=tmp_path / "pc")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("AB")
    first = series_case("D3355", "regeneration", "initial")
    first = replace(first, payer=Payer(name="Delta Dental"), subscriber=Subscriber(name="Ann Park"))
    case_id = window.cases.create(first, operator="AB")
    window.open_case(case_id)
    visit = window.chart_panel.findings.box("visitStage")
    visit.setCurrentIndex(visit.findData("interim"))
    shown: list[tuple[Case, str]] = []

    def form(_parent, _service, *, case, hint="", **_kw):  # type: ignore[no-untyped-def]
        shown.append((case, hint))
        return None  # cancelled

    monkeypatch.setattr(case_controller, "edit_case", form)
    window.controller.new_case()
    ((new, hint),) = shown
    assert new.procedure.code == "D3356" and new.procedure.tooth == "30"
    assert (new.patient, new.subscriber, new.payer) == (first.patient, first.subscriber,
                                                         first.payer)  # fmt: skip
    assert hint.startswith(f"The interim visit of case {case_id}'s series (")
    assert window.current_case_id() == case_id  # the initial visit's case stays open, as it is
    assert window.cases.get(case_id).case.procedure.code == "D3355"
    window.close()
