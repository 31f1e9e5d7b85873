"""A stale edit on a shared store: refused, naming who changed the case and when; the form stays
open with everything typed, so nothing is lost (issue 17), on top of the newer case, so the next
Save saves it (tests/gui/cases/test_case_form_rebase.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QLineEdit

from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm

D3330 = Procedure(code="D3330")


def test_a_stale_save_names_who_changed_the_case_and_keeps_the_form(qtbot, tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'cases.sqlite').as_posix().lstrip('/')}"
    with open_repository(url) as store:
        case_id = store.create_case(
            Case(patient=Patient(name="Ana"), procedure=D3330), operator="AB"
        )
        loaded = store.get_case(case_id)
        form = CaseForm(
            CaseService(store), case=loaded.case, case_id=case_id, version=loaded.version,
            operator_source=lambda: "CD",
        )  # fmt: skip
        qtbot.addWidget(form)
        store.update_case(
            case_id, Case(patient=Patient(name="Ana B"), procedure=D3330), operator="W1"
        )
        name = form.editor("patient", "name")
        assert isinstance(name, QLineEdit)
        name.setText("Ana Typed-Here")
        form.accept()
        assert form.saved_case_id is None and form.result() == 0
        shown = " ".join(label.text() for label in form.findChildren(QLabel))
        assert "W1" in shown and "Save again" in shown  # the newer case, with ours on top
        assert "Ana B" in form.error_text("patient", "name")  # both changed the name
        assert name.text() == "Ana Typed-Here"
        assert store.get_case(case_id).case.patient.name == "Ana B"
