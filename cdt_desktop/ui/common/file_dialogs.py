"""Open, save and folder dialogs that never open a file they list.

Why (second re-walk, data loss): Qt's file dialog works out each listed file's type and icon
from its first bytes, so browsing into the data folder opened and closed ``cases.sqlite``, its
``-shm`` and the lock file. On Linux and macOS, closing any handle on a file drops every POSIX
lock the process holds on it: the window's SQLite connection lost its locks, a ``cdt-desktop``
command then took itself for the store's last user and deleted the WAL as it closed, and the
window went on writing into the deleted file: another process's ticks and their audit rows
were lost at the window's close. Here the dialog is Qt's own, with icons and types told by the
name alone. On Windows a lock belongs to its handle (closing another drops nothing), so the
system's dialog is used there as before.

Each function returns what the ``QFileDialog`` static function of the same use returns
(``("", "")`` or ``""`` when cancelled). Imported when a dialog is first asked for.
"""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

QUIET = os.name != "nt"
"""Whether the dialogs must not read the files they list (POSIX locks)."""


class QuietIcons(QFileIconProvider):
    """A file's icon and type from its name and kind (folder or file), never its content."""

    def icon(self, what: object) -> object:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = (
                QFileIconProvider.IconType.Folder
                if what.isDir()
                else QFileIconProvider.IconType.File
            )
            return super().icon(kind)
        return super().icon(what)  # type: ignore[call-overload]

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


_ICONS: list[QuietIcons] = []  # one provider for every dialog, kept alive here


def quiet_dialog(parent: QWidget | None, caption: str, directory: str, filters: str) -> QFileDialog:
    """Qt's own file dialog at ``directory``, telling files by their names alone."""
    dialog = QFileDialog(parent, caption, directory, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if not _ICONS:
        _ICONS.append(QuietIcons())
    dialog.setIconProvider(_ICONS[0])
    return dialog


def _run(dialog: QFileDialog) -> tuple[str, str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return "", ""
        return dialog.selectedFiles()[0], dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def open_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """The file chosen to open and its filter (``QFileDialog.getOpenFileName``)."""
    if not QUIET:
        return QFileDialog.getOpenFileName(parent, caption, directory, filters)
    dialog = quiet_dialog(parent, caption, directory, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return _run(dialog)


def save_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """The file name chosen to save to and its filter (``QFileDialog.getSaveFileName``);
    asks before an existing file is replaced, as that one does."""
    if not QUIET:
        return QFileDialog.getSaveFileName(parent, caption, directory, filters)
    dialog = quiet_dialog(parent, caption, directory, filters)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(default_suffix(filters))  # "letter" is letter.pdf, asked before
    return _run(dialog)  # it replaces one (macOS's own dialog did both: review)


def default_suffix(filters: str) -> str:
    """The first filter's first extension ("PDF (*.pdf)" -> "pdf"; "" for none)."""
    found = re.search(r"\*\.([A-Za-z0-9]+)", filters)
    return found.group(1) if found else ""


def existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    """The folder chosen (``QFileDialog.getExistingDirectory``)."""
    if not QUIET:
        return QFileDialog.getExistingDirectory(parent, caption, directory)
    dialog = quiet_dialog(parent, caption, directory, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _run(dialog)[0]


def not_saved_reason(path: str | os.PathLike[str], error: OSError) -> str:
    """Why a file chosen in a Save dialog could not be written, naming where: "No such file or
    directory." alone left the billing clerk guessing that the slashes of "Ruiz 12/06/2026.pdf"
    had been read as folders (billing walkthrough)."""
    from pathlib import Path

    target = Path(path)
    if not target.parent.is_dir():
        return (
            f"there is no folder \u201c{target.parent}\u201d. A \u201c/\u201d in a file name starts a "
            "folder's name: write a date in the name as 2026-12-06, or choose the folder in "
            "the dialog"
        )
    return f"{error.strerror or 'it could not be written'} ({target})"
