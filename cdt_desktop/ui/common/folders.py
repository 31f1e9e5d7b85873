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
