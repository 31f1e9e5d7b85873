"""The case list in the right pane at 1366x768 is narrow: a patient's name longer than its
column showed only its first word ("Emma …", "Leo …"), because the table wrapped the name onto
a second line its row has no room for. Two patients who share a first name looked the same to
the billing clerk. The name is cut at the column's edge instead ("Emma Bro…") (tour9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.list_view import CaseList


def _cell(table: QTableView, row: int) -> QImage:
    rect = table.visualRect(table.model().index(row, 0))
    return table.viewport().grab(rect).toImage()


def test_two_emmas_in_a_narrow_list_do_not_look_the_same(qtbot: QtBot, tmp_path: Path) -> None:
    store = CaseStore.open(tmp_path)
    try:
        for name in ("Emma Brownington-Hale", "Emma Davidson-Clarke"):
            store.create_case(Case(patient=Patient(name=name)), operator="BC")
        widget = CaseList(CaseService(store), operator_source=lambda: "BC")
        qtbot.addWidget(widget)
        font = widget.font()
        font.setPixelSize(17)  # the desktop's 10-11 pt: two lines no longer fit a 32 px row
        widget.setFont(font)
        widget.resize(330, 400)  # the right pane's list at 1366x768
        widget.show()
        qtbot.waitExposed(widget)
        table = widget.findChild(QTableView, "caseTable")
        assert isinstance(table, QTableView)
        width = table.columnWidth(0)
        assert table.fontMetrics().horizontalAdvance("Emma Davidson-Clarke") > width  # cut: narrow
        assert table.fontMetrics().horizontalAdvance("Emma Da…") < width  # room for more
        assert _cell(table, 0) != _cell(table, 1)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("مريم حداد", "\u2068مريم حداد\u2069"),  # isolated: the case number stays after it
    ],
)
def test_a_cut_name_is_whole_in_its_tooltip(
    qtbot: QtBot, tmp_path: Path, name: str, shown: str
) -> None:
    """Walk 13: at 1366 px the name column keeps ~90 px, so 'Nguyễn Văn An' is cut; its
    tooltip said only 'Case 1', and the whole name was nowhere in the list."""
    from PySide6.QtCore import Qt

    store = CaseStore.open(tmp_path)
    try:
        case_id = store.create_case(Case(patient=Patient(name=name)), operator="BC")
        widget = CaseList(CaseService(store), operator_source=lambda: "BC")
        qtbot.addWidget(widget)
        widget.refresh()
        tip = widget.table().model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == f"{shown} · case {case_id}"
    finally:
        store.close()


def _as_shown(tip: str) -> str:
    """What a tooltip shows: Qt renders text that looks like markup as rich text."""
    from PySide6.QtGui import Qt as QtGui_Qt
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    if QtGui_Qt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    return document.toPlainText()


def test_a_name_that_looks_like_markup_shows_as_typed_in_its_tooltips(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Walkthrough: a patient stored as "<b>Bold</b> &amp; O'Brien" showed in the case list's
    tooltip in bold, with "&": everywhere else (heading, dialogs, the PDF) it reads as typed."""
    from PySide6.QtCore import Qt

    from cdt_desktop.ui.common.fitted_label import FittedLabel

    name = "<b>Bold</b> &amp; O'Brien"
    store = CaseStore.open(tmp_path)
    try:
        case_id = store.create_case(Case(patient=Patient(name=name)), operator="BC")
        widget = CaseList(CaseService(store), operator_source=lambda: "BC")
        qtbot.addWidget(widget)
        widget.refresh()
        tip = widget.table().model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert _as_shown(tip) == f"{name} · case {case_id}"
    finally:
        store.close()
    heading = FittedLabel(f"{name}, #19, D3330")  # the open case's heading, the status dialog's
    qtbot.addWidget(heading)
    assert _as_shown(heading.toolTip()) == f"{name}, #19, D3330"
    assert _as_shown(FittedLabel("Ana & Bo").toolTip()) == "Ana & Bo"  # plain stays plain


def test_a_markup_like_name_s_tooltip_is_not_wrapped_mid_name(qtbot: QtBot) -> None:
    """Re-walk: the heading's tooltip broke "<b>Bold</b> &amp; O'Brien" over two lines mid-tag
    ("<b>Bold</" / "b> &amp;"): the escaped name keeps to its line as typed."""
    from PySide6.QtGui import QTextDocument

    from cdt_desktop.ui.common.fitted_label import literal_tip

    tip = literal_tip("<b>Bold</b> &amp; O'Brien, #19, D3330")
    document = QTextDocument()
    document.setHtml(tip)
    document.setTextWidth(80)  # a narrow tooltip
    document.documentLayout().documentSize()  # laid out
    assert document.blockCount() == 1 and document.firstBlock().layout().lineCount() == 1
