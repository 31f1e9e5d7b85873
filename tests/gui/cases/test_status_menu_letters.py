"""Keyboard only: in the claim-status menu (Menu key on a row) the status's underlined letter
picks it. Every entry began "Mark as" with no underlined letter, so a letter key picked nothing
and only the arrows worked (tour9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases import status_dialog
from cdt_desktop.ui.cases.list_view import CaseList
from tests.helpers.qt_events import status_menu_letter


@pytest.mark.parametrize(("letter", "status"), [("d", "denied"), ("p", "paid"), ("c", "closed")])
def test_a_letter_in_the_status_menu_of_a_submitted_claim_picks_its_status(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, letter: str, status: str
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        status_dialog, "ask_status_event", lambda _p, _c, s, **_k: asked.append(s) or None
    )
    with CaseStore.open(tmp_path) as store:
        case = Case(
            patient=Patient(name="Ella Adams"),
            claim=Claim(date_of_service="2026-11-01"),
            procedure=Procedure(code="D3310", tooth="8"),
        )
        case_id = store.create_case(case, operator="MR")
        BillingService(store, ()).advance(
            case_id, StatusEvent("submitted", "2026-11-02"), operator="MR"
        )
        widget = CaseList(CaseService(store), operator_source=lambda: "MR")
        qtbot.addWidget(widget)
        widget.resize(500, 400)
        widget.show()
        widget.refresh()
        table = widget.findChild(QTableView, "caseTable")
        assert isinstance(table, QTableView)
        table.setFocus()
        table.selectRow(0)
        shown = [status_menu_letter(table, letter)]
        qtbot.waitUntil(lambda: asked == [status])
        letters = [t[t.index("&") + 1].lower() for t in shown[0] if "&" in t]
        assert len(letters) == len(shown[0]) == len(set(letters))
