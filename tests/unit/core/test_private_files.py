"""Logs 0600 in a 0700 folder, settings 0600, dialogs logged without their text (issue 15 item 7).

RELIABILITY req. 15 (no PHI in logs), req. 17 (private data directory) and req. 26 (every file
the app owns gets the store's treatment: logs and settings too).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from cdt_desktop.core import log

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
SENTINEL = "Nguyễn-Văn-An-PHI-SENTINEL"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_logs_are_0600_in_a_0700_folder_even_when_they_were_looser(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    old = folder / f"{log.LOG_FILE_NAME}.1"
    old.write_text("older\n", encoding="utf-8")
    old.chmod(0o644)
    previous = os.umask(0o022)
    try:
        path = log.setup_logging(folder)
        log.get_logger("app").info("hello")
    finally:
        os.umask(previous)
        log.shutdown_logging()
    assert _mode(folder) == 0o700
    assert _mode(path) == 0o600 and _mode(old) == 0o600
    assert _mode(folder / log.FAULT_FILE_NAME) == 0o600


def test_error_dialogs_are_logged_without_their_text(tmp_path: Path, qapp: object) -> None:
    from cdt_desktop.ui.common import msgbox

    path = log.setup_logging(tmp_path / "logs", fault_handler=False)
    try:
        msgbox.show_error(None, "Case file not imported", f"unknown section '{SENTINEL}'")
        msgbox.show_warning(None, "Export not recorded", f"letter {SENTINEL}.pdf")
        for handler in logging.getLogger(log.ROOT_LOGGER).handlers:
            handler.flush()
    finally:
        log.shutdown_logging()
    text = path.read_text(encoding="utf-8")
    assert "Case file not imported" in text and "Export not recorded" in text
    assert SENTINEL not in text


def test_the_settings_file_is_private(tmp_path: Path, qapp: object) -> None:
    from cdt_desktop.ui.common.settings import Key, Settings

    previous = os.umask(0o022)
    try:
        settings = Settings.from_file(tmp_path / "data" / "settings.ini")
        settings.set(Key.OPERATOR_INITIALS, "AB")
        settings.sync()
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "data" / "settings.ini") == 0o600
    assert _mode(tmp_path / "data") == 0o700
