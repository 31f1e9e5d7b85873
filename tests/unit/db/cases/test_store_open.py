"""open_db and CaseStore.open on real files: pragmas, identity, refusal of damaged or foreign
files (left byte-for-byte untouched), read-only fallback, network paths, permissions, disk full."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import stat
from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.sqlitefile import connect as store_module
from cdt_desktop.db.sqlitefile.checks import is_network_path
from cdt_desktop.db.sqlitefile.connect import APPLICATION_ID, open_db
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient
from cdt_desktop.domain.cases.ports import (
    StoreCorruptError,
    StoreForeignFileError,
    StoreFullError,
    StoreMissingError,
    StoreNetworkPathError,
    StoreNewerSchemaError,
    StoreNotADatabaseError,
    StoreReadOnlyError,
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make_store(folder: Path, cases: int = 1) -> Path:
    with CaseStore.open(folder) as store:
        for n in range(cases):
            store.create_case(Case(patient=Patient(name=f"Patient {n}")), operator="T")
    return folder / "cases.sqlite"


def test_create_then_reopen_keeps_data(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    with CaseStore.open(folder) as store:
        case_id = store.create_case(Case(patient=Patient(name="Zoë")), operator="AB")
        assert store.path == folder / "cases.sqlite"
        assert store.read_only is False
    with CaseStore.open(folder) as store:
        assert store.get_case(case_id).case.patient.name == "Zoë"
        assert store.schema_version == SCHEMA_VERSION


# RELIABILITY req. 1
def test_pragmas_read_back(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "x.sqlite", create=True)
    try:
        values = {
            name: conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()
    assert values["journal_mode"] == "wal"
    assert values["synchronous"] == 2  # FULL
    assert values["foreign_keys"] == 1
    assert values["busy_timeout"] >= 5000


def test_store_marks_file_with_application_id_and_schema_version(tmp_path: Path) -> None:
    path = _make_store(tmp_path)
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        history = raw.execute("SELECT version FROM schema_history ORDER BY version").fetchall()
    finally:
        raw.close()
    assert [v for (v,) in history] == list(range(1, SCHEMA_VERSION + 1))


def test_missing_file_is_not_created_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreMissingError):
        open_db(tmp_path / "absent.sqlite")
    assert not (tmp_path / "absent.sqlite").exists()
    with pytest.raises(StoreMissingError):
        CaseStore.open(tmp_path / "nowhere", create=False)
    assert not (tmp_path / "nowhere").exists()


# RELIABILITY req. 4
def test_zero_byte_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    path.write_bytes(b"")
    with pytest.raises(StoreCorruptError) as info:
        CaseStore.open(tmp_path)
    assert str(path) in str(info.value) and "0 bytes" in str(info.value)
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.sqlite"]


@pytest.mark.parametrize(
    "content",
    [
        random.Random(7).randbytes(8192),
        "Name,DOB\nNguyễn,2001-01-01\n".encode() * 100,
        b"<html><body>not a database</body></html>",
        b"SQLite format 2\x00" + bytes(4080),
    ],
    ids=["random-bytes", "csv-text", "html", "wrong-magic"],
)
def test_non_database_file_is_refused_and_unchanged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "cases.sqlite"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(StoreNotADatabaseError) as info:
        CaseStore.open(tmp_path)
    assert str(path) in str(info.value)
    assert _digest(path) == before


@pytest.mark.parametrize("keep", [50, 200, "half"])
def test_truncated_file_is_refused_and_unchanged(tmp_path: Path, keep: int | str) -> None:
    source = _make_store(tmp_path / "good", cases=30)
    data = source.read_bytes()
    path = tmp_path / "cases.sqlite"
    path.write_bytes(data[: len(data) // 2 if keep == "half" else int(keep)])
    before = _digest(path)
    with pytest.raises(StoreCorruptError):
        CaseStore.open(tmp_path)
    assert _digest(path) == before


# RELIABILITY req. 5
def test_garbage_in_the_middle_is_caught_by_quick_check(tmp_path: Path) -> None:
    """The case where early rows still read fine, so only the quick check finds it
    (docs/design-rules.md, R5)."""
    path = _make_store(tmp_path, cases=400)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) >= 6 * page
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = random.Random(3).randbytes(page)
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(StoreCorruptError) as info:
        CaseStore.open(tmp_path)
    assert "check" in str(info.value) or "damaged" in str(info.value)
    assert _digest(path) == before


# RELIABILITY req. 4
@pytest.mark.parametrize("foreign_id", [0, 0x0F055AB1])
def test_foreign_sqlite_file_is_refused_and_unchanged(tmp_path: Path, foreign_id: int) -> None:
    path = tmp_path / "cases.sqlite"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA application_id = {foreign_id}")
    raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    raw.commit()
    raw.close()
    before = _digest(path)
    with pytest.raises(StoreForeignFileError) as info:
        CaseStore.open(tmp_path)
    assert str(path) in str(info.value)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.sqlite"]


def test_newer_schema_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = _make_store(tmp_path)
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.commit()
    raw.close()
    before = _digest(path)
    with pytest.raises(StoreNewerSchemaError) as info:
        CaseStore.open(tmp_path)
    assert "newer version" in str(info.value)
    assert _digest(path) == before


# RELIABILITY req. 7
def test_read_only_store(tmp_path: Path) -> None:
    """A read-only file opens read-only: reads work, writes raise StoreReadOnlyError.

    Tests run as root in CI, where chmod 0444 does not stop root from writing; there the test
    exercises the same read-only path through ``read_only=True`` (a ``mode=ro`` open) instead
    of through the file mode. As a normal user it also checks the chmod 0444 fallback."""
    path = _make_store(tmp_path)
    if IS_ROOT:
        store = CaseStore.open(tmp_path, read_only=True)
    else:
        path.chmod(0o444)
        store = CaseStore.open(tmp_path)
    with store:
        assert store.read_only is True
        assert len(store.list_cases()) == 1
        with pytest.raises(StoreReadOnlyError):
            store.create_case(Case(), operator="AB")
        with pytest.raises(StoreReadOnlyError):
            store.set_check(1, "consent", True, operator="AB")
    conn = open_db(path, read_only=True)
    try:
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM cases")
    finally:
        conn.close()
    path.chmod(0o600)


def test_wal_store_in_read_only_folder_opens_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A WAL file in a read-only folder cannot be read with mode=ro; immutable=1 can. As root
    the folder cannot really be made read-only, so the permission probe is made to say so."""
    path = _make_store(tmp_path, cases=2)
    monkeypatch.setattr(store_module, "_can_write", lambda p: Path(p) != path.parent)
    with CaseStore.open(tmp_path) as store:
        assert store.read_only is True
        assert len(store.list_cases()) == 2
        with pytest.raises(StoreReadOnlyError):
            store.set_status(1, "submitted", operator="AB")


# RELIABILITY req. 9
@pytest.mark.parametrize(
    "path",
    [r"\\server\share\cdt", "//server/share/cdt", r"\\?\UNC\server\share\cdt"],
)
def test_network_paths_are_refused(path: str) -> None:
    assert is_network_path(path)
    with pytest.raises(StoreNetworkPathError) as info:
        CaseStore.open(path)
    assert "network" in str(info.value)
    with pytest.raises(StoreNetworkPathError):
        open_db(Path(path) / "cases.sqlite", create=True)


def test_local_path_is_not_network(tmp_path: Path) -> None:
    assert not is_network_path(tmp_path / "cases.sqlite")


# RELIABILITY req. 17
def test_private_permissions(tmp_path: Path) -> None:
    """POSIX: 0700 folder, 0600 database, -wal, -shm and backups (Windows relies on the ACL of
    %LOCALAPPDATA%, so there the files are only required to exist)."""
    folder = tmp_path / "private"
    with CaseStore.open(folder) as store:
        store.create_case(Case(), operator="AB")
        backup = store.backup(tmp_path / "backup.sqlite")
        files = {name: folder / name for name in ("cases.sqlite", "cases.sqlite-wal")}
        files["cases.sqlite-shm"] = folder / "cases.sqlite-shm"
        modes = {name: stat.S_IMODE(p.stat().st_mode) for name, p in files.items()}
    if os.name != "posix":
        assert all(p.exists() for p in files.values())
        return
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert modes == dict.fromkeys(files, 0o600)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


# RELIABILITY req. 8
def test_disk_full_raises_store_full_and_keeps_committed_data(tmp_path: Path) -> None:
    """SQLITE_FULL for real, by capping the file with max_page_count (no tmpfs needed)."""
    with CaseStore.open(tmp_path) as store:
        kept = store.create_case(Case(patient=Patient(name="Kept")), operator="AB")
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        big = Case(findings=CaseFindings(notes="x" * 200_000))
        with pytest.raises(StoreFullError) as info:
            store.create_case(big, operator="AB")
        assert "disk is full" in str(info.value)
        assert [s.id for s in store.list_cases()] == [kept]
        assert store.check() == ["ok"]
