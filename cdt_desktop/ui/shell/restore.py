"""File > Restore cases from backup...: the office manager puts a backup back from the window.

The new PC after a dead disk, a mistake to undo: before this, only `cdt-desktop restore` in a
terminal did it, and a one-PC office has no terminal habit. The restore itself (checks, the copy
kept of what it replaces, the audit row) is ``services.restore``'s, as for the command line; the
window answers with the signed-in user (or the operator's initials) and asks before anything is
replaced. The window then follows the restored store as it does when another process restores
one: the list, the open case and sign-in are checked against it within seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.text import capitalized
from cdt_desktop.ui.common import file_dialogs, msgbox
from cdt_desktop.ui.common.folders import start_folder

if TYPE_CHECKING:
    from cdt_desktop.services.restore import Backup, Restored
    from cdt_desktop.ui.shell.window import Shell

NOT_RESTORED = "Cases not restored"
FILE_FILTER = "Case store backups (*.sqlite);;All files (*)"


def restore(window: Shell) -> Restored | None:
    """Ask for a backup file, check it, ask before replacing this PC's cases, restore, and say
    what was done; what it did, or None (refused, cancelled, failed: said in a message)."""
    from cdt_desktop.services import restore as service
    from cdt_desktop.ui.shell.backups import service_for

    parent = window.as_widget()
    backups = service_for(window)
    if window.store is not None and backups.store is None:  # where it is done: no failure
        msgbox.show_info(parent, "Restored on the office server", (
            f"The cases are on the office server ({window.store.location}). They are "
            "restored on the server with pg_restore, by whoever set it up; this PC holds "
            "no copy of them."
        ))  # fmt: skip
        return None
    try:
        who = backups.check_allowed()  # no store, a role that may not, no initials
    except UserFacingError as exc:
        msgbox.show_error(parent, NOT_RESTORED, _sentence(str(exc)))
        return None
    store = backups.store
    assert store is not None  # check_allowed
    chosen, _ = file_dialogs.open_file_name(
        parent, "Restore cases from backup", _start_folder(backups.daily_folder()), FILE_FILTER
    )
    if not chosen:
        return None
    backup_path = Path(chosen)
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    copying = CopyProgress(parent, backup_path.name)
    try:
        if backup_path.resolve() == store.path.resolve():
            raise UserFacingError(f"{backup_path} is the case store itself; choose a backup file.")
        with service.local_copy(backup_path, store.path.parent, copying) as readable:
            copying.done()
            backup = service.read_backup(readable, backup_path)
            done = service.restore(
                store.path,
                backup,
                readable,
                who=lambda _store: who,
                sure=lambda now, users: _sure(parent, backup, store.path, now=now, users=users),
            )
    except service.CopyCancelled:
        window.statusBar().showMessage("Restore stopped: nothing was changed.", 10000)
        return None
    except UserFacingError as exc:
        msgbox.show_error(parent, NOT_RESTORED, _sentence(str(exc)))
        return None
    finally:
        copying.done()
        QApplication.restoreOverrideCursor()
    if done is None:
        return None
    window.statusBar().showMessage(f"Restored {_cases(done.cases)} from {backup_path.name}", 15000)
    msgbox.show_info(parent, "Cases restored", done_text(done))
    return done


class CopyProgress:
    """A backup on the office share is copied to this PC before it is read: a progress bar
    with Cancel while that takes more than a moment (a large backup on a slow share took
    minutes under a wait cursor alone). Called by ``services.restore.local_copy``."""

    def __init__(self, parent: QWidget, name: str) -> None:
        self._parent, self._name = parent, name
        self.dialog: QProgressDialog | None = None

    def __call__(self, copied: int, total: int) -> bool:
        if self.dialog is None:
            from cdt_desktop.core.text import isolate

            self.dialog = dialog = QProgressDialog(
                f"Copying {isolate(self._name)} from the share to this PC before it is "
                "checked…", "Cancel", 0, 1000, self._parent
            )  # fmt: skip
            dialog.setObjectName("restoreCopyProgress")
            dialog.setWindowTitle("Restore cases from backup")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)  # a small file: no flash of a dialog
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
        self.dialog.setValue(min(1000, copied * 1000 // max(1, total)))  # handles its events
        return not self.dialog.wasCanceled()

    def done(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


def _start_folder(daily: Path | None) -> str:
    """The daily backups beside the store when there are any (the usual restore: yesterday's),
    else the Documents folder."""
    if daily is not None and daily.is_dir():
        return str(daily)
    return start_folder(QStandardPaths.StandardLocation.DocumentsLocation)


def _sure(parent: QWidget, backup: Backup, store_path: Path, *, now: int, users: int) -> bool:
    """The question before anything is replaced (No is the default), asked with the ordinary
    cursor (the wait cursor is the checks' and the copy's)."""
    QApplication.restoreOverrideCursor()
    try:
        text = question_text(backup, store_path, now=now, users=users)
        return msgbox.ask_yes_no(parent, "Restore cases from backup", text)
    finally:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))


def question_text(
    backup: Backup, store_path: Path, *, now: int, users: int, at: datetime | None = None
) -> str:
    """What the question says: what is replaced by what, when that backup was made (``at``:
    the time asked, now when None), that every change made here since is undone but nothing is
    lost, and what becomes of sign-in (the users and PINs are the backup's too)."""
    from cdt_desktop.services.restore import KEEP_FOLDER

    kept = store_path.parent.joinpath(*KEEP_FOLDER)
    made = ""
    if backup.made is not None:
        from cdt_desktop.services.restore import made_words

        made = f"a backup made {made_words(backup.made, at or datetime.now(UTC))}"
    if now == 0:  # a new PC, or a damaged store set aside: nothing here to replace
        made = f" ({made})" if made else ""
        lines = [f"Restore the {_cases(backup.cases)} in {backup.path.name}{made} to this PC?", ""]
    else:
        made = f", {made}" if made else ""
        lines = [
            f"Replace the {_cases(now)} on this PC with the {_cases(backup.cases)} in "
            f"{backup.path.name}{made}?",
            "",
            "Every change made on this PC since that backup is undone: cases added, ticks, "
            "edits, status changes and the office's payer profiles (File > Payer profiles…). "
            f"Before that, the cases on this PC now are kept as a backup in {kept}: nothing "
            "is lost.",
        ]
    if backup.users:
        lines.append(f"Sign-in becomes the backup's: its {_users(backup.users)} and their PINs.")
    elif users:
        lines.append(f"The backup has no users: sign-in goes off on this PC (it has {users}).")
    if backup.edited:
        lines += [
            "",
            f"Its audit log does not verify ({backup.edited}): the restored cases' log will "
            "not either.",
        ]
    return "\n".join(lines)


def done_text(done: Restored) -> str:
    """What the restore did, for the message after it."""
    lines = [
        f"Restored {_cases(done.cases)} from {done.backup.path.name}.",
        f"The {_cases(done.replaced)} it replaced are kept in {done.kept}."
        if done.replaced
        else "The store it went into held no cases: nothing was replaced.",
    ]
    if done.users_after == 0 and done.users_before > 0:
        lines.append(
            f"The backup has no users, so sign-in is now off on this PC (it had "
            f"{done.users_before}). Set up sign-in... at the bottom right turns it on again."
        )
    elif done.users_after:
        lines.append(f"Sign-in: the backup's {_users(done.users_after)} and their PINs.")
    return "\n".join(lines)


def _cases(count: int) -> str:
    return f"{count} case" + ("" if count == 1 else "s")


def _users(count: int) -> str:
    return f"{count} user" + ("" if count == 1 else "s")


def _sentence(text: str) -> str:
    """A service's message (written for a terminal line) as a dialog's sentence."""
    text = capitalized(text)
    return text if text.endswith((".", "?", "!", ")")) else text + "."
