"""Where a file dialog starts: the user's own folder for that kind of file, never the folder the
program happened to be started from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

Location = QStandardPaths.StandardLocation


def start_folder(*kinds: QStandardPaths.StandardLocation) -> str:
    """The first of ``kinds`` (e.g. Pictures, Downloads) that exists, else the home folder."""
    for kind in kinds:
        folder = QStandardPaths.writableLocation(kind)
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


_LAST_CHOSEN: dict[str, str] = {}
"""The folder of the last file chosen for each purpose, while the app runs."""


def last_folder(purpose: str, *kinds: QStandardPaths.StandardLocation) -> str:
    """Where the last file for ``purpose`` came from (the imaging software's export folder,
    film after film), while it exists; else ``start_folder(*kinds)``."""
    folder = _LAST_CHOSEN.get(purpose, "")
    return folder if folder and Path(folder).is_dir() else start_folder(*kinds)


def remember_folder(purpose: str, chosen: str) -> None:
    """``chosen`` (a file) was picked for ``purpose``: the next chooser starts in its folder."""
    _LAST_CHOSEN[purpose] = str(Path(chosen).parent)
