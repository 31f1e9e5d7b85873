"""Backups in the window: File > Back up cases... and the daily backup it keeps by itself.

What is backed up, where and by whom is the service's (``services.backups``). The daily backup
runs on a worker thread (the copy is one read transaction on a connection of its own, so the
window goes on saving ticks meanwhile); its audit row and the status bar's word come back to the
window's thread through a signal. A failed daily backup is logged and said in the status bar,
never in a dialog: nobody asked for it, and the next check tries again. The same problem hour
after hour (a read-only ``backups/daily``) is said once, with the folder and what to do, and
stays as a warning at the status bar's right end until a daily backup is made again.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QPushButton

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.text import capitalized
from cdt_desktop.ui.common import file_dialogs, msgbox
from cdt_desktop.ui.common.folders import last_folder, remember_folder

if TYPE_CHECKING:
    from cdt_desktop.services.backups import Backups
    from cdt_desktop.ui.shell.window import Shell

_log = logging.getLogger("cdt.ui")

DAILY_RECHECK_MS = 60 * 60 * 1000
"""Then once an hour (a front-desk PC may stay open for days)."""


def service_for(window: Shell) -> Backups:
    """Backups of the window's store by the window's user."""
    from cdt_desktop.services.backups import Backups

    auth = window.cases.auth if window.cases is not None else None
    return Backups(window.store, auth=auth, operator=window.operator())


def back_up(window: Shell) -> Path | None:
    """File > Back up cases...: choose a folder (a USB drive, a share), write a dated backup
    there; the backup's path, or None when none was written (cancelled, refused, failed)."""
    service = service_for(window)
    parent = window.as_widget()
    try:
        service.check_allowed()
    except UserFacingError as exc:
        if service.repository is not None and service.store is None:  # the office server
            # where it is done, not a failure: the red box read as "backups do not exist"
            msgbox.show_info(parent, "Backed up on the office server", str(exc))
        else:
            msgbox.show_error(parent, "Cases not backed up", str(exc))
        return None
    where = QStandardPaths.StandardLocation
    # the USB drive or share of the last backup (office manager walk: it began in the home
    # folder every time)
    folder = file_dialogs.existing_directory(
        parent, "Back up cases to folder", last_folder("backups", parent, where.DocumentsLocation)
    )
    if not folder:
        return None
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        written = service.back_up_to(Path(folder))
    except UserFacingError as exc:
        msgbox.show_error(parent, "Cases not backed up", str(exc))
        return None
    finally:
        QApplication.restoreOverrideCursor()
    remember_folder("backups", written, parent)
    window.statusBar().showMessage(f"Backup written: {written}", 15000)
    codes = ""
    store = service.store
    from cdt_desktop.core import paths

    if store is not None and (store.path.parent / paths.CODESETS_FILE).exists():
        # this PC's licensed CDT code set: a file of its own, not in the backup
        codes = (
            "\n\nThe licensed CDT code set is not in it: after a restore on another PC, import "
            "the practice's CDT file again (File > Import licensed CDT file…)."
        )
    msgbox.show_info(
        parent,
        "Cases backed up",
        f"The backup is {written}.\n\nIt holds patient data: keep it where only staff can "
        f"read it. How to restore it: the user guide, section 8 (Help > User guide).{codes}",
    )
    return written


class DailyBackup(QObject):
    """The window's daily backup: :meth:`check` now (the window calls it a while after it
    opened), then hourly."""

    finished = Signal(object, str)
    """(the backup's path or None, the problem's text): emitted from the worker thread."""

    def __init__(self, window: Shell) -> None:
        super().__init__(window.as_widget())
        self._window = window
        self._running: Backups | None = None  # the backup under way, with the store it copies
        self._told = ""  # the problem said last (the same one is not said again every hour)
        self.warning: QPushButton | None = None  # the status bar's lasting word of it
        self.finished.connect(self._done)  # queued: it is emitted on the worker thread
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)

    def check(self) -> threading.Thread | None:
        """Start the daily backup on a worker thread when one is due; the thread, or None."""
        self._timer.start(DAILY_RECHECK_MS)
        if self._running:
            return None
        service = service_for(self._window)
        try:  # a restore killed mid-way left its copy of a backup beside the store
            if removed := service.clean_restore_leftovers():
                _log.info("%d copy(ies) an interrupted restore left: removed", removed)
        except OSError as exc:
            _log.info("restore leftovers not cleaned (%s)", type(exc).__name__)
        try:
            if not service.daily_due():
                return None
        except OSError as exc:  # the backups folder unreadable: say so once an hour
            self._done(None, f"the backups folder cannot be read ({exc.strerror or exc})")
            return None
        self._running = service
        worker = threading.Thread(
            target=self._work, args=(service,), name="cdt-daily-backup", daemon=True
        )
        worker.start()
        return worker

    def _work(self, service: Backups) -> None:
        written: Path | None = None
        problem = ""
        try:
            written = service.write_daily()
        except UserFacingError as exc:
            problem = str(exc)
        except Exception as exc:  # never out of a worker thread; the message may hold data
            _log.error("daily backup failed (%s)", type(exc).__name__)
            problem = f"an unexpected {type(exc).__name__}"
        try:
            self.finished.emit(written, problem)
        except RuntimeError:  # the window closed meanwhile: audited here, in the store copied
            _log.info("daily backup finished after its window closed")
            if written is not None:
                try:
                    service.record_daily_after_leaving(written)
                except UserFacingError as exc:
                    _log.warning("daily backup not audited (%s)", type(exc).__name__)

    def _done(self, written: Path | None, problem: str) -> None:
        service, self._running = self._running, None
        bar = self._window.statusBar()
        if written is None:
            if problem == self._told:  # said already, and still on the status bar's right
                _log.info("daily backup still not made (the same problem)")
                return
            _log.warning("daily backup not made")
            self._told = problem
            bar.showMessage(f"Daily backup not made: {problem}", 60000)
            self._warn(problem)
            return
        self._told = ""
        if self.warning is not None:
            self.warning.hide()
        here = service is None or service.repository is self._window.store
        try:
            if service is not None and here:
                service.record_daily(written)
            elif service is not None:  # the window moved to another store meanwhile: the row
                service.record_daily_after_leaving(written)  # goes to the store it copied
        except UserFacingError as exc:
            _log.warning("daily backup not audited (%s)", type(exc).__name__)
        copied = service.store if service is not None and not here else None
        whose = f" (of the case store {copied.path}, left since)" if copied is not None else ""
        bar.showMessage(f"Daily backup written{whose}: {written.name}", 8000)

    def _warn(self, problem: str) -> None:
        """The lasting word at the status bar's right end (the message above goes after a
        minute, and a long folder name may not fit it): clicked, it says the whole problem."""
        if self.warning is None:
            self.warning = QPushButton("Daily backup: not made")
            self.warning.setObjectName("dailyBackupWarning")
            self.warning.setAccessibleName("Daily backup not made")
            self.warning.setFlat(True)
            self.warning.setStyleSheet(  # white on red: 6.5:1, light and dark themes alike
                "QPushButton { color: #ffffff; background: #b3261e; padding: 1px 8px; "
                "border: none; border-radius: 3px; }"
            )
            self.warning.clicked.connect(self._explain)
            self._window.statusBar().addPermanentWidget(self.warning)
        self.warning.setToolTip(problem)
        self.warning.setAccessibleDescription(problem)
        self.warning.show()

    def _explain(self) -> None:
        text = self._told
        msgbox.show_error(self._window.as_widget(), "Daily backup not made", capitalized(text))
