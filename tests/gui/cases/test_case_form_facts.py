"""The case form records the clinical facts an appeal states and the denial's category; a bad
fact is named beside its editor, and saving keeps the claim's status history."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


def test_facts_are_edited_validated_and_saved_with_the_history(qtbot, store: CaseStore) -> None:
    case = Case(
        patient=Patient(name="Helen Castillo"),
        procedure=Procedure(code="D3348", tooth="30"),
        facts=ClinicalFacts(prior_rct_date="2025-01-20"),
        status_history=(StatusEvent("submitted", "2026-09-23", claim_number="ND-55"),),
    )
    case_id = store.create_case(case, operator="AB")
    stored = store.get_case(case_id)
    form = CaseForm(
        CaseService(store),
        case=stored.case,
        case_id=case_id,
        version=stored.version,
        operator_source=lambda: "BK",
    )
    qtbot.addWidget(form)
    prior = form.editor("facts", "prior_rct_date")
    assert isinstance(prior, QLineEdit) and prior.text() == "2025-01-20"
    pulpal = form.editor("facts", "pulpal_diagnosis")
    assert isinstance(pulpal, QComboBox)
    pulpal.setCurrentIndex(pulpal.findData("previously-treated"))
    category = form.editor("claim", "denial_category")
    assert isinstance(category, QComboBox)
    category.setCurrentIndex(category.findData("frequency"))
    ept = form.editor("facts", "ept")
    assert isinstance(ept, QLineEdit)
    ept.setText("95")
    reason = form.editor("facts", "retreatment_reason")
    assert isinstance(reason, QLineEdit)
    reason.setText("missed distolingual canal")
    form.accept()
    assert form.saved_case_id is None
    assert "0-80" in form.error_text("facts", "ept")
    ept.setText("no-response")
    form.accept()
    assert form.saved_case_id == case_id
    saved = store.get_case(case_id).case
    assert saved.facts == replace(
        case.facts,
        pulpal_diagnosis="previously-treated",
        ept="no-response",
        retreatment_reason="missed distolingual canal",
    )
    assert saved.claim.denial_category == "frequency"
    assert saved.status_history == case.status_history and saved.status == "submitted"
