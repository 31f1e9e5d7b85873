"""`cdt-desktop restore` where a backup is needed most: a new PC with no case store (the old
disk died), a damaged case store, a hand-copied live store on a write-protected drive. Real
files through the real dispatcher."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from tests.helpers.disks import read_only_mount
from tests.helpers.stores import patient_names


def _case(store: CaseStore, name: str) -> int:
    return store.create_case(
        Case(patient=Patient(name=name), procedure=Procedure(code="D3330")), operator="AB"
    )


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    """The office manager's backup on a USB drive: Zoë and Nguyễn, Zoë's consent ticked."""
    with CaseStore.open(tmp_path / "old-pc") as store:
        _case(store, "Zoë")
        _case(store, "Nguyễn Văn An")
        store.tick(1, "consent", True, operator="AB")
        (tmp_path / "usb").mkdir()
        return store.backup(tmp_path / "usb", operator="OM")


def _restore(data: Path, backup: Path | str) -> int:
    return cli.main(["--data-dir", str(data), "restore", str(backup), "--operator", "OM",
                     "--yes"])  # fmt: skip


@pytest.mark.parametrize("on_share", [False, True], ids=["usb", "backup-share"])
def test_a_new_pc_with_no_case_store_gets_the_backup(
    usb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], on_share: bool
) -> None:
    """The old PC's disk died; the app is installed on a new one and never started. The
    restore said "No case store at ..." (exit 1) and restored nothing."""
    data = tmp_path / "new-pc" / "CDT Companion"
    status = _restore(data, "/" + str(usb) if on_share else usb)  # //tmp/...: a share's form
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "a new one is made for the backup" in captured.out
    assert "nothing was replaced" in captured.out and "0 case(s)" not in captured.out
    assert patient_names(data / "cases.sqlite") == ["Zoë", "Nguyễn Văn An"]
    with CaseStore.open(data) as store:
        assert store.checks(1)["consent"].checked
        assert (store.audit()[0].action, store.audit()[0].operator) == ("restore", "OM")
        assert store.verify_audit() == []


def test_a_damaged_case_store_says_how_to_set_it_aside_and_then_is_restored(
    usb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message of a damaged store says "Restore it from a backup"; the restore answered
    with the same message and no way on. Now it names the damaged file and what to do, leaves
    it untouched, and once it is moved aside the backup goes into a new store."""
    data = tmp_path / "pc"
    with CaseStore.open(data) as store:
        _case(store, "Ann")
    store_file = data / "cases.sqlite"
    damaged = bytearray(store_file.read_bytes())
    damaged[4096 * 2 : 4096 * 3] = b"\xab" * 4096  # the cases table's page
    store_file.write_bytes(bytes(damaged))
    assert _restore(data, usb) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is damaged" in err and "move cases.sqlite" in err
    assert store_file.read_bytes() == bytes(damaged)  # untouched
    aside = tmp_path / "damaged"
    aside.mkdir()
    shutil.move(store_file, aside / "cases.sqlite")
    assert _restore(data, usb) == 0, capsys.readouterr().err
    assert patient_names(store_file) == ["Zoë", "Nguyễn Văn An"]


def test_a_live_store_copied_by_hand_is_read_from_a_write_protected_drive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cases.sqlite and its -wal copied from another PC (the old way, by hand) onto a drive
    that is now write-protected, the newest cases still in the -wal: the check read them (from
    a private copy) but the copy itself opened the file mode=ro, which SQLite cannot do there:
    "Case store <this PC's store>: database error while restoring into it (SQLITE_CANTOPEN)",
    the wrong file named and nothing restored."""
    with CaseStore.open(tmp_path / "other-pc") as other:
        other._conn.execute("PRAGMA wal_autocheckpoint = 0")  # the cases stay in the -wal
        for name in ("Wal One", "Wal Two", "Wal Three"):
            _case(other, name)
        drive = tmp_path / "drive"
        drive.mkdir()
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{other.path}{suffix}", drive / f"cases.sqlite{suffix}")
    data = tmp_path / "pc"
    with CaseStore.open(data) as store:
        _case(store, "Ann")
    with read_only_mount(drive) as protected:
        status = _restore(data, protected / "cases.sqlite")
        assert status == 0, capsys.readouterr().err
    assert patient_names(data / "cases.sqlite") == ["Wal One", "Wal Two", "Wal Three"]


def test_a_backup_whose_audit_log_was_edited_is_restored_with_a_warning_and_a_record(
    usb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Somebody removed the append-only trigger in a backup and changed who did a row: the
    restore made it the case store without a word; doctor then found an edited audit log and
    said to restore a backup. Now the restore says so before it asks, and records it."""
    conn = sqlite3.connect(usb)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET operator = 'ZZ' WHERE id = 1")
    conn.commit()
    conn.close()
    data = tmp_path / "pc"
    with CaseStore.open(data) as store:
        _case(store, "Ann")
    assert _restore(data, usb) == 0
    err = capsys.readouterr().err
    assert "warning: the audit log in" in err and "does not verify" in err
    assert "audit_no_update" in err and "ZZ" not in err  # names the problem, not the row
    with CaseStore.open(data) as store:
        assert "the backup's audit log did not verify" in store.audit()[0].detail


def test_a_backup_of_another_page_size_is_restored(
    usb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup whose file was vacuumed with another page size (by a database tool): SQLite's
    backup cannot change a WAL store's page size, and the restore said "Case store ... is
    read-only ... check the file and folder permissions" (exit 1), which nothing could fix."""
    conn = sqlite3.connect(usb, isolation_level=None)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    conn.close()
    data = tmp_path / "pc"
    with CaseStore.open(data) as store:
        _case(store, "Ann")
    assert _restore(data, usb) == 0, capsys.readouterr().err
    assert patient_names(data / "cases.sqlite") == ["Zoë", "Nguyễn Văn An"]
    with CaseStore.open(data) as store:
        assert store.check() == ["ok"] and store.checks(1)["consent"].checked
    kept = data / "backups" / "before-restore"
    assert [p.name for p in kept.iterdir() if p.name.startswith(".")] == []  # its copy gone


def test_a_damaged_backup_is_one_error_line(usb: Path, tmp_path: Path) -> None:
    """New-office walkthrough: restoring a damaged backup printed "quick_check failed on
    damaged.sqlite (2 rows)" (a log record, through Python's last-resort handler) above the
    one `error:` line the README promises. A process of its own: pytest's log capture would
    take the record."""
    import os
    import subprocess
    import sys

    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(usb.read_bytes())
    # page 5's cell pointers zeroed: the file opens, and SQLite's quick_check names the page
    assert len(data) > 5 * 4096
    data[4 * 4096 + 8 : 4 * 4096 + 40] = bytes(32)
    damaged.write_bytes(bytes(data))
    done = subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "--data-dir", str(tmp_path / "pc"), "restore",
         str(damaged), "--operator", "OM", "--yes"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONWARNINGS": ""},
    )  # fmt: skip
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr


def test_a_commands_log_warning_is_a_warning_line_and_an_error_record_is_not_printed() -> None:
    """Review: quieting the restore's log error also silenced `store init`'s warning (no trigram
    index for case search). In a process of its own, as a command runs."""
    import subprocess
    import sys

    script = (
        "import logging; from cdt_desktop import cli; cli._quiet_logging(); "
        "logging.getLogger('cdt.db').warning('no trigram index for case search (X)'); "
        "logging.getLogger('cdt.db').error('quick_check failed on a.sqlite (2 rows)')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stderr == "warning: no trigram index for case search (X)\n", done.stderr
