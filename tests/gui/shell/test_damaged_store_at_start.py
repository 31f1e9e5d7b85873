"""This PC's case store is damaged at start-up (a power cut mid-write on a bad disk, a file
overwritten by another program). The message used to end with "move the file out of its
folder, then `cdt-desktop restore BACKUP`", and the app quit: a hidden AppData folder and a
terminal, for a front desk. Now the message offers Set aside and start (Quit stays the default):
the damaged file moves into backups/damaged (nothing deleted), the window opens on an empty
store, and File > Restore cases from backup... puts a backup back. Real start (`app._start`),
real files, the real message box clicked as a user clicks it."""

from __future__ import annotations

import faulthandler
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cdt_desktop import app
from cdt_desktop.core import log
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.common import file_dialogs, msgbox
from cdt_desktop.ui.shell import damaged_store, excepthook
from cdt_desktop.ui.shell import main_window as main_window_module
from tests.helpers.qt_events import answer_boxes

DAMAGED = b"SQLite format 3\x00" + b"\x17" * 4000  # a header, then garbage: fails its check


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """This PC's data folder with a backup of its cases, and then its store damaged."""
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    data = tmp_path / "pc"
    (tmp_path / "usb").mkdir()
    with CaseStore.open(data) as store:
        store.create_case(
            Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330", tooth="19")),
            operator="MR",
        )
        backup = store.backup(tmp_path / "usb", operator="MR")
    (data / "cases.sqlite").write_bytes(DAMAGED)
    yield data, backup
    excepthook.uninstall()
    log.shutdown_logging()
    faulthandler.enable(file=sys.__stderr__)


def _errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text: shown.append((title, text)))
    return shown


def test_set_aside_and_start_opens_an_empty_store_and_a_backup_restores_the_cases(
    qapp: QApplication, qtbot, office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    data, backup = office
    errors = _errors(monkeypatch)
    infos: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_info", lambda _p, title, text: infos.append((title, text)))
    seen = answer_boxes(monkeypatch, damaged_store.SET_ASIDE)
    started = app._start(data, self_check=False)
    assert not isinstance(started, int)
    _app, window, _log, lock = started
    try:
        [box] = seen
        assert str(data / "cases.sqlite") in box.text() and "backups/damaged" in box.text()
        assert "cdt-desktop restore" not in box.text()  # the terminal's way is not this box's
        assert box.windowTitle() == "Case store damaged"
        assert box.defaultButton().text() == "Quit"  # Enter never moves the store
        assert errors == []
        [folder] = list((data / "backups" / "damaged").iterdir())
        assert (folder / "cases.sqlite").read_bytes() == DAMAGED  # nothing deleted
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert window.store.count_cases() == 0
        assert str(folder) in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: bool(infos), timeout=4000)
        assert infos[0][0] == "Damaged case store set aside"
        assert "File > Restore cases from backup..." in infos[0][1]
        # what the message says to do next: initials, then File > Restore cases from backup...
        asked: list[str] = []
        monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, _t, text: asked.append(text) or True)
        monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a: (str(backup), ""))
        window.operator_picker.set_operator("OM")
        window.menu_actions["restoreAction"].trigger()
        assert asked[0].startswith(f"Restore the 1 case in {backup.name} (a backup made ")
        assert window.store.count_cases() == 1
        qtbot.waitUntil(lambda: window.case_list.model().rowCount() == 1, timeout=8000)
    finally:
        window.close()
        if lock is not None:
            lock.unlock()


def test_quit_leaves_the_damaged_store_where_it_is_and_says_nothing_twice(
    qapp: QApplication, office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    data, _backup = office
    errors = _errors(monkeypatch)
    seen = answer_boxes(monkeypatch, "Quit")
    assert app._start(data, self_check=False) == app.EXIT_FAILURE
    assert len(seen) == 1 and errors == []  # the one box said it
    assert (data / "cases.sqlite").read_bytes() == DAMAGED
    assert not (data / "backups" / "damaged").exists()


def test_without_a_screen_the_message_is_said_as_before_and_nothing_moves(
    qapp: QApplication, office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    data, _backup = office
    errors = _errors(monkeypatch)
    assert app._start(data, self_check=False) == app.EXIT_FAILURE
    [(_title, text)] = errors
    assert str(data / "cases.sqlite") in text
    assert (data / "cases.sqlite").read_bytes() == DAMAGED


def test_only_this_pcs_own_damaged_store_is_offered_to_be_set_aside(tmp_path: Path) -> None:
    """A store chosen elsewhere (File > Case store..., --store: a USB drive, a share) is not
    replaced by an empty one at start, so its message stays as it was."""
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.domain.cases.ports import StoreCorruptError, StoreNewerSchemaError

    data = tmp_path / "pc"
    data.mkdir()
    store = data / "cases.sqlite"
    store.write_bytes(DAMAGED)
    codesets = data / "codesets.sqlite"
    codesets.write_bytes(DAMAGED)
    elsewhere = tmp_path / "usb" / "cases.sqlite"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(DAMAGED)
    offered = damaged_store.damaged_store_file
    assert offered(StoreCorruptError("damaged", store), data) == store
    assert offered(StoreCorruptError("damaged", codesets), data) is None
    assert offered(StoreCorruptError("damaged", elsewhere), data) is None
    assert offered(StoreNewerSchemaError("newer", store), data) is None
    assert offered(UserFacingError("library missing"), data) is None
    store.unlink()
    assert offered(StoreCorruptError("damaged", store), data) is None
