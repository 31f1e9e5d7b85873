"""Keyboard only, in the case form (Ctrl+N with the chart's pulp status necrosis): Tab goes from
"Pulpal diagnosis (AAE)" to the "Use pulp necrosis" button under it, then on to the periapical
diagnosis, and a field the keyboard reaches is scrolled into view however it got there.

Keyboard walkthrough: Tab went from the pulpal to the periapical diagnosis; the button came only
after Save, Keep as incomplete draft and Cancel, out of sight (the form did not scroll to it), so
its focus was invisible. Shift+Tab from Save left the Enclosures box focused out of sight too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, CaseFindings, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm

NECROSIS = Case(
    procedure=Procedure(code="D3330", tooth="19", notation="universal"),
    findings=CaseFindings(root="complete", pulp="necrosis", goal="rct"),
)


def _short_form(qtbot: QtBot, tmp_path: Path) -> CaseForm:
    store = CaseStore.open(tmp_path)
    form = CaseForm(CaseService(store), case=NECROSIS, operator_source=lambda: "AB")
    qtbot.addWidget(form)
    form.destroyed.connect(lambda *_: store.close())
    form.resize(form.width(), 420)  # a short screen: the fields scroll
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    return form


def _in_view(form: CaseForm, widget: QWidget) -> bool:
    viewport = form.findChild(QScrollArea).viewport()
    top = widget.mapTo(viewport, widget.rect().topLeft()).y()
    return top >= 0 and top + widget.height() <= viewport.height()


def test_tab_from_pulpal_diagnosis_goes_to_use_pulp_necrosis_then_periapical(
    qtbot: QtBot, tmp_path: Path
) -> None:
    form = _short_form(qtbot, tmp_path)
    diagnosis = form.editor("facts", "pulpal_diagnosis")
    button = form.findChild(QPushButton, "usePulpalDiagnosis_pulp-necrosis")
    assert button is not None and button.isVisibleTo(form)
    diagnosis.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(diagnosis.hasFocus)
    qtbot.keyClick(diagnosis, Qt.Key.Key_Tab)
    assert button.hasFocus(), QApplication.focusWidget()
    QApplication.processEvents()
    assert _in_view(form, button)
    qtbot.keyClick(button, Qt.Key.Key_Tab)
    assert form.editor("facts", "periapical_diagnosis").hasFocus(), QApplication.focusWidget()


def test_shift_tab_from_save_scrolls_the_enclosures_into_view(qtbot: QtBot, tmp_path: Path) -> None:
    form = _short_form(qtbot, tmp_path)
    scroll = form.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(0)  # the form as it opens: at its top
    save = form.findChild(QPushButton, "caseFormSave")
    save.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(save.hasFocus)
    qtbot.keyClick(save, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    enclosures = form.findChild(QPlainTextEdit, "field_enclosures")
    assert enclosures.hasFocus(), QApplication.focusWidget()
    QApplication.processEvents()
    assert _in_view(form, enclosures)
