"""One running window per case store (RELIABILITY.md requirement 10): refusal and recovery.

The holder of the lock is always another process here, as it is for a user who double-clicks
the icon twice: a child that takes the lock, says so, and waits to be told to stop or killed.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cdt_desktop import APP_NAME, app, logging_setup
from cdt_desktop.errors import UserFacingError
from cdt_desktop.ui import error_dialog, excepthook, instance_lock

HOLDER = """
import sys
from cdt_desktop.ui import instance_lock
lock = instance_lock.acquire(sys.argv[1])
print("locked", flush=True)
sys.stdin.readline()  # hold until told to stop (or killed)
lock.unlock()
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of tmp_path/data."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "data")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        yield child
        if child.poll() is None:
            child.kill()


def test_a_second_start_on_the_same_case_store_is_refused(
    holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    with pytest.raises(instance_lock.AlreadyRunningError) as refused:
        instance_lock.acquire(tmp_path / "data")
    message = str(refused.value)
    assert f"{APP_NAME} is already open" in message
    assert str(tmp_path / "data") in message
    assert f"process {holder.pid}" in message


def test_a_lock_left_by_an_app_that_was_killed_is_taken_over(
    holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    holder.send_signal(signal.SIGKILL)  # a crash or power cut: the lock file stays behind
    holder.wait(timeout=30)
    assert (tmp_path / "data" / instance_lock.LOCK_FILE_NAME).exists()
    lock = instance_lock.acquire(tmp_path / "data")
    assert lock.isLocked()
    lock.unlock()


def test_a_lock_released_at_exit_is_free_for_the_next_start(
    holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    assert holder.stdin is not None
    holder.stdin.write("stop\n")
    holder.stdin.flush()
    assert holder.wait(timeout=30) == 0
    lock = instance_lock.acquire(tmp_path / "data")
    assert lock.isLocked()
    lock.unlock()


def test_another_case_store_is_not_blocked(holder: subprocess.Popen[str], tmp_path: Path) -> None:
    lock = instance_lock.acquire(tmp_path / "other")
    assert lock.isLocked()
    lock.unlock()


def test_a_missing_data_folder_is_created_private(tmp_path: Path) -> None:
    lock = instance_lock.acquire(tmp_path / "new" / "data")
    assert (tmp_path / "new" / "data").stat().st_mode & 0o777 == 0o700
    lock.unlock()


def test_a_lock_file_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    # (a folder in the lock file's place: the same error as a read-only folder, even for root)
    (tmp_path / "data" / instance_lock.LOCK_FILE_NAME).mkdir(parents=True)
    with pytest.raises(UserFacingError, match="cannot lock its case store") as failed:
        instance_lock.acquire(tmp_path / "data")
    assert not isinstance(failed.value, instance_lock.AlreadyRunningError)


@pytest.mark.parametrize("content", [b"", b"\x00garbage\xff" * 50], ids=["empty", "garbage"])
def test_a_damaged_lock_file_is_taken_over(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / instance_lock.LOCK_FILE_NAME).write_bytes(content)
    lock = instance_lock.acquire(tmp_path / "data")
    assert lock.isLocked()
    lock.unlock()


def test_a_file_where_the_data_folder_should_be_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserFacingError, match="cannot be created"):
        instance_lock.acquire(tmp_path / "data" / "inner")


def test_main_refuses_a_second_window_with_a_clear_message_and_exit_1(
    holder: subprocess.Popen[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qapp: QApplication,
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(error_dialog, "show_error", lambda p, t, text: shown.append((t, text)))
    try:
        assert app.main(data_dir=tmp_path / "data") == 1
    finally:
        excepthook.uninstall()
        logging_setup.shutdown_logging()
        faulthandler.enable(file=sys.__stderr__)
    assert len(shown) == 1
    title, text = shown[0]
    assert title == f"{APP_NAME} is already open"
    assert "already open" in text
    assert holder.poll() is None  # the first window is left alone
