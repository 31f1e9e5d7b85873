"""Application shell: the real window from data/cdt.sqlite, start-up errors, the exception hook."""

from __future__ import annotations

import faulthandler
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop import APP_NAME, ORG_DOMAIN, ORG_NAME, app
from cdt_desktop.core import log, paths
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.settings import Key, Settings
from cdt_desktop.ui.shell import excepthook
from tests.helpers import REPO_ROOT

REPO_ROOT = REPO_ROOT
SENTINEL = "Zoë-Nguyễn-PHI-SENTINEL-0001"


@pytest.fixture
def shell_state() -> Iterator[None]:
    """main() installs logging and hooks process-wide; put everything back afterwards."""
    yield
    excepthook.uninstall()
    log.shutdown_logging()
    faulthandler.enable(file=sys.__stderr__)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(msgbox, "show_error", lambda p, title, text: shown.append((title, text)))
    return shown


def test_build_main_window_does_not_show_and_is_fully_wired(qtbot: QtBot, tmp_path: Path) -> None:
    window = app.build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    assert isinstance(window, QMainWindow)
    assert not window.isVisible()
    for name in (
        "searchBox",
        "searchResults",
        "codeDetail",
        "checklistPanel",
        "exportAppealButton",
    ):
        assert window.findChild(QWidget, name) is not None, name
    assert not window.windowIcon().isNull()
    assert (tmp_path / "settings.ini").parent == tmp_path


def test_typing_molar_in_the_real_window_finds_d3330(qtbot: QtBot, tmp_path: Path) -> None:
    window = app.build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    window.show()
    box = window.findChild(QWidget, "searchBox")
    qtbot.keyClicks(box, "molar")
    assert "D3330" in window.search.model.codes()  # type: ignore[attr-defined]
    window.search.model.rowCount()  # type: ignore[attr-defined]
    window.open_code("D3330")  # type: ignore[attr-defined]
    assert "D3330" in window.detail.toPlainText()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a database" * 100, b"SQLite format 3\x00"],
    ids=["empty", "text", "header-only"],
)
def test_broken_reference_library_gives_a_clear_dialog_and_exit_1(
    shell_state: None,
    dialogs: list[tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qapp: QApplication,
    content: bytes,
) -> None:
    broken = tmp_path / "cdt.sqlite"
    broken.write_bytes(content)
    monkeypatch.setenv(paths.REFERENCE_DB_ENV, str(broken))
    assert app.main(data_dir=tmp_path / "data") == 1
    assert len(dialogs) == 1
    title, text = dialogs[0]
    assert "cannot start" in title
    assert str(broken) in text


def test_missing_reference_library_gives_a_clear_dialog(
    shell_state: None, dialogs: list[tuple[str, str]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication,
) -> None:  # fmt: skip
    monkeypatch.setenv(paths.REFERENCE_DB_ENV, str(tmp_path / "nowhere.sqlite"))
    assert app.main(data_dir=tmp_path / "data") == 1
    assert "not found" in dialogs[0][1]


MAIN_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from cdt_desktop import app
from cdt_desktop.ui.shell import excepthook

qapp = QApplication(sys.argv[:1])

def check_and_quit():
    shown = [w.isVisible() for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"]
    print("shown", shown, "hook", excepthook.is_installed())
    print("identity", qapp.applicationName(), "|", qapp.organizationName(), "|",
          qapp.organizationDomain(), "|", not qapp.windowIcon().isNull())
    QApplication.quit()

QTimer.singleShot(0, check_and_quit)
sys.exit(app.main(data_dir=sys.argv[1]))
"""


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """main() in its own process, as users start it (it owns process-wide hooks and Qt state)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120,
        cwd=tmp_path,
    )  # fmt: skip


def test_main_sets_identity_shows_the_window_and_returns_the_loop_status(tmp_path: Path) -> None:
    done = _run(["-c", MAIN_SCRIPT, str(tmp_path / "data")], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "shown [True] hook True" in done.stdout
    assert f"identity {APP_NAME} | {ORG_NAME} | {ORG_DOMAIN} | True" in done.stdout
    assert (tmp_path / "data" / "logs" / log.LOG_FILE_NAME).is_file()
    assert (tmp_path / "data" / "settings.ini").is_file()  # window state saved on the way out


def test_self_check_prints_ok(tmp_path: Path) -> None:
    done = _run(
        ["-m", "cdt_desktop", "--data-dir", str(tmp_path / "data"), "--self-check"], tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "self-check ok" in done.stdout


# RELIABILITY req. 15
# RELIABILITY req. 16
@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_redacted_shown_and_the_app_keeps_running(
    shell_state: None, dialogs: list[tuple[str, str]], qtbot: QtBot, tmp_path: Path
) -> None:
    log_file = log.setup_logging(tmp_path / "logs")
    excepthook.install()
    window = app.build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    window.show()

    def broken_slot() -> None:
        raise ValueError(f"could not render {SENTINEL}")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: len(dialogs) == 1)
    title, text = dialogs[0]
    assert title == excepthook.DIALOG_TITLE
    assert "ValueError" in text
    assert SENTINEL not in text
    logged = log_file.read_text(encoding="utf-8")
    assert "ValueError" in logged
    assert "broken_slot" in logged
    assert SENTINEL not in logged
    # still alive and responsive
    window.search.set_query("molar")  # type: ignore[attr-defined]
    assert "D3330" in window.search.model.codes()  # type: ignore[attr-defined]


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_thread_is_logged_without_its_message(
    shell_state: None, dialogs: list[tuple[str, str]], qtbot: QtBot, tmp_path: Path
) -> None:
    import threading

    log_file = log.setup_logging(tmp_path / "logs", fault_handler=False)
    excepthook.install()

    def worker() -> None:
        raise KeyError(SENTINEL)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(dialogs) == 1)
    logged = log_file.read_text(encoding="utf-8")
    assert "KeyError" in logged
    assert SENTINEL not in logged


def test_excepthook_install_is_idempotent_and_reversible(shell_state: None) -> None:
    before = sys.excepthook
    excepthook.install()
    excepthook.install()
    assert excepthook.is_installed()
    excepthook.uninstall()
    assert sys.excepthook is before


def test_settings_round_trip_in_an_ini_file(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    first = Settings.from_file(path)
    values = {
        Key.WINDOW_GEOMETRY: b"\x00\x01binary\xff",
        Key.RIGHT_TAB: 1,
        Key.NOTATION: "fdi",
        Key.OPERATOR_INITIALS: "ÉN",
        Key.PROVIDER_NPI: "1234567893",
        Key.PAGE_SIZE: "a4",
    }
    for key, value in values.items():
        first.set(key, value)
    first.sync()
    second = Settings.from_file(path)
    assert {key: second.get(key) for key in values} == values
    assert isinstance(second.get_bytes(Key.WINDOW_GEOMETRY), QByteArray)
    assert second.get(Key.PRACTICE_NAME) == ""


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        (Key.RIGHT_TAB, "1", TypeError),
        (Key.NOTATION, "roman", ValueError),
        (Key.NOTATION, 3, TypeError),
    ],
)
def test_settings_refuse_wrong_types_and_values(
    qapp: QApplication, tmp_path: Path, key: Key, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        Settings.from_file(tmp_path / "s.ini").set(key, value)


def test_hand_edited_bad_values_read_as_defaults(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    path.write_text("[chart]\nnotation=klingon\n[window]\nrightTab=abc\n", encoding="utf-8")
    settings = Settings.from_file(path)
    assert settings.get(Key.NOTATION) == "universal"
    assert settings.get(Key.RIGHT_TAB) == 0


def test_settings_follow_the_data_dir(qapp: QApplication, tmp_path: Path) -> None:
    assert Settings.for_data_dir(tmp_path).file_name() == str(tmp_path / "settings.ini")


def test_headless_dialogs_log_instead_of_blocking(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    assert msgbox.is_headless()
    msgbox.show_error(None, "Title", "Body")
    assert msgbox.ask_yes_no(None, "Delete?", "Really?") is False
    assert msgbox.ask_yes_no(None, "Keep?", "Sure?", default=True) is True
    assert "error dialog: Title" in caplog.text
    assert "Body" not in caplog.text  # dialog text may carry what a file said (issue 15 item 7)
