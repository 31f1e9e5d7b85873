"""The window's own files are private (a new data folder 0700, the settings, the instance lock
and its show-request file 0600) without the process umask changing: the daily backup runs on a
worker thread while the window's thread makes them. Real QSettings, real QLockFile; the kernel
says what the umask was at each file made and all along (``tests/helpers/umask.py``)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from cdt_desktop.ui.common.settings import Key, Settings
from cdt_desktop.ui.shell import instance_lock
from tests.helpers.umask import LOOSEST, umask_watched

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_settings_file_in_a_new_data_folder(tmp_path: Path, qapp: object) -> None:
    path = tmp_path / "pc" / "data" / "settings.ini"
    with umask_watched() as seen:
        settings = Settings.from_file(path)
        settings.set(Key.OPERATOR_INITIALS, "AB")
        settings.sync()
    assert seen == {LOOSEST}
    assert _mode(tmp_path / "pc") == _mode(path.parent) == 0o700
    assert _mode(path) == 0o600


def test_the_instance_lock_and_its_show_requests(tmp_path: Path, qapp: object) -> None:
    folder = tmp_path / "pc" / "data"
    with umask_watched() as seen:
        lock = instance_lock.acquire(folder)
        assert lock is not None
        owner = QObject()
        requests = instance_lock.ShowRequests(folder, owner)
    try:
        assert seen == {LOOSEST}
        assert _mode(tmp_path / "pc") == _mode(folder) == 0o700
        assert _mode(folder / instance_lock.LOCK_FILE_NAME) == 0o600
        assert _mode(requests.path) == 0o600
    finally:
        lock.unlock()
        owner.deleteLater()
