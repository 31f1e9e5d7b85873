"""The Cases tab offers what the signed-in user's role may do, and forgets the last user's
search (walkthrough): billing's New case and Import... were enabled, and Import let the clerk
pick a file before refusing ("Creating a case needs the dentist, assistant or admin role"); the
assistant's search for a patient stayed typed in the box, its result listed, for the next
person who signed in. Real window, real lock screen and PIN pad."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop import app
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService
from tests.gui.session.test_lock_screen import FAST, PINS, enter_pin, make_office

BILLING_PIN = "914372"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    make_office(tmp_path / "data")
    with CaseStore.open(tmp_path / "data") as store:
        AuthService(store, params=FAST).add_user("Bea Billing", Role.BILLING, BILLING_PIN)
    shown = app.build_main_window(data_dir=tmp_path / "data", user="Maria Ruiz")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    if shown.session.idle is not None:
        shown.session.idle.stop()
    shown.close()


def _buttons(window) -> list[QPushButton]:  # type: ignore[no-untyped-def]
    window.right_tabs.setCurrentWidget(window.case_list)  # its buttons are in the Cases tab
    return [window.findChild(QPushButton, name) for name in ("newCaseButton", "importCaseButton")]


def test_billing_is_not_offered_new_case_or_import_and_the_last_search_goes(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
) -> None:
    assert all(button.isEnabled() for button in _buttons(window))  # the assistant creates cases
    window.case_list.search_field().setText("Sentinel")
    session = window.session

    session.lock()
    enter_pin(qtbot, session, "Bea Billing", BILLING_PIN)

    assert session.auth.user.name == "Bea Billing"
    assert [button.isEnabled() for button in _buttons(window)] == [False, False]
    assert all("dentist, assistant or admin" in button.toolTip() for button in _buttons(window))
    assert window.case_list.search_field().text() == ""

    session.lock()
    enter_pin(qtbot, session, "Maria Ruiz", PINS["Maria Ruiz"])

    assert all(button.isEnabled() for button in _buttons(window))
    assert "case file" in _buttons(window)[1].toolTip()


def test_void_is_refused_before_its_question_and_the_question_names_the_patient(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """File > Void case... asked the assistant "Void case 2?", then refused by role; the question
    named no patient, tooth or code."""
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure
    from cdt_desktop.ui.common import msgbox

    case = Case(patient=Patient(name="José Núñez"), procedure=Procedure(code="D3330", tooth="19"))
    window.open_case(window.cases.create(case, operator="MR"))
    asked: list[str] = []
    refused: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append(text))
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text, **_k: refused.append(title))

    window.menu_actions["voidCaseAction"].trigger()  # the assistant

    assert asked == [] and refused == ["Case not voided"]
    session = window.session
    session.lock()
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    window.open_case(1)

    window.menu_actions["voidCaseAction"].trigger()  # the dentist: asked, answered No

    assert len(asked) == 1 and "José Núñez" in asked[0] and "#19 D3330" in asked[0]


def test_export_is_greyed_with_its_reason_for_a_role_that_may_not_export(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
) -> None:
    """Hand-over walk: the assistant's status changes were greyed with the reason, but Cases >
    Export... was offered and then refused in a dialog."""
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure

    case = Case(patient=Patient(name="José Núñez"), procedure=Procedure(code="D3330", tooth="19"))
    case_id = window.cases.create(case, operator="MR")
    window.right_tabs.setCurrentWidget(window.case_list)
    window.case_list.refresh()
    window.case_list.select_case(case_id)
    export = window.findChild(QPushButton, "exportCaseButton")
    assert not export.isEnabled()  # Maria Ruiz: an assistant
    assert "needs the billing or admin role" in export.toolTip()

    session = window.session
    session.lock()
    enter_pin(qtbot, session, "Bea Billing", BILLING_PIN)
    window.case_list.select_case(case_id)
    assert export.isEnabled() and "case file" in export.toolTip()


def test_the_appeal_letter_button_is_greyed_with_its_reason_for_the_assistant(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
) -> None:
    """Hand-over walk: the assistant's Export appeal letter... opened only to be refused in a
    dialog; the button now says, greyed, who may (the refusal's own words)."""
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure
    from cdt_desktop.domain.session import PermissionDeniedError

    case = Case(patient=Patient(name="José Núñez"), procedure=Procedure(code="D3330", tooth="19"))
    window.open_case(window.cases.create(case, operator="MR"))
    button = window.export_button
    assert not button.isEnabled()
    with pytest.raises(PermissionDeniedError) as refused:
        window.cases.require("sign-letter", "export")  # as the letter's path asks
    assert str(refused.value).split(";")[0] in button.toolTip()  # the refusal's words

    session = window.session
    session.lock()
    enter_pin(qtbot, session, "Dr Diaz", PINS["Dr Diaz"])
    window.open_case(1)
    assert button.isEnabled() and "needs" not in button.toolTip()


def test_file_new_case_as_billing_says_why_before_any_form(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two-PC walk: File > New case… (Ctrl+N) as billing opened the whole form and refused it
    only at Save ("Not saved: Creating a case needs …"); the Cases tab's button was greyed."""
    from cdt_desktop.ui.cases import controller
    from cdt_desktop.ui.common import msgbox

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_info", lambda _p, title, text: said.append((title, text)))
    forms: list[object] = []  # the modal form, had it opened (recorded, not shown)
    monkeypatch.setattr(controller, "edit_case", lambda *a, **k: forms.append(k))
    session = window.session
    session.lock()
    enter_pin(qtbot, session, "Bea Billing", BILLING_PIN)

    assert window.menu_actions["newCaseAction"].isEnabled()  # the menu item explains
    window.menu_actions["newCaseAction"].trigger()

    assert forms == []
    assert said == [
        (
            "Case not created",
            "Creating a case needs the dentist, assistant or admin role; you are signed in "
            "as billing.",
        )
    ]
