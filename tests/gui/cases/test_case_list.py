"""CaseList over a real CaseStore: filters as you type (any script), by status, opens cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseSummary
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.list_model import CASE_ID_ROLE, COLUMNS, CaseListModel, format_updated
from cdt_desktop.ui.cases.list_view import CaseList

PATIENTS = [
    ("Nguyễn Văn An", "2026-03-02", "D3330", "19", "denied"),
    ("Zoë Müller", "2026-03-05", "D3310", "8", "draft"),
    ("王小明", "2026-04-11", "D3353", "9", "submitted"),
    ("محمد علي", "2026-04-12", "D3330", "30", "draft"),
    ("<b>Bold</b> & Co", "2026-05-01", "D3230", "K", "paid"),
]


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def ids(store: CaseStore) -> dict[str, int]:
    made: dict[str, int] = {}
    for name, dos, code, tooth, status in PATIENTS:
        case = Case(
            patient=Patient(name=name),
            claim=Claim(date_of_service=dos),
            procedure=Procedure(code=code, tooth=tooth),
        )
        made[name] = store.create_case(case, operator="AB")
        if status != "draft":
            store.set_status(made[name], status, operator="AB")
    return made


@pytest.fixture
def case_list(qtbot, store: CaseStore, ids: dict[str, int]) -> CaseList:
    widget = CaseList(CaseService(store), operator_source=lambda: "AB")
    qtbot.addWidget(widget)
    return widget


def _names(widget: CaseList) -> set[str]:
    model = widget.model()
    return {model.index(row, 0).data() for row in range(model.rowCount())}


def _type(widget: QWidget, text: str) -> None:
    """Per-character key events: qtbot.keyClicks aborts on many non-ASCII characters."""
    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_lists_every_case_with_columns_and_unicode(case_list: CaseList) -> None:
    assert case_list.objectName() == "caseList"
    assert _names(case_list) == {p[0] for p in PATIENTS}
    model = case_list.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == list(COLUMNS)
    assert case_list._message.text() == "5 cases"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Nguyễn", {"Nguyễn Văn An"}),
        ("nguyễn an", {"Nguyễn Văn An"}),  # every word, any order, any case
        ("王", {"王小明"}),
        ("محمد", {"محمد علي"}),
        ("zoë", {"Zoë Müller"}),
        ("D3330", {"Nguyễn Văn An", "محمد علي"}),
        ("2026-04", {"王小明", "محمد علي"}),
        ("<b>", {"<b>Bold</b> & Co"}),
        ("nobody", set()),
    ],
)
def test_filters_as_you_type(case_list: CaseList, typed: str, expected: set[str]) -> None:
    _type(case_list.search_field(), typed)
    assert case_list.search_field().text() == typed
    assert _names(case_list) == expected
    if not expected:
        assert case_list._message.text() == "No cases match"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", {"Zoë Müller", "محمد علي"}),
        ("denied", {"Nguyễn Văn An"}),
        ("paid", {"<b>Bold</b> & Co"}),
        ("closed", set()),
        (None, {p[0] for p in PATIENTS}),
    ],
)
def test_status_filter(case_list: CaseList, status: str | None, expected: set[str]) -> None:
    combo = case_list.status_filter()
    combo.setCurrentIndex(combo.findData(status))
    assert _names(case_list) == expected


def test_status_filter_and_search_combine(case_list: CaseList) -> None:
    combo = case_list.status_filter()
    combo.setCurrentIndex(combo.findData("draft"))
    _type(case_list.search_field(), "D3330")
    assert _names(case_list) == {"محمد علي"}


def test_markup_in_a_name_is_plain_text(case_list: CaseList, ids: dict[str, int]) -> None:
    model = case_list.model()
    row = model.row_of(ids["<b>Bold</b> & Co"])
    assert model.index(row, 0).data() == "<b>Bold</b> & Co"
    assert model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "<b>Bold</b> & Co"


def test_double_click_opens_the_case(qtbot, case_list: CaseList, ids: dict[str, int]) -> None:
    case_list.show()
    table = case_list.table()
    row = case_list.model().row_of(ids["王小明"])
    rect = table.visualRect(case_list.model().index(row, 0))
    # QTest's double-click sends no press first; an item view needs one on the same index.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(case_list.caseOpened) as blocker:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [ids["王小明"]]


def test_enter_opens_the_selected_case(qtbot, case_list: CaseList, ids: dict[str, int]) -> None:
    assert case_list.select_case(ids["Zoë Müller"])
    case_list.table().setCurrentIndex(
        case_list.model().index(case_list.model().row_of(ids["Zoë Müller"]), 0)
    )
    with qtbot.waitSignal(case_list.caseOpened) as blocker:
        qtbot.keyClick(case_list.table(), Qt.Key.Key_Return)
    assert blocker.args == [ids["Zoë Müller"]]


def test_refresh_keeps_selection_and_shows_new_cases(
    case_list: CaseList, store: CaseStore, ids: dict[str, int]
) -> None:
    assert case_list.select_case(ids["محمد علي"])
    store.create_case(Case(patient=Patient(name="Late Entry")), operator="AB")
    case_list.refresh()
    assert "Late Entry" in _names(case_list)
    assert case_list.selected_case_id() == ids["محمد علي"]
    assert case_list.select_case(999_999) is False


def test_buttons(qtbot, case_list: CaseList, ids: dict[str, int]) -> None:
    new = case_list.findChild(QWidget, "newCaseButton")
    export = case_list.findChild(QWidget, "exportCaseButton")
    assert case_list.findChild(QWidget, "importCaseButton").isEnabled()
    with qtbot.waitSignal(case_list.newCaseRequested):
        qtbot.mouseClick(new, Qt.MouseButton.LeftButton)
    case_list.table().clearSelection()
    assert not export.isEnabled()
    case_list.select_case(ids["Zoë Müller"])
    assert export.isEnabled()


def test_case_list_model_passes_qtmodeltester(qtmodeltester, case_list: CaseList) -> None:
    qtmodeltester.check(case_list.model())


def test_case_list_model_roles(qtmodeltester) -> None:
    model = CaseListModel()
    rows = [
        CaseSummary(7, "", "2026-01-02", "D3330", "19", "denied", "2026-01-03T04:05:06+00:00"),
        CaseSummary(8, "Ann", "", "", "", "draft", "not a time"),
    ]
    model.set_rows(rows)
    qtmodeltester.check(model)
    first = [model.index(0, c).data() for c in range(6)]
    assert first[:5] == ["(no name)", "2026-01-02", "#19", "D3330", "Denied"]
    assert first[5] == format_updated("2026-01-03T04:05:06+00:00")
    assert model.index(1, 5).data() == "not a time"
    assert model.index(1, 3).data(CASE_ID_ROLE) == 8
    assert model.case_id(5) is None and model.row_of(8) == 1


@pytest.mark.parametrize(
    ("width", "hidden"),
    [(300, {"Updated", "Tooth"}), (370, {"Updated"}), (1000, set())],
)
def test_columns_fit_the_pane_without_sideways_scrolling(
    qtbot, case_list: CaseList, width: int, hidden: set[str]
) -> None:
    """~370 px is the right pane at 1366 px: Date and Tooth stay in view there; Patient, Code
    and Status always do."""
    case_list.resize(width, 500)
    case_list.show()
    qtbot.waitExposed(case_list)
    table = case_list.table()
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: {COLUMNS[c] for c in range(6) if header.isSectionHidden(c)} >= hidden)
    shown = {COLUMNS[c] for c in range(len(COLUMNS)) if not header.isSectionHidden(c)}
    assert {"Patient", "Code", "Status"} <= shown
    assert shown.isdisjoint(hidden)
    used = sum(header.sectionSize(c) for c in range(len(COLUMNS)) if not header.isSectionHidden(c))
    assert used <= table.viewport().width()


def test_a_cut_list_says_of_how_many(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Issue 15 item 18: the list said "500 cases" when the store held 10,000."""
    from cdt_desktop.ui.cases import list_view

    monkeypatch.setattr(list_view, "LIST_LIMIT", 3)
    with CaseStore.open(tmp_path / "many") as many:
        for n in range(7):
            many.create_case(Case(patient=Patient(name=f"P{n}")), operator="AB")
        widget = CaseList(CaseService(many), operator_source=lambda: "AB")
        qtbot.addWidget(widget)
        assert widget.model().rowCount() == 3
        assert widget._message.text() == "Newest 3 of 7 cases"
        _type(widget._search, "P")
        assert widget._message.text().startswith("Newest 3 matches shown")


def test_a_code_the_library_knows_as_deleted_is_marked_on_open_cases(
    qtbot, store: CaseStore
) -> None:
    """New-office walkthrough: a case imported with D3354 read a plain "D3354" in the list,
    while a code an imported edition deleted read "D3330 (deleted)"."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    old = store.create_case(
        Case(patient=Patient(name="Ana"), procedure=Procedure(code="D3354", tooth="8")),
        operator="AB",
    )
    done = store.create_case(
        Case(patient=Patient(name="Bo"), procedure=Procedure(code="D3354", tooth="9")),
        operator="AB",
    )
    store.set_status(done, "closed", operator="AB")
    current = store.create_case(
        Case(patient=Patient(name="Cy"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    with ReferenceLibrary() as library:
        widget = CaseList(CaseService(store, library), library=library)
        qtbot.addWidget(widget)
        widget.refresh()
        model = widget._model
        shown = {
            model.case_id(row): (
                model.data(model.index(row, 3)),
                model.data(model.index(row, 3), Qt.ItemDataRole.ToolTipRole),
            )
            for row in range(model.rowCount())
        }
    assert shown[old][0] == "D3354 (deleted)"
    assert "replaced by D3355, D3356, D3357" in shown[old][1]
    assert shown[done] == ("D3354", None)  # history: a closed case is not flagged
    assert shown[current] == ("D3330", None)


def test_enter_on_the_only_match_opens_it_and_selects_it(
    qtbot, case_list: CaseList, ids: dict[str, int]
) -> None:
    """Keyboard walkthrough: Enter in the case search opened the only match but left no row
    selected, so Export... was greyed right after."""
    field = case_list.search_field()
    field.setText("Zoë")
    case_list.refresh()
    assert case_list.model().rowCount() == 1
    with qtbot.waitSignal(case_list.caseOpened) as blocker:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args == [ids["Zoë Müller"]]
    assert case_list.selected_case_id() == ids["Zoë Müller"]
    assert case_list._export.isEnabled()
