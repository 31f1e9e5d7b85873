"""The audit trail in the window reads in the office's own clock (office manager walkthrough:
"When (UTC) 06:34" for a tick made at 00:34 in Chicago, and a day's range that began at 18:00
the evening before). Real dialog, real SQLite store; the process's time zone set for the test."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.session.audit_dialog import COLUMNS, AuditDialog
from tests.helpers.office import as_user, office


@pytest.fixture
def chicago(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_audit_trail_shows_local_times_and_closes_with_a_button(
    qtbot: QtBot, tmp_path: Path, chicago: None
) -> None:
    with office(tmp_path / "data") as (service, auth):
        as_user(auth, "Ana Admin")
        service.create(
            Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AA",
        )
        dialog = AuditDialog(auth)
        qtbot.addWidget(dialog)
        dialog.reload()
        assert COLUMNS[0] == "When"
        last = dialog.rows[-1]
        stored = datetime.fromisoformat(last.at.replace("Z", "+00:00"))
        local = stored.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        assert stored.astimezone(UTC).utcoffset() != stored.astimezone().utcoffset()
        shown = dialog.table.item(len(dialog.rows) - 1, 0).text()
        assert shown == local  # the office's clock, not UTC
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None and buttons.button(QDialogButtonBox.StandardButton.Close)
