"""A date the form cannot read says both orders it takes (tour8 finding 7).

The case form and the radiograph's "Taken on" take 03/14/1985 (US order) as well as 1985-03-14;
the placeholder of "Taken on" says so. A date typed 14.03.1985 was refused with "must be a date
as YYYY-MM-DD" (and "... written YYYY-MM-DD (for example 2025-03-14)"), so the user learnt only
one of the two. Real form, real dialog, real store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.radiographs import AttachDialog
from cdt_desktop.ui.cases.form import CaseForm


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ("patient", "date_of_birth"),
        ("claim", "date_of_service"),
        ("facts", "preop_radiograph_date"),
    ],
)
def test_the_case_form_says_both_date_orders(qtbot, store, section: str, key: str) -> None:  # type: ignore[no-untyped-def]
    form = CaseForm(
        CaseService(store), case=Case(procedure=Procedure(code="D3330", tooth="19")),
        operator_source=lambda: "AB",
    )  # fmt: skip
    qtbot.addWidget(form)
    editor = form.editor(section, key)
    assert isinstance(editor, QLineEdit)
    editor.setText("14.03.1985")
    form.accept()
    said = form.error_text(section, key)
    assert "YYYY-MM-DD" in said and "MM/DD/YYYY" in said
    assert form.saved_case_id is None


def test_the_attach_dialog_says_both_date_orders(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AttachDialog("pa.png", "Periapical radiograph, tooth #19")
    qtbot.addWidget(dialog)
    dialog.date_field.setText("1.12.2026")
    dialog.accept()
    assert "YYYY-MM-DD" in dialog.problem.text() and "MM/DD/YYYY" in dialog.problem.text()


@pytest.mark.parametrize(
    "pasted", ["\u200b12/01/2026\u00a0", "\u200b2026-11-25", "2026-11-25\u200b\u200e"]
)
def test_the_attach_dialog_takes_a_date_pasted_with_invisible_characters(  # type: ignore[no-untyped-def]
    qtbot, pasted: str
) -> None:
    """New-user walkthrough: the Taken on field held 10 characters, so a date pasted from a
    portal with a zero-width space lost its last digit ("12/01/202") and was refused."""
    dialog = AttachDialog("pa.png", "Periapical radiograph, tooth #19")
    qtbot.addWidget(dialog)
    dialog.date_field.clear()
    dialog.date_field.insert(pasted)  # as a paste: what the field takes
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert dialog.taken_on() in ("2026-12-01", "2026-11-25")


def test_the_attach_dialog_words_an_impossible_date_as_the_case_form(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AttachDialog("pa.png", "Periapical radiograph, tooth #19")
    qtbot.addWidget(dialog)
    dialog.date_field.setText("2026-02-30")
    dialog.accept()
    assert "2026-02-30 is not a real date: February 2026 has 28 days" in dialog.problem.text()


def test_the_case_form_takes_a_date_pasted_with_a_zero_width_space(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    """A date of service pasted with an invisible trailing character was refused ("must be a
    date as YYYY-MM-DD ...") although it looked right; it is saved as the date it shows."""
    form = CaseForm(
        CaseService(store),
        case=Case(patient=Patient(name="Ann"), procedure=Procedure(code="D3330", tooth="19")),
        operator_source=lambda: "AB",
    )  # fmt: skip
    qtbot.addWidget(form)
    editor = form.editor("claim", "date_of_service")
    assert isinstance(editor, QLineEdit)
    editor.setText("11/30/2026\u200b")
    form.accept()
    assert form.error_text("claim", "date_of_service") == ""
    assert form.saved_case_id is not None
    assert store.get_case(form.saved_case_id).case.claim.date_of_service == "2026-11-30"
