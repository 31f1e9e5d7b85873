"""Attaching films at the chair (chairside walkthrough): one image twice, the folder, Escape.

The assistant attached film.png as the pre-operative film and a byte-identical copy as the
post-operative film: nothing was said, the checklist counted both film items done, and the letter
enclosed the same image twice. Attaching an image the case has already is asked about first
(No is the default); and the file chooser starts where the last film came from, not in the home
folder each time; Escape asks before a typed caption or date is lost.

Real case store (SQLite), real case service, real Pillow films, real dialogs; only the operating
system's file chooser and the question's answer are given by the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog
from cdt_desktop.ui.appeal.radiographs import AttachDialog
from cdt_desktop.ui.common import file_dialogs, folders, msgbox


@pytest.fixture
def chair(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[RadiographsDialog, CaseService, int]]:
    with CaseStore.open(tmp_path / "data") as store:
        service = CaseService(store)
        case = Case(
            patient=Patient(name="Zoë Nguyễn"), procedure=Procedure(code="D3330", tooth="19")
        )
        case_id = store.create_case(case, operator="AS")
        dialog = RadiographsDialog(service, case_id, heading="Case 1", tooth="19", operator="AS")
        qtbot.addWidget(dialog)
        yield dialog, service, case_id


@pytest.mark.parametrize(("answer", "films"), [(False, 1), (True, 2)])
def test_the_same_image_attached_again_is_asked_about_first(
    chair: tuple[RadiographsDialog, CaseService, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: bool,
    films: int,
) -> None:
    dialog, service, case_id = chair
    first = tmp_path / "film.png"
    Image.new("L", (400, 300), 128).save(first, "PNG")
    copy = tmp_path / "postop_30.png"
    shutil.copyfile(first, copy)
    asked: list[str] = []

    def ask(_parent, title: str, text: str, *, default: bool = False) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        assert not default  # Enter keeps the case as it is
        return answer

    monkeypatch.setattr(msgbox, "ask_yes_no", ask)
    assert dialog.radiographs.attach_file(first, "Pre-op PA #19", "2026-11-30")
    assert asked == []  # a new image: nothing asked
    assert dialog.radiographs.attach_file(copy, "Post-op PA #19", "2026-12-01") is answer
    [question] = asked
    assert "on the case already: Pre-op PA #19, taken November 30, 2026" in question
    assert len(service.radiographs(case_id)) == films


def test_a_different_image_is_attached_without_a_question(
    chair: tuple[RadiographsDialog, CaseService, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog, service, case_id = chair
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: pytest.fail("asked"))
    for shade, name in ((90, "pre.png"), (160, "post.png")):
        Image.new("L", (400, 300), shade).save(tmp_path / name, "PNG")
        assert dialog.radiographs.attach_file(tmp_path / name, f"{name} #19", "2026-11-30")
    assert len(service.radiographs(case_id)) == 2


def test_the_file_chooser_starts_where_the_last_film_came_from(
    chair: tuple[RadiographsDialog, CaseService, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog, _service, _case_id = chair
    monkeypatch.setattr(folders, "_LAST_CHOSEN", {})  # no film chosen yet in this run
    exports = tmp_path / "imaging-exports"
    exports.mkdir()
    film = exports / "preop_19.png"
    Image.new("L", (400, 300), 70).save(film, "PNG")
    started: list[str] = []

    def choose(_parent, _title: str, start: str, _filter: str) -> tuple[str, str]:
        started.append(start)
        return str(film), ""

    monkeypatch.setattr(file_dialogs, "open_file_name", choose)
    monkeypatch.setattr(AttachDialog, "exec", lambda self: self.reject() or self.result())
    dialog.radiographs.choose_and_attach()  # chosen, then the caption dialog cancelled
    dialog.radiographs.choose_and_attach()
    assert started[0] != str(exports)
    assert started[1] == str(exports)


@pytest.mark.parametrize(("answer", "closed"), [(False, False), (True, True)])
def test_escape_in_the_attach_dialog_asks_before_losing_a_typed_caption(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, answer: bool, closed: bool
) -> None:
    """Chairside walkthrough: Esc closed the dialog at once with "Bitewing left side, distal
    caries 19" and its date typed; the case form and the status dialog ask first."""
    from PySide6.QtCore import Qt

    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, _t, **_k: asked.append(title) or answer
    )
    dialog = AttachDialog("bw.png", "Periapical radiograph, tooth #19", proposed="other")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.caption_field, " distal caries")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Discard what you typed?"]
    assert dialog.isVisible() is not closed


def test_escape_in_an_untouched_attach_dialog_closes_it_without_a_question(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: pytest.fail("asked"))
    dialog = AttachDialog(
        "pa.png", "Periapical radiograph, tooth #19", dates={"preop": "2026-11-30"}
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("postop"))  # chosen, not typed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_image_on_another_patient_s_case_is_asked_about_first(
    chair: tuple[RadiographsDialog, CaseService, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Verification walk: Elena Ruiz's film, attached to Tomas Blake's case, was taken without
    a word (only the case's own films were compared)."""
    dialog, service, case_id = chair
    other = service.create(
        Case(patient=Patient(name="Elena Ruiz"), procedure=Procedure(code="D3330", tooth="30")),
        operator="AS",
    )
    film = tmp_path / "ruiz-preop.png"
    Image.new("L", (400, 300), 77).save(film, "PNG")
    service.attach_radiograph(other, film, caption="Pre-op #30", taken_on="", operator="AS")
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, title, text, **_k: asked.append((title, text)) or False
    )
    assert not dialog.radiographs.attach_file(film, "Pre-op PA #19", "2026-11-30")
    [(title, text)] = asked
    assert title == "Image of another case"
    assert f"case {other} (Elena Ruiz)" in text
    assert service.radiographs(case_id) == []  # No: nothing attached


def _attach_cancelled_at_caption(window, film: Path, monkeypatch: pytest.MonkeyPatch) -> str:  # type: ignore[no-untyped-def]
    """Radiographs… on the open case, the film chosen and its caption dialog cancelled; the
    folder the file chooser started in."""
    started: list[str] = []

    def choose(_parent, _title: str, start: str, _filter: str) -> tuple[str, str]:
        started.append(start)
        return str(film), ""

    monkeypatch.setattr(file_dialogs, "open_file_name", choose)
    monkeypatch.setattr(AttachDialog, "exec", lambda self: self.reject() or self.result())
    window.show_radiographs()
    dialog = window.findChild(RadiographsDialog)
    dialog.radiographs.choose_and_attach()
    dialog.close()
    dialog.deleteLater()
    return started[0]


def test_the_next_start_begins_in_the_folder_of_the_last_film(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verification walkthrough: the films' folder was remembered for the session only, and
    every morning began in Pictures again. It is this PC's setting now (settings.ini)."""
    from tests.helpers.windows import shown_window

    monkeypatch.setattr(folders, "_LAST_CHOSEN", {})
    exports = tmp_path / "imaging-exports"
    exports.mkdir()
    film = exports / "preop_19.png"
    Image.new("L", (400, 300), 70).save(film, "PNG")
    data = tmp_path / "data"
    case = Case(patient=Patient(name="Zoë Nguyễn"), procedure=Procedure(code="D3330", tooth="19"))
    with shown_window(qtbot, data) as window:
        case_id = window.cases.create(case, operator="AB")
        window.open_case(case_id)
        assert _attach_cancelled_at_caption(window, film, monkeypatch) != str(exports)
    monkeypatch.setattr(folders, "_LAST_CHOSEN", {})  # the app is started anew
    with shown_window(qtbot, data) as window:  # the next morning
        window.open_case(case_id)
        assert _attach_cancelled_at_caption(window, film, monkeypatch) == str(exports)
    shutil.rmtree(exports)  # the folder was moved away: the usual start folder again
    with shown_window(qtbot, data) as window:
        window.open_case(case_id)
        assert _attach_cancelled_at_caption(window, film, monkeypatch) != str(exports)


def test_alt_c_closes_the_radiographs_dialog_as_it_closes_the_letter(
    qtbot: QtBot, chair: tuple[RadiographsDialog, CaseService, int]
) -> None:
    """Verification walk: Alt+C closed the appeal letter's dialog; in Radiographs only Esc did.
    Every Alt letter of the dialog has one owner."""
    from PySide6.QtWidgets import QPushButton

    from tests.helpers.qt_events import mnemonics

    dialog, _service, _case_id = chair
    dialog.show()
    qtbot.waitExposed(dialog)
    letters = mnemonics(dialog)
    assert letters.get("c") == ["&Close"], letters
    assert all(len(owners) == 1 for owners in letters.values()), letters
    close = dialog.findChild(QPushButton, "closeFilmsButton")
    assert close is not None and close.isVisibleTo(dialog)  # (it closes as Esc does)
