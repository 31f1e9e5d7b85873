"""Start-up order and best-effort logging.

Issue 13: log rotation ran before the single-instance lock, so a second launch renamed the
running window's log (on Windows a PermissionError before the exception hook existed).
Issue 15 item 11: a read-only data folder, or a file where it should be, started with a raw
traceback because logging was set up before any error handling.
RELIABILITY req. 10 (one instance per database) and req. 16 (the hook before QApplication).
"""

from __future__ import annotations

import faulthandler
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cdt_desktop import app
from cdt_desktop.core import log
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.shell import excepthook, instance_lock

HOLDER = """
import sys
from cdt_desktop.ui.shell import instance_lock
lock = instance_lock.acquire(sys.argv[1])
print("locked", flush=True)
sys.stdin.readline()
lock.unlock()
"""


@pytest.fixture
def shell_state() -> Iterator[None]:
    yield
    excepthook.uninstall()
    log.shutdown_logging()
    faulthandler.enable(file=sys.__stderr__)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda p, title, text: shown.append((title, text)))
    return shown


def test_a_second_launch_does_not_rotate_the_running_windows_log(
    shell_state: None, dialogs: list[tuple[str, str]], tmp_path: Path, qapp: QApplication
) -> None:
    data = tmp_path / "data"
    logs = data / "logs"
    logs.mkdir(parents=True)
    live = logs / log.LOG_FILE_NAME
    live.write_bytes(b"first window's log line\n" * (log.MAX_BYTES // 20))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        try:
            assert app.main(data_dir=data) == 1
        finally:
            holder.kill()
    assert [title for title, _ in dialogs] == [f"{app.APP_NAME} is already open"]
    assert not (logs / f"{log.LOG_FILE_NAME}.1").exists()
    assert live.read_bytes().startswith(b"first window's log line\n")


MAIN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from cdt_desktop import app

if sys.argv[2] == "no-log":
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    app.setup_logging = refuse

def look():
    shown = [w.isVisible() for w in QApplication.topLevelWidgets()
             if w.objectName() == "mainWindow"]
    print("shown", shown, flush=True)
    QApplication.quit()

QTimer.singleShot(0, look)
sys.exit(app.main(data_dir=sys.argv[1]))
"""


def _run_main(data: Path, mode: str = "") -> subprocess.CompletedProcess[str]:
    """The app's main() in its own process (an event loop in this one would leave it quit)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", MAIN, str(data), mode or "-"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip


def test_the_lock_holder_rotates_a_big_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    live = data / "logs" / log.LOG_FILE_NAME
    live.write_bytes(b"old\n" * (log.MAX_BYTES // 4 + 1))
    done = _run_main(data)
    assert done.returncode == 0, done.stderr
    assert (data / "logs" / f"{log.LOG_FILE_NAME}.1").stat().st_size > log.MAX_BYTES - 8
    assert live.stat().st_size < log.MAX_BYTES


def test_a_data_folder_that_is_a_file_gives_a_clear_dialog(
    shell_state: None, dialogs: list[tuple[str, str]], tmp_path: Path, qapp: QApplication
) -> None:
    data = tmp_path / "data"
    data.write_text("not a folder", encoding="utf-8")
    assert app.main(data_dir=data) == 1
    assert len(dialogs) == 1 and "is a file, not a folder" in dialogs[0][1]
    assert data.read_text(encoding="utf-8") == "not a folder"


def test_logging_that_cannot_start_still_opens_the_window(tmp_path: Path) -> None:
    done = _run_main(tmp_path / "data", "no-log")
    assert done.returncode == 0, done.stderr
    assert "shown [True]" in done.stdout
    assert "warning: no log file (PermissionError)" in done.stderr
    assert not (tmp_path / "data" / instance_lock.LOCK_FILE_NAME).exists()
