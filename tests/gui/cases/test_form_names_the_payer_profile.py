"""The case form says, under the payer's name, which payer profile the letters will follow, and
offers the profiles' names: a name typed a little differently ("Delta Dental of OH") matched no
profile, and nothing said so until the letter went out with a 180-day window."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.cases.model import Case, Patient, Payer, Procedure
from cdt_desktop.services.payers import PayerDirectory
from tests.helpers.windows import in_case_form, shown_window


def _open_case_with_the_office_profile(window: Any, payer: Payer | None = None) -> int:
    """The office's own "Delta Dental of Ohio" profile saved, and Ella Adams's D3330 #19 open."""
    PayerDirectory((), window.store).save(
        PayerProfile(id="ddoh", name="Delta Dental of Ohio", address="PO Box 1", window_days=90),
        operator="AB",
    )
    case = Case(patient=Patient(name="Ella Adams"), procedure=Procedure(code="D3330", tooth="19"))
    case_id = int(window.cases.create(replace(case, payer=payer or case.payer), operator="AB"))
    assert window.controller.open_case(case_id)
    return case_id


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Delta Dental of Ohio PPO", "The letters follow the payer profile Delta Dental of Ohio "
         "(the office's): a 90-day appeal window; its appeals address when none is typed."),
        ("Delta Dental of OH", "No payer profile matches this name: the letter goes to the "
         "address typed below, with a 180-day appeal window. File > Payer profiles… keeps one "
         "for this payer."),
        ("MetLife Dental", "The letters follow the payer profile MetLife (shipped with the app, "
         "not confirmed): a 180-day appeal window."),
        ("", "Type the payer's name as on its EOBs: the letters follow the payer profile it "
         "names."),
    ],
    ids=["the-office-s-profile", "a-name-typed-otherwise", "a-shipped-profile", "no-payer"],
)  # fmt: skip
def test_the_payer_s_name_says_which_profile_the_letters_follow(
    qtbot: QtBot, tmp_path: Path, typed: str, said: str
) -> None:
    with shown_window(qtbot, tmp_path / "data") as window:
        _open_case_with_the_office_profile(window)
        seen: list[tuple[str, bool, list[str]]] = []

        def look(form: object) -> None:
            from PySide6.QtWidgets import QDialog

            assert isinstance(form, QDialog)
            name = form.findChild(QLineEdit, "field_payer_name")
            note = form.findChild(QLabel, "payerProfileNote")
            assert name is not None and note is not None
            name.setText("Delta")  # the completer offers the profiles holding what is typed
            completer = name.completer()
            assert completer is not None
            completer.setCompletionPrefix("delta")
            offered = [completer.completionModel().index(i, 0).data()
                       for i in range(completer.completionModel().rowCount())]  # fmt: skip
            name.setText(typed)
            seen.append((note.text(), note.isVisibleTo(form), offered))

        in_case_form(window, look)
        [(text, visible, offered)] = seen
        assert text == said and visible
        assert offered == ["Delta Dental of Ohio", "Northeast Delta Dental"]


def test_a_click_in_the_address_while_names_are_offered_types_there(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Two-PC walk: with "Northeast Delta Dental" offered under the typed "Delta Dental", a
    click in the Address box closed the offer but left the cursor in the name (Qt's list takes
    that click): the address went into the payer's name ("Delta DentalPO Box 9085")."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit, QScrollArea

    with shown_window(qtbot, tmp_path / "data") as window:
        case_id = window.cases.create(
            Case(patient=Patient(name="Ella Adams"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
        assert window.controller.open_case(case_id)
        seen: list[object] = []

        def look(form: QDialog) -> None:  # records, never raises: the modal form must close
            name = form.findChild(QLineEdit, "field_payer_name")
            address = form.findChild(QPlainTextEdit, "field_payer_address")
            if name is None or address is None or name.completer() is None:
                seen.append("no payer fields")
                return
            form.activateWindow()
            qtbot.waitUntil(form.isActiveWindow, timeout=3000)
            scroll = form.findChild(QScrollArea)
            if scroll is not None:  # the payer's box under the name, both in view
                scroll.ensureWidgetVisible(address)
            name.setFocus()
            QTest.keyClicks(name, "Delta Dental")
            popup = name.completer().popup()
            seen.append(popup.isVisible())  # "Northeast Delta Dental" offered
            # the press as Qt hands it over while a list is open: to the list, outside it (on
            # the part of the box in view: the form scrolls)
            inside = address.viewport().rect().topLeft() + QPoint(8, 8)
            QTest.mouseClick(
                popup, Qt.MouseButton.LeftButton,
                pos=popup.mapFromGlobal(address.viewport().mapToGlobal(inside)),
            )  # fmt: skip
            QTest.keyClicks(QApplication.focusWidget() or name, "PO Box 9085")
            seen.append((name.text(), address.toPlainText(), popup.isVisible()))

        in_case_form(window, look)
        assert seen == [True, ("Delta Dental", "PO Box 9085", False)]


def test_a_case_filed_under_one_payer_and_retyped_follows_the_new_payer(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Two-PC walk: the case's file named MetLife's profile; the clerk typed "Delta Dental of
    Ohio" over the payer and the note (and then the letter) still followed MetLife."""
    with shown_window(qtbot, tmp_path / "data") as window:
        case_id = _open_case_with_the_office_profile(
            window, Payer(name="MetLife", profile_id="metlife")
        )
        notes: list[str] = []

        def retype(form: object) -> None:
            name = form.findChild(QLineEdit, "field_payer_name")  # type: ignore[attr-defined]
            note = form.findChild(QLabel, "payerProfileNote")  # type: ignore[attr-defined]
            notes.append(note.text())
            name.setText("Delta Dental of Ohio")
            notes.append(note.text())

        in_case_form(window, retype)
        assert notes[0].startswith("The letters follow the payer profile MetLife")
        assert notes[1].startswith("The letters follow the payer profile Delta Dental of Ohio")
        saved = window.store.get_case(case_id).case.payer
        assert (saved.name, saved.profile_id) == ("Delta Dental of Ohio", "")
