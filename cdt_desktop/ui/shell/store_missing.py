"""At start: the case store chosen for this PC is an SQLite file that is not there.

Why a question and not a new file: a store kept on a second disk or a USB drive is most often
missing because the drive is not connected, and an empty store made in its place would take
today's cases apart from the office's, unseen until someone looks for a case. So the start asks:
try again (once the drive is connected), make an empty store there (a store that is meant to be
new), use this PC's own case file (the choice is saved, as File > Case store... saves it), or
quit. Without a screen to ask on (offscreen runs) the start stops with the message instead.

This PC's own case file is made at the first start. Gone after one (deleted, moved: copies the
app kept of it are beside it), it is asked about too, naming the newest copy: it came back
empty, unsaid, beside the backups of the day's work (reliability probe).
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from cdt_desktop import APP_NAME
from cdt_desktop.core.log import get_logger
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from pathlib import Path

    from cdt_desktop.services.store import StoreChoice

_log = get_logger("app")

TITLE = "Case store not found"


class Answer(Enum):
    RETRY = "retry"
    CREATE = "create"
    OWN = "own"
    QUIT = "quit"


def message(path: Path, chosen_in: str) -> str:
    """What the question says: the file, where it was chosen, and what each way out does."""
    return (
        f"This PC is set to keep its cases in\n{path}\n(chosen in {chosen_in}), and that file "
        "is not there.\n\n"
        "If it is on a drive that is not connected now (a second disk, a USB drive), connect it "
        "and choose Try again.\n\n"
        "Create an empty store there only for a store that is meant to be new: no case is "
        "copied into it."
    )


def gone_message(path: Path, kept: Path) -> str:
    """What the question says when this PC's own case file, which was there, is gone."""
    try:
        when = datetime.fromtimestamp(kept.stat().st_mtime).strftime("%b %d, %Y %H:%M")
    except OSError:  # gone meanwhile: named all the same
        when = "a while ago"
    return (
        f"This PC's case file\n{path}\nis not there, but copies of it that the app kept are "
        f"beside it (the newest from {when}): it was deleted or moved.\n\n"
        "If it was moved, put it back and choose Try again.\n\n"
        "Else create an empty store and put the cases back with File > Restore cases from "
        f"backup\u2026 (the newest copy: {kept})."
    )


def ask(path: Path, chosen_in: str, *, own_file: bool, kept: Path | None = None) -> Answer:
    """The user's answer; ``own_file`` offers this PC's own case file (not when ``--store`` or
    the environment variable decides the store: saving a choice would change nothing);
    ``kept``: the newest copy of this PC's own file, which is gone."""
    text = gone_message(path, kept) if kept is not None else message(path, chosen_in)
    if msgbox.is_headless():
        _log.error("start stopped: the chosen case store is not there (headless)")
        return Answer.QUIT
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, text)

    box.setTextFormat(Qt.TextFormat.PlainText)  # a path with "<" is no markup
    box.setWindowTitle(f"{TITLE} - {APP_NAME}")
    box.setAccessibleName(TITLE)
    box.setAccessibleDescription(text)
    retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    create = box.addButton("Create an empty store there", QMessageBox.ButtonRole.DestructiveRole)
    own = (
        box.addButton("Use this PC's own case file", QMessageBox.ButtonRole.ActionRole)
        if own_file
        else None
    )
    quit_ = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)  # Enter never makes a store
    box.setEscapeButton(quit_)
    box.exec()
    clicked = box.clickedButton()
    if clicked is retry:
        return Answer.RETRY
    if clicked is create:
        return Answer.CREATE
    if own is not None and clicked is own:
        return Answer.OWN
    return Answer.QUIT


def settle(choice: StoreChoice) -> bool:
    """True once the start may open its store: the chosen file is there (again), the user
    chose to create it or to use this PC's own file; False to quit."""
    from cdt_desktop.services.backups import newest_kept_copy

    while (path := choice.missing_at_start()) is not None:
        kept = newest_kept_copy(path) if choice.is_own(path) else None
        own_file = kept is None and not choice.overridden_by()
        answer = ask(path, choice.where_chosen(), own_file=own_file, kept=kept)
        _log.info("chosen case store missing at start: %s", answer.value)
        if answer is Answer.QUIT:
            return False
        if answer is Answer.CREATE:
            return True
        if answer is Answer.OWN:
            choice.save(None)
    return True
