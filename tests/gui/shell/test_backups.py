"""Backups from the window: the office manager's File > Back up cases... to a USB drive, and the
daily backup the window makes by itself beside the store (a one-PC office has no terminal habit).
Real window, real SQLite store; only the folder chooser (a native dialog) is answered here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.common import file_dialogs, msgbox
from cdt_desktop.ui.shell import main_window as main_window_module


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    said: list[tuple[str, str]] = []
    for name in ("show_info", "show_error"):
        monkeypatch.setattr(msgbox, name, lambda _p, title, text: said.append((title, text)))
    return said


def _window(qtbot: QtBot, data: Path):  # type: ignore[no-untyped-def]
    window = build_main_window(data_dir=data)
    qtbot.addWidget(window)
    assert window.store is not None
    window.store.create_case(
        Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330", tooth="19")),
        operator="MR",
    )
    return window


def test_file_back_up_cases_writes_to_the_chosen_folder_and_says_where(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list[tuple[str, str]]
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(file_dialogs, "existing_directory", lambda *_a, **_k: str(usb))
    window = _window(qtbot, tmp_path / "pc")
    window.operator_picker.set_operator("OM")
    window.menu_actions["backupAction"].trigger()
    [written] = list(usb.iterdir())
    conn = sqlite3.connect(written)
    assert [r[0] for r in conn.execute("SELECT patient_name FROM cases")] == ["Zoë"]
    conn.close()
    assert shown and shown[0][0] == "Cases backed up" and str(written) in shown[0][1]
    assert str(written) in window.statusBar().currentMessage()
    last = window.store.audit()[0]
    assert (last.action, last.operator, last.detail) == ("backup", "OM", written.name)
    window.close()


def test_the_backup_says_the_licensed_code_set_is_not_in_it_and_the_next_starts_there(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list[tuple[str, str]]
) -> None:
    """Office manager walk: restored on a new PC, the licensed CDT descriptors were gone and
    nothing had said so; and each backup's folder chooser began in the home folder again."""
    from cdt_desktop import cli

    data = tmp_path / "pc"
    source = tmp_path / "CDT2026.csv"
    source.write_text("Code,Nomenclature\nD3330,Endodontic therapy molar (our test text)\n")
    assert cli.main(["--data-dir", str(data), "import-cdt", str(source), "--edition", "2026",
                     "--operator", "OM"]) == 0  # fmt: skip
    usb = tmp_path / "usb"
    usb.mkdir()
    started: list[str] = []

    def choose(_parent, _title, start, **_k):  # type: ignore[no-untyped-def]
        started.append(start)
        return str(usb)

    monkeypatch.setattr(file_dialogs, "existing_directory", choose)
    window = _window(qtbot, data)
    window.operator_picker.set_operator("OM")
    window.menu_actions["backupAction"].trigger()
    assert "The licensed CDT code set is not in it" in shown[-1][1]
    window.menu_actions["backupAction"].trigger()
    assert started[-1] == str(usb)  # where the last backup went
    window.close()


def test_without_initials_or_when_cancelled_no_backup_is_written(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list[tuple[str, str]]
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    asked: list[str] = []

    def choose(*_a: object, **_k: object) -> str:
        asked.append("folder")
        return ""  # Cancel

    monkeypatch.setattr(file_dialogs, "existing_directory", choose)
    window = _window(qtbot, tmp_path / "pc")
    window.menu_actions["backupAction"].trigger()  # no initials typed yet
    assert shown and shown[0][0] == "Cases not backed up" and "initials" in shown[0][1]
    assert asked == []  # refused before any folder is asked for
    window.operator_picker.set_operator("OM")
    window.menu_actions["backupAction"].trigger()
    assert asked == ["folder"] and list(usb.iterdir()) == []
    window.close()


def test_the_window_makes_the_daily_backup_by_itself_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 50)
    window = _window(qtbot, tmp_path / "pc")
    daily = tmp_path / "pc" / "backups" / "daily"
    qtbot.waitUntil(lambda: "Daily backup written" in window.statusBar().currentMessage(),
                    timeout=10000)  # fmt: skip
    [made] = list(daily.glob("cases-*.sqlite"))
    assert made.name in window.statusBar().currentMessage()
    assert (window.store.audit()[0].action, window.store.audit()[0].operator) == (
        "backup", "system",
    )  # fmt: skip
    assert window.daily_backup.check() is None  # not due again today
    assert list(daily.glob("cases-*.sqlite")) == [made]
    window.close()


def test_a_daily_backup_finishing_after_a_switch_of_store_is_audited_in_the_store_it_copied(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Case store… while the worker copies the old store: the "backup" row belongs to
    the store that was copied, not to the one the window moved to. It was audited nowhere (the
    office manager reading the old store's log saw no backup that day); now the old store is
    opened again for its row."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = _window(qtbot, tmp_path / "pc")
    window._daily_backup()  # the worker starts; its result is delivered by the event loop
    other = CaseStore.open(tmp_path / "other")
    window.switch_store(other)
    qtbot.waitUntil(lambda: "Daily backup written" in window.statusBar().currentMessage(),
                    timeout=10000)  # fmt: skip
    assert [e.action for e in other.audit()] == []
    [made] = list((tmp_path / "pc" / "backups" / "daily").glob("cases-*.sqlite"))
    assert "pc" in window.statusBar().currentMessage()  # which store's backup: not this one's
    window.close()
    other.close()
    with CaseStore.open(tmp_path / "pc") as copied:
        last = copied.audit()[0]
        assert (last.action, last.operator, last.detail) == ("backup", "system", made.name)
        assert last.user_id is None and copied.verify_audit() == []


def test_a_restore_made_from_a_terminal_shows_in_the_open_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office's IT person restores last night's backup (`cdt-desktop restore`) while the
    front desk's window is open: the window shows the restored cases within seconds."""
    import subprocess
    import sys

    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = _window(qtbot, tmp_path / "pc")
    backup = window.store.backup(tmp_path, operator="OM")
    later = window.store.create_case(Case(patient=Patient(name="Ann Later")), operator="MR")
    window.case_list.refresh()
    window.open_case(later)
    assert window.case_list.model().rowCount() == 2
    subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "--data-dir", str(tmp_path / "pc"), "restore",
         str(backup), "--operator", "IT", "--yes"],
        check=True, timeout=60, capture_output=True,
    )  # fmt: skip
    qtbot.waitUntil(lambda: window.case_list.model().rowCount() == 1, timeout=6000)
    assert window.store.audit()[0].action == "restore"
    qtbot.waitUntil(lambda: window.current_case_id() is None, timeout=3000)  # not in the backup
    assert "no longer in the case store" in window.statusBar().currentMessage()
    window.close()


def test_a_read_only_daily_folder_is_said_once_with_the_folder_and_what_to_do(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``backups/daily`` cannot be written: the status bar says so once, naming the folder and
    what to do, and a warning stays at its right end; the hourly checks after it say nothing
    new; once a daily backup is made again the warning goes."""
    from PySide6.QtWidgets import QPushButton

    from tests.helpers.disks import read_only_folder

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, title, text: told.append((title, text)))

    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = _window(qtbot, tmp_path / "pc")
    window.show()
    daily = tmp_path / "pc" / "backups" / "daily"
    bar = window.statusBar()
    with read_only_folder(daily):
        window._daily_backup()
        qtbot.waitUntil(lambda: "Daily backup not made" in bar.currentMessage(), timeout=10000)
        said = bar.currentMessage()
        assert str(daily) in said and "read-only" in said and "File > Back up cases" in said
        warning = window.findChild(QPushButton, "dailyBackupWarning")
        assert warning is not None and warning.isVisible()
        assert str(daily) in warning.toolTip()
        warning.click()  # the whole of it, however long the folder's name
        [(title, text)] = told
        assert title == "Daily backup not made" and str(daily) in text and "writable" in text
        bar.clearMessage()
        for _hour in range(3):  # the hourly checks: the same problem is not said again
            worker = window.daily_backup.check()
            assert worker is not None
            worker.join(timeout=30)
            qtbot.wait(50)  # its result, queued to the window's thread
            assert bar.currentMessage() == "" and warning.isVisible()
    worker = window.daily_backup.check()
    assert worker is not None
    worker.join(timeout=30)
    qtbot.waitUntil(lambda: "Daily backup written" in bar.currentMessage(), timeout=10000)
    assert not warning.isVisible()
    window.close()


def test_a_restore_of_another_pc_s_backup_closes_the_case_whose_number_it_reuses(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The front desk's window has case 1 (Zoë) open while the office restores the old front
    desk PC's backup, whose case 1 is another patient. The window stayed on case 1 and showed
    that patient under Zoë's open chart (the chart's unsaved answers kept, to be saved onto
    her): it looked the case up by number only. Now a case of another uuid is closed."""
    import subprocess
    import sys

    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    with CaseStore.open(tmp_path / "old-pc") as other:
        other.create_case(Case(patient=Patient(name="Other Patient"),
                               procedure=Procedure(code="D3330", tooth="19")), operator="MR")  # fmt: skip
        backup = other.backup(tmp_path, operator="OM")
    window = _window(qtbot, tmp_path / "pc")
    window.case_list.refresh()
    window.open_case(1)
    assert window.current_case_id() == 1
    subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "--data-dir", str(tmp_path / "pc"), "restore",
         str(backup), "--operator", "IT", "--yes"],
        check=True, timeout=60, capture_output=True,
    )  # fmt: skip
    qtbot.waitUntil(lambda: window.current_case_id() is None, timeout=6000)
    assert "no longer in the case store" in window.statusBar().currentMessage()
    window.close()


def test_the_window_s_daily_check_removes_a_killed_restore_s_copy(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restore killed mid-way (power cut) left its copy of a backup beside the store: the
    window's check (a while after it opens, then hourly) removes it once no restore can be
    using it, and leaves anything else that starts with the name."""
    import os
    import tempfile
    import time

    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = _window(qtbot, tmp_path / "pc")
    left = Path(tempfile.mkdtemp(prefix=".restore-", dir=tmp_path / "pc"))
    (left / "backup.sqlite").write_bytes(b"\x00" * 4096)
    mine = tmp_path / "pc" / ".restore-mine"
    mine.mkdir()
    day_ago = time.time() - 86400
    for p in (left / "backup.sqlite", left, mine):
        os.utime(p, (day_ago, day_ago))
    window._daily_backup()
    assert not left.exists() and mine.exists()
    qtbot.waitUntil(lambda: "Daily backup written" in window.statusBar().currentMessage(),
                    timeout=10000)  # fmt: skip
    window.close()


def test_a_daily_backup_finishing_after_its_window_closed_is_audited_in_the_store_it_copied(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The front desk closes the window while the worker copies: the backup was on disk and
    audited nowhere. Now the worker writes the row into the store it copied."""
    import shiboken6

    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.ui.shell import backups

    monkeypatch.setattr(main_window_module, "DAILY_BACKUP_FIRST_CHECK_MS", 10**9)
    window = _window(qtbot, tmp_path / "pc")
    daily = backups.DailyBackup(window)
    service = backups.service_for(window)
    window.close()
    window.store.close()
    shiboken6.delete(daily)  # the window's objects are gone when the worker finishes
    backups.DailyBackup._work(daily, service)
    [made] = list((tmp_path / "pc" / "backups" / "daily").glob("cases-*.sqlite"))
    with CaseStore.open(tmp_path / "pc") as copied:
        last = copied.audit()[0]
        assert (last.action, last.operator, last.detail) == ("backup", "system", made.name)


def test_on_the_office_server_back_up_and_restore_say_where_it_is_done_not_an_error(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg_server,  # type: ignore[no-untyped-def]
) -> None:
    """Office walkthrough: as admin on the server store, File > Back up cases... and Restore
    ended in a red "Cases not backed up" error box, as if something had failed; the office
    manager thought backups did not exist. They are made on the server: said as information,
    with where (pg_dump, pg_restore)."""
    from tests.helpers.office import office_on_server

    said: list[tuple[str, str]] = []
    for name in ("show_info", "show_error"):
        monkeypatch.setattr(msgbox, name, lambda _p, t, _x, kind=name: said.append((kind, t)))
    asked: list[str] = []
    monkeypatch.setattr(file_dialogs, "existing_directory", lambda *_a, **_k: asked.append("x"))
    with office_on_server(pg_server) as url:
        window = build_main_window(data_dir=tmp_path / "pc", store=url, user="Ana Admin")
        qtbot.addWidget(window)
        try:
            window.menu_actions["backupAction"].trigger()
            window.menu_actions["restoreAction"].trigger()
        finally:
            if window.session.idle is not None:
                window.session.idle.stop()
            window.close()
    assert said == [
        ("show_info", "Backed up on the office server"),
        ("show_info", "Restored on the office server"),
    ]
    assert asked == []  # no folder is asked for
