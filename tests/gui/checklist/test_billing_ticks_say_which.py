"""Billing sees which checklist items it ticks (tour8 finding 8; two-PC walkthrough).

Billing (PC 2) clicked "Working length recorded for each canal": "Ticking checklist items needs
the dentist, assistant or admin role; you are signed in as billing." But billing does tick the
checklist's Billing items (the claim's tooth number against the code): the refusal said so,
after a click on an item that looked like any other. The items billing may not tick are greyed,
their tip says why, and a Billing item still ticks. Real window, real store with users, real checklist.
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
        clinical = panel.checkbox("working-length-recorded")
        assert clinical is not None and not clinical.isEnabled()  # greyed: not billing's
        assert "Billing items only" in clinical.toolTip()
        clinical.click()
        assert shown == [] and not window.cases.get(case_id).checks.get("working-length-recorded")
        billing_item = next(i.id for i in panel.items() if i.group == "billing")
        assert panel.checkbox(billing_item).isEnabled()
        panel.checkbox(billing_item).click()
        assert shown == []  # no error: billing's own item is ticked
        assert window.cases.get(case_id).checks[billing_item].checked
    finally:
        window.session.idle.stop()
        window.close()
