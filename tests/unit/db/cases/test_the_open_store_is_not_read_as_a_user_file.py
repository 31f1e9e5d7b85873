"""The open case store picked by mistake as a file to read (a case file to import, a
licensed CDT file, a radiograph) is refused before it is opened: reading it with a handle of
its own and closing that handle would drop the window connection's POSIX locks, and another
process's close would then delete the WAL the window still writes to (re-walks: the same
happened through Qt's file dialog). Real store, real files, a real second process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cdt_desktop.core.errors import InputError
from cdt_desktop.core.inputs import read_bounded
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Procedure
from cdt_desktop.services.radiographs import prepare_image

TERMINAL = """
import sys
from cdt_desktop.db.cases.sqlite.repository import CaseStore
store = CaseStore.open(sys.argv[1])
store.count_cases()
store.close()
"""


def _as_case_file(path: Path) -> object:
    return read_bounded(path, 1_000_000, what="case file")


READERS: dict[str, Callable[[Path], object]] = {
    "a case file to import": _as_case_file,
    "a radiograph to attach": prepare_image,
}


@pytest.mark.skipif(os.name != "posix", reason="POSIX record locks: dropped by any close")
@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
def test_the_open_store_picked_as_a_file_to_read_is_refused_and_keeps_its_wal(
    tmp_path: Path, reader: Callable[[Path], object]
) -> None:
    folder = tmp_path / "office"
    with CaseStore.open(folder) as store:
        store.create_case(Case(procedure=Procedure(code="D3330", tooth="19")), operator="AA")
        with pytest.raises(InputError, match="is the case store this app has open"):
            reader(store.path)
        subprocess.run([sys.executable, "-c", TERMINAL, str(folder)], check=True, timeout=60)
        assert (folder / "cases.sqlite-wal").exists()  # the lock held: still the store's


def test_a_closed_store_file_reads_as_any_file(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    with CaseStore.open(folder) as store:
        path = store.path
    assert _as_case_file(path).startswith(b"SQLite format 3")  # type: ignore[attr-defined]


@pytest.mark.skipif(os.name != "posix", reason="POSIX record locks: dropped by any close")
@pytest.mark.parametrize("side", ["-shm", "-wal"])
def test_a_file_sqlite_keeps_beside_the_open_store_is_refused_too(
    tmp_path: Path, side: str
) -> None:
    """Review: a picked cases.sqlite-shm was read, the window lost its locks on it, and the
    next process to open the store truncated the live -shm."""
    folder = tmp_path / "office"
    with CaseStore.open(folder) as store:
        store.create_case(Case(procedure=Procedure(code="D3330")), operator="AA")
        with pytest.raises(InputError, match="is the case store this app has open"):
            _as_case_file(Path(f"{store.path}{side}"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX record locks: dropped by any close")
@pytest.mark.parametrize("name", ["office.sqlite", "office.sqlite-shm"])
def test_an_export_onto_a_store_in_use_under_another_name_is_refused_unread(
    tmp_path: Path, name: str
) -> None:
    """Review: a store opened by URL under another name (office.sqlite) picked as an export
    target through "All files" was opened to see whether it is a database, which dropped the
    store's lock; an export named office.sqlite-shm replaced the live -shm."""
    from cdt_desktop.core.atomic import OutputRefusedError, check_output_target

    folder = tmp_path / "share"
    folder.mkdir()
    with CaseStore.open_file(folder / "office.sqlite") as store:
        store.create_case(Case(procedure=Procedure(code="D3330")), operator="AA")
        with pytest.raises(OutputRefusedError, match="the case store in use"):
            check_output_target(folder / name)
        by_file = TERMINAL.replace("CaseStore.open(", "CaseStore.open_file(")
        subprocess.run([sys.executable, "-c", by_file, str(folder / "office.sqlite")],
                       check=True, timeout=60)  # fmt: skip
        assert (folder / "office.sqlite-wal").exists()


def test_the_background_quick_check_and_the_daily_copy_count_as_open_while_they_run(
    tmp_path: Path,
) -> None:
    """Review: a store opened again while its deferred quick check (or the daily backup's own
    connection) still ran read the file with a handle of its own, dropping that connection's
    locks. Both count as open until they are done."""
    from cdt_desktop.core import open_stores
    from cdt_desktop.db.cases.sqlite.opening import BackgroundCheck

    folder = tmp_path / "office"
    with CaseStore.open(folder) as store:
        path, uri = store.path, f"{store.path.absolute().as_uri()}?mode=ro"
        store.create_case(Case(procedure=Procedure(code="D3330")), operator="AA")
        (tmp_path / "usb").mkdir()
        store.backup_copy(tmp_path / "usb")
    assert not open_stores.is_open(path)  # all closed: counted back down
    import sqlite3

    blocker = sqlite3.connect(path)  # holds the check up while it is looked at
    blocker.execute("PRAGMA locking_mode = EXCLUSIVE")
    blocker.execute("BEGIN EXCLUSIVE")
    check = BackgroundCheck(uri, open_stores.identity(path))
    try:
        assert check.result(timeout=0.3) == []  # still running
        assert open_stores.is_open(path)  # and counted
    finally:
        blocker.rollback()
        blocker.close()
    assert check.result(timeout=30) == ["ok"]
    assert not open_stores.is_open(path)
