"""The case form says, under the payer's name, which payer profile the letters will follow, and
offers the profiles' names: a name typed a little differently ("Delta Dental of OH") matched no
profile, and nothing said so until the letter went out with a 180-day window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.payers import PayerDirectory
from tests.helpers.windows import in_case_form, shown_window


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
        PayerDirectory((), window.store).save(
            PayerProfile(id="ddoh", name="Delta Dental of Ohio", address="PO Box 1",
                         window_days=90),
            operator="AB",
        )  # fmt: skip
        case_id = window.cases.create(
            Case(patient=Patient(name="Ella Adams"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
        assert window.controller.open_case(case_id)
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
