"""A case form's unsaved typing belongs to whoever typed it (walkthrough on a shared store,
sign-in on: after a crash, Dr. Diaz's edits of a case were offered to Maria at her next
opening of that case's form, and her Save recorded them under her name). The draft is offered
back to its typist only: the signed-in user, or with sign-in off the operator's initials; and
another user taking the window over (the lock's "Discard and switch") keeps the typing for its
typist, never for the one who unlocked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMainWindow, QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.session.controller import SessionController
from tests.helpers.office import FAST, PINS, tap_pin


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "data") as opened:
        auth = AuthService(opened, params=FAST)
        auth.create_first_admin("Ana Admin", PINS["Ana Admin"])
        auth.add_user("Dr Diaz", Role.DENTIST, PINS["Dr Diaz"])
        auth.add_user("Maria Ruiz", Role.ASSISTANT, PINS["Maria Ruiz"])
        opened.create_case(
            Case(patient=Patient(name="Ana Souza", chart_number="RE1042"),
                 procedure=Procedure(code="D3330", tooth="19")), operator="AA",
        )  # fmt: skip
        yield opened


def signed_in(store: CaseStore, name: str) -> CaseService:
    auth = AuthService(store, params=FAST)
    user = store.find_user(name)
    assert user is not None
    auth.sign_in(user.id, PINS[name])
    service = CaseService(store)
    service.auth = auth
    return service


def _id(store: CaseStore, name: str) -> int:
    user = store.find_user(name)
    assert user is not None
    return int(user.id)


def case_form(qtbot: QtBot, service: CaseService, drafts: Path, initials: str) -> CaseForm:
    stored = service.get(1)
    form = CaseForm(service, case=stored.case, case_id=1, version=stored.version,
                    operator_source=lambda: initials, drafts=drafts)  # fmt: skip
    qtbot.addWidget(form)
    return form


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every "Put back unsaved edits?" question, answered Yes."""
    questions: list[str] = []

    def ask(parent: object, title: str, text: str, default: bool = False) -> bool:
        questions.append(text)
        return True

    monkeypatch.setattr(msgbox, "ask_yes_no", ask)
    return questions


def test_the_dentist_s_unsaved_typing_is_offered_to_him_and_never_to_the_assistant(
    qtbot: QtBot, store: CaseStore, tmp_path: Path, asked: list[str]
) -> None:
    drafts = tmp_path / "data" / "drafts"
    form = case_form(qtbot, signed_in(store, "Dr Diaz"), drafts, "DD")
    chart = form.editor("patient", "chart_number")
    assert isinstance(chart, QLineEdit)
    qtbot.keyClicks(chart, "-DIAZ")
    qtbot.waitUntil(lambda: any(drafts.rglob("case-1.json")))
    form.done(QDialog.DialogCode.Rejected)  # the app gone before Save, as a crash leaves it

    maria = case_form(qtbot, signed_in(store, "Maria Ruiz"), drafts, "MR")
    assert not maria.offer_draft()
    assert asked == []  # never asked, so nothing of his can be saved under her name
    assert maria.editor("patient", "chart_number").text() == "RE1042"  # type: ignore[attr-defined]
    maria.done(QDialog.DialogCode.Rejected)

    again = case_form(qtbot, signed_in(store, "Dr Diaz"), drafts, "DD")
    assert again.offer_draft()
    assert len(asked) == 1 and "Edits you typed" in asked[0]
    assert again.editor("patient", "chart_number").text() == "RE1042-DIAZ"  # type: ignore[attr-defined]


def test_with_sign_in_off_the_draft_follows_the_operator_s_initials(
    qtbot: QtBot, tmp_path: Path, asked: list[str]
) -> None:
    with CaseStore.open(tmp_path / "plain") as store:
        store.create_case(
            Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AA",
        )
        service, drafts = CaseService(store), tmp_path / "plain" / "drafts"
        form = case_form(qtbot, service, drafts, "BK")
        qtbot.keyClicks(form.editor("patient", "chart_number"), "-BK")  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: any(drafts.rglob("case-1.json")))
        form.done(QDialog.DialogCode.Rejected)
        other = case_form(qtbot, service, drafts, "MR")
        assert not other.offer_draft() and asked == []
        other.done(QDialog.DialogCode.Rejected)
        same = case_form(qtbot, service, drafts, "BK")
        assert same.offer_draft()
        assert same.editor("patient", "chart_number").text() == "-BK"  # type: ignore[attr-defined]


def test_another_user_unlocking_keeps_the_form_s_typing_for_its_typist(
    qtbot: QtBot, store: CaseStore, tmp_path: Path, asked: list[str]
) -> None:
    """Dr. Diaz types in the case form and steps away without Save; Maria takes the window
    over ("Discard and switch"). The form closes, its typing is kept for him (even the last
    keys, written a moment after the switch), and the lock says so before she confirms."""
    window = QMainWindow()
    window.setCentralWidget(QLabel("Ana Souza"))
    qtbot.addWidget(window)
    session = SessionController(window, AuthService(store, params=FAST))
    window.show()
    session.lock()
    tap_pin(qtbot, session, _id(store, "Dr Diaz"), PINS["Dr Diaz"])
    service = CaseService(store)
    service.auth = session.auth
    drafts = tmp_path / "data" / "drafts"
    form = case_form(qtbot, service, drafts, "DD")
    form.setParent(window, form.windowFlags())
    form.show()
    qtbot.keyClicks(form.editor("patient", "chart_number"), "-DIAZ")  # type: ignore[arg-type]
    session.lock()  # before the draft's write: it comes after the switch
    tap_pin(qtbot, session, _id(store, "Maria Ruiz"), PINS["Maria Ruiz"])
    screen = session.lock_screen
    assert screen is not None and screen.page() == "confirm"
    question = "\n".join(label.text() for label in screen.findChildren(QLabel))
    assert "kept in the case form" not in question
    assert "case form is kept for Dr Diaz alone" in question
    confirm = screen.findChild(QPushButton, "switchConfirm")
    assert confirm is not None
    # re-walk: the button said "Discard and switch" under "is kept for Dr Diaz"
    assert confirm.text() == "Close and switch"
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert not form.isVisible() and session.auth.user is not None
    assert session.auth.user.name == "Maria Ruiz"
    diaz = store.find_user("Dr Diaz")
    assert diaz is not None
    qtbot.waitUntil((drafts / f"user-{diaz.id}" / "case-1.json").exists)

    maria = case_form(qtbot, service, drafts, "MR")  # the service now acts for Maria
    assert not maria.offer_draft() and asked == []
    assert maria.editor("patient", "chart_number").text() == "RE1042"  # type: ignore[attr-defined]
    if session.idle is not None:
        session.idle.stop()
