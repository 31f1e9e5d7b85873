"""The claim-status dialog: touch-sized boxes, and the denial categories worded as everywhere."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.status_dialog import StatusDialog
from cdt_desktop.ui.common.metrics import TARGET

CASE = Case(
    patient=Patient(name="Jordan Reyes"),
    claim=Claim(date_of_service="2026-06-01", number="CLM-1"),
    procedure=Procedure(code="D3330", tooth="19"),
)


@pytest.mark.parametrize("status", ["submitted", "denied", "appealed", "paid", "closed"])
def test_every_box_and_button_of_the_status_dialog_is_a_touch_target(
    qtbot: QtBot, status: str
) -> None:
    dialog = StatusDialog(CASE, status, today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = [
        w
        for kind in (QLineEdit, QComboBox, QDateEdit, QAbstractButton)
        for w in dialog.findChildren(kind)
        if w.isVisible() and not isinstance(w.parent(), QComboBox | QDateEdit)
    ]
    assert shown
    for widget in shown:
        assert widget.height() >= TARGET, (status, widget.objectName() or widget.text())


def _items(box: QComboBox) -> dict[str, str]:
    return {box.itemData(i): box.itemText(i) for i in range(box.count()) if box.itemData(i)}


def test_denial_categories_read_the_same_in_the_case_form_and_the_deny_dialog(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = CaseStore.open(tmp_path)
    try:
        form = CaseForm(CaseService(store), case=CASE, operator_source=lambda: "AB")
        qtbot.addWidget(form)
        in_form = form.editor("claim", "denial_category")
        assert isinstance(in_form, QComboBox)
        dialog = StatusDialog(CASE, "denied", today=date(2026, 12, 1))
        qtbot.addWidget(dialog)
        in_dialog = _items(dialog.category)
        assert _items(in_form) == in_dialog
        with ReferenceLibrary() as library:  # the wording is the reference data's
            names = {key: t.name for key, t in library.denial_templates().items()}
        assert in_dialog == names
        assert in_dialog["necessity"] == "Not medically necessary"
    finally:
        store.close()


def test_a_pasted_claim_number_and_eob_reference_are_kept_on_one_line(qtbot: QtBot) -> None:
    """Tour3: line breaks pasted into the dialog's one-line boxes were kept in the claim
    number, the EOB reference and the note of the status history."""
    from PySide6.QtWidgets import QApplication

    submitted = StatusDialog(CASE, "submitted", today=date(2026, 12, 1))
    denied = StatusDialog(CASE, "denied", today=date(2026, 12, 1))
    for dialog in (submitted, denied):
        qtbot.addWidget(dialog)
    QApplication.clipboard().setText("CLM-\r\n2026-0042\t ")
    for edit in (submitted.claim_number, submitted.note, denied.eob, denied.note):
        edit.clear()
        edit.paste()
    assert (submitted.event_value().claim_number, submitted.event_value().note) == (
        "CLM- 2026-0042", "CLM- 2026-0042",
    )  # fmt: skip
    assert denied.event_value().eob_reference == "CLM- 2026-0042"


@pytest.mark.parametrize(
    ("status", "typed"),
    [("paid", "2026-12-05"), ("denied", "2026-05-01"), ("submitted", "13/45/2026")],
    ids=["a paid date ahead", "a denial before the service (two lines)", "not a date"],
)
def test_a_refusal_makes_the_dialog_taller_and_squeezes_no_field(
    qtbot: QtBot, status: str, typed: str
) -> None:
    """Billing walkthrough: after Enter on a refused date the message appeared, the dialog
    kept its size, and the date field and Calendar button were squeezed to half height. Under
    a window manager (Xvfb and openbox, 125 %) the dialog grew 6 px where the message needed
    42; offscreen Qt grows a dialog to its new minimum by itself, so this guards the rule."""
    from PySide6.QtCore import QPoint

    dialog = StatusDialog(CASE, status, today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date_edit.setText(typed)
    dialog.accept()
    assert dialog.isVisible() and dialog.problem.isVisible()
    for widget in (dialog.date_edit, dialog.date_edit.button):
        assert widget.height() >= TARGET, widget.objectName()
    message = dialog.problem
    bottom = message.mapTo(dialog, QPoint(0, message.height())).y()
    assert bottom <= dialog.height()
    assert message.height() >= message.heightForWidth(message.width())  # no line cut off


def test_a_claim_number_typed_with_wide_digits_is_recorded_plain(qtbot: QtBot) -> None:
    dialog = StatusDialog(CASE, "submitted", today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.claim_number.setText("  CLM 2026 0916–Ø ００７ ")
    assert dialog.event_value().claim_number == "CLM 2026 0916–Ø 007"


@pytest.mark.parametrize("status", ["submitted", "denied", "appealed", "paid", "closed"])
def test_every_field_and_the_mark_button_have_their_own_alt_letter(
    qtbot: QtBot, status: str
) -> None:
    """Billing walkthrough (keyboard only): the status dialogs had no Alt letters; Alt+M
    typed an "m" into the Note field."""
    from PySide6.QtWidgets import QLabel

    dialog = StatusDialog(CASE, status, today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    labels = [
        label for label in dialog.findChildren(QLabel) if label.buddy() is not None
        and not label.isHidden()
    ]  # fmt: skip
    ok = next(b for b in dialog.findChildren(QAbstractButton) if b.text().startswith("&Mark"))
    texts = [label.text() for label in labels] + [ok.text()]
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == len(texts) and len(set(letters)) == len(letters), texts
    assert "&" not in dialog.date_edit.accessibleName()


def test_a_refusal_goes_once_the_field_is_typed_again(qtbot: QtBot) -> None:
    """Billing walkthrough: after the 5,000-character reason was shortened the dialog went on
    saying "(it has 5000)" until the next try."""
    dialog = StatusDialog(CASE, "paid", today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date_edit.setText("2026-12-05")
    dialog.accept()
    assert dialog.problem.isVisible()
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, "2026-11-30")
    assert not dialog.problem.isVisible()


def test_a_date_picked_with_the_calendar_clears_the_refusal(qtbot: QtBot) -> None:
    """Review: a date picked with Calendar... is set, not typed, and the refusal stayed."""
    dialog = StatusDialog(CASE, "paid", today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("2026-12-05")
    dialog.accept()
    assert not dialog.problem.isHidden()
    dialog.date_edit.setText("2026-11-30")  # as the calendar sets the picked day
    assert dialog.problem.isHidden()
