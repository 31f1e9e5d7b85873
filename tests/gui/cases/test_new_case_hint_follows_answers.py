"""The new case's first words say what the chart still asks, and follow the answers given in it.

Walkthrough (chairside, 6 December): a primary molar (#K) with a necrotic pulp and its successor
not known: the chart said "Missing: Permanent successor", but Create case filled in D3240 without
a word. And #30 immature and necrotic with no goal: the form said "The chart recommends no code
yet: Treatment goal: ...?" and kept saying it after the goal and visit were answered in the form.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.coding.findings import Findings, Pulp, Root
from cdt_desktop.domain.coding.selector import select
from cdt_desktop.domain.teeth import tooth
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.prefill import prefilled_case
from cdt_desktop.ui.common.settings import Settings


def test_a_primary_molar_whose_successor_is_unknown_says_the_chart_still_asks(
    tmp_path: Path,
) -> None:
    findings = Findings(tooth=tooth("K"), pulp=Pulp.NECROSIS)
    selection = select(findings)
    case, hint = prefilled_case(findings, selection, None, Settings.from_file(tmp_path / "s.ini"))
    assert case.procedure.code == "D3240"
    assert hint.startswith("D3240 is filled in from the chart, which still asks: Permanent")


def test_a_tooth_with_no_recommendation_names_the_checklist_s_code_without_filling_it(
    tmp_path: Path,
) -> None:
    """Second re-walk: D3330's checklist was showing, #30 chosen with its answers incomplete;
    the new case came with no code and a hint that did not say D3330 could be typed."""
    findings = Findings(tooth=tooth("30"), root=Root.IMMATURE, pulp=Pulp.NECROSIS)
    case, hint = prefilled_case(findings, select(findings), None,
                                Settings.from_file(tmp_path / "s.ini"), shown="D3330")  # fmt: skip
    assert case.procedure.code == ""  # the chart's answer, never the detail's code
    assert hint.startswith("The chart recommends no code yet")
    assert hint.endswith("For D3330, the checklist's code, type it under Procedure.")


@pytest.fixture
def form(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    findings = Findings(tooth=tooth("30"), root=Root.IMMATURE, pulp=Pulp.NECROSIS)
    case, hint = prefilled_case(
        findings, select(findings), None, Settings.from_file(tmp_path / "s.ini")
    )
    assert case.procedure.code == "" and hint.startswith("The chart recommends no code yet")
    store = CaseStore.open(tmp_path)
    shown = CaseForm(CaseService(store), case=case, hint=hint, operator_source=lambda: "AB")
    qtbot.addWidget(shown)
    yield shown
    store.close()


def _choose(form: CaseForm, key: str, value: str) -> None:
    box = form.editor("findings", key)
    assert isinstance(box, QComboBox)
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)
    box.activated.emit(index)  # as a user's choice


def test_the_form_s_first_words_follow_the_goal_and_visit_answered_in_it(form: CaseForm) -> None:
    hint = form.findChild(QLabel, "caseFormHint")
    assert hint is not None
    _choose(form, "goal", "regeneration")
    assert hint.text().startswith("These answers recommend no code yet: Visit")
    _choose(form, "visit", "initial")
    assert hint.text() == "These answers point to D3355: type it under CDT code."
    assert hint.isVisibleTo(form)
    code = form.editor("procedure", "code")
    assert isinstance(code, QLineEdit)
    top = code.mapTo(form, code.rect().topLeft()).y()
    code.setText("D3355")
    code.textEdited.emit("D3355")
    assert hint.text() == "✓ D3355 is the code these answers point to."
    assert code.mapTo(form, code.rect().topLeft()).y() == top  # nothing moved under the pointer


def test_a_successor_answered_no_in_the_form_says_the_code_it_points_to(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # Helper walkthrough: #K with D3240 filled in; Permanent successor set to No in the form:
    # the chart then recommends D3330, and the form's first words went away without a word.
    findings = Findings(tooth=tooth("K"), pulp=Pulp.NECROSIS)
    case, hint = prefilled_case(
        findings, select(findings), None, Settings.from_file(tmp_path / "s.ini")
    )
    store = CaseStore.open(tmp_path)
    form = CaseForm(CaseService(store), case=case, hint=hint, operator_source=lambda: "AB")
    qtbot.addWidget(form)
    form.resize(700, 600)  # the chart's two lines of words over the fields
    form.show()
    qtbot.waitExposed(form)
    code = form.editor("procedure", "code")
    top = code.mapTo(form, code.rect().topLeft()).y()
    _choose(form, "successor", "no")
    said = form.findChild(QLabel, "caseFormHint")
    assert said is not None and said.isVisibleTo(form)
    assert said.text() == "These answers point to D3330, not D3240: check the CDT code."
    QApplication.processEvents()
    assert code.mapTo(form, code.rect().topLeft()).y() == top  # one line now: nothing moved
    store.close()
