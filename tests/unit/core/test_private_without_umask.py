"""The app's own folders (0700) and files (0600) get their mode as they are created, never by
changing the process umask: that is process-wide, and the daily backup runs on a worker thread
while the window's thread creates files of its own. Each creator runs under the loosest umask
while a worker thread reads the kernel's umask all along (the backup's own test:
``tests/unit/db/sqlitefile/test_backup_private.py``). Real files, real SQLite."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cdt_desktop.core import atomic, log
from tests.helpers import REPO_ROOT
from tests.helpers.umask import LOOSEST, umask_watched

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
ROUNDS = 3  # a new tree each round: the umask is read at every file and folder made


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_no_module_of_the_app_changes_the_umask() -> None:
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in (REPO_ROOT / "cdt_desktop").rglob("*.py")
        if "os.umask(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_a_new_case_store_in_a_new_folder(tmp_path: Path) -> None:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    with umask_watched() as seen:
        for n in range(ROUNDS):
            CaseStore.open(tmp_path / f"pc{n}" / "data").close()
    assert seen == {LOOSEST}
    assert _mode(tmp_path / "pc0") == _mode(tmp_path / "pc0" / "data") == 0o700
    assert _mode(tmp_path / "pc0" / "data" / "cases.sqlite") == 0o600


def test_the_copy_of_a_wal_kept_before_an_open(tmp_path: Path) -> None:
    from cdt_desktop.db.sqlitefile.wal import keep_wal_copy

    kept = []
    with umask_watched() as seen:
        for n in range(ROUNDS):
            db = tmp_path / f"pc{n}" / "cases.sqlite"
            db.parent.mkdir(mode=0o700)
            db.write_bytes(b"store")
            Path(f"{db}-wal").write_bytes(b"frames" * (n + 1))
            kept.append(keep_wal_copy(db))
    assert seen == {LOOSEST}
    copy = kept[0]
    assert copy is not None
    assert _mode(tmp_path / "pc0" / "backups") == _mode(copy.parent) == _mode(copy) == 0o700
    assert _mode(copy / "cases.sqlite") == _mode(copy / "cases.sqlite-wal") == 0o600
    assert (copy / "cases.sqlite-wal").read_bytes() == b"frames"


def test_the_code_set_folder(tmp_path: Path) -> None:
    from cdt_desktop.db.codesets import CodeSetStore

    with umask_watched() as seen:
        for n in range(ROUNDS):
            CodeSetStore(tmp_path / f"pc{n}" / "data").close()
    assert seen == {LOOSEST}
    assert _mode(tmp_path / "pc0") == _mode(tmp_path / "pc0" / "data") == 0o700
    assert _mode(tmp_path / "pc0" / "data" / "codesets.sqlite") == 0o600


def test_the_log_folder_and_its_files(tmp_path: Path) -> None:
    try:
        with umask_watched() as seen:
            for n in range(ROUNDS):
                log.setup_logging(tmp_path / f"pc{n}" / "logs")
    finally:
        log.shutdown_logging()
    assert seen == {LOOSEST}
    folder = tmp_path / "pc0" / "logs"
    assert _mode(tmp_path / "pc0") == _mode(folder) == 0o700
    assert _mode(folder / log.LOG_FILE_NAME) == _mode(folder / log.FAULT_FILE_NAME) == 0o600


def test_the_saved_store_choice(tmp_path: Path) -> None:
    from cdt_desktop.db.cases.url import SAVED_FILE_NAME, save_url

    with umask_watched() as seen:
        for n in range(ROUNDS):
            save_url("postgresql://?service=office", tmp_path / f"pc{n}" / "data")
    assert seen == {LOOSEST}
    assert _mode(tmp_path / "pc0") == _mode(tmp_path / "pc0" / "data") == 0o700
    assert _mode(tmp_path / "pc0" / "data" / SAVED_FILE_NAME) == 0o600


@pytest.mark.parametrize("umask", [0o022, 0o277])
def test_private_modes_are_exact_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    """0700 and 0600 as umask 077 gave, even under a umask that takes the owner's bits too."""
    previous = os.umask(umask)
    try:
        folder = atomic.private_folder(tmp_path / "a" / "b")
        atomic.new_private_file(folder / "new")
        with open(folder / "text", "w", encoding="utf-8", opener=atomic.private_opener) as f:
            f.write("kept")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "a") == _mode(folder) == 0o700
    assert _mode(folder / "new") == _mode(folder / "text") == 0o600


def test_an_existing_file_or_folder_keeps_its_mode(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir(mode=0o755)
    (tmp_path / "shared").chmod(0o755)
    (tmp_path / "shared" / "notes").write_text("old", encoding="utf-8")
    (tmp_path / "shared" / "notes").chmod(0o644)
    atomic.private_folder(tmp_path / "shared")
    opener = atomic.private_opener
    with open(tmp_path / "shared" / "notes", "w", encoding="utf-8", opener=opener) as f:
        f.write("new")
    assert _mode(tmp_path / "shared") == 0o755 and _mode(tmp_path / "shared" / "notes") == 0o644
    assert (tmp_path / "shared" / "notes").read_text(encoding="utf-8") == "new"


def test_a_file_in_a_folder_s_place_is_refused_as_mkdir_refuses_it(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("", encoding="utf-8")
    with pytest.raises(FileExistsError):
        atomic.private_folder(tmp_path / "data")
    with pytest.raises(NotADirectoryError):
        atomic.private_folder(tmp_path / "data" / "logs")
    atomic.private_folder(tmp_path / "made")
    with pytest.raises(FileExistsError):
        atomic.private_folder(tmp_path / "made", exist_ok=False)
    with pytest.raises(FileExistsError):
        atomic.new_private_file(tmp_path / "data")
