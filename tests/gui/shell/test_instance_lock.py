"""One running window per case store (docs/design-rules.md, R10): refusal and recovery.

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

from cdt_desktop import APP_NAME, app
from cdt_desktop.core import log
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.shell import excepthook, instance_lock

HOLDER = """
import sys
from cdt_desktop.ui.shell import instance_lock
lock = instance_lock.acquire(sys.argv[1])
print("locked", flush=True)
sys.stdin.readline()  # hold until told to stop (or killed)
lock.unlock()
"""


MAIN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from cdt_desktop import app

def check_and_quit():
    shown = [w.isVisible() for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"]
    print("shown", shown)
    QApplication.quit()

QTimer.singleShot(0, check_and_quit)
sys.exit(app.main(data_dir=sys.argv[1]))
"""


def _run_main(data_dir: Path) -> subprocess.CompletedProcess[str]:
    """`cdt-desktop`'s main() in its own process, quitting once its window is up."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", MAIN, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _spawn(script: str, data_dir: Path, says: str) -> subprocess.Popen[str]:
    """``script`` in its own process on ``data_dir``, once it has printed ``says``."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == says
    return child


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of tmp_path/data."""
    with _spawn(HOLDER, tmp_path / "data", "locked") as child:
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
    assert "taskbar" in message
    # issue 14 item 11: no process id, host name or folder for the user (the log has the pid)
    assert f"{holder.pid}" not in message and str(tmp_path) not in message


# RELIABILITY req. 10
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


def test_where_no_lock_can_be_taken_the_window_still_opens_without_one(tmp_path: Path) -> None:
    # A folder in the lock file's place fails like a read-only folder or a full disk, even for
    # root: no lock, no refusal (the case store then says what it can do there).
    (tmp_path / "data" / instance_lock.LOCK_FILE_NAME).mkdir(parents=True)
    assert instance_lock.acquire(tmp_path / "data") is None
    done = _run_main(tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "shown [True]" in done.stdout


def test_a_new_data_folder_and_its_lock_file_are_private(tmp_path: Path) -> None:
    lock = instance_lock.acquire(tmp_path / "new" / "data")
    assert lock is not None
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "data").stat().st_mode & 0o777 == 0o700
    lock_file = tmp_path / "new" / "data" / instance_lock.LOCK_FILE_NAME
    assert lock_file.stat().st_mode & 0o777 == 0o600
    lock.unlock()


def test_the_app_leaves_the_case_store_unlocked_when_it_ends(tmp_path: Path) -> None:
    done = _run_main(tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "shown [True]" in done.stdout
    assert not (tmp_path / "data" / instance_lock.LOCK_FILE_NAME).exists()


@pytest.mark.parametrize("content", [b"", b"\x00garbage\xff" * 50], ids=["empty", "garbage"])
def test_a_damaged_lock_file_is_taken_over(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / instance_lock.LOCK_FILE_NAME).write_bytes(content)
    lock = instance_lock.acquire(tmp_path / "data")
    assert lock.isLocked()
    lock.unlock()


def test_a_file_where_the_data_folder_should_be_gives_no_lock(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    assert instance_lock.acquire(tmp_path / "data" / "inner") is None


def test_main_refuses_a_second_window_with_a_clear_message_and_exit_1(
    holder: subprocess.Popen[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qapp: QApplication,
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda p, t, text: shown.append((t, text)))
    try:
        assert app.main(data_dir=tmp_path / "data") == 1
    finally:
        excepthook.uninstall()
        log.shutdown_logging()
        faulthandler.enable(file=sys.__stderr__)
    assert len(shown) == 1
    title, text = shown[0]
    assert title == f"{APP_NAME} is already open"
    assert "already open" in text
    assert holder.poll() is None  # the first window is left alone


# RELIABILITY req. 10
def test_a_second_folder_linking_to_this_store_shares_its_lock(
    holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    """Issue 15 item 20: a data folder whose cases.sqlite is a symlink to this store got its own
    lock, so two windows ran on one store."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    with CaseStore.open(tmp_path / "data"):
        pass
    other = tmp_path / "other"
    other.mkdir()
    (other / "cases.sqlite").symlink_to(tmp_path / "data" / "cases.sqlite")
    with pytest.raises(instance_lock.AlreadyRunningError):
        instance_lock.acquire(other)


def test_a_log_folder_on_a_network_share_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15 item 20: the network-path check skipped the logs."""
    from cdt_desktop.db.sqlitefile import checks

    monkeypatch.setattr(checks, "is_network_path", lambda path: True)
    called: list[object] = []
    monkeypatch.setattr(app, "setup_logging", lambda *a, **k: called.append(a))
    assert app._start_logging("//server/share/cdt") is None
    assert called == []


RUNNING_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from cdt_desktop import app
from cdt_desktop.ui.shell import instance_lock

def fronted(window):
    print("brought to front", window.objectName(), flush=True)
    QTimer.singleShot(1000, QApplication.quit)  # after the second start read the answer

def ready():
    print("ready", flush=True)

instance_lock.bring_to_front = fronted
QTimer.singleShot(0, ready)
QTimer.singleShot(60_000, QApplication.quit)  # never left running by a failed test
sys.exit(app.main(data_dir=sys.argv[1]))
"""


def test_a_second_start_brings_the_open_window_to_the_front_and_ends_quietly(
    tmp_path: Path,
) -> None:
    """A double click on the icon while the app is open: no message to dismiss, the window the
    assistant works in comes to the front."""
    with _spawn(RUNNING_WINDOW, tmp_path / "data", "ready") as first:
        assert first.stdout is not None
        second = _run_main(tmp_path / "data")

        assert second.returncode == 0, second.stderr
        assert "shown" not in second.stdout  # no second window
        assert first.stdout.readline().strip() == "brought to front mainWindow"
        assert first.wait(timeout=60) == 0
    assert not instance_lock.show_path(tmp_path / "data").exists()  # tidied at exit


def test_a_holder_that_does_not_answer_still_gets_the_message(
    holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    instance_lock.show_path(tmp_path / "data").write_text("", encoding="utf-8")  # nobody reads it
    assert instance_lock.ask_to_show(tmp_path / "data", wait=0.3) is False
    assert instance_lock.ask_to_show(tmp_path / "nowhere", wait=0.3) is False


def test_a_start_on_another_case_store_is_told_the_app_is_open_not_given_this_window(
    tmp_path: Path,
) -> None:
    """`cdt-desktop --store OTHER` while a window is open on the default store: it must not
    end quietly behind that window (it used to: any request was answered)."""
    import time

    with _spawn(RUNNING_WINDOW, tmp_path / "data", "ready") as first:
        assert first.stdout is not None
        started = time.monotonic()
        assert not instance_lock.ask_to_show(tmp_path / "data", store="postgresql://office/cdt")
        assert time.monotonic() - started < instance_lock.ANSWER_SECONDS  # answered, not timed out
        assert instance_lock.ask_to_show(tmp_path / "data")  # the same start without --store
        assert first.stdout.readline().strip() == "brought to front mainWindow"
        assert first.wait(timeout=60) == 0


class _User32:
    """user32.dll's one call a second start makes (Windows only; recorded here)."""

    def __init__(self, fails: bool = False) -> None:
        self.calls: list[int] = []
        self.fails = fails

    def AllowSetForegroundWindow(self, pid: int) -> int:  # the Windows name
        self.calls.append(pid)
        if self.fails:
            raise OSError("access denied")
        return 1


def test_on_windows_a_second_start_lets_the_open_window_take_the_front() -> None:
    """Without it Windows only flashes the open window's taskbar entry."""
    user32 = _User32()
    instance_lock.allow_foreground(user32)
    assert user32.calls == [0xFFFFFFFF]  # ASFW_ANY: whichever process holds the window
    instance_lock.allow_foreground(_User32(fails=True))  # a refusal leaves the flashing only
    if sys.platform != "win32":
        instance_lock.allow_foreground()  # nothing to do here, and nothing raised


def test_a_lock_left_by_a_killed_app_that_cannot_be_taken_over_is_no_open_window(
    holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    """Reliability walk: on a full disk Qt could not take over the lock of a killed app (it
    writes a helper file first) and the start said the app was already open: "switch to its
    window", a window nobody could find. Here the helper file's name is taken, as a full disk
    refuses it; the lock's process has ended, so the window opens without a lock."""
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    folder = tmp_path / "data"
    (folder / f"{instance_lock.LOCK_FILE_NAME}.rmlock").mkdir()  # Qt cannot write it
    assert instance_lock.acquire(folder) is None  # not AlreadyRunningError


def test_the_lock_of_a_running_app_is_never_taken_for_a_dead_one(
    holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    (folder / f"{instance_lock.LOCK_FILE_NAME}.rmlock").mkdir()
    with pytest.raises(instance_lock.AlreadyRunningError):
        instance_lock.acquire(folder)
