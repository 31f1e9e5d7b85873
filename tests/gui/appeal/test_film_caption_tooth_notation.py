"""File > Radiographs… proposes the film's caption with the tooth as the letter numbers it.

A case recorded in FDI (tooth 16, the upper right first molar) is #3 in the letter; the appeal
letter's own Radiographs box proposed "tooth #3", but File > Radiographs… (the chair's) proposed
"Periapical radiograph, tooth #16", which printed under the film behind a letter about #3: a
reviewer sees a film of another tooth (review9).

Real window, SQLite store, Pillow image, the attach dialog answered as proposed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.appeal.attach_dialog import AttachDialog
from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog
from cdt_desktop.ui.common import file_dialogs
from tests.helpers.windows import shown_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with shown_window(qtbot, tmp_path / "data", operator="AS") as shown:
        yield shown


def test_an_fdi_case_s_film_is_captioned_with_the_letter_s_tooth_number(
    qtbot: QtBot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = window.cases.create(
        Case(
            patient=Patient(name="Ana Souza"),
            procedure=Procedure(code="D3330", tooth="16", notation="fdi"),
        ),
        operator="AS",
    )
    window.open_case(case_id)
    window.show_radiographs()
    chair = window.findChild(RadiographsDialog)  # its own (another test's may linger, hidden)
    assert chair is not None
    film = tmp_path / "pa.png"
    Image.new("L", (400, 300), 80).save(film, "PNG")
    proposed: list[str] = []

    def answer(dialog: AttachDialog) -> int:
        proposed.append(dialog.caption())
        dialog.date_field.setText("2026-12-01")
        return AttachDialog.DialogCode.Accepted

    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: (str(film), ""))
    monkeypatch.setattr(AttachDialog, "exec", answer)
    chair.radiographs.choose_and_attach()
    assert proposed and proposed[0].endswith("tooth #3"), proposed
    assert "#16" not in proposed[0]
    chair.done(0)
