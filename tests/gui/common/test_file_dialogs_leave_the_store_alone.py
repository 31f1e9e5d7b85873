"""The app's file dialogs never open a file they list. Second re-walk (data loss): browsing
File > Restore cases from backup… up into the data folder made Qt's dialog read the first bytes
of cases.sqlite, its -shm and the lock file to tell their types; closing those handles dropped
the window connection's POSIX locks, a terminal's `cases tick` then deleted the WAL as it
closed, and another process's ticks were lost at the window's close. Real dialog, real store,
real second process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Procedure
from cdt_desktop.ui.common import file_dialogs

TERMINAL = """
import sys
from cdt_desktop.db.cases.sqlite.repository import CaseStore
store = CaseStore.open(sys.argv[1])
store.set_check(1, "consent", True, operator="BB")
store.close()
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX record locks: dropped by any close")
@pytest.mark.parametrize("filters", ["Case store backups (*.sqlite);;All files (*)", ""])
def test_a_dialog_shown_on_the_data_folder_leaves_the_window_s_store_locks(
    qtbot: QtBot, tmp_path: Path, filters: str
) -> None:
    folder = tmp_path / "office"
    store = CaseStore.open(folder)
    try:
        store.create_case(Case(procedure=Procedure(code="D3330", tooth="19")), operator="AA")
        dialog = file_dialogs.quiet_dialog(None, "Restore cases from backup", str(folder),
                                           filters)  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(1500)  # the folder's files listed, their icons and types worked out
        dialog.reject()
        subprocess.run([sys.executable, "-c", TERMINAL, str(folder)], check=True, timeout=60)
        assert (folder / "cases.sqlite-wal").exists()  # still the store's: the lock held
        store.set_check(1, "preop-radiograph", True, operator="AA")
    finally:
        store.close()
    with CaseStore.open(folder) as again:
        ticked = {item for item, state in again.checks(1).items() if state.checked}
    assert ticked == {"consent", "preop-radiograph"}


def test_a_file_s_type_is_told_by_its_name() -> None:
    from PySide6.QtCore import QFileInfo

    icons = file_dialogs.QuietIcons()
    assert icons.type(QFileInfo("/nowhere/cases.sqlite")) == "SQLITE file"
    assert icons.type(QFileInfo("/nowhere/cases.sqlite-shm")) == "SQLITE-SHM file"


@pytest.mark.skipif(not file_dialogs.QUIET, reason="Windows: the system's own dialog")
@pytest.mark.parametrize(
    ("filters", "suffix"),
    [
        ("PDF (*.pdf)", "pdf"),
        ("Case files (*.json);;All files (*)", "json"),
        ("CSV (*.csv)", "csv"),
    ],
)
def test_the_save_dialog_adds_the_filter_s_extension(
    qtbot: QtBot, tmp_path: Path, filters: str, suffix: str
) -> None:
    """Review: Qt's own dialog has no default extension: "letter" typed where letter.pdf exists
    was not asked about, and the letter's .pdf was added after and the file replaced unasked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, look)
            return
        seen.append(dialog.defaultSuffix())
        dialog.reject()

    QTimer.singleShot(10, look)
    assert file_dialogs.save_file_name(None, "Save", str(tmp_path / "out"), filters) == ("", "")
    assert seen == [suffix]
