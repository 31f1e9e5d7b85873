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
    assert not window.checklist_panel.isEnabled()
    with pytest.raises(StoreFileGoneError):  # what a tick from anywhere in the window meets
        window.store.set_check(case_id, "consent", True, operator="AA")
    window.close()


def test_a_store_file_still_in_place_goes_on_as_before(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "pc") as store:
        case_id = store.create_case(Case(procedure=Procedure(code="D3330")), operator="AA")
        store.ping()
        store.set_check(case_id, "consent", True, operator="AA")
        assert store.checks(case_id)["consent"].checked
