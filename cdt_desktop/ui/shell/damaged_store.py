"""A damaged case store at start-up: set it aside and start on a new, empty store.

Before this, the start-up message said to move the file out of its folder (a hidden one under
AppData on Windows) and run `cdt-desktop restore` in a terminal, and the app quit. Now the same
message offers **Set aside and start**: the damaged file (and its -wal) move into a dated folder
under ``backups/damaged`` beside it (nothing is deleted), the window opens on an empty store,
and File > Restore cases from backup... puts a backup back. Quit stays the default button.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop.core import paths
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

SET_ASIDE = "Set aside and start"
TITLE = "Case store damaged"  # short: the window manager adds the app's name after it


def damaged_store_file(exc: UserFacingError, data_dir: Path | str | None) -> Path | None:
    """This PC's own case store file (``cases.sqlite`` in the data folder) when ``exc`` says it
    is damaged (not a database, failing its check, cut short); None for any other start-up
    problem (the reference library, a newer version's store, a store in use, the office
    server) and for a store chosen elsewhere (File > Case store..., --store), where an empty
    store would not be made in its place: its message says what to do, as before."""
    from cdt_desktop.domain.cases.ports import StoreCorruptError

    path = getattr(exc, "path", None)
    if not isinstance(exc, StoreCorruptError) or path is None:
        return None
    own = paths.user_data_dir(data_dir) / paths.CASE_STORE_FILE
    path = Path(path)
    try:
        is_own = path.is_file() and path.resolve() == own.resolve()
    except OSError:
        return None
    return path if is_own else None


def ask_set_aside(exc: UserFacingError) -> bool | None:
    """The start-up message for a damaged store, with Set aside and start beside Quit (the
    default); True when the user chose to set it aside, None where no box can be seen
    (headless: the caller says the message as any other)."""
    if msgbox.is_headless():
        return None
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    said = str(exc).partition("Restore it from a backup")[0].strip()  # the hint's own words
    text = (
        f"{said}\n\nSet aside and start moves the damaged file into backups/damaged beside it "
        "(nothing is deleted) and opens CDT Companion with no cases; then File > Restore cases "
        "from backup... puts the newest backup back (the daily backups are in backups/daily). "
        "Quit leaves everything as it is."
    )
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, text)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path with "<" is no markup
    aside = box.addButton(SET_ASIDE, QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    box.setAccessibleName(TITLE)
    box.exec()
    return box.clickedButton() is aside


def tell(window: QMainWindow, folder: Path) -> None:
    """Once the window shows: where the damaged store went, and how to put a backup back."""
    from PySide6.QtCore import QTimer

    text = (
        f"The damaged case store was moved into {folder}. This PC now has no cases. To put "
        "them back: type your initials in Operator, then File > Restore cases from backup... "
        "and choose the newest backup (the daily backups are in backups/daily)."
    )
    window.statusBar().showMessage(f"Damaged case store set aside in {folder}", 60000)
    QTimer.singleShot(0, lambda: msgbox.show_info(window, "Damaged case store set aside", text))
