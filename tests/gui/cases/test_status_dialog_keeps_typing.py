"""Escape in a claim-status dialog asks before it throws away what was typed. Billing typed the
EOB's reference and its five-line denial reason into Mark as denied…, pressed Escape (to close
what looked like a pop-up) and everything was gone without a word (tour9)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.ui.cases.status_dialog import StatusDialog
from cdt_desktop.ui.common import msgbox

CASE = Case(
    patient=Patient(name="Jordan Reyes"),
    claim=Claim(date_of_service="2026-06-01", number="CLM-1"),
    procedure=Procedure(code="D3330", tooth="19"),
)


class Answers:
    """The questions asked; each answered with the next of ``replies`` (no when none left)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.replies: list[bool] = []

    def ask(self, parent, title, text, default=False):  # type: ignore[no-untyped-def]
        self.asked.append(title)
        return self.replies.pop(0) if self.replies else False


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answers = Answers()
    monkeypatch.setattr(msgbox, "ask_yes_no", answers.ask)
    return answers


def _denied(qtbot: QtBot) -> StatusDialog:
    dialog = StatusDialog(CASE, "denied", today=date(2026, 12, 2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_escape_after_typing_the_denial_asks_and_no_keeps_the_dialog_and_its_text(
    qtbot: QtBot, answers: Answers
) -> None:
    dialog = _denied(qtbot)
    dialog.eob.setText("EOB 55120")
    dialog.reason.setPlainText("CO-16: claim lacks information.\nN350: missing pre-op film.")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert answers.asked == ["Discard what you typed?"]
    assert dialog.isVisible()
    assert dialog.reason.toPlainText().endswith("missing pre-op film.")


def test_yes_discards_and_an_untouched_dialog_closes_without_a_question(
    qtbot: QtBot, answers: Answers
) -> None:
    dialog = _denied(qtbot)
    dialog.note.setText("payer called")
    answers.replies.append(True)
    dialog.reject()
    assert not dialog.isVisible()
    untouched = _denied(qtbot)
    untouched.reject()
    assert not untouched.isVisible()
    assert answers.asked == ["Discard what you typed?"]


def test_escape_after_typing_only_the_date_asks(qtbot: QtBot, answers: Answers) -> None:
    """The EOB's date typed from the paper (the field is typed since 1c6bda6) went on Escape
    without a question, as if nothing had been typed (review11)."""
    dialog = _denied(qtbot)
    dialog.date_edit.setText("11/28/2026")
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Escape)
    assert answers.asked == ["Discard what you typed?"]
    assert dialog.isVisible() and dialog.date_edit.text() == "11/28/2026"


def test_typing_a_new_denial_reason_replaces_the_earlier_one(qtbot: QtBot) -> None:
    """Billing walkthrough: Mark as denied after an appeal showed the first denial's reason,
    and the decision typed into it went in mid-word ("submAppeal upheld.itted")."""
    from dataclasses import replace

    denied = replace(CASE, claim=replace(CASE.claim, denial_reason="Not submitted in time."))
    dialog = StatusDialog(denied, "denied", today=date(2026, 12, 2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.reason.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(dialog.reason, "Appeal upheld.")
    assert dialog.reason.toPlainText() == "Appeal upheld."
