"""Two PCs of one office number teeth differently (the chart's Notation is a setting of the PC).
A case a Universal PC saved on #19 showed as "#19" at a PC switched to FDI: in the case list,
the open case's heading and the claim-status dialog. Each now names the tooth in this PC's
notation ("FDI 36"); the stored case keeps its "19", Universal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cdt_desktop.ui.cases import status_dialog
from cdt_desktop.ui.cases.list_model import CASE_ID_ROLE
from tests.gui.shell.test_workflow_day import (  # the day's window, dialogs and helpers
    Dialogs,
    answer,
    choose_candidate,
    close,
    data_dir,
    dialogs,
    open_window,
)

__all__ = ["data_dir", "dialogs", "open_window"]  # fixtures used by name


def _notation(window: Any, notation: str) -> None:
    box = window.chart_panel.notation_box
    box.setCurrentIndex(box.findData(notation))


def _case_on_19(window: Any) -> int:
    """The Universal PC's case: tooth #19, mature and necrotic (D3330)."""
    window.operator_picker.set_operator("ab")
    window.chart_panel.chart.select_tooth("19")
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "necrosis")
    case_id = window.new_case()
    assert case_id is not None
    return int(case_id)


def _listed_tooth(window: Any, case_id: int) -> str:
    """The Tooth cell of the case's row, as the list shows it."""
    table = window.case_list.table()
    model = table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data(CASE_ID_ROLE) == case_id:
            return str(model.index(row, 2).data(Qt.ItemDataRole.DisplayRole))
    raise AssertionError(f"case {case_id} not listed")


def test_a_universal_case_reads_in_fdi_at_an_fdi_pc(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    window = open_window()
    case_id = _case_on_19(window)
    assert _listed_tooth(window, case_id) == "#19"
    assert "#19 D3330" in window.case_label.text()

    _notation(window, "fdi")
    assert _listed_tooth(window, case_id) == "FDI 36"
    assert "FDI 36 D3330" in window.case_label.text(), window.case_label.text()
    assert "#19" not in window.case_label.text()
    assert "FDI 36" in window.case_label.toolTip()
    _notation(window, "palmer")
    assert _listed_tooth(window, case_id) == "LL6"  # "Palmer LL6" in its tooltip
    assert "Palmer LL6 D3330" in window.case_label.text()

    stored = window.store.get_case(case_id).case.procedure
    assert (stored.tooth, stored.notation) == ("19", "universal")  # never rewritten


def test_a_window_started_at_an_fdi_pc_lists_the_case_in_fdi(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """The next start reads the PC's setting: the list and the heading of the reopened case."""
    first = open_window()
    case_id = _case_on_19(first)
    _notation(first, "fdi")
    close(first)

    window = open_window()
    assert _listed_tooth(window, case_id) == "FDI 36"
    window.open_case(case_id)
    assert "FDI 36 D3330" in window.case_label.text(), window.case_label.text()


def test_the_status_dialog_names_the_tooth_in_this_pcs_notation(
    open_window: Callable[[], Any],
    dialogs: Dialogs,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window()
    case_id = _case_on_19(window)
    _notation(window, "fdi")
    seen: list[str] = []

    def ask(parent, case, status, *, today, notation="", **_kw):  # type: ignore[no-untyped-def]
        dialog = status_dialog.StatusDialog(
            case, status, today=today, parent=parent, notation=notation
        )
        qtbot.addWidget(dialog)
        seen.append(dialog.whose.text())
        return None  # cancelled: nothing changes

    monkeypatch.setattr(status_dialog, "ask_status_event", ask)
    assert not window.case_list.view().change_status(case_id, "submitted")
    assert len(seen) == 1 and "FDI 36 D3330" in seen[0], seen


def test_another_tooth_names_both_teeth_in_this_pcs_notation(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """The refusal to move the Universal PC's case to the FDI chart's 46 said "tooth #19, but
    the chart shows FDI 46": two numberings in one sentence."""
    window = open_window()
    _case_on_19(window)
    _notation(window, "fdi")
    window.chart_panel.chart.select_tooth("30")  # FDI 46
    answer(window, "rootDevelopment", "complete")
    answer(window, "pulpStatus", "previously-treated")
    choose_candidate(window, "D3348")
    title, text = dialogs.messages[-1]
    assert title == "Another tooth"
    assert "tooth FDI 36, but the chart shows FDI 46" in text, text
    assert "#" not in text, text
    # the status bar keeps the refusal, not the advice to double-click the refused candidate
    said = window.statusBar().currentMessage()
    assert said.startswith("Case 1 stays on FDI 36"), said


def _record_note(window: Any) -> str:
    """The checklist's note under "Tooth number on the claim fits the code" (the record's)."""
    from PySide6.QtWidgets import QLabel

    note = window.checklist_panel.findChild(QLabel, "record_tooth-number-matches-code")
    assert note is not None and note.isVisibleTo(window.checklist_panel)
    return str(note.text())


def test_the_checklist_says_the_tooth_fits_in_this_pcs_notation(
    open_window: Callable[[], Any], dialogs: Dialogs
) -> None:
    """The chart's candidates said "tooth LL6 is a permanent molar" at a Palmer PC; the
    checklist's note on the same fact said "#19", a number that PC does not use."""
    window = open_window()
    _case_on_19(window)
    assert "#19 is a permanent molar" in _record_note(window)

    _notation(window, "palmer")
    assert "tooth LL6 is a permanent molar" in _record_note(window), _record_note(window)
    assert "#19" not in _record_note(window)

    _notation(window, "fdi")
    assert "tooth 36 is a permanent molar" in _record_note(window), _record_note(window)
