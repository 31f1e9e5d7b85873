"""A claim paid in part (a downcode, a partial payment): the billing desk types what the EOB
paid when it marks the claim paid; the appeal letter's table shows it and its action requested
asks for the balance, with the billed, paid and unpaid amounts. Real dialog, real store, real
composition; the case file carries the amount on the "paid" status change."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.cases.case_json import CaseFileError
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.cases.status import StatusEvent, event_bounds
from cdt_desktop.services.billing import BillingService
from cdt_desktop.ui.cases.status_dialog import StatusDialog

TODAY = date(2026, 12, 1)
SUBMITTED = StatusEvent("submitted", "2026-06-02", claim_number="CLM-1")
CASE = Case(
    patient=Patient(name="Jordan Reyes"),
    claim=Claim(date_of_service="2026-06-01", number="CLM-1", billed_amount="1,250.00"),
    procedure=Procedure(code="D3330", tooth="19"),
    status_history=(SUBMITTED,),
)


def test_marking_paid_asks_for_the_amount_and_records_it(qtbot: QtBot) -> None:
    dialog = StatusDialog(CASE, "paid", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.amount.isVisible() and dialog.amount.objectName() == "statusAmountPaid"
    qtbot.keyClicks(dialog.amount, "$980.00")
    assert dialog.event_value().amount == "$980.00"
    assert dialog.event_value().to_dict()["amount"] == "$980.00"


@pytest.mark.parametrize("status", ["submitted", "denied", "appealed", "closed"])
def test_other_status_changes_do_not_ask_for_an_amount(qtbot: QtBot, status: str) -> None:
    history = {"submitted": (), "closed": ()}.get(status, (SUBMITTED,))
    dialog = StatusDialog(replace(CASE, status_history=history), status, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.amount.isVisible()
    dialog.amount.setText("980")  # even if set, a non-paid change records no amount
    assert dialog.event_value().amount == ""


@pytest.mark.parametrize(
    ("typed", "refused"),
    [("980", False), ("980.00", False), ("$1,240.5", False), ("", False),
     ("nine hundred", True), ("980.001", True), ("-5", True)],
)  # fmt: skip
def test_an_amount_that_is_not_a_dollar_amount_is_refused_in_the_dialog(
    qtbot: QtBot, typed: str, refused: bool
) -> None:
    dialog = StatusDialog(CASE, "paid", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setText(typed)
    assert bool(event_bounds(dialog.event_value())) is refused
    dialog.accept()
    assert dialog.problem.isVisible() is refused
    if refused:
        assert "amount paid must be an amount such as 1250.00" in dialog.problem.text()


@pytest.mark.parametrize(
    ("typed", "asked"),
    [("1500", True), ("$1,250.01", True), ("1250", False), ("980.00", False), ("", False)],
)
def test_a_payment_over_the_billed_amount_is_asked_about_once(
    qtbot: QtBot, typed: str, asked: bool
) -> None:
    """Walkthrough 43: $1,500 paid on a $1,250.00 claim was kept without a word (1500 for
    150?), and the appeal letter then asked for the billed amount again. The dialog asks once;
    pressing Mark as paid again keeps it (a payer's error does happen)."""
    dialog = StatusDialog(CASE, "paid", today=TODAY, save=lambda _event: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setText(typed)
    dialog.accept()
    assert dialog.isVisible() is asked
    if asked:
        assert "is more than the claim billed ($1,250.00)" in dialog.problem.text()
        assert "Mark as paid again" in dialog.problem.text()
        dialog.accept()
        assert not dialog.isVisible() and dialog.result() == 1


@pytest.mark.parametrize(
    ("typed", "asked"),
    [("400", "($1,380.00 in all) come to more than the claim billed"), ("270", ""),
     ("0", "he amount paid is $0.00: if the EOB paid nothing, mark the claim denied")],
)  # fmt: skip
def test_a_second_payment_past_the_bill_or_a_payment_of_nothing_is_asked_about_once(
    qtbot: QtBot, typed: str, asked: str
) -> None:
    """Billing walk: $980.00 paid, appealed, then $400.00 more was kept without a word
    ($1,380.00 on a $1,250.00 claim); and a payment of $0 was kept as paid."""
    paid = StatusEvent("paid", "2026-06-20", amount="980.00")
    appealed = StatusEvent("appealed", "2026-06-25", level="1")
    case = replace(CASE, status_history=(SUBMITTED, paid, appealed))
    dialog = StatusDialog(case, "paid", today=TODAY, save=lambda _event: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setText(typed)
    dialog.accept()
    assert dialog.isVisible() is bool(asked)
    if asked:
        assert asked in dialog.problem.text() and "Mark as paid again" in dialog.problem.text()
        dialog.accept()
        assert not dialog.isVisible() and dialog.result() == 1


def test_the_payment_s_reason_is_typed_where_it_is_marked_and_the_letter_answers_it(
    qtbot: QtBot,
) -> None:
    """Billing walk: Mark as paid had no field for the EOB's reason for the reduction; the
    clerk had to know to type it in Edit case or the letter. It is asked beside the amount
    (optional); saved, it is the reason the appeal for the balance quotes and answers, and the
    category is read from its words again (not an earlier denial's)."""
    from cdt_desktop.domain.appeal.letter import PAYMENT_REASON_LABEL
    from cdt_desktop.services.billing import with_event

    denied = StatusEvent("denied", "2026-06-10", reason="Not covered.", category="other")
    case = replace(CASE, status_history=(SUBMITTED,))
    dialog = StatusDialog(case, "paid", today=TODAY, save=lambda _event: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reason.isVisible() and dialog.reason.toPlainText() == ""
    dialog.amount.setText("980.00")
    dialog.reason.setPlainText("Post-operative radiograph not received; benefit reduced.")
    event = dialog.event_value()
    assert event.reason == "Post-operative radiograph not received; benefit reduced."
    saved = with_event(replace(case, claim=replace(case.claim, denial_category="other")), event)
    assert saved.claim.denial_reason == event.reason and saved.claim.denial_category == ""
    letter = compose_appeal(saved, entry=None, selection=selection_for_findings(saved), today=TODAY)
    assert letter.denial_label == PAYMENT_REASON_LABEL and letter.denial_reason == event.reason
    # with no reason typed, the claim keeps what it had
    unchanged = with_event(replace(case, status_history=(SUBMITTED, denied)),
                           replace(event, reason=""))  # fmt: skip
    assert unchanged.claim == CASE.claim


def _letter_request(case: Case) -> tuple[str, dict[str, str]]:
    letter = compose_appeal(case, entry=None, selection=selection_for_findings(case), today=TODAY)
    return letter.request, dict(letter.re_rows)


@pytest.mark.parametrize(
    ("situation", "paid", "row", "balance"),
    [
        ("downcoded: paid the lesser code's fee", "980.00", "$980.00", "$270.00 unpaid"),
        ("paid in full", "1250", "$1,250.00", None),
        ("paid, amount not typed", "", None, None),
    ],
)
def test_the_letter_for_a_paid_claim_asks_for_the_unpaid_balance(
    tmp_path: Path, situation: str, paid: str, row: str | None, balance: str | None
) -> None:
    with CaseStore.open(tmp_path) as store:
        case_id = store.create_case(replace(CASE, status_history=()), operator="AB")
        billing = BillingService(store)
        billing.advance(case_id, SUBMITTED, operator="BK")
        billing.advance(case_id, StatusEvent("paid", "2026-07-01", amount=paid), operator="BK")
        stored = store.get_case(case_id).case
    assert stored.status_history[-1].amount == paid
    request, rows = _letter_request(stored)
    assert rows.get("Amount paid") == row
    if balance is None:
        assert "unpaid" not in request and "in the billed amount of $1,250.00" in request
    else:
        assert balance in request and "$1,250.00 billed, $980.00 paid" in request


def test_the_case_file_carries_the_amount_and_refuses_a_wrong_one() -> None:
    paid = StatusEvent("paid", "2026-07-01", amount="980.00")
    text = replace(CASE, status_history=(SUBMITTED, paid)).to_json()
    data = json.loads(text)
    assert data["status_history"][-1]["amount"] == "980.00"
    assert Case.from_dict(data).status_history[-1].amount == "980.00"
    data["status_history"][-1]["amount"] = "lots"
    with pytest.raises(CaseFileError) as wrong:
        Case.from_dict(data)
    assert "entry 2: amount must be an amount such as 1250.00" in str(wrong.value)
    older = json.loads(text)
    del older["status_history"][-1]["amount"]  # a file from before the field
    assert Case.from_dict(older).status_history[-1].amount == ""
