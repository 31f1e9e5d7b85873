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
