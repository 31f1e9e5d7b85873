"""Billing clicked "Mark as denied" on a claim that was paid (or on the wrong row): the status
menu offers to take back the last change, names the claim, the change and where the claim goes
back to, and takes it back only on Yes (walkthrough: no way to correct a mistyped status)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.list_view import CaseList
from cdt_desktop.ui.common import msgbox
from tests.helpers.qt_events import status_menu_letter


def _menu_letter(qtbot: QtBot, widget: CaseList, letter: str) -> list[str]:
    """The selected row's status menu from the keyboard: its entries, ``letter`` typed."""
    table = widget.findChild(QTableView, "caseTable")
    assert isinstance(table, QTableView)
    table.setFocus()
    table.selectRow(0)
    shown = status_menu_letter(table, letter)
    qtbot.waitUntil(lambda: bool(shown))
    return shown


def _shown_list(qtbot: QtBot, service: CaseService) -> CaseList:
    """The Cases list on ``service``'s store, shown and read, BK at the desk."""
    widget = CaseList(service, operator_source=lambda: "BK")
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    widget.refresh()
    return widget


def _submitted(store: CaseStore, *events: StatusEvent) -> tuple[int, BillingService]:
    """Ella Adams' claim for #8 D3310, sent as C-5, then ``events``."""
    case = Case(
        patient=Patient(name="Ella Adams"),
        claim=Claim(date_of_service="2026-11-01"),
        procedure=Procedure(code="D3310", tooth="8"),
    )
    case_id = store.create_case(case, operator="MR")
    billing = BillingService(store, ())
    for event in (StatusEvent("submitted", "2026-11-02", claim_number="C-5"), *events):
        billing.advance(case_id, event, operator="MR")
    return case_id, billing


@pytest.mark.parametrize(("answer", "status_after"), [(True, "submitted"), (False, "denied")])
def test_denied_marked_by_mistake_is_taken_back_from_the_status_menu(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: bool,
    status_after: str,
) -> None:  # fmt: skip
    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _title, text, **_k: asked.append(text) or answer
    )
    with CaseStore.open(tmp_path) as store:
        case_id, _billing = _submitted(store, StatusEvent("denied", "2026-11-20"))
        widget = _shown_list(qtbot, CaseService(store))
        entries = _menu_letter(qtbot, widget, "t")
        assert "&Take back \u201cDenied on Nov 20, 2026\u201d\u2026" in entries
        qtbot.waitUntil(lambda: bool(asked))
        assert "Claim C-5 · Ella Adams · #8 D3310" in asked[0]
        assert "goes back to Submitted" in asked[0]
        assert store.get_case(case_id).status == status_after
        row = widget.model().row_of(case_id)
        assert row is not None
        assert widget.model().index(row, 4).data() == status_after.capitalize()


def test_a_draft_s_menu_offers_nothing_to_take_back(qtbot: QtBot, tmp_path: Path) -> None:
    with CaseStore.open(tmp_path) as store:
        store.create_case(Case(patient=Patient(name="Ella Adams")), operator="MR")
        widget = _shown_list(qtbot, CaseService(store))
        entries = _menu_letter(qtbot, widget, "x")
        assert not any("Take back" in text for text in entries)


def test_a_voided_case_s_menu_offers_no_status_change(qtbot: QtBot, tmp_path: Path) -> None:
    """A voided duplicate (the Void filter shows it) offered "Mark as denied/paid/closed" and,
    once a change existed, to take it back: each refused only after the dialog was filled."""
    from cdt_desktop.services.cases import CaseService as Service

    with CaseStore.open(tmp_path) as store:
        case_id, _billing = _submitted(store)
        service = Service(store)
        service.void(case_id, operator="MR", reason="duplicate")
        widget = CaseList(service, operator_source=lambda: "BK")
        qtbot.addWidget(widget)
        assert widget.status_actions(case_id) == []
        assert widget.last_change(case_id) is None


def test_the_status_menu_reads_the_case_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The statuses offered and the change to take back come from one read of the case (it
    was read twice per right-click, each a round trip to the office's server)."""
    with CaseStore.open(tmp_path) as store:
        case_id, _billing = _submitted(store, StatusEvent("denied", "2026-11-20"))
        widget = _shown_list(qtbot, CaseService(store))
        reads: list[int] = []
        real_get = store.get_case
        monkeypatch.setattr(store, "get_case", lambda i: reads.append(i) or real_get(i))
        entries = _menu_letter(qtbot, widget, "x")
        assert "&Take back \u201cDenied on Nov 20, 2026\u201d\u2026" in entries
        assert "Mark as &paid\u2026" in entries
        assert reads == [case_id]


def test_a_case_gone_from_the_store_since_the_list_was_read_is_said_not_raised(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup restored at another PC took the case away under the list: the right-click
    says so in a message (it raised out of the menu into the crash dialog)."""
    import sqlite3

    warned: list[str] = []
    monkeypatch.setattr(msgbox, "show_warning", lambda _p, title, text: warned.append(title))
    with CaseStore.open(tmp_path) as store:
        case_id, _billing = _submitted(store)
        widget = _shown_list(qtbot, CaseService(store))
        other = sqlite3.connect(tmp_path / "cases.sqlite")  # the restore, as another PC did it
        with other:
            for table in ("checks", "cases"):
                key = "case_id" if table == "checks" else "id"
                other.execute(f"DELETE FROM {table} WHERE {key} = ?", (case_id,))
        other.close()
        table_view = widget.findChild(QTableView, "caseTable")
        assert isinstance(table_view, QTableView)
        table_view.setFocus()
        table_view.selectRow(0)
        qtbot.keyClick(table_view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
        assert warned == ["Status not changed"]


def test_the_question_says_the_payment_s_figures_leave_the_claim() -> None:
    """Walkthrough: the question said the claim number and the denial reason stay, and nothing
    of the $980.00 and EOB 10455 that went with the payment taken back."""
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.ui.cases.claim_status import take_back_question

    paid = StatusEvent("paid", "2026-12-01", amount="980.00", eob_reference="10455")
    said = take_back_question("Case 1 · Ana", paid, "Denied")
    assert "The amount paid and the EOB reference ($980.00, EOB 10455) leave the claim" in said
    assert "leave the claim" not in take_back_question(
        "Case 1", StatusEvent("denied", "2026-11-03"), "Submitted"
    )


def test_after_a_denial_the_menu_offers_a_corrected_claim_sent_again() -> None:
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.ui.cases.claim_status import status_action_words

    denied = StatusEvent("denied", "2026-11-03")
    assert status_action_words("submitted", denied) == "Mark as re&submitted (corrected claim)…"
    assert status_action_words("submitted", None) == "Mark as &submitted…"
    assert status_action_words("appealed", denied) == "Mark as &appealed…"
