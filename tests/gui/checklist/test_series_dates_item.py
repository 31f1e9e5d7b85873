"""Chairside walkthrough: an interim visit (D3356) saved dated September 15 beside its initial
visit (D3355) dated October 1: "Series visit dates in order" was ticked and counted (2 of 4
done) while To submit and Mark as submitted both named the dates. The item is not so: its row
says why, a click does not tick it, and it is not counted until a date is corrected."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.series import SERIES_DATES_ITEM
from tests.helpers.windows import shown_window


def _visit(window: object, code: str, when: str) -> int:
    case = Case(patient=Patient(name="Theo Brandt"), claim=Claim(date_of_service=when),
                procedure=Procedure(code=code, tooth="8"))  # fmt: skip
    return window.cases.create(case, operator="DR")  # type: ignore[attr-defined, no-any-return]


def test_an_interim_visit_dated_before_its_initial_one_cannot_tick_dates_in_order(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:
        _visit(window, "D3355", "2026-10-01")
        interim = _visit(window, "D3356", "2026-09-15")
        window.open_case(interim)
        window.right_tabs.setCurrentWidget(window.checklist_panel)
        panel = window.checklist_panel
        note = panel.findChild(QLabel, f"record_{SERIES_DATES_ITEM}")
        assert note is not None and note.isVisibleTo(panel)
        assert note.text().startswith("Not so: Case 1 (D3355, the initial visit")
        box = panel.checkbox(SERIES_DATES_ITEM)
        assert box is not None
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert not box.isChecked()
        assert SERIES_DATES_ITEM not in window.cases.checks(interim)  # nothing saved
        assert SERIES_DATES_ITEM in [i.id for i in panel.missing_required()]

        stored = window.cases.get(interim)  # the date corrected: the item may be ticked
        fixed = replace(stored.case, claim=replace(stored.case.claim, date_of_service="2026-10-20"))
        window.cases.edit(interim, fixed, operator="DR", expected_version=stored.version)
        window.open_case(interim)
        box = panel.checkbox(SERIES_DATES_ITEM)
        assert box is not None
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert box.isChecked() and window.cases.checks(interim)[SERIES_DATES_ITEM].checked
