"""The case form offers the chart's pulp status for a blank pulpal diagnosis, and never saves it
unasked (billing walkthrough: the dentist answered "Necrosis" on the chart and typed the AAE
pulpal diagnosis again under Clinical facts).

A blank diagnosis is not blank in the letter (it states the chart's pulp status), so the form
says so under the field and offers the agreeing AAE diagnosis as a button; the chart's
"irreversible pulpitis" offers symptomatic and asymptomatic, which the chart does not tell apart.
Only a click chooses it, and only Save saves it.

Real window (real reference library, SQLite store, chart, checklist's Create case, case form).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.ui.cases.form import CaseForm

OFFER = "pulpalDiagnosisOffer"


def _window(qtbot: QtBot, data_dir: Path, pulp: str):  # type: ignore[no-untyped-def]
    """The window with #19 answered on the chart: complete root, ``pulp``."""
    window = build_main_window(data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.operator_picker.set_operator("AB")
    panel = window.chart_panel
    panel.chart.select_tooth("19")
    panel.findings.box("rootDevelopment").setCurrentIndex(1)  # complete
    box = panel.findings.box("pulpStatus")
    box.setCurrentIndex(box.findData(pulp))
    return window


def _in_new_case_form(window, act: Callable[[CaseForm], None]) -> None:  # type: ignore[no-untyped-def]
    """Press the checklist's Create case and ``act`` in the form it opens (modal)."""
    errors: list[BaseException] = []
    seen: list[QWidget | None] = []

    def run() -> None:
        form = QApplication.activeModalWidget()
        seen.append(form)
        try:
            assert isinstance(form, CaseForm)
            act(form)
        except BaseException as exc:  # raised after the form is gone, not in the event loop
            errors.append(exc)
        if isinstance(form, CaseForm) and form.isVisible():
            form.done(0)

    QTimer.singleShot(0, run)
    window.checklist_panel.findChild(QPushButton, "createCaseButton").click()
    assert seen, "Create case opened no form"
    if errors:
        raise errors[0]


def _offered(form: CaseForm) -> list[str]:
    offer = form.findChild(QWidget, OFFER)
    if offer is None or not offer.isVisibleTo(form):
        return []
    return [
        b.objectName().removeprefix("usePulpalDiagnosis_")
        for b in offer.findChildren(QPushButton)
        if b.isVisibleTo(form)
    ]


def _save(form: CaseForm, name: str) -> None:
    patient = form.editor("patient", "name")
    assert isinstance(patient, QLineEdit)
    patient.setText(name)
    form.accept()
    assert form.saved_case_id is not None, form.findChild(QLabel, "caseFormProblems").text()


def test_a_blank_diagnosis_shows_the_charts_necrosis_and_saves_blank_unless_chosen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path / "data", "necrosis")
    saved: list[int] = []

    def look_and_save(form: CaseForm) -> None:
        assert _offered(form) == ["pulp-necrosis"]
        note = form.findChild(QLabel, "pulpalDiagnosisOfferNote")
        assert "Necrosis" in note.text() and "the letter states pulp necrosis" in note.text()
        button = form.findChild(QPushButton, "usePulpalDiagnosis_pulp-necrosis")
        assert button.text() == "Use pulp necrosis"
        assert form.case_dict()["facts"]["pulpal_diagnosis"] == ""  # a suggestion, no fact
        assert not form.is_dirty()
        _save(form, "Jordan Reyes")
        saved.append(form.saved_case_id or 0)

    _in_new_case_form(window, look_and_save)
    assert window.store.get_case(saved[0]).case.facts.pulpal_diagnosis == ""
    window.close()


def test_one_click_chooses_the_charts_diagnosis_and_save_records_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path / "data", "necrosis")
    saved: list[int] = []

    def choose_and_save(form: CaseForm) -> None:
        button = form.findChild(QPushButton, "usePulpalDiagnosis_pulp-necrosis")
        assert button is not None and button.isVisibleTo(form)
        form._scroll.ensureWidgetVisible(button)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        diagnosis = form.editor("facts", "pulpal_diagnosis")
        assert isinstance(diagnosis, QComboBox)
        assert diagnosis.currentData() == "pulp-necrosis"
        assert diagnosis.currentText() == "Pulp necrosis"
        assert _offered(form) == []  # chosen: nothing left to offer
        assert form.is_dirty()  # chosen in the field; not in the case until Save
        _save(form, "Jordan Reyes")
        saved.append(form.saved_case_id or 0)

    _in_new_case_form(window, choose_and_save)
    assert window.store.get_case(saved[0]).case.facts.pulpal_diagnosis == "pulp-necrosis"
    window.close()


def test_irreversible_pulpitis_offers_symptomatic_or_asymptomatic_and_follows_the_pulp_status(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path / "data", "irreversible-pulpitis")

    def follow(form: CaseForm) -> None:
        both = ["symptomatic-irreversible-pulpitis", "asymptomatic-irreversible-pulpitis"]
        assert _offered(form) == both  # the chart does not say which: no guess
        note = form.findChild(QLabel, "pulpalDiagnosisOfferNote").text()
        assert "Choose which" in note
        diagnosis = form.editor("facts", "pulpal_diagnosis")
        pulp = form.editor("findings", "pulp")
        assert isinstance(diagnosis, QComboBox) and isinstance(pulp, QComboBox)
        form.findChild(QPushButton, "usePulpalDiagnosis_asymptomatic-irreversible-pulpitis").click()
        assert diagnosis.currentData() == "asymptomatic-irreversible-pulpitis"
        assert _offered(form) == []
        diagnosis.setCurrentIndex(diagnosis.findData(""))  # cleared again: offered again
        assert _offered(form) == both
        pulp.setCurrentIndex(pulp.findData("previously-treated"))  # the form's pulp status
        assert _offered(form) == ["previously-treated"]
        pulp.setCurrentIndex(pulp.findData(""))  # no pulp status: nothing to offer
        assert _offered(form) == []
        assert form.case_dict()["facts"]["pulpal_diagnosis"] == ""

    _in_new_case_form(window, follow)
    window.close()


def test_use_pulp_necrosis_keeps_the_form_where_it_was(qtbot: QtBot, tmp_path: Path) -> None:
    """Walkthrough: a click on "Use pulp necrosis", low in the form, threw the form back to
    its top (the clicked button hides as the diagnosis is chosen, and the focus went first to
    the top). The chosen diagnosis stays in view, with the focus on it."""
    from PySide6.QtWidgets import QScrollArea

    window = _window(qtbot, tmp_path / "data", "necrosis")

    def act(form: CaseForm) -> None:
        form.resize(form.width(), 420)  # a short screen: the form scrolls
        # the form opens in the patient's name and shows it (a field the keyboard reaches is
        # scrolled into view): the scroll to the button comes after, as the user's would
        name = form.editor("patient", "name")
        qtbot.waitUntil(name.hasFocus)
        scroll = form.findChild(QScrollArea)
        assert scroll is not None
        button = form.findChild(QPushButton, "usePulpalDiagnosis_pulp-necrosis")
        assert button is not None and button.isVisibleTo(form)
        scroll.ensureWidgetVisible(button)
        QApplication.processEvents()
        before = scroll.verticalScrollBar().value()
        assert before > 0
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        diagnosis = form.editor("facts", "pulpal_diagnosis")
        assert isinstance(diagnosis, QComboBox) and diagnosis.currentData() == "pulp-necrosis"
        assert diagnosis.hasFocus()
        viewport = scroll.viewport()
        top = diagnosis.mapTo(viewport, diagnosis.rect().topLeft()).y()
        assert top >= 0 and top + diagnosis.height() <= viewport.height()
        assert scroll.verticalScrollBar().value() > 0  # not back at the top

    _in_new_case_form(window, act)


def test_a_diagnosis_the_chart_contradicts_is_named_in_the_form(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Chairside walk: the facts recorded pulp necrosis, the dentist re-coded the tooth as
    previously treated (D3348), and Edit case saved both without a word; only the letter's
    check, at the billing desk, said "Two pulp diagnoses". The form names the disagreement
    under the diagnosis and offers the chart's; an agreeing choice clears it."""
    window = _window(qtbot, tmp_path / "data", "previously-treated")

    def follow(form: CaseForm) -> None:
        diagnosis = form.editor("facts", "pulpal_diagnosis")
        assert isinstance(diagnosis, QComboBox)
        diagnosis.setCurrentIndex(diagnosis.findData("pulp-necrosis"))
        assert _offered(form) == ["previously-treated"]
        note = form.findChild(QLabel, "pulpalDiagnosisOfferNote").text()
        assert "the letter would state both" in note and "pulp necrosis" in note.lower(), note
        form.findChild(QPushButton, "usePulpalDiagnosis_previously-treated").click()
        assert diagnosis.currentData() == "previously-treated"
        assert _offered(form) == []

    _in_new_case_form(window, follow)
    window.close()
