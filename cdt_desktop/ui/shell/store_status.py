"""Which case store the window uses, whether it can be reached, and what others changed in it.

The status bar always names the store ("Cases: This PC" or "Cases: server HOST"). With a shared
PostgreSQL store, other workstations' writes arrive as notifications on a connection of their
own; a QSocketNotifier on its socket wakes the GUI thread only when something arrived, and the
read never waits, so the window never blocks on the network. When the server goes away (the
socket closes, or a ping fails) the bar says "Case store offline: reconnecting", writes are
switched off (``onlineChanged(False)``), and a timer retries every few seconds until the store
answers again; then everything is re-read. The retry's connection attempt (which may wait for a
server that does not answer) runs on a worker thread; only a store that answered is touched on
the GUI thread.

One PC's SQLite file has no feed (one window per store), but a ``cdt-desktop`` command or an
office's script may write to it while the window is open: every two seconds the window reads the
file's write mark (SQLite's ``data_version``, which only other connections move) and, when it
moved, re-reads what is on screen as after a reconnect.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger
from cdt_desktop.domain.cases.ports import StoreFileGoneError

if TYPE_CHECKING:
    from PySide6.QtCore import QSocketNotifier

    from cdt_desktop.domain.cases.ports import CaseRepository, ChangeFeed

_log = get_logger("ui")

RECONNECT_MS = 3000
FIRST_RETRY_MS = 700  # the first probe after going offline
OUTSIDE_POLL_MS = 2000  # one PRAGMA a poll: what a command wrote shows within two seconds
OFFLINE_TEXT = "Case store offline: reconnecting"
"""The status bar while the store cannot be reached (with "since HH:MM", ``offline_text``)."""


def offline_text(since: str) -> str:
    """ "Case store offline since 14:05: reconnecting": the checklist's banner sends the user
    to the status bar for why and since when (it said only "offline: reconnecting")."""
    return OFFLINE_TEXT.replace(": ", f" since {since}: ", 1) if since else OFFLINE_TEXT


FILE_GONE_TEXT = "Case store file missing: nothing is saved"


def store_name(location: str) -> str:
    """ "This PC" for the embedded file, the server's host name for a shared store."""
    if location.startswith("server "):
        address = location.removeprefix("server ")
        return address.split("/", 1)[0].rsplit(":", 1)[0] or address
    return "This PC"


class StoreStatus(QObject):
    """Owns the status bar's store label, the change feed and the reconnect timer."""

    changed = Signal(object)  # list[StoreChange] from other workstations ([] after a reconnect)
    onlineChanged = Signal(bool)
    _probed = Signal(bool, str)  # from the worker thread: did the store answer, else why not

    def __init__(self, store: CaseRepository | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel(parent)
        self.label.setObjectName("storeStatus")
        self.label.setAccessibleName("Case store in use")
        self._store = store
        self._feed: ChangeFeed | None = None
        self._notifier: QSocketNotifier | None = None
        self._online = True
        self._probing = False
        self._outside: int | None = None  # the store's mark of other processes' writes
        self._outside_timer: QTimer | None = None
        self._gone_said = False  # the store's file went away, and a message said so
        self._offline_since = ""  # HH:MM the store was last found unreachable ("" online)
        self._timer = QTimer(self)
        self._timer.setInterval(RECONNECT_MS)
        self._timer.timeout.connect(self._probe)
        self._probed.connect(self._after_probe)
        if store is None:
            self.label.setText("Cases: not available")
            return
        if store.connected:  # the label's tip: the store's location, or why it is offline
            self.retry(first=True)
        else:  # it could not be reached at start: say so now, without waiting for it again
            self._go_offline()

    def _probe(self) -> None:
        """Timer: try a fresh connection on a worker thread (the GUI never waits for it)."""
        store = self._store
        if store is None or self._probing:
            return
        self._probing = True

        def attempt() -> None:
            why = ""
            try:
                store.probe()
                answered = True
            except UserFacingError as exc:  # unreachable: stay offline, try again later
                answered, why = False, str(exc)
            except Exception:  # anything else: the same, without words for it
                answered = False
            with suppress(RuntimeError):  # the window closed meanwhile
                self._probed.emit(answered, why)

        threading.Thread(target=attempt, name="store-probe", daemon=True).start()

    def _after_probe(self, answered: bool, why: str) -> None:
        self._probing = False
        if answered and not self._online:
            self.retry()
        elif not answered and why and not self._online:
            self.label.setToolTip(why)  # the newest reason (a server stopped, then refusing)

    @property
    def online(self) -> bool:
        return self._online

    def retry(self, first: bool = False) -> None:
        """Reach the store (and listen to it); stay or go offline when it does not answer."""
        store = self._store
        if store is None:
            return
        try:
            store.ping()
            if self._feed is None:
                self._listen(store.changes())
            if self._feed is None and self._outside_timer is None:
                self._watch_outside(store)
            elif self._outside_timer is not None and not self._outside_timer.isActive():
                self._outside_timer.start()  # the file is back where it was
                self._gone_said = False
        except StoreFileGoneError as exc:
            self._file_gone(exc)
            return
        except UserFacingError as exc:
            _log.info("case store unreachable (%s)", type(exc).__name__)
            self._go_offline(str(exc))
            return
        self._timer.stop()
        # a store open read-only (a read-only folder or mount, a read-only login) says so
        # where the office looks first, before anyone types into a form that cannot be saved
        suffix = " (read-only)" if getattr(store, "read_only", False) else ""
        self.label.setText(f"Cases: {store_name(store.location)}{suffix}")
        self.label.setToolTip(store.location)
        self._offline_since = ""
        if not self._online or first:
            self._online = True
            self.onlineChanged.emit(True)
            if not first:
                self.changed.emit([])  # what happened while away: re-read everything

    def _watch_outside(self, store: CaseRepository) -> None:
        """A store without a change feed (one PC's SQLite file): look every two seconds whether
        another process wrote to it (a ``cdt-desktop`` import or tick, an office's script), and
        re-read what is on screen when one did, as for another workstation's change."""
        self._outside = store.outside_writes()
        if self._outside is None:
            return
        self._outside_timer = QTimer(self)
        self._outside_timer.setInterval(OUTSIDE_POLL_MS)
        self._outside_timer.timeout.connect(self._check_outside)
        self._outside_timer.start()

    def _check_outside(self) -> None:
        store = self._store
        if store is None:
            return
        try:
            mark = store.outside_writes()
        except StoreFileGoneError as exc:  # deleted or replaced under the app: said at once
            self._file_gone(exc)
            return
        except UserFacingError as exc:
            _log.info("case store not checked for outside writes (%s)", type(exc).__name__)
            return
        if mark != self._outside:
            self._outside = mark
            self.changed.emit([])  # what changed is not known: re-read everything on screen

    def _file_gone(self, exc: StoreFileGoneError) -> None:
        """The store's file was deleted or replaced under the app: offline (nothing more is
        written to it; a file put back comes online again), the status bar says so, and once:
        what the connection holds is copied beside the store, and a message names the copy."""
        self._go_offline()
        self.label.setText(FILE_GONE_TEXT)
        if self._outside_timer is not None:
            self._outside_timer.stop()  # the reconnect probe looks on
        if self._gone_said:
            return
        self._gone_said = True
        _log.warning("case store file deleted or replaced while open")
        text = str(exc) + self._rescue_words()
        from cdt_desktop.ui.common import msgbox

        msgbox.show_error(self.label.window(), "Case store file missing", text)

    def _rescue_words(self) -> str:
        """A copy of everything saved until now, from the open connection (a daily backup may
        be a day old: review), and where it is; or why it could not be made."""
        rescue = getattr(self._store, "rescue_copy", None)
        if rescue is None:
            return ""
        try:
            copy = rescue()
        except (UserFacingError, OSError) as failed:
            _log.warning("rescue copy not written (%s)", type(failed).__name__)
            return (
                f"\n\nNo copy of the cases could be written beside it ({failed}). Before you "
                "quit, save one elsewhere: File > Back up cases\u2026 to a USB drive."
            )
        return (
            f"\n\nEverything saved until now is copied to:\n{copy}\nRestore that copy after "
            "the restart (File > Restore cases from backup\u2026)."
        )

    def report_failure(self) -> None:
        """A call to the store just failed to reach it (e.g. a refused tick)."""
        self._go_offline()

    def _listen(self, feed: ChangeFeed | None) -> None:
        if feed is None:
            return
        from PySide6.QtCore import QSocketNotifier  # PostgreSQL's change feed only

        self._feed = feed
        self._notifier = QSocketNotifier(feed.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)

    def _readable(self) -> None:
        feed = self._feed
        if feed is None:
            return
        try:
            changes = feed.drain()
        except UserFacingError:
            self._go_offline()
            return
        if changes:
            self.changed.emit(changes)

    def _go_offline(self, why: str = "") -> None:
        """Writes off, the bar says since when, its tip why (the server's answer in our words,
        no password); a timer tries again."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._feed is not None:
            with suppress(Exception):  # a dead connection may fail to close; it is gone anyway
                self._feed.close()
            self._feed = None
        if not self._offline_since:
            from datetime import datetime

            self._offline_since = datetime.now().strftime("%H:%M")
        self.label.setText(offline_text(self._offline_since))
        if why or self._online:  # the last reason known stays until a newer one
            self.label.setToolTip(
                why or "The connection to the case store was lost; it is tried every few seconds."
            )
        if not self._timer.isActive():
            self._timer.start()
            # a server restarted answers within a second or two: the first probe comes sooner
            # (the window stayed offline some ten seconds after a restart: reliability probe)
            QTimer.singleShot(FIRST_RETRY_MS, self, self._probe)
        if self._online:
            self._online = False
            self.onlineChanged.emit(False)

    def stop(self) -> None:
        self._timer.stop()
        if self._outside_timer is not None:
            self._outside_timer.stop()
        self._store = None  # a probe still running finds nothing to reconnect
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._feed is not None:
            self._feed.close()
            self._feed = None
