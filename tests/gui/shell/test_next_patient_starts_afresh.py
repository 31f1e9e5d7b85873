"""Close case / Next patient leaves nothing of the last patient's coding on screen (tour8
finding 11).

The chair closed case 1 (D3330 on #19) for the next patient: heading, checklist, chart and
findings started afresh, but the code detail kept showing D3330 (and Alt+Left went back through
the last patient's reading), and the search kept its text. The next patient's coding then began
under the last one's code. Now the detail shows its "Find a code" page with no Back history and
the search is empty, as at start-up.

Real window (real reference library, SQLite store, chart, search, detail).
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Patient, Procedure


def test_close_case_clears_the_code_detail_and_the_search(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.operator_picker.set_operator("AB")
    start_page = window.detail.toPlainText()
    panel = window.chart_panel
    panel.chart.select_tooth("19")
    panel.findings.box("rootDevelopment").setCurrentIndex(1)  # complete
    pulp = panel.findings.box("pulpStatus")
    pulp.setCurrentIndex(pulp.findData("irreversible-pulpitis"))
    window.search.set_query("molar")
    window.open_code("D3310")  # read on the way
    window.open_code("D3330")
    case = Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19"))
    case_id = window.cases.create(case, operator="AB")
    window.open_case(case_id)
    assert window.detail.current_code() == "D3330"

    window.close_case()

    assert window.current_case_id() is None
    assert window.detail.current_code() is None
    assert window.detail.toPlainText() == start_page  # "Find a code", as at start-up
    assert "D3330" not in window.detail.toPlainText()
    assert not window.detail.go_back()  # no trail back into the last patient's codes
    assert window.search.query() == ""
    assert window.checklist_panel.code() is None
    window.grab().save(str(tmp_path / "after-close.png"))
    window.close()
