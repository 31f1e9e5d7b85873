"""The claim-status menu and the signed-in role (tour of a two-PC office, finding 4).

The assistant at the chair right-clicked a draft case: "Mark as submitted…" was offered, the
documentation question was asked and answered, the claim number typed into the status dialog,
and only then: "Changing a case's status needs the billing or admin role" (the typing lost).
Now a role that may not change statuses gets the refusal in the menu, before anything is asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMenu, QTableView
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases import status_dialog
from cdt_desktop.ui.cases.list_view import CaseList
from cdt_desktop.ui.common import msgbox
from tests.helpers.office import as_user, office


@pytest.fixture
def signed(tmp_path: Path) -> Iterator[tuple[CaseService, object]]:
    with office(tmp_path / "data") as (service, auth):
        yield service, auth


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: seen.append("question") or True)
    monkeypatch.setattr(
        status_dialog, "ask_status_event", lambda *a, **k: seen.append("status dialog")
    )
    monkeypatch.setattr(msgbox, "show_warning", lambda _p, title, text: seen.append(text))
    return seen


def _menu_entries(qtbot: QtBot, case_list: CaseList, case_id: int) -> list[tuple[str, bool]]:
    case_list.resize(500, 400)
    case_list.show()
    case_list.refresh()
    table = case_list.findChild(QTableView, "caseTable")
    row = next(
        r for r in range(case_list.model().rowCount()) if case_list.model().case_id(r) == case_id
    )
    table.setFocus()
    table.selectRow(row)
    seen: list[list[tuple[str, bool]]] = []

    def read_and_close() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            seen.append([(a.text().replace("&", ""), a.isEnabled()) for a in popup.actions()])
            popup.close()

    QTimer.singleShot(0, read_and_close)
    case_list._keyboard_menu()
    qtbot.waitUntil(lambda: bool(seen))
    return seen[0]


def test_an_assistant_is_told_in_the_menu_before_anything_is_asked(
    qtbot: QtBot, signed: tuple[CaseService, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, auth = signed
    initials = as_user(auth, "Maria Ruiz")  # type: ignore[arg-type]
    case_id = service.create(
        Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330", tooth="30")),
        operator=initials,
    )
    case_list = CaseList(service, operator_source=lambda: initials)
    qtbot.addWidget(case_list)
    entries = _menu_entries(qtbot, case_list, case_id)
    assert len(entries) == 1
    text, enabled = entries[0]
    assert "billing or admin" in text and not enabled
    seen = _asked(monkeypatch)
    assert not case_list.change_status(case_id, "submitted")  # the keyboard's path too
    assert seen and "billing or admin" in seen[0] and "question" not in seen
    assert "status dialog" not in seen
    assert service.get(case_id).case.status == "draft"


def test_billing_still_gets_the_statuses(qtbot: QtBot, signed: tuple[CaseService, object]) -> None:
    service, auth = signed
    case_id = service.create(
        Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330", tooth="30")),
        operator=as_user(auth, "Maria Ruiz"),  # type: ignore[arg-type]
    )
    initials = as_user(auth, "Bea Billing")  # type: ignore[arg-type]
    case_list = CaseList(service, operator_source=lambda: initials)
    qtbot.addWidget(case_list)
    entries = _menu_entries(qtbot, case_list, case_id)
    assert ("Mark as submitted…", True) in entries
