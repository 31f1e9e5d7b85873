"""A film attached in the appeal letter's Radiographs box answers its checklist item at once.

The Radiographs… dialog reloads the Checklist tab when it closes; the appeal letter has its own
Radiographs box (Attach…, Remove) on the same store and the same connection, so no change feed
or write mark tells the window: the Checklist tab kept "0 of 5" with the dated pre-op film on
the case, while Mark as submitted counted it (review9).

Real window (real reference library, SQLite store, Pillow image, appeal dialog).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from tests.helpers.windows import shown_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with shown_window(qtbot, tmp_path / "data", operator="AB") as shown:
        yield shown


def _letter(window):  # type: ignore[no-untyped-def]
    from cdt_desktop.ui.appeal.dialog import NarrativeDialog

    window.export_appeal()
    # this window's letter (another test's dialog left open is a top-level widget too)
    return next(w for w in window.findChildren(NarrativeDialog) if w.isVisible())


def test_a_film_attached_in_the_letter_shows_in_the_checklist(
    qtbot: QtBot, window, tmp_path: Path
) -> None:
    case_id = window.cases.create(
        Case(
            patient=Patient(name="Ana Souza"),
            claim=Claim(date_of_service="2026-12-01"),
            procedure=Procedure(code="D3330", tooth="19"),
        ),
        operator="AB",
    )
    window.open_case(case_id)
    panel = window.checklist_panel
    assert panel.completeness() == (1, 6)  # #19 fits D3330: the record answers it
    dialog = _letter(window)
    film = tmp_path / "preop.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    assert dialog.radiographs.attach_file(
        film, "Pre-operative periapical radiograph, tooth #19", "2026-11-30"
    )
    dialog.done(0)
    qtbot.waitUntil(lambda: panel.completeness() == (2, 6), timeout=3000)
    note = panel.findChild(QLabel, "record_preop-radiograph")
    assert note is not None and note.isVisibleTo(panel)
    assert "November 30, 2026" in note.text()
