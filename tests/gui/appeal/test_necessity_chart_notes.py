"""A not-medically-necessary appeal: the Enclosures field and the printed letter name the chart
notes the case records (billing walkthrough: "Chart notes with the diagnosis and pulp test
results" was listed for a case with no pulp test recorded)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "data") as opened:
        yield opened


def _dialog(qtbot: QtBot, store: CaseStore, facts: ClinicalFacts) -> NarrativeDialog:
    case = Case(
        patient=Patient(name="Jordan Reyes"),
        procedure=Procedure(code="D3330", tooth="19"),
        claim=Claim(
            number="CLM-50",
            date_of_service="2026-11-02",
            denial_reason="CO-50 Not deemed a medical necessity",
        ),
        facts=facts,
    )
    case_id = store.create_case(case, operator="MR")
    library = ReferenceLibrary()
    dialog = NarrativeDialog(
        store.get_case(case_id).case, library=library, store=store, case_id=case_id,
        operator="BB", films=CaseService(store), today=date(2026, 12, 4),
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.finished.connect(lambda _r: library.close())
    return dialog


def _printed(dialog: NarrativeDialog) -> str:
    reader = PdfReader(io.BytesIO(dialog.render_pdf()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize(
    ("facts", "line"),
    [
        (ClinicalFacts(pulpal_diagnosis="pulp-necrosis"), "Chart notes with the diagnosis"),
        (
            ClinicalFacts(pulpal_diagnosis="pulp-necrosis", cold="no-response"),
            "Chart notes with the diagnosis and pulp test results",
        ),
    ],
    ids=["no pulp test recorded", "a cold test recorded"],
)
def test_the_enclosures_field_and_the_printed_letter_name_the_same_chart_notes(
    qtbot: QtBot, store: CaseStore, facts: ClinicalFacts, line: str
) -> None:
    dialog = _dialog(qtbot, store, facts)
    field = tuple(dialog.enclosures_edit.toPlainText().splitlines())
    assert line in field, field
    assert [x for x in field if x.startswith("Chart notes")] == [line]
    assert dialog.current_letter().enclosures == field
    printed = _printed(dialog)
    assert line in printed
    if "pulp test" not in line:
        assert "pulp test results" not in printed
    dialog.close()
