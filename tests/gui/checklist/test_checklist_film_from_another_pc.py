"""A dated film attached at another workstation answers its item in this window's checklist.

The front desk attached the post-op film on the office server while the chair had the case
open: the chair's Checklist tab follows (the change feed), as Mark as submitted would count it.
Real PostgreSQL, the film attached by another process.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from tests.helpers.postgres import PgServer


@pytest.fixture
def server_url(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.new_database()
    url = pg_server.url(name)
    with open_repository(url) as store:
        store.create_case(
            Case(
                patient=Patient(name="Zoë"),
                claim=Claim(date_of_service="2026-12-01"),
                procedure=Procedure(code="D3330", tooth="30"),
            ),
            operator="MR",
        )
    try:
        yield url
    finally:
        pg_server.drop_database(name)


def test_a_film_attached_elsewhere_shows_in_the_checklist(
    qtbot: QtBot, tmp_path: Path, server_url: str
) -> None:
    window = build_main_window(data_dir=tmp_path / "chair", store=server_url)
    qtbot.addWidget(window)
    window.operator_picker.set_operator("MR")
    window.open_case(1)
    panel = window.checklist_panel
    assert panel.completeness() == (1, 6)  # #19 fits D3330: the record answers it
    code = (
        "from cdt_desktop.db.cases import open_repository\n"
        "from tests.helpers.images import jpeg_bytes\n"
        f"with open_repository({server_url!r}) as s:\n"
        "    s.add_radiograph(1, caption='Post-op PA #30', taken_on='2026-12-02',\n"
        "        media_type='image/jpeg', data=jpeg_bytes(), width=64, height=48,\n"
        "        operator='BB')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, cwd=Path.cwd())
    qtbot.waitUntil(lambda: panel.completeness() == (2, 6), timeout=5000)
    note = panel.findChild(QLabel, "record_postop-radiograph")
    assert note is not None and "December 2, 2026" in note.text()
    window.close()
