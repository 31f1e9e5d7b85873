"""Keyboard only: after Ctrl+W (Close case / Next patient) the keyboard is in the code search
box, ready for the next patient. It stayed where it was: from the chart's Notation box, the
next patient's first typed letter "f" switched the notation to FDI (keyboard walkthrough).

Real window (real reference library, SQLite store, chart, search).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from tests.helpers.windows import shown_window


def test_ctrl_w_from_the_notation_box_then_type_the_next_patients_search(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case = Case(
            patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")
        )
        window.open_case(window.cases.create(case, operator="AB"))
        notation = window.chart_panel.notation_box
        before = notation.currentData()
        notation.setFocus()
        qtbot.waitUntil(notation.hasFocus)
        QTest.keySequence(notation, QKeySequence("Ctrl+W"))  # through the shortcut map
        assert window.current_case_id() is None
        box = window.search.box
        assert box.hasFocus(), QApplication.focusWidget()
        QTest.keyClicks(QApplication.focusWidget(), "fis")
        assert box.text() == "fis"
        assert notation.currentData() == before  # still the office's notation, not FDI
