"""A case voided at another workstation closes where it is open (tour of a two-PC office,
finding 10).

The chair had case 2 open; the front desk voided it (a duplicate entered in error). The chair's
status bar said "Case 2: voided by BB on another workstation" for a few seconds, but the case
stayed open with its checklist live, and the assistant's next tick went onto the voided case
(not onto the patient's real case). Now the voided case closes there, and the status bar says
why until the next action. Real PostgreSQL, the void made by another process.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from tests.helpers.postgres import PgServer


@pytest.fixture
def server_url(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.new_database()
    url = pg_server.url(name)
    with open_repository(url) as store:
        store.create_case(
            Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330", tooth="30")),
            operator="MR",
        )
    try:
        yield url
    finally:
        pg_server.drop_database(name)


def test_a_case_voided_elsewhere_closes_here(qtbot: QtBot, tmp_path: Path, server_url: str) -> None:
    window = build_main_window(data_dir=tmp_path / "chair", store=server_url)
    qtbot.addWidget(window)
    window.operator_picker.set_operator("MR")
    window.open_case(1)
    assert window.current_case_id() == 1
    code = (
        "from cdt_desktop.db.cases import open_repository\n"
        f"with open_repository({server_url!r}) as s:\n"
        "    s.set_status(1, 'void', operator='BB')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    qtbot.waitUntil(lambda: window.current_case_id() is None, timeout=5000)
    assert "voided" in window.statusBar().currentMessage()
    assert "closed here" in window.statusBar().currentMessage()
    assert not window.checklist_panel.may_tick() or window.checklist_panel.case_id() is None
    window.close()


def test_a_case_voided_while_this_window_was_offline_closes_when_it_is_back(
    qtbot: QtBot, tmp_path: Path, server_url: str
) -> None:
    """The chair's network dropped for a minute while the front desk voided the case: the void's
    notification never reached the chair, so on reconnect ("re-read everything") the voided case
    has to close too, or the next tick goes onto it."""
    window = build_main_window(data_dir=tmp_path / "chair", store=server_url)
    qtbot.addWidget(window)
    window.operator_picker.set_operator("MR")
    window.open_case(1)
    status = window.store_status
    status.report_failure()  # the chair's connection is gone: no notification reaches it
    assert not status.online
    code = (
        "from cdt_desktop.db.cases import open_repository\n"
        f"with open_repository({server_url!r}) as s:\n"
        "    s.set_status(1, 'void', operator='BB')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    status.retry()  # back online
    qtbot.waitUntil(lambda: window.current_case_id() is None, timeout=5000)
    assert "voided on another workstation" in window.statusBar().currentMessage()
    window.close()
