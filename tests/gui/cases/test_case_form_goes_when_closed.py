"""A case form closed (saved or cancelled) is deleted: parented to the window, every form
opened stayed alive with its application-wide focus hook (review). And coming back to the
window (Alt+Tab: the focus comes from no widget) leaves the fields where the wheel put them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm, edit_case


def _service(tmp_path: Path) -> tuple[CaseService, int]:
    store = CaseStore.open(tmp_path / "pc")
    case_id = store.create_case(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AB",
    )
    return CaseService(store), case_id


def test_a_cancelled_case_form_is_deleted(qtbot: QtBot, tmp_path: Path) -> None:
    service, case_id = _service(tmp_path)
    window = QMainWindow()
    qtbot.addWidget(window)
    stored = service.get(case_id)

    def cancel() -> None:
        form = window.findChild(CaseForm)
        if form is None or not form.isVisible():
            QTimer.singleShot(10, cancel)
            return
        form.reject()

    QTimer.singleShot(10, cancel)
    assert edit_case(window, service, case=stored.case, case_id=case_id,
                     version=stored.version, operator_source=lambda: "AB") is None  # fmt: skip
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(CaseForm) == []


def test_coming_back_to_the_window_leaves_the_fields_where_they_were(
    qtbot: QtBot, tmp_path: Path
) -> None:
    service, case_id = _service(tmp_path)
    stored = service.get(case_id)
    form = CaseForm(service, case=stored.case, case_id=case_id, version=stored.version,
                    operator_source=lambda: "AB")  # fmt: skip
    qtbot.addWidget(form)
    form.resize(560, 400)
    form.show()
    qtbot.waitExposed(form)
    field = form.editor("patient", "name")
    field.setFocus()
    QApplication.processEvents()
    bar = form._scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # the wheel took the fields down
    form._scroller._focus_moved(None, field)  # the focus back from another window
    QApplication.processEvents()
    assert bar.value() == bar.maximum()
