"""Keyboard only: in the claim-status menu (Menu key on a row) the status's underlined letter
picks it. Every entry began "Mark as" with no underlined letter, so a letter key picked nothing
and only the arrows worked (tour9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu, QTableView
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases import status_dialog
from cdt_desktop.ui.cases.list_view import CaseList


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
        shown: list[list[str]] = []

        def press() -> None:  # the real, modal menu: read it, then type the letter
            popup = QApplication.activePopupWidget()
            if isinstance(popup, QMenu):
                shown.append([a.text() for a in popup.actions() if not a.isSeparator()])
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    key = Qt.Key(ord(letter.upper()))
                    QApplication.sendEvent(
                        popup, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, letter)
                    )
                QTimer.singleShot(200, popup.close)  # a letter that picked nothing: not stuck

        QTimer.singleShot(0, press)
        at = table.viewport().mapTo(table, table.visualRect(table.currentIndex()).center())
        reason = QContextMenuEvent.Reason.Keyboard
        QApplication.sendEvent(table, QContextMenuEvent(reason, at, table.mapToGlobal(at)))
        qtbot.waitUntil(lambda: asked == [status])
        letters = [t[t.index("&") + 1].lower() for t in shown[0] if "&" in t]
        assert len(letters) == len(shown[0]) == len(set(letters))
