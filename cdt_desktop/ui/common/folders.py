"""Where a file dialog starts: the user's own folder for that kind of file, never the folder the
program happened to be started from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QWidget

from cdt_desktop.ui.common.settings import Key, Settings

Location = QStandardPaths.StandardLocation


def start_folder(*kinds: QStandardPaths.StandardLocation) -> str:
    """The first of ``kinds`` (e.g. Pictures, Downloads) that exists, else the home folder."""
    for kind in kinds:
        folder = QStandardPaths.writableLocation(kind)
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


_LAST_CHOSEN: dict[str, str] = {}
"""The folder of the last file chosen for each purpose, while the app runs (where no window's
settings are found: a dialog on its own, the tests)."""

KEYS = {
    "films": Key.FILMS_FOLDER,
    "letters": Key.LETTERS_FOLDER,
    "case files": Key.CASE_FILES_FOLDER,
    "backups": Key.BACKUPS_FOLDER,
}
"""The purposes a folder is remembered for, each under its setting of this PC: the imaging
software's export folder and the claims folder do not move between one day and the next
(verification walkthrough: every start began in Pictures again, film after film)."""


def _settings_near(widget: QWidget | None) -> Settings | None:
    """The settings of the window ``widget`` belongs to (a dialog's parent chain ends at the
    main window, which holds them as ``settings``), or None."""
    while widget is not None:
        found = getattr(widget, "settings", None)
        if isinstance(found, Settings):
            return found
        widget = widget.parentWidget()
    return None


def last_folder(purpose: str, near: QWidget | None, *kinds: QStandardPaths.StandardLocation) -> str:
    """Where the last file for ``purpose`` came from or went (the imaging software's export
    folder, film after film; the claims folder), while it exists; else
    ``start_folder(*kinds)``. Kept in the settings of ``near``'s window, so it outlives the
    app; for the session only without them."""
    settings = _settings_near(near)
    if settings is not None:
        folder = str(settings.get(KEYS[purpose]))
    else:
        folder = _LAST_CHOSEN.get(purpose, "")
    return folder if folder and Path(folder).is_dir() else start_folder(*kinds)


def remember_folder(purpose: str, chosen: str | Path, near: QWidget | None) -> None:
    """``chosen`` (a file) was picked for ``purpose``: the next chooser starts in its folder,
    this run and the next."""
    folder = str(Path(chosen).parent)
    settings = _settings_near(near)
    if settings is not None:
        settings.set(KEYS[purpose], folder)
    else:
        _LAST_CHOSEN[purpose] = folder
