"""File dialogs start in the user's folder for that kind of file (a film in Pictures, a CDT file
in Downloads), not in whatever folder the program was started from."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.ui.appeal.radiographs import RadiographsBox
from cdt_desktop.ui.common import file_dialogs, folders
from cdt_desktop.ui.common.folders import Location, start_folder


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))  # no user-dirs.dirs
    monkeypatch.setattr(folders, "_LAST_CHOSEN", {})  # no film chosen yet in this run
    return tmp_path


def test_the_first_folder_that_exists_is_taken(home: Path) -> None:
    (home / "Downloads").mkdir()
    kinds = (Location.PicturesLocation, Location.DownloadLocation)
    assert Path(start_folder(*kinds)) == home / "Downloads"
    (home / "Pictures").mkdir()
    assert Path(start_folder(*kinds)) == home / "Pictures"


def test_without_any_of_them_the_home_folder(home: Path) -> None:
    assert Path(start_folder(Location.PicturesLocation)) == home


def test_attaching_a_film_starts_in_pictures(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "Pictures").mkdir()
    asked: list[str] = []

    def chooser(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""  # the user cancelled

    monkeypatch.setattr(file_dialogs, "open_file_name", chooser)
    box = RadiographsBox(None, None, operator="BL")
    qtbot.addWidget(box)
    box.choose_and_attach()
    assert [Path(a) for a in asked] == [home / "Pictures"]


@pytest.mark.parametrize("purpose", sorted(folders.KEYS))
def test_each_kind_of_file_starts_where_the_last_one_went_after_a_restart(
    qtbot: QtBot, home: Path, purpose: str
) -> None:
    """Films, letters and case files each keep their own folder in this PC's settings."""
    from PySide6.QtWidgets import QWidget

    from cdt_desktop.ui.common.settings import Settings

    claims = home / "claims" / "2026"
    claims.mkdir(parents=True)

    kept: list[QWidget] = []

    def window_on(settings_file: Path) -> QWidget:
        window = QWidget()
        kept.append(window)
        window.settings = Settings.from_file(settings_file)  # type: ignore[attr-defined]
        qtbot.addWidget(window)
        dialog = QWidget(window)  # a dialog's box, two parents below the window
        return QWidget(dialog)

    box = window_on(home / "settings.ini")
    remember_at = folders.last_folder(purpose, box)
    folders.remember_folder(purpose, claims / "letter.pdf", box)
    box.window().settings.sync()  # type: ignore[attr-defined]
    assert remember_at == str(home) and folders._LAST_CHOSEN == {}
    after_restart = window_on(home / "settings.ini")
    assert Path(folders.last_folder(purpose, after_restart)) == claims
    others = set(folders.KEYS) - {purpose}
    assert {Path(folders.last_folder(other, after_restart)) for other in others} == {home}
