"""Edit case moving a sent claim's case to another tooth asks first, as a new code does
(hostile-user walkthrough: #14 changed to #K on a denied claim was saved without a word, and
the appeal then named a tooth the payer's claim does not have).

Real window, real SQLite store, real form; only the question's answer is given by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService
from cdt_desktop.ui.common import msgbox
from tests.helpers.windows import in_case_form, shown_window


@pytest.mark.parametrize("answer", [False, True])
def test_the_tooth_of_a_denied_claim_changes_only_after_a_yes(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: bool
) -> None:
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text)) or answer
    )
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case = Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="14"))
        case_id = window.store.create_case(case, operator="AB")
        billing = BillingService(window.store, ())
        for status, when in (("submitted", "2026-11-02"), ("denied", "2026-11-20")):
            billing.advance(case_id, StatusEvent(status, when), operator="AB")
        window.open_case(case_id)

        beside: list[str] = []

        def move_to_tooth_3(form: QDialog) -> None:
            tooth = form.findChild(QLineEdit, "field_procedure_tooth")
            tooth.selectAll()
            QTest.keyClicks(tooth, "3")
            if answer:
                return
            form.findChild(QAbstractButton, "caseFormSave").click()  # No: the form stays
            errors = form._fields.errors  # what each field's line beside it says
            beside.extend(f"{key[1]}: {label.text()}" for key, label in errors.items()
                          if label.isVisibleTo(form) and label.text())  # fmt: skip

        in_case_form(window, move_to_tooth_3)
        if not answer:  # verification walk: the reason showed under CDT code, not Tooth
            assert [b.split(":")[0] for b in beside] == ["tooth"], beside
        questions = [text for title, text in asked if title == "Change the tooth anyway?"]
        assert questions and len(set(questions)) == 1, asked  # (asked at each Save)
        text = questions[0]
        assert "sent to the payer for tooth #14" in text and "tooth #3" in text
        assert window.store.get_case(case_id).case.procedure.tooth == ("3" if answer else "14")
