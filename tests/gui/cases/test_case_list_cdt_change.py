"""The case list after a yearly CDT import: open cases whose code was deleted or revised are
marked in the code column (word and tooltip), finished cases are history and stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cdt_desktop.db.cdt_file import ImportedCode, ImportReport
from cdt_desktop.db.codesets import CodeSetStore
from cdt_desktop.domain.cases.ports import CaseSummary
from cdt_desktop.services.cdt_editions import code_notes
from cdt_desktop.ui.cases.list_model import CaseListModel

CODE = 3


def _summary(case_id: int, code: str, status: str, dos: str = "2027-01-15") -> CaseSummary:
    return CaseSummary(case_id, "Ana", dos, code, "19", status, "2026-11-02T10:00:00Z")


def _edition(year: str, *codes: tuple[str, str]) -> ImportReport:
    report = ImportReport(year)  # made-up practice text, never ADA text
    report.accepted = [ImportedCode(code, f"{code} (practice text)", text) for code, text in codes]
    return report


@pytest.fixture
def notes(tmp_path: Path) -> dict[str, str]:
    with CodeSetStore(tmp_path) as codesets:
        codesets.save(_edition("2026", ("D3221", "a"), ("D3330", "b"), ("D3310", "c")), "f")
        codesets.save(_edition("2027", ("D3330", "b, revised"), ("D3310", "c")), "g")
        return code_notes(codesets)


# (situation, status, code, shown in the code column)
ROWS = [
    ("open_case_with_a_deleted_code_is_marked", "draft", "D3221", "D3221 (deleted)"),
    ("denied_case_with_a_revised_code_is_marked", "denied", "D3330", "D3330 (revised)"),
    ("paid_case_is_history_and_not_marked", "paid", "D3221", "D3221"),
    ("case_with_an_unchanged_code_is_not_marked", "draft", "D3310", "D3310"),
]


@pytest.mark.parametrize(
    ("status", "code", "shown"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_code_column_marks_open_cases_whose_code_changed(
    qtbot, notes: dict[str, str], status: str, code: str, shown: str
) -> None:
    assert notes == {"D3221": "deleted in CDT 2027", "D3330": "revised in CDT 2027"}
    model = CaseListModel()
    model.set_rows([_summary(1, code, status)])
    model.set_code_notes(notes)
    index = model.index(0, CODE)
    assert model.data(index) == shown
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert (tip is not None and "CDT 2027" in tip) is (shown != code)


def test_window_marks_the_case_after_an_import_of_the_next_edition(qtbot, tmp_path: Path) -> None:
    from cdt_desktop.app import build_main_window
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure

    with CodeSetStore(tmp_path) as codesets:
        codesets.save(_edition("2026", ("D3221", "a"), ("D3330", "b")), "f")
        codesets.save(_edition("2027", ("D3330", "b")), "g")
    with CaseStore.open(tmp_path) as store:
        case = Case(patient=Patient(name="Ana"), procedure=Procedure(code="D3221", tooth="19"))
        store.create_case(case, operator="AB")
    window = build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    model = window.case_list.model()
    assert model.data(model.index(0, CODE)) == "D3221 (deleted)"


@pytest.mark.parametrize(
    ("situation", "dos", "shown"),
    [
        ("treated in 2026, coded by CDT 2026", "2026-11-02", "D3221"),
        ("treated in 2027", "2027-01-04", "D3221 (deleted)"),
        ("not treated yet", "", "D3221 (deleted)"),
    ],
)
def test_a_case_treated_before_the_new_edition_keeps_its_code_unmarked(
    qtbot, notes: dict[str, str], situation: str, dos: str, shown: str
) -> None:
    """Office manager walkthrough: after CDT 2027 was imported, a D3348 treated in September
    2026 read "D3348 (deleted)"; its claim is coded by CDT 2026."""
    model = CaseListModel()
    model.set_rows([_summary(1, "D3221", "submitted", dos)])
    model.set_code_notes(notes)
    assert model.data(model.index(0, CODE)) == shown, situation
