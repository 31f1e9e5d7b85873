"""The chair attaches the films it took (tour of a two-PC office, finding 2).

Films could only be attached inside the appeal letter dialog, which an assistant may not open
("Exporting or printing an appeal letter needs the dentist, billing or admin role"), so the
assistant at the chair could not attach the radiograph she had just taken, although the service
allows it and the README says the chair attaches its films. File > Radiographs… (and the
Radiographs… button under the checklist) open the case's films for anyone who may open the
case; attaching is offered to the roles that may attach.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.common import msgbox
from tests.helpers.office import office

Window = Any


def _film(folder: Path) -> Path:
    path = folder / "pa19.jpg"
    Image.new("L", (400, 300), 80).save(path, "JPEG")
    return path


def _signed_in(qtbot: QtBot, data_dir: Path, user: str) -> Window:
    window = build_main_window(data_dir=data_dir, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _films_dialog(window: Window) -> Any:
    from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog

    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, RadiographsDialog) and w.parent() is window and w.isVisible()
    ]
    assert found, "no radiographs dialog open"
    return found[-1]


@pytest.mark.parametrize("user", ["Maria Ruiz", "Dr Diaz"])
def test_the_chair_attaches_the_film_it_took(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text: shown.append(text))
    with office(tmp_path / "data"):
        pass  # an admin, a dentist, an assistant and billing, each with a PIN
    window = _signed_in(qtbot, tmp_path / "data", user)
    try:
        case_id = window.cases.create(
            Case(
                patient=Patient(name="Jordan Reyes"), procedure=Procedure(code="D3330", tooth="19")
            ),
            operator=window.operator(),
        )
        window.open_case(case_id)
        button = window.findChild(QPushButton, "radiographsButton")
        assert button is not None and button.isEnabled()
        window.menu_actions["radiographsAction"].trigger()
        dialog = _films_dialog(window)
        assert "Jordan Reyes" in dialog.windowTitle() + dialog.heading.text()
        box = dialog.radiographs
        assert box.attach_button.isEnabled()
        assert box.attach_file(_film(tmp_path), "Pre-operative periapical, #19", "2026-12-02")
        assert shown == []
        films = window.cases.radiographs(case_id)
        assert [f.caption for f in films] == ["Pre-operative periapical, #19"]
        dialog.close()
    finally:
        window.session.idle.stop()
        window.close()


def test_billing_sees_the_films_and_no_case_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    infos: list[str] = []
    monkeypatch.setattr(msgbox, "show_info", lambda _p, title, text: infos.append(title))
    with office(tmp_path / "data"):
        pass
    window = _signed_in(qtbot, tmp_path / "data", "Bea Billing")
    try:
        window.menu_actions["radiographsAction"].trigger()  # nothing open yet
        assert infos == ["No case open"]
        assert window.findChild(QPushButton, "radiographsButton") is not None
    finally:
        window.session.idle.stop()
        window.close()


def test_a_closed_radiographs_dialog_is_gone_with_its_films(qtbot: QtBot, tmp_path: Path) -> None:
    """Each File > Radiographs… made a dialog that Close only hid: a day at the chair kept every
    patient's films (and name, in the heading) in the window's memory, one dialog per opening."""
    from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog

    with office(tmp_path / "data"):
        pass
    window = _signed_in(qtbot, tmp_path / "data", "Maria Ruiz")
    try:
        case_id = window.cases.create(
            Case(
                patient=Patient(name="Jordan Reyes"), procedure=Procedure(code="D3330", tooth="19")
            ),
            operator=window.operator(),
        )
        window.open_case(case_id)
        window.menu_actions["radiographsAction"].trigger()
        _films_dialog(window).close()  # the window system's close
        window.menu_actions["radiographsAction"].trigger()
        _films_dialog(window).reject()  # its Close button (or Escape)
        qtbot.waitUntil(lambda: not window.findChildren(RadiographsDialog), timeout=3000)
    finally:
        window.session.idle.stop()
        window.close()
