"""Keyboard only: each section of the case form has an Alt letter that goes to its first field
and scrolls it into view (Alt+Y the payer's name, Alt+L the pulpal diagnosis, ...), and no two
things of the form share a letter. The groups had none: a clerk with the EOB in the other hand
tabbed through some 40 stops to reach the payer or the clinical facts (keyboard walkthrough).

S and C are kept free: a platform that underlines its standard buttons' letters (GNOME: &Save,
&Cancel) would otherwise share them with a section.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, CaseFindings, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm

NECROSIS = Case(
    procedure=Procedure(code="D3330", tooth="19", notation="universal"),
    findings=CaseFindings(root="complete", pulp="necrosis", goal="rct"),
)
FIRST_FIELDS = {  # the letter, the section's first field
    "p": "field_patient_name",
    "r": "field_procedure_code",
    "f": "field_findings_root",
    "u": "field_subscriber_name",
    "y": "field_payer_name",
    "a": "field_claim_number",
    "v": "field_provider_name",
    "l": "field_facts_pulpal_diagnosis",
    "e": "field_enclosures",
}


@pytest.fixture
def form(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with CaseStore.open(tmp_path) as store:
        shown = CaseForm(CaseService(store), case=NECROSIS, operator_source=lambda: "AB")
        qtbot.addWidget(shown)
        shown.resize(shown.width(), 420)  # a short screen: the fields scroll
        shown.show()
        qtbot.waitExposed(shown)
        shown.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
        yield shown
        shown.done(0)


def _letter(text: str) -> str:
    text = text.replace("&&", "")
    at = text.find("&")
    return text[at + 1].lower() if at >= 0 else ""


def test_no_two_things_in_the_case_form_share_an_alt_letter(form: CaseForm) -> None:
    found: dict[str, list[str]] = {}
    for box in form.findChildren(QGroupBox):
        found.setdefault(_letter(box.title()), []).append(f"group {box.title()}")
    for widget in form.findChildren(QLabel) + form.findChildren(QAbstractButton):
        if widget.isVisibleTo(form):
            found.setdefault(_letter(widget.text()), []).append(widget.text())
    found.pop("", None)
    assert set(FIRST_FIELDS) <= set(found)
    assert not {"s", "c"} & set(found)  # Save and Cancel's, where the platform shows them
    assert {letter: owners for letter, owners in found.items() if len(owners) > 1} == {}


@pytest.mark.parametrize(("letter", "field"), FIRST_FIELDS.items())
def test_alt_and_a_section_s_letter_goes_to_its_first_field_in_view(
    qtbot: QtBot, form: CaseForm, letter: str, field: str
) -> None:
    start = (
        form.editor("patient", "name")
        if letter == "e"
        else form.findChild(QPlainTextEdit, "field_enclosures")
    )  # from the other end of the form
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    key = Qt.Key(ord(letter.upper()))
    QTest.keyClick(start, key, Qt.KeyboardModifier.AltModifier)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName() == field, focused
    QApplication.processEvents()
    viewport = form.findChild(QScrollArea).viewport()
    target: QWidget = focused
    top = target.mapTo(viewport, target.rect().topLeft()).y()
    assert top >= 0 and top + target.height() <= viewport.height()


@pytest.mark.parametrize(("letter", "later"), [("v", "field_provider_phone"),
                                               ("a", "field_claim_denial_category")])  # fmt: skip
def test_the_letter_goes_to_the_first_field_after_a_later_one_was_used(
    qtbot: QtBot, form: CaseForm, letter: str, later: str
) -> None:
    """Hostile-user walkthrough: Alt+V landed on Phone and Alt+A on Denial category, the fields
    last used in those sections, not their first (Qt's group box goes back to its last one)."""
    used = form.findChild(QWidget, later)
    used.setFocus()
    qtbot.waitUntil(used.hasFocus)
    start = form.editor("patient", "name")  # elsewhere, then back by the letter
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    QTest.keyClick(start, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget().objectName() == FIRST_FIELDS[letter]
