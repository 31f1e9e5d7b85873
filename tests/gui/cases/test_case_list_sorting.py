"""The billing clerk sorts the case list by a column: a click on its header sorts by it, a
second click the other way, a third back to the store's order (last changed first). The header
did nothing, so 36 cases could only be read in the order they were last changed (tour9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.list_view import CaseList

CASES = [  # name, date of service, tooth, status; made in this order (the last is newest)
    ("Zoë Nguyễn", "2026-11-03", "19", "denied"),
    ("ava smith", "2026-10-01", "8", "draft"),
    ("Émile Brun", "2026-11-20", "30", "paid"),
    ("Bob Lee", "2026-09-15", "K", "submitted"),
]


@pytest.fixture
def listed(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = CaseStore.open(tmp_path)
    for name, dos, tooth, status in CASES:
        case_id = store.create_case(
            Case(
                patient=Patient(name=name),
                claim=Claim(date_of_service=dos),
                procedure=Procedure(code="D3330", tooth=tooth),
            ),
            operator="MR",
        )
        if status != "draft":
            store.set_status(case_id, status, operator="MR")
    widget = CaseList(CaseService(store), operator_source=lambda: "MR")
    qtbot.addWidget(widget)
    widget.resize(700, 400)  # every column shown
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    yield widget
    store.close()


def _table(widget: CaseList) -> QTableView:
    table = widget.findChild(QTableView, "caseTable")
    assert isinstance(table, QTableView)
    return table


def _column(widget: CaseList, column: int) -> list[str]:
    model = _table(widget).model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _click_header(widget: CaseList, column: int) -> None:
    header: QHeaderView = _table(widget).horizontalHeader()
    assert not header.isSectionHidden(column)
    at = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, 5)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_a_click_on_patient_sorts_by_name_then_the_other_way_then_back(listed: CaseList) -> None:
    store_order = _column(listed, 0)
    assert store_order == ["Bob Lee", "Émile Brun", "ava smith", "Zoë Nguyễn"]
    _click_header(listed, 0)
    assert _column(listed, 0) == ["ava smith", "Bob Lee", "Émile Brun", "Zoë Nguyễn"]
    _click_header(listed, 0)
    assert _column(listed, 0) == ["Zoë Nguyễn", "Émile Brun", "Bob Lee", "ava smith"]
    _click_header(listed, 0)
    assert _column(listed, 0) == store_order


def test_dates_teeth_and_statuses_sort_as_the_office_reads_them(listed: CaseList) -> None:
    _click_header(listed, 1)
    assert _column(listed, 1) == ["2026-09-15", "2026-10-01", "2026-11-03", "2026-11-20"]
    _click_header(listed, 2)
    assert _column(listed, 2) == ["#8", "#19", "#30", "#K"]
    _click_header(listed, 4)  # the claim's workflow order, not the alphabet
    assert _column(listed, 4) == ["Draft", "Submitted", "Denied", "Paid"]


def test_the_sort_and_the_selected_case_stay_when_the_list_refreshes(
    qtbot: QtBot, listed: CaseList
) -> None:
    _click_header(listed, 0)
    listed.select_case(listed.model().index(2, 0).data(Qt.ItemDataRole.UserRole + 1))
    chosen = listed.selected_case_id()
    listed.refresh()
    assert _column(listed, 0) == ["ava smith", "Bob Lee", "Émile Brun", "Zoë Nguyễn"]
    assert listed.selected_case_id() == chosen
    _click_header(listed, 1)  # the selection follows its case to its new row
    assert listed.selected_case_id() == chosen


def test_cases_written_in_fdi_or_palmer_show_their_notation_and_sort_with_the_others(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """tour10: an FDI office's lower right first molar (46) read "#46" in the list, a tooth
    Universal does not have, and a Palmer case "#LR6"; sorted by tooth, 46 came after #19 as
    the number 46. Two PCs with different settings share one store: each case says its own."""
    store = CaseStore.open(tmp_path)
    for name, tooth, notation in (("Ana", "46", "fdi"), ("Bo", "19", "universal"),
                                  ("Cy", "LR6", "palmer"), ("Di", "11", "fdi")):  # fmt: skip
        store.create_case(
            Case(patient=Patient(name=name),
                 procedure=Procedure(code="D3330", tooth=tooth, notation=notation)),
            operator="MR",
        )  # fmt: skip
    widget = CaseList(CaseService(store), operator_source=lambda: "MR")
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    assert _column(widget, 2) == ["FDI 11", "Palmer LR6", "#19", "FDI 46"]  # newest first
    _click_header(widget, 2)  # FDI 11 is #8, #19, FDI 46 is #30 (and Palmer LR6 too)
    assert _column(widget, 2) == ["FDI 11", "#19", "Palmer LR6", "FDI 46"]
    store.close()
