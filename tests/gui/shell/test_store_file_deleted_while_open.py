"""The case store's file deleted (or replaced) while the window has it open: on Linux and
macOS the connection wrote on into the deleted file, every tick "saved", and the next start made
an empty store in its place: the day's work was gone (reliability probe). Now nothing more is
written to it: the window says at once that the file is missing, goes offline, and a tick is
refused with a message instead of being lost. Real SQLite file, real window, real message box."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.cases.ports import StoreFileGoneError
from cdt_desktop.ui.shell.store_status import FILE_GONE_TEXT
from tests.helpers.qt_events import answer_boxes


def _remove(folder: Path, how: str) -> None:
    store = folder / "cases.sqlite"
    if how == "deleted":
        for path in folder.glob("cases.sqlite*"):
            path.unlink()
    else:  # replaced by another file of that name (a sync tool's older copy)
        copy = folder / "older.sqlite"
        shutil.copyfile(store, copy)
        copy.replace(store)


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_store_file_gone_while_open_is_said_and_nothing_more_is_lost(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    folder = tmp_path / "chair"
    window = build_main_window(data_dir=folder)
    qtbot.addWidget(window)
    window.operator_picker.set_operator("AA")
    case_id = window.store.create_case(
        Case(patient=Patient(name="Jordan Reyes"), procedure=Procedure(code="D3330", tooth="19")),
        operator="AA",
    )
    window.open_case(case_id)
    _remove(folder, how)
    seen = answer_boxes(monkeypatch, "OK")
    label = window.findChild(QLabel, "storeStatus")
    qtbot.waitUntil(lambda: label.text() == FILE_GONE_TEXT, timeout=10_000)  # the 2 s poll
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert seen[0].windowTitle() == "Case store file missing"
    assert "was deleted, moved or replaced" in seen[0].text()
    # what the connection held is copied beside it, and the message names the copy (a daily
    # backup may be a day old: review)
    rescued = list((folder / "backups" / "rescued").glob("cases-*.sqlite"))
    assert len(rescued) == 1 and str(rescued[0]) in seen[0].text()
    with CaseStore.open_file(rescued[0], read_only=True) as copy:
        assert copy.get_case(case_id).case.patient.name == "Jordan Reyes"
    assert not window.checklist_panel.may_tick()
    # the boxes greyed, not the banner that says why (greyed, it was dim grey on grey in the
    # dark colours: two-PC walkthrough)
    banner = window.checklist_panel.findChild(QLabel, "checklistBanner")
    assert not banner.isHidden() and banner.isEnabled()
    assert not window.checklist_panel.checkbox("preop-radiograph").isEnabled()
    with pytest.raises(StoreFileGoneError):  # what a tick from anywhere in the window meets
        window.store.set_check(case_id, "consent", True, operator="AA")
    window.close()


def test_a_store_file_still_in_place_goes_on_as_before(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "pc") as store:
        case_id = store.create_case(Case(procedure=Procedure(code="D3330")), operator="AA")
        store.ping()
        store.set_check(case_id, "consent", True, operator="AA")
        assert store.checks(case_id)["consent"].checked


def test_a_backup_of_a_store_whose_file_is_gone_is_still_written(tmp_path: Path) -> None:
    """File > Back up cases... once the file is gone: the copy is all the office has; its audit
    row, which cannot be written to the file that is gone, must not undo it (review)."""
    folder = tmp_path / "pc"
    with CaseStore.open(folder) as store:
        store.create_case(Case(procedure=Procedure(code="D3330")), operator="AA")
        _remove(folder, "deleted")
        (tmp_path / "usb").mkdir()
        written = store.backup(tmp_path / "usb")
    with CaseStore.open_file(written, read_only=True) as copy:
        assert copy.count_cases() == 1


def test_an_i_o_error_reading_the_file_is_not_taken_for_a_file_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdt_desktop.db.cases.sqlite import repository

    with CaseStore.open(tmp_path / "pc") as store:
        real_stat = repository.os.stat

        def flaky(path: object, *args: object, **kwargs: object) -> object:
            if str(path) == str(store.path):
                raise PermissionError(13, "Permission denied")
            return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(repository.os, "stat", flaky)
        store.ping()  # not known now: not "gone"
        monkeypatch.setattr(repository.os, "stat", real_stat)
        store.set_check(store.create_case(Case(), operator="AA"), "consent", True, operator="AA")
