"""The case list names teeth in this PC's notation (set_notation); a wider tooth than
'#19' must not push the Status column out of a narrow pane: the columns are fitted again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.list_model import COLUMNS
from cdt_desktop.ui.cases.list_table import PATIENT_MIN_WIDTH
from cdt_desktop.ui.cases.list_view import CaseList


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    opened.create_case(
        Case(patient=Patient(name="Jordan Reyes"), claim=Claim(date_of_service="2026-11-30"),
             procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )  # fmt: skip
    yield opened
    opened.close()


def _fits(widget: CaseList) -> bool:
    header = widget.table().horizontalHeader()
    shown = [c for c in range(len(COLUMNS)) if not header.isSectionHidden(c)]
    used = sum(header.sectionSize(c) for c in shown)
    return used <= widget.table().viewport().width() and header.sectionSize(0) >= PATIENT_MIN_WIDTH


def test_switching_the_notation_keeps_every_shown_column_in_view(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    cut: list[int] = []
    for width in range(360, 432, 4):  # about the right pane at 1366 px, and a little wider
        widget = CaseList(CaseService(store))
        qtbot.addWidget(widget)
        widget.resize(width, 400)
        widget.show()
        qtbot.waitExposed(widget)
        QApplication.processEvents()
        assert _fits(widget), width
        widget.set_notation("palmer")
        QApplication.processEvents()
        header = widget.table().horizontalHeader()
        tooth = COLUMNS.index("Tooth")
        row_tooth = widget.table().model().index(0, tooth).data()
        assert row_tooth == "LL6"  # "Palmer LL6" in its tooltip
        if not _fits(widget):
            cut.append(width)
        assert not header.isSectionHidden(COLUMNS.index("Status"))
        widget.close()
    assert cut == []


def test_at_160_percent_the_name_and_status_stay_readable(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    """New-user walkthrough: at View > Zoom 160 % the patient column shrank to "B..." and the
    status was cut mid-word ("Sent today, no answer y"): the Code column is hidden then too."""
    from cdt_desktop.ui.cases.list_table import PATIENT_MIN_TEXT
    from tests.helpers.zoom import text_zoomed

    with text_zoomed(1.6):
        widget = CaseList(CaseService(store))
        qtbot.addWidget(widget)
        widget.resize(380, 400)  # the right pane at 1366 px and 160 %
        widget.show()
        qtbot.waitExposed(widget)
        QApplication.processEvents()
        table = widget.table()
        header = table.horizontalHeader()
        status = COLUMNS.index("Status")
        assert not header.isSectionHidden(status)
        assert header.sectionSize(status) >= table.sizeHintForColumn(status)
        assert header.sectionSize(0) >= table.fontMetrics().horizontalAdvance(PATIENT_MIN_TEXT)
        shown = [c for c in range(len(COLUMNS)) if not header.isSectionHidden(c)]
        assert sum(header.sectionSize(c) for c in shown) <= table.viewport().width()
        widget.close()
