"""An office that charts in FDI, in the real main window: the case the assistant creates from the
chart is written in FDI (the form showed 'Tooth 30, Notation Universal' for the chart's 46), and
a case charted in FDI is re-coded from its own tooth (the chart's 46 was taken for another tooth
than the case's 46, 'Case 1 is for tooth #46, but the chart shows #30')."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.gui.shell.test_workflow_day import (  # the day's window, dialogs and helpers
    Dialogs,
    answer,
    choose_candidate,
    data_dir,
    dialogs,
    open_window,
)

__all__ = ["data_dir", "dialogs", "open_window"]  # fixtures used by name


def fdi_window(open_window: Callable[[], Any]) -> Any:
    window = open_window()
    window.operator_picker.set_operator("ab")
    box = window.chart_panel.notation_box
    box.setCurrentIndex(box.findData("fdi"))
    return window


def _necrotic_30(window: Any) -> int:
    """A case made from the chart's tooth #30 (FDI 46), mature and necrotic."""
    window.chart_panel.chart.select_tooth("30")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    case_id = window.new_case()
    assert case_id is not None
    return int(case_id)


def _recoded_as_retreatment(window: Any, case_id: int, dialogs: Dialogs) -> Any:
    """The open case re-coded from the chart (previously treated: D3348), as stored; no
    'Another tooth' refusal on the way."""
    answer(window, "pulpStatus", "previously-treated")
    choose_candidate(window, "D3348")
    assert not [m for m in dialogs.messages if m[0] == "Another tooth"], dialogs.messages
    return window.store.get_case(case_id).case


def test_a_case_created_from_an_fdi_chart_is_written_in_fdi(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    window = fdi_window(open_window)
    window.chart_panel.chart.select_tooth("30")  # the molar the FDI chart labels 46
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    case_id = window.new_case()
    assert case_id is not None
    form = dialogs.forms[-1].procedure
    assert (form.tooth, form.notation, form.code) == ("46", "fdi", "D3330")
    assert "FDI 46" in window.case_label.text()


def test_an_fdi_case_is_recoded_from_its_own_tooth(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    window = fdi_window(open_window)
    case_id = _necrotic_30(window)
    stored = _recoded_as_retreatment(window, case_id, dialogs)
    assert (stored.procedure.tooth, stored.procedure.code) == ("46", "D3348")
    assert stored.findings.pulp == "previously-treated"


def test_a_universal_case_opened_at_an_fdi_pc_keeps_its_own_spelling(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """Two PCs, one store: the case a Universal PC wrote as #30 is the FDI chart's 46; re-coded
    here it stays #30 for the other PC, and no 'Another tooth' is claimed."""
    window = open_window()
    window.operator_picker.set_operator("ab")
    case_id = _necrotic_30(window)
    box = window.chart_panel.notation_box
    box.setCurrentIndex(box.findData("fdi"))
    stored = _recoded_as_retreatment(window, case_id, dialogs)
    assert (stored.procedure.tooth, stored.procedure.notation) == ("30", "universal")
    assert stored.procedure.code == "D3348"


def test_another_tooth_is_named_in_each_case_s_notation(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    window = fdi_window(open_window)
    _necrotic_30(window)
    window.chart_panel.chart.select_tooth("19")  # FDI 36
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "previously-treated")
    choose_candidate(window, "D3348")
    title, text = dialogs.messages[-1]
    assert title == "Another tooth"
    assert "tooth FDI 46, but the chart shows FDI 36" in text, text
    assert "#" not in text, text
