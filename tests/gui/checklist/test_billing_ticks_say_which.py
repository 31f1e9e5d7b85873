"""Billing clicking a Clinical item is told which items billing ticks (tour8 finding 8).

Billing (PC 2) clicked "Working length recorded for each canal": "Ticking checklist items needs
the dentist, assistant or admin role; you are signed in as billing." But billing does tick the
checklist's Billing items (the claim's tooth number against the code): the message now says so,
and a Billing item still ticks. Real window, real store with users, real checklist.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.common import msgbox
from tests.helpers.office import office


def test_billing_is_told_it_ticks_the_billing_items(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, _title, text: shown.append(text))
    with office(tmp_path / "data") as (service, _auth):
        case_id = service.create(
            Case(patient=Patient(name="Zoë Nguyễn"), procedure=Procedure(code="D3330", tooth="19")),
            operator="MR",
        )
    window = build_main_window(data_dir=tmp_path / "data", user="Bea Billing")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.open_case(case_id)
        panel = window.checklist_panel
        panel.checkbox("working-length-recorded").click()
        assert len(shown) == 1 and "Billing items" in shown[0], shown
        billing_item = next(i.id for i in panel.items() if i.group == "billing")
        panel.checkbox(billing_item).click()
        assert len(shown) == 1  # no error: billing's own item is ticked
        assert window.cases.get(case_id).checks[billing_item].checked
    finally:
        window.session.idle.stop()
        window.close()
