"""An admin changes a signed-in user's role at another workstation: the window's next write that
the new role may not make is refused by the store, and the window says why (the role it is now,
lock and sign in again, or ask an admin), keeping what was typed. Before, a tick sent before the
change feed reached the window (or while it was down) was saved under the old role's rights.
Real window and form, real SQLite store with users, a second connection as the other PC."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.common import msgbox
from tests.helpers.office import FAST, office


def change_role(data_dir: Path, name: str, role: Role) -> None:
    """The admin, at another workstation on the same store."""
    with CaseStore.open(data_dir) as store:
        admin = AuthService(store, params=FAST)
        admin.sign_in_trusted("Ana Admin")
        user = store.find_user(name)
        assert user is not None
        admin.update_user(user.id, role=role)


def test_a_tick_the_new_role_may_not_make_is_refused_with_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, _title, text: shown.append(text))
    data = tmp_path / "data"
    with office(data) as (service, _auth):
        case_id = service.create(
            Case(patient=Patient(name="Zoë Nguyễn"), procedure=Procedure(code="D3330", tooth="19")),
            operator="MR",
        )
    window = build_main_window(data_dir=data, user="Maria Ruiz")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.open_case(case_id)
        panel = window.checklist_panel
        change_role(data, "Maria Ruiz", Role.BILLING)  # before this window hears of it
        box = panel.checkbox("working-length-recorded")
        box.click()
        assert len(shown) == 1, shown
        assert "Ticking checklist items needs the dentist, assistant or admin role" in shown[0]
        assert "role was changed to billing by an admin at another workstation" in shown[0]
        assert "nothing was saved" in shown[0] and "Lock (Ctrl+L)" in shown[0]
        assert not box.isChecked()
        assert "working-length-recorded" not in window.cases.get(case_id).checks
    finally:
        window.session.idle.stop()
        window.close()


def test_a_form_the_new_role_may_not_save_stays_open_with_what_was_typed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with office(data) as (service, auth):
        case_id = service.create(
            Case(patient=Patient(name="Zoë Nguyễn"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AA",
        )
        auth.sign_in_trusted("Bea Billing")
        loaded = service.get(case_id)
        form = CaseForm(
            service, case=loaded.case, case_id=case_id, version=loaded.version,
            operator_source=lambda: "BB",
        )  # fmt: skip
        qtbot.addWidget(form)
        change_role(data, "Bea Billing", Role.ASSISTANT)
        number = form.editor("claim", "number")
        assert isinstance(number, QLineEdit)
        number.setText("CLM-2291")
        form.accept()
        assert form.saved_case_id is None and form.result() == 0
        said = " ".join(label.text() for label in form.findChildren(QLabel))
        assert "Editing claim data needs the billing or admin role" in said, said
        assert "role was changed to assistant" in said and "Lock (Ctrl+L)" in said
        assert number.text() == "CLM-2291"
        assert service.get(case_id).case.claim.number == ""


def test_the_window_says_when_the_users_role_was_changed_elsewhere(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Walk 13: the change feed told the window, which then went on as if nothing had happened;
    Maria learnt she was billing now only from a refusal at her next tick."""
    data = tmp_path / "data"
    with office(data):
        pass
    window = build_main_window(data_dir=data, user="Maria Ruiz")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.session.recheck_user()  # nothing changed: nothing said
        assert "role" not in window.statusBar().currentMessage()
        change_role(data, "Maria Ruiz", Role.BILLING)
        window.session.recheck_user()  # what the change feed calls
        message = window.statusBar().currentMessage()
        assert "Maria Ruiz's role is now billing" in message
        assert "changed by an admin" in message
        assert not window.session.is_locked()  # she carries on, with billing's rights
    finally:
        if window.session.idle is not None:
            window.session.idle.stop()
        window.close()
