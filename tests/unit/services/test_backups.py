"""Backups of the one-PC case store: the office manager's File > Back up cases... and the daily
backup the window keeps beside the store. Real SQLite stores, a real PostgreSQL one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.session import PermissionDeniedError
from cdt_desktop.services.backups import DAILY_EVERY_HOURS, DAILY_KEEP, Backups
from tests.helpers.office import as_user, office


def _cases_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [str(r[0]) for r in conn.execute("SELECT patient_name FROM cases ORDER BY id")]
    finally:
        conn.close()


def _store_with_cases(data: Path, *names: str) -> CaseStore:
    store = CaseStore.open(data)
    for name in names:
        store.create_case(Case(patient=Patient(name=name), procedure=Procedure(code="D3330")),
                          operator="AB")  # fmt: skip
    return store


def test_the_office_manager_backs_up_to_a_usb_drive_and_the_audit_says_who(
    tmp_path: Path,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with _store_with_cases(tmp_path / "pc", "Zoë", "Nguyễn Văn An") as store:
        written = Backups(store, operator="OM").back_up_to(usb)
        assert written.parent == usb and written.name.startswith("cases-")
        assert _cases_in(written) == ["Zoë", "Nguyễn Văn An"]
        last = store.audit()[0]
        assert (last.action, last.operator, last.detail) == ("backup", "OM", written.name)
        assert str(usb) not in last.detail  # the file's name, never its folder
    assert os.stat(written).st_mode & 0o077 == 0  # patient data: the user only


def test_without_initials_the_backup_asks_for_them_and_writes_nothing(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with (
        _store_with_cases(tmp_path / "pc", "Zoë") as store,
        pytest.raises(UserFacingError, match="initials"),
    ):
        Backups(store, operator=" ").back_up_to(usb)
    assert list(usb.iterdir()) == []


def test_with_sign_in_only_an_admin_backs_up(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with office(tmp_path / "pc") as (service, auth):
        as_user(auth, "Maria Ruiz")
        with pytest.raises(PermissionDeniedError):
            Backups(service.repository, auth=auth).back_up_to(usb)
        assert list(usb.iterdir()) == []
        initials = as_user(auth, "Ana Admin")
        written = Backups(service.repository, auth=auth, operator="XX").back_up_to(usb)
        assert service.repository.audit()[0].operator == initials != "XX"
        assert written.exists()


def test_a_store_on_the_office_server_is_backed_up_there(pg_store_url: str, tmp_path: Path) -> None:
    with open_repository(pg_store_url) as store:
        backups = Backups(store, operator="OM")
        with pytest.raises(UserFacingError, match="pg_dump") as said:
            backups.back_up_to(tmp_path)
        assert not backups.daily_due()
    assert list(tmp_path.iterdir()) == []
    # the place it sends the office manager exists: the README's section, not the user guide's
    root = Path(__file__).resolve().parents[3]
    assert 'README\'s "Several workstations"' in str(said.value)
    assert "\n## Several workstations\n" in (root / "README.md").read_text(encoding="utf-8")
    assert "## Several workstations" not in (root / "docs" / "user-guide.md").read_text(
        encoding="utf-8"
    )


def test_the_daily_backup_is_made_once_a_day_and_the_oldest_go(tmp_path: Path) -> None:
    with _store_with_cases(tmp_path / "pc", "Zoë") as store:
        backups = Backups(store)
        assert backups.daily_due()
        first = backups.write_daily()
        backups.record_daily(first)
        assert first.parent == tmp_path / "pc" / "backups" / "daily"
        assert _cases_in(first) == ["Zoë"]
        assert (store.audit()[0].action, store.audit()[0].operator) == ("backup", "system")
        assert not backups.daily_due()
        day = DAILY_EVERY_HOURS * 3600
        assert backups.daily_due(now=time.time() + day)
        folder = first.parent
        old = time.time() - 30 * 86400
        for n in range(DAILY_KEEP + 3):  # older dailies, and a file of the user's own
            made = folder / f"cases-2026010{n % 10}-0000{n:02d}-ab.sqlite"
            made.write_bytes(b"old")
            os.utime(made, (old + n, old + n))
        mine = folder / "my-notes.txt"
        mine.write_text("keep me")
        os.utime(mine, (old, old))
        newest = backups.write_daily()
        kept = sorted(folder.glob("cases-*.sqlite"))
        assert len(kept) == DAILY_KEEP and newest in kept and first in kept
        assert mine.read_text() == "keep me"


def test_the_daily_backup_on_a_worker_thread_while_the_chair_ticks(tmp_path: Path) -> None:
    """The window goes on saving ticks while the worker copies: both finish, the copy is whole
    (the store as of one commit) and the store is unharmed."""
    with _store_with_cases(tmp_path / "pc", *(f"Patient {i}" for i in range(200))) as store:
        backups = Backups(store)
        result: list[Path] = []
        worker = threading.Thread(target=lambda: result.append(backups.write_daily()))
        worker.start()
        for i in range(40):
            store.tick(1 + i % 200, "consent", i % 2 == 0, operator="AB")
        worker.join(timeout=60)
        assert len(_cases_in(result[0])) == 200
        assert store.check() == ["ok"]
        assert [store.checks(n)["consent"].checked for n in (1, 40)] == [True, False]


def test_a_read_only_store_gets_no_daily_backup(tmp_path: Path) -> None:
    with _store_with_cases(tmp_path / "pc", "Zoë"):
        pass
    with CaseStore.open(tmp_path / "pc", read_only=True) as store:
        assert not Backups(store).daily_due()


def test_a_store_not_named_cases_sqlite_keeps_one_daily_backup_a_day_and_no_more(
    tmp_path: Path,
) -> None:
    """An admin pointed the window at ``sqlite:///.../office.sqlite``: its dailies are named
    office-....sqlite, so a look for cases-*.sqlite found none, made one every hour and never
    deleted any (the disk filled up). Another store's dailies in the same folder are not its."""
    folder = tmp_path / "front-desk"
    folder.mkdir()
    url = "sqlite:///" + str(folder / "office.sqlite").lstrip("/")
    with open_repository(url) as store:
        store.create_case(Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330")),
                          operator="AB")  # fmt: skip
        backups = Backups(store)
        first = backups.write_daily()
        assert first.name.startswith("office-")
        assert not backups.daily_due()
        daily = first.parent
        old = time.time() - 30 * 86400
        for n in range(DAILY_KEEP + 2):
            made = daily / f"office-2026010{n % 10}-0000{n:02d}-ab.sqlite"
            made.write_bytes(b"old")
            os.utime(made, (old + n, old + n))
        theirs = daily / "office-annex-20260101-000000-ab.sqlite"  # another store's daily
        theirs.write_bytes(b"theirs")
        os.utime(theirs, (old - 1, old - 1))
        backups.write_daily()
        assert len(list(daily.glob("office-2*.sqlite"))) == DAILY_KEEP
        assert theirs.read_bytes() == b"theirs"


def test_the_daily_backup_of_a_store_file_gone_from_its_folder_creates_nothing_there(
    tmp_path: Path,
) -> None:
    """The store's file was moved away while the window had it open (the window still works on
    it): the daily backup's own connection must not make a new, empty cases.sqlite (with the old
    -wal and -shm beside it) where the store was, nor keep an empty "backup" as a daily."""
    with _store_with_cases(tmp_path / "pc", "Zoë") as store:
        moved = tmp_path / "elsewhere.sqlite"
        store.path.rename(moved)
        with pytest.raises(UserFacingError):
            Backups(store).write_daily()
        assert not store.path.exists()
        assert not list((tmp_path / "pc" / "backups" / "daily").glob("*.sqlite"))


def test_the_daily_backup_is_nobody_s_in_the_audit_trail_while_someone_is_signed_in(
    tmp_path: Path,
) -> None:
    """The window makes the daily backup by itself while Maria is signed in at the chair: File >
    Users... > Audit log (and its CSV) showed it as Maria's backup (operator "system", user
    Maria), and filtering the log by Maria listed it."""
    with office(tmp_path / "pc") as (service, auth):
        as_user(auth, "Maria Ruiz")
        store = service.repository
        assert isinstance(store, CaseStore)
        backups = Backups(store, auth=auth)
        backups.record_daily(backups.write_daily())
        [row] = [r for r in store.audit_trail() if r.action == "backup"]
        assert (row.operator, row.user_id, row.user_name) == ("system", None, "")
        maria = store.find_user("Maria Ruiz")
        assert maria is not None
        assert "backup" not in [r.action for r in store.audit_trail(user_id=maria.id)]


def test_an_old_daily_that_cannot_be_deleted_does_not_unmake_the_new_one(tmp_path: Path) -> None:
    """One old daily backup cannot be deleted (locked by a virus scanner or a sync client, on
    Linux made immutable here): the new one is written all the same and must be reported as
    written (and so audited), not as "Daily backup not made: an unexpected PermissionError"."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("making a file undeletable needs root and chattr")
    with _store_with_cases(tmp_path / "pc", "Zoë") as store:
        backups = Backups(store)
        folder = backups.write_daily().parent
        old = time.time() - 30 * 86400
        stuck = folder / "cases-20250101-000000-ab.sqlite"
        for n in range(DAILY_KEEP):
            made = folder / f"cases-2025010{n % 10}-0000{n + 1:02d}-ab.sqlite"
            made.write_bytes(b"old")
            os.utime(made, (old + n + 1, old + n + 1))
        stuck.write_bytes(b"old")
        os.utime(stuck, (old, old))
        if subprocess.run(["chattr", "+i", str(stuck)], check=False).returncode != 0:
            pytest.skip("this file system has no immutable files")
        try:
            newest = backups.write_daily()
            assert newest.exists() and _cases_in(newest) == ["Zoë"]
            assert stuck.exists()
        finally:
            subprocess.run(["chattr", "-i", str(stuck)], check=False)


def test_a_daily_dated_ahead_by_a_wrong_clock_does_not_stop_the_daily_backups(
    tmp_path: Path,
) -> None:
    """The PC's clock was a year ahead for a day (a BIOS reset, a wrong time zone fixed by hand)
    and a daily was made then; once the clock was set right, no daily backup was due until that
    date came round, and the window said nothing."""
    with _store_with_cases(tmp_path / "pc", "Zoë") as store:
        backups = Backups(store)
        ahead = backups.write_daily()
        next_year = time.time() + 365 * 86400
        os.utime(ahead, (next_year, next_year))
        assert backups.daily_due()
        today = backups.write_daily()
        assert not backups.daily_due()  # today's counts; once a day, as ever
        assert ahead.exists() and _cases_in(today) == ["Zoë"]


def test_a_read_only_daily_folder_is_named_with_what_to_do(tmp_path: Path) -> None:
    """The office made ``backups/daily`` read-only (or its disk is): the daily backup says
    which folder and what to do, instead of "choose another folder", and writes nothing."""
    from tests.helpers.disks import read_only_folder

    with _store_with_cases(tmp_path / "pc", "Zoë") as store:
        backups = Backups(store)
        daily = tmp_path / "pc" / "backups" / "daily"
        with read_only_folder(daily):
            assert backups.daily_due()
            with pytest.raises(UserFacingError) as info:
                backups.write_daily()
            assert list(daily.iterdir()) == []
        text = str(info.value)
        assert f"the daily backup folder {daily} is" in text and "read-only" in text
        assert "File > Back up cases" in text and "choose another" not in text.casefold()
        assert [e.action for e in store.audit()] == ["create"]
        assert backups.write_daily().parent == daily  # writable again: made as usual
