"""A field shown, not to type in, looks it in light and dark colours (View > Light / Dark): on the
window's colour, not the editable fields' base. A case opened from a store open read-only showed
every field as a box to type in, took the typing and could not save it (walkthrough); a field the
signed-in user's role may not change is drawn the same way (``ui.common.read_only``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from tests.helpers.office import as_user, office

R = QPalette.ColorRole
CASE = Case(
    patient=Patient(name="Ana Souza"),
    procedure=Procedure(code="D3330", tooth="19"),
    claim=Claim(number="CLM-1234", denial_reason="No film."),
)


def _base(widget: QWidget) -> str:
    return widget.palette().color(R.Base).name()


def _window(widget: QWidget) -> str:
    return widget.palette().color(R.Window).name()


def _form(qtbot: QtBot, service: CaseService, case_id: int, initials: str) -> CaseForm:
    stored = service.get(case_id)
    form = CaseForm(service, case=stored.case, case_id=case_id, version=stored.version,
                    operator_source=lambda: initials)  # fmt: skip
    qtbot.addWidget(form)
    return form


def test_a_case_from_a_store_open_read_only_shows_its_fields_as_read_only(
    qtbot: QtBot, tmp_path: Path, colours: str
) -> None:
    with CaseStore.open(tmp_path) as store:
        case_id = store.create_case(CASE, operator="AB")
        writable = _form(qtbot, CaseService(store), case_id, "AB")
        editable = writable.editor("claim", "number")
        assert not editable.isReadOnly()
    with CaseStore.open(tmp_path, read_only=True) as store:
        form = _form(qtbot, CaseService(store), case_id, "AB")
        texts = [e for e in form.findChildren(QWidget) if isinstance(e, QLineEdit | QPlainTextEdit)]
        fields = [e for e in texts if e.objectName().startswith("field_")]
        assert len(fields) > 20  # every line and text field of the form, the enclosures too
        assert [e.objectName() for e in fields if not e.isReadOnly()] == []
        assert [e.objectName() for e in fields if _base(e) != _window(e)] == []
        number = form.editor("claim", "number")
        assert _base(number) != _base(editable), colours  # it no longer looks editable
        assert "read-only" in number.toolTip()
        assert isinstance(number, QLineEdit) and not number.hasFrame()
        number.setFocus()
        qtbot.keyClicks(number, "9")
        assert number.text() == "CLM-1234"  # nothing typed that could not be saved
        # a notice, not a problem to fix: it read "Please fix 1 problem: The case store is ..."
        notice = form.findChild(QLabel, "caseFormProblems")
        assert notice is not None and notice.isVisibleTo(form)
        assert notice.text() == "The case store is open read-only, so nothing can be saved."
        buttons = form.findChild(QDialogButtonBox, "caseFormButtons")
        assert buttons is not None  # nothing to cancel: the form shows the case
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Close"
        assert form.windowTitle() == f"Case {case_id} (read-only)"  # not "Edit case"


def test_a_field_the_role_may_not_change_differs_from_an_editable_one(
    qtbot: QtBot, tmp_path: Path, colours: str
) -> None:
    with office(tmp_path / "data") as (service, auth):
        as_user(auth, "Ana Admin")
        case_id = service.create(CASE, operator="AA")
        initials = as_user(auth, "Maria Ruiz")  # an assistant: the claim is billing's
        form = _form(qtbot, service, case_id, initials)
        name, number = form.editor("patient", "name"), form.editor("claim", "number")
        reason, notes = form.editor("claim", "denial_reason"), form.editor("findings", "notes")
        assert isinstance(name, QLineEdit) and not name.isReadOnly()
        assert isinstance(number, QLineEdit) and number.isReadOnly()
        assert isinstance(reason, QPlainTextEdit) and reason.isReadOnly()
        assert _base(number) == _window(number) != _base(name), colours
        assert _base(reason) == _window(reason) != _base(notes), colours
        # the enclosures are claim data too: typed in by the assistant, they refused the
        # whole Save ("Editing claim data needs the billing or admin role"), facts and all
        enclosures = form.findChild(QPlainTextEdit, "field_enclosures")
        assert enclosures is not None and enclosures.isReadOnly()
        assert _base(enclosures) == _window(enclosures) != _base(notes), colours


def test_an_assistant_s_clinical_edit_saves_with_the_enclosures_left_as_they_are(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with office(tmp_path / "data") as (service, auth):
        as_user(auth, "Ana Admin")
        case_id = service.create(CASE, operator="AA")
        initials = as_user(auth, "Maria Ruiz")
        form = _form(qtbot, service, case_id, initials)
        enclosures = form.findChild(QPlainTextEdit, "field_enclosures")
        assert enclosures is not None
        enclosures.setFocus()
        qtbot.keyClicks(enclosures, "Pre-op radiograph")
        assert enclosures.toPlainText() == ""
        notes = form.editor("findings", "notes")
        assert isinstance(notes, QPlainTextEdit)
        notes.setPlainText("Cold test negative on #19.")
        form.accept()  # Save
        assert form.saved_case_id == case_id
        assert service.get(case_id).case.findings.notes == "Cold test negative on #19."


def test_a_case_on_a_store_open_read_only_is_shown_without_asking_for_initials(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Edit case... asked "Operator needed: every case and tick records who made it" before it
    # would show a case nothing could be recorded on (walkthrough, a read-only data folder).
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.ui.cases import controller as case_controller
    from cdt_desktop.ui.common import msgbox
    from cdt_desktop.ui.common.settings import Settings

    with CaseStore.open(tmp_path) as store:
        case_id = store.create_case(CASE, operator="AB")
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "show_info", lambda _p, title, _text: asked.append(title))
    shown: list[tuple[bool, object]] = []

    def form(parent, service, *, case, operator_source, drafts=None, **_kw):  # type: ignore[no-untyped-def]
        shown.append((service.read_only, drafts))
        return None  # closed: nothing saved

    monkeypatch.setattr(case_controller, "edit_case", form)
    from cdt_desktop.ui.shell.main_window import MainWindow

    with CaseStore.open(tmp_path, read_only=True) as store, ReferenceLibrary() as library:
        win = MainWindow(library, store, Settings.from_file(tmp_path / "settings.ini"),
                         cases=CaseService(store, library))  # fmt: skip
        qtbot.addWidget(win)
        win.open_case(case_id)
        assert win.current_case_id() == case_id
        assert win.controller.edit_case() is None
        assert asked == []
        assert shown == [(True, None)]  # and no draft file kept for typing nothing can save
        win.close()


@pytest.mark.parametrize(
    ("action", "dialog"),
    [("show_radiographs", "radiographsDialog"), ("export_appeal", "narrativeDialog")],
)
def test_films_and_letter_of_a_case_on_a_store_open_read_only_open_without_initials(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, dialog: str
) -> None:
    # "Initials needed: attaching or removing a film is recorded" stood before films that
    # could only be looked at, and before a letter whose exports are not recorded there.
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.ui.common import msgbox
    from cdt_desktop.ui.common.settings import Settings
    from cdt_desktop.ui.shell import letter_actions
    from cdt_desktop.ui.shell.main_window import MainWindow

    with CaseStore.open(tmp_path) as store:
        case_id = store.create_case(CASE, operator="AB")
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "show_info", lambda _p, title, _text: asked.append(title))
    with CaseStore.open(tmp_path, read_only=True) as store, ReferenceLibrary() as library:
        win = MainWindow(library, store, Settings.from_file(tmp_path / "settings.ini"),
                         cases=CaseService(store, library))  # fmt: skip
        qtbot.addWidget(win)
        win.open_case(case_id)
        getattr(letter_actions, action)(win)
        assert asked == []
        shown = win.findChild(QWidget, dialog)
        assert shown is not None and shown.isVisible()
        shown.close()
        win.close()
