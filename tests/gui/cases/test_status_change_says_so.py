"""Billing marks a claim's status from the Cases tab's status menu (the Menu key, then a letter)
and the status bar says which case and what it was marked as, in the status dialog's words
("Mark as denied"). It said nothing: after a tick it still read "Case 1 created" (keyboard
walkthrough). Taking a change back says so too.

Real window (real reference library, SQLite store, Cases tab, status dialog).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService
from cdt_desktop.ui.cases import status_dialog
from cdt_desktop.ui.cases.status_dialog import StatusDialog
from cdt_desktop.ui.common import msgbox
from tests.helpers.qt_events import status_menu_letter
from tests.helpers.windows import shown_window

CASE = Case(
    patient=Patient(name="Ella Adams"),
    payer=Payer(name="Delta Dental"),
    claim=Claim(date_of_service="2026-11-01"),
    procedure=Procedure(code="D3310", tooth="8"),
)


def _accept_the_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real status dialog, a claim number typed where it asks one, accepted."""

    def run(parent, case, status, *, today, notation="", save=None, categorize=None):  # type: ignore[no-untyped-def]
        dialog = StatusDialog(case, status, today=today, parent=parent, notation=notation,
                              save=save, categorize=categorize)  # fmt: skip
        qtbot.addWidget(dialog)
        if status == "submitted":
            dialog.claim_number.setText("C-5")
        dialog.accept()
        return dialog.event_value() if dialog.result() else None

    monkeypatch.setattr(status_dialog, "ask_status_event", run)
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: True)  # sent as it is


def _menu_letter(qtbot: QtBot, window, letter: str) -> None:  # type: ignore[no-untyped-def]
    window.focus_cases()
    table = window.case_list.findChild(QTableView, "caseTable")
    table.setFocus()
    table.selectRow(0)
    shown = status_menu_letter(table, letter)
    qtbot.waitUntil(lambda: bool(shown))


def test_mark_as_submitted_from_the_status_menu_and_read_the_status_bar(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _accept_the_dialog(qtbot, monkeypatch)
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case_id = window.cases.create(CASE, operator="AB")
        window.statusBar().showMessage(f"Case {case_id} created")
        _menu_letter(qtbot, window, "s")
        qtbot.waitUntil(lambda: window.store.get_case(case_id).status == "submitted")
        assert window.statusBar().currentMessage() == f"Case {case_id}: claim marked as submitted"


def test_take_back_a_denial_from_the_status_menu_and_read_the_status_bar(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _accept_the_dialog(qtbot, monkeypatch)
    with shown_window(qtbot, tmp_path / "data", active=True) as window:
        case_id = window.cases.create(CASE, operator="AB")
        billing = BillingService(window.store, ())
        for event in (
            StatusEvent("submitted", "2026-11-02", claim_number="C-5"),
            StatusEvent("denied", "2026-11-20"),
        ):
            billing.advance(case_id, event, operator="AB")
        window.statusBar().showMessage(f"Case {case_id} created")
        _menu_letter(qtbot, window, "t")
        qtbot.waitUntil(lambda: window.store.get_case(case_id).status == "submitted")
        assert window.statusBar().currentMessage() == (
            f"Case {case_id}: \u201cDenied on Nov 20, 2026\u201d taken back; the claim is"
            " Submitted again"
        )
