"""The WAL is data (issue 15 items 2 and 3).

RELIABILITY req. 7 (read-only fallback never ignores the -wal) and req. 25 (keep a copy before a
read-write open; doctor reads the WAL header and frame checksums).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.commands import doctor
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.sqlitefile import connect as store_module
from cdt_desktop.db.sqlitefile.wal import KEPT_FOLDER, inspect_wal

CRASH = """
import os, sys
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient
store = CaseStore.open(sys.argv[1])
for n in range(5):
    store.create_case(Case(patient=Patient(name=f"After {n}")), operator="T")
os._exit(0)  # killed: no close, no checkpoint; the 5 cases are only in the -wal
"""


@pytest.fixture
def crashed(tmp_path: Path) -> Path:
    """A store with 3 cases in the file and 5 more committed only in its WAL."""
    from cdt_desktop.domain.cases.model import Case, Patient

    folder = tmp_path / "data"
    with CaseStore.open(folder) as store:
        for n in range(3):
            store.create_case(Case(patient=Patient(name=f"Before {n}")), operator="T")
    subprocess.run([sys.executable, "-c", CRASH, str(folder)], check=True, timeout=60)
    assert (folder / "cases.sqlite-wal").stat().st_size > 0
    return folder


@pytest.fixture
def no_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "_check_reference", lambda full, out, problems: None)


def test_a_read_only_folder_with_a_hot_wal_shows_every_committed_case(
    crashed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """immutable=1 ignored the WAL: 3 of 8 committed cases, and a 'verified' backup of 3."""
    wal_before = (crashed / "cases.sqlite-wal").read_bytes()
    monkeypatch.setattr(store_module, "_can_write", lambda p: Path(p) != crashed)
    with CaseStore.open(crashed) as store:
        assert store.read_only
        assert store.count_cases() == 8
        backup = store.backup(crashed.parent / "copy.sqlite")
    assert (crashed / "cases.sqlite-wal").read_bytes() == wal_before  # the original untouched
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 8
    finally:
        conn.close()


def test_the_private_copy_is_removed_when_the_store_closes(
    crashed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_can_write", lambda p: Path(p) != crashed)
    store = CaseStore.open(crashed)
    copy_dir = store._conn.copy_dir  # type: ignore[attr-defined]
    assert copy_dir is not None and copy_dir.is_dir()
    if os.name == "posix":
        assert copy_dir.stat().st_mode & 0o777 == 0o700
    store.close()
    assert not copy_dir.exists()


# RELIABILITY req. 25
def test_a_read_write_open_keeps_a_copy_of_a_non_empty_wal(crashed: Path) -> None:
    wal = (crashed / "cases.sqlite-wal").read_bytes()
    with CaseStore.open(crashed) as store:
        assert store.count_cases() == 8
    kept = list((crashed / "backups" / KEPT_FOLDER).iterdir())
    assert len(kept) == 1
    assert (kept[0] / "cases.sqlite-wal").read_bytes() == wal
    if os.name == "posix":
        assert kept[0].stat().st_mode & 0o777 == 0o700


def test_doctor_reads_a_healthy_wal(
    crashed: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    report = inspect_wal(crashed / "cases.sqlite")
    assert report is not None and report.header_ok and report.lost == 0
    assert report.committed == report.frames > 0
    assert cli.main(["--data-dir", str(crashed), "doctor"]) == 0
    assert f"WAL: {report.frames} frames, {report.committed} committed" in capsys.readouterr().out


def test_doctor_reports_a_damaged_wal_and_nothing_is_opened_read_write(
    crashed: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A flipped byte in a frame: SQLite silently drops every commit from there on, and doctor
    used to say healthy."""
    wal = crashed / "cases.sqlite-wal"
    data = bytearray(wal.read_bytes())
    data[32 + 24 + 100] ^= 0xFF  # inside the first frame's page
    wal.write_bytes(bytes(data))
    report = inspect_wal(crashed / "cases.sqlite")
    assert report is not None and report.damaged and report.lost == report.frames
    assert cli.main(["--data-dir", str(crashed), "doctor"]) == 1
    captured = capsys.readouterr()
    assert "WAL" in captured.out and "damaged" in captured.err
    assert wal.read_bytes() == bytes(data)  # doctor changed nothing


def test_doctor_reports_a_damaged_wal_header(
    crashed: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    wal = crashed / "cases.sqlite-wal"
    wal.write_bytes(b"\x00" * 8 + wal.read_bytes()[8:])
    assert cli.main(["--data-dir", str(crashed), "doctor"]) == 1
    assert "header DAMAGED" in capsys.readouterr().out


def test_doctor_on_a_data_folder_that_is_a_file_or_a_dangling_link(
    tmp_path: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15 item 19: doctor said healthy for both."""
    as_file = tmp_path / "file"
    as_file.write_text("x", encoding="utf-8")
    assert cli.main(["--data-dir", str(as_file), "doctor"]) == 1
    assert "is a file" in capsys.readouterr().err
    dangling = tmp_path / "dangling"
    dangling.mkdir()
    (dangling / "cases.sqlite").symlink_to(tmp_path / "gone.sqlite")
    assert cli.main(["--data-dir", str(dangling), "doctor"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_a_store_without_its_cases_table_is_a_clear_message(
    tmp_path: Path, no_reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15 item 19: a missing `cases` table gave a raw SQLITE_ERROR."""
    from cdt_desktop.domain.cases.ports import StoreCorruptError

    folder = tmp_path / "data"
    with CaseStore.open(folder):
        pass
    conn = sqlite3.connect(folder / "cases.sqlite")
    conn.execute("DROP TABLE checks")
    conn.execute("DROP TABLE cases")
    conn.close()
    with pytest.raises(StoreCorruptError, match="lacks its cases, checks table"):
        CaseStore.open(folder)
    assert cli.main(["--data-dir", str(folder), "doctor"]) == 1
    assert "lacks its cases, checks table" in capsys.readouterr().err


def test_a_start_after_a_disk_full_crash_does_not_fill_the_disk_again(tmp_path: Path) -> None:
    """Reliability probe: the disk filled, the app was killed, the user freed some space; the
    next start copied the store and its WAL into that space (backups/wal-kept/) and the first
    tick failed with "disk full" again. Without room for the copy and the store's own work, no
    copy is kept; the store opens and its ticks are saved."""
    from cdt_desktop.domain.cases.model import Case, Patient
    from tests.helpers.disks import small_tmpfs

    with small_tmpfs(tmp_path / "small", "2m") as disk:
        folder = disk / "data"
        with CaseStore.open(folder) as store:
            store.create_case(Case(patient=Patient(name="Before")), operator="T")
        subprocess.run([sys.executable, "-c", CRASH, str(folder)], check=True, timeout=60)
        size = sum(p.stat().st_size for p in folder.glob("cases.sqlite*"))
        filler = disk / "filler"
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler.write_bytes(b"\0" * max(0, free - int(1.5 * size)))  # room for one copy only
        with CaseStore.open(folder) as store:
            assert store.count_cases() == 6
            store.set_check(1, "consent", True, operator="T")
            assert store.checks(1)["consent"].checked
        assert not (folder / "backups" / KEPT_FOLDER).exists() or not any(
            (folder / "backups" / KEPT_FOLDER).iterdir()
        )


def test_a_command_run_beside_the_open_window_copies_nothing_into_wal_kept(
    tmp_path: Path,
) -> None:
    """Re-walk: every `cdt-desktop` command run while the window had the store open copied
    the whole store (patient data) into backups/wal-kept: the window's live WAL was taken for
    one a crash left. A WAL another process has open is not copied; one left by a crash is
    (test_a_read_write_open_keeps_a_copy_of_a_non_empty_wal)."""
    from cdt_desktop.domain.cases.model import Case, Patient

    folder = tmp_path / "data"
    window = CaseStore.open(folder)
    try:
        window.create_case(Case(patient=Patient(name="Open in the window")), operator="T")
        assert (folder / "cases.sqlite-wal").stat().st_size > 0
        command = ("import sys; from cdt_desktop.db.cases.sqlite.repository import CaseStore;"
                   "s = CaseStore.open(sys.argv[1]); print(s.count_cases()); s.close()")  # fmt: skip
        done = subprocess.run([sys.executable, "-c", command, str(folder)], check=True,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert done.stdout.strip() == "1"
        assert not (folder / "backups" / KEPT_FOLDER).exists()
    finally:
        window.close()


CLIENT = """
import sqlite3, sys
locked = 0
for _ in range(int(sys.argv[2])):
    conn = sqlite3.connect(sys.argv[1], timeout=0)  # no busy timeout: a lock in the way fails
    try:
        conn.execute("SELECT count(*) FROM cases").fetchone()
    except sqlite3.OperationalError as exc:
        locked += "locked" in str(exc)
    finally:
        conn.close()
print(locked)
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX locks")
def test_asking_whether_another_process_has_the_store_open_takes_no_lock(
    tmp_path: Path,
) -> None:
    """Review: the test (before a crash's WAL is copied) took a write lock on SQLite's shared
    range for an instant, and a client opening the store then without a busy timeout got
    "database is locked" (2,430 of 10,784 opens). The question is asked without a lock now:
    a client opening the store over and over while it is asked is never refused."""
    from cdt_desktop.db.sqlitefile.wal import open_elsewhere
    from cdt_desktop.domain.cases.model import Case, Patient

    folder = tmp_path / "data"
    with CaseStore.open(folder) as store:
        store.create_case(Case(patient=Patient(name="Ana Souza")), operator="T")
    db = folder / "cases.sqlite"
    client = subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(db), "3000"], stdout=subprocess.PIPE, text=True
    )
    asked = 0
    while client.poll() is None:
        open_elsewhere(db)
        asked += 1
    out, _ = client.communicate(timeout=60)
    assert client.returncode == 0 and asked > 100
    assert out.strip() == "0"  # no open refused


@pytest.mark.skipif(os.name != "posix", reason="POSIX locks")
def test_a_connection_in_another_process_is_seen_and_none_is_seen_after_it_closes(
    tmp_path: Path,
) -> None:
    """And the lock tried where the platform's ``struct flock`` is not known (another POSIX)
    tells the same."""
    from cdt_desktop.db.sqlitefile.wal import _write_lock_refused, open_elsewhere

    db = tmp_path / "cases.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
         "c.execute('PRAGMA journal_mode=WAL'); c.execute('CREATE TABLE t (x)');"
         "c.execute('SELECT * FROM t').fetchall(); print('open', flush=True); sys.stdin.read()",
         str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert open_elsewhere(db) and _write_lock_refused(db)
    finally:
        holder.communicate("", timeout=30)
    assert not open_elsewhere(db) and not _write_lock_refused(db)
