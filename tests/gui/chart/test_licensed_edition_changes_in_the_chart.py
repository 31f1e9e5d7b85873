"""The chart and the code detail say when the practice's licensed CDT edition deletes a code.

Closing note of 6 December: with a licensed file whose newest edition deletes D3330, the chart
still recommended D3330 with no word of it and its code detail did not say so; only the case
list, Mark as submitted and the letter named it. The candidate row and the code's page now
carry the licensed code set's words (what they say is tested in the domain's table).
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cdt_desktop.db.cdt_file import ImportedCode, ImportReport
from cdt_desktop.db.codesets import CodeSetStore


def _edition(year: str, *codes: str) -> ImportReport:
    report = ImportReport(year)  # made-up practice text, never ADA text
    report.accepted = [ImportedCode(code, f"{code} (practice text)", "text") for code in codes]
    return report


def _row_text(window, code: str) -> str:  # type: ignore[no-untyped-def]
    from cdt_desktop.ui.chart.candidates import CODE_ROLE

    rows = window.chart_panel.candidates.list_widget()
    [item] = [rows.item(i) for i in range(rows.count()) if rows.item(i).data(CODE_ROLE) == code]
    return str(item.text())


def _molar_with_a_necrotic_pulp(window) -> None:  # type: ignore[no-untyped-def]
    panel = window.chart_panel
    panel.chart.select_tooth("19")
    for name, value in (("rootDevelopment", "complete"), ("pulpStatus", "necrosis")):
        box = panel.findings.box(name)
        box.setCurrentIndex(box.findData(value))


def test_a_code_the_licensed_edition_deletes_is_named_in_the_chart_and_its_page(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from cdt_desktop.app import build_main_window

    with CodeSetStore(tmp_path) as codesets:
        codesets.save(_edition("2026", "D3310", "D3320", "D3330"), "f")
        codesets.save(_edition("2027", "D3310", "D3320"), "g")  # D3330 deleted
    window = build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    _molar_with_a_necrotic_pulp(window)
    assert window.chart_panel.candidates.selection().recommended.code == "D3330"
    said = _row_text(window, "D3330")
    assert "licensed" in said and "CDT 2027" in said, said
    assert "licensed" not in _row_text(window, "D3310")  # unchanged (and excluded for a molar)

    window.detail.show_code("D3330")
    page = window.detail.toPlainText()
    assert "licensed" in page and "CDT 2027" in page, page
    window.detail.show_code("D3320")
    assert "CDT 2027" not in window.detail.toPlainText()


def test_without_a_licensed_file_the_chart_says_nothing_of_editions(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from cdt_desktop.app import build_main_window

    window = build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    _molar_with_a_necrotic_pulp(window)
    assert "licensed" not in _row_text(window, "D3330")
    window.detail.show_code("D3330")
    assert "CDT 2027" not in window.detail.toPlainText()
