"""One running window per case store (docs/design-rules.md, R10).

Why: two windows on one case store would each show a case list and a checklist that the other
changes underneath it. The store itself stays consistent (every write is a transaction and case
edits carry a version), but a second window is almost always a double click on the icon, and the
assistant would then tick in a window that is not the one in front of the dentist. So the app
takes a lock file beside the store for as long as it runs, and a second start on the same store
says the app is already open instead of opening a second window.

``QLockFile`` with a stale time of 0: the lock never expires while its process lives, and a lock
left by a process that died (a crash, ``kill -9``, a power cut) is recognised by its process id
and taken over at the next start. The command line (search, narrative, backup...) takes no lock:
it opens the store for single transactions, which SQLite serialises.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal
from PySide6.QtWidgets import QWidget

from cdt_desktop import APP_NAME
from cdt_desktop.core.atomic import PRIVATE_FILE_MODE, private_folder, private_opener
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger

STORE_NAME = "cases.sqlite"
LOCK_FILE_NAME = f"{STORE_NAME}.lock"
SHOW_REQUEST = "show-request"
SHOWN = "shown"
ELSEWHERE = "elsewhere"
"""The answer of a window that is not the one asked for (another desktop session, another
case store): the second start then says the app is already open."""
ANSWER_SECONDS = 1.5
"""How long a second start waits for the running window to say it came to the front."""

_log = get_logger("app")


class AlreadyRunningError(UserFacingError):
    """Another running CDT Companion Desktop holds the case store's lock."""

    title = f"{APP_NAME} is already open"  # the dialog's title: nothing is broken


def lock_path(folder: Path) -> Path:
    """The lock file of the store in ``folder``: beside the file the store *is*, so a second
    data folder whose ``cases.sqlite`` is a link to this store takes the same lock (issue 15
    item 20)."""
    store = folder / STORE_NAME
    try:
        if store.is_symlink():
            real = store.resolve(strict=True)
            return real.with_name(f"{real.name}.lock")
    except OSError:
        pass  # a dangling link: the store's own open says what is wrong
    return folder / LOCK_FILE_NAME


def acquire(folder: Path | str) -> QLockFile | None:
    """Lock the case store in ``folder`` for this process; keep the returned lock alive.

    Raises ``AlreadyRunningError`` only when another live process holds the lock. When no lock
    can be taken at all (a read-only folder or disk, a full disk, a folder in the lock file's
    place) it logs why and returns None: the window still opens, and the case store then says
    what it can do there (read-only mode, or its own clear error). The lock is a guard against a
    second window, never a reason for the first one not to open.
    """
    folder = Path(folder)
    path = lock_path(folder)
    try:
        private_folder(folder)  # a new data folder is 0700 and the lock file 0600, like the store
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            return _private_lock(lock, path)
        pid, _host, _app = lock.getLockInfo()
        if not pid and path.is_file():  # empty or garbage (a power cut while it was written)
            lock.removeStaleLockFile()  # nobody can hold a lock nobody can read
            if lock.tryLock(0):
                return _private_lock(lock, path)
            pid, _host, _app = lock.getLockInfo()
    except OSError as exc:
        _log.warning("no instance lock (%s)", type(exc).__name__)
        return None
    if lock.error() == QLockFile.LockError.LockFailedError and pid and _gone(pid, _host):
        # a lock left by a process that ended, which Qt could not take over (a full disk: it
        # writes a new file first): not "already open", a window nobody could find (reliability
        # walk); the window opens, and the store says what it can do on that disk
        _log.warning("no instance lock (the lock of ended process %s could not be taken)", pid)
        return None
    if lock.error() == QLockFile.LockError.LockFailedError and pid:
        _log.info("instance lock held by process %s", pid)  # for support, not for the user
        raise AlreadyRunningError(
            f"{APP_NAME} is already open on this computer. Switch to its window (look in the "
            "taskbar) instead of opening a second one."
        )
    _log.warning("no instance lock (%s)", lock.error().name)
    return None


def _gone(pid: int, host: str) -> bool:
    """True when the lock's process is known to have ended: on this computer, and no process
    has its id (POSIX; elsewhere Qt's own stale-lock check is trusted)."""
    import os
    import socket

    if sys.platform == "win32" or (host and host != socket.gethostname()):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # another user's process (EPERM): alive
        return False
    return False


def _private_lock(lock: QLockFile, path: Path) -> QLockFile:
    """The lock taken, its file made 0600: Qt creates it with the umask's mode (it says which
    process holds the store: an id, the app's and the computer's names, no patient data)."""
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            path.chmod(PRIVATE_FILE_MODE)
    return lock


def show_path(folder: Path | str) -> Path:
    """The file a second start writes to ask the running window to come to the front."""
    lock = lock_path(Path(folder))
    return lock.with_name(f"{lock.name}.show")


def _who(store: str | None) -> str:
    """Which window a start wants: its desktop session and the case store it was given. Two
    terminal-server sessions under one account share the data folder, and a start with another
    ``--store`` is not asking for this window."""
    import os

    session = os.environ.get("XDG_SESSION_ID") or os.environ.get("SESSIONNAME") or ""
    return f"{session}|{store or ''}"


def _write_in_place(path: Path, text: str) -> None:
    """Rewrite the file's content, keeping the file (a watcher follows the file, not its name)."""
    with open(path, "r+", encoding="utf-8") as handle:
        handle.truncate(0)
        handle.write(text)


class ShowRequests(QObject):
    """The running window's side: ``requested`` fires when a second start asks for the window;
    the answer tells that start it may end without a message."""

    requested = Signal()

    def __init__(
        self, folder: Path | str, parent: QObject | None = None, *, store: str | None = None
    ) -> None:
        super().__init__(parent)
        self.path = show_path(folder)
        self._who = _who(store)
        self._watcher = QFileSystemWatcher(self)
        try:
            open(self.path, "w", encoding="utf-8", opener=private_opener).close()  # 0600
        except OSError as exc:  # then a second start shows its message, as before
            _log.warning("no show requests (%s)", type(exc).__name__)
            return
        self._watcher.addPath(str(self.path))
        self._watcher.fileChanged.connect(self._changed)

    def _changed(self, _path: str) -> None:
        try:
            request = self.path.read_text(encoding="utf-8").split("\n")
            asked = request[0].startswith(SHOW_REQUEST)
            if asked and request[1:2] != [self._who]:  # another session's or store's start
                _write_in_place(self.path, ELSEWHERE)
                asked = False
            elif asked:
                _write_in_place(self.path, SHOWN)
        except OSError:
            asked = False
        if str(self.path) not in self._watcher.files() and self.path.exists():
            self._watcher.addPath(str(self.path))  # some editors and tools replace the file
        if asked:
            _log.info("a second start asked for the window")
            self.requested.emit()


ASFW_ANY = 0xFFFFFFFF
"""AllowSetForegroundWindow's "any process" (Windows): the running window may take the front."""


def allow_foreground(user32: Any = None) -> None:
    """Windows hands the foreground only to the process the user started last: this second
    start (which has it) lets the running window take it, or Windows would only flash its
    taskbar entry. Elsewhere nothing to do; any failure leaves that flashing, nothing worse."""
    if user32 is None:
        if sys.platform != "win32":
            return
        import ctypes

        user32 = ctypes.windll.user32
    try:
        user32.AllowSetForegroundWindow(ASFW_ANY)
    except (AttributeError, OSError):
        _log.info("AllowSetForegroundWindow failed")


def ask_to_show(
    folder: Path | str, *, store: str | None = None, wait: float = ANSWER_SECONDS
) -> bool:
    """A second start: ask the window holding the lock to come to the front. True once it
    answered; False when nobody listens (no window, or one that does not respond in time) or
    the window is another session's or on another case store (``store``: the start's
    ``--store``)."""
    path = show_path(folder)
    try:
        if not path.is_file():
            return False
        allow_foreground()
        _write_in_place(path, f"{SHOW_REQUEST} {time.time():.3f}\n{_who(store)}")
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(0.03)
            answer = path.read_text(encoding="utf-8")
            if answer.startswith(SHOWN):
                return True
            if answer.startswith(ELSEWHERE):
                return False
    except OSError:
        return False
    return False


def bring_to_front(window: QWidget) -> None:
    """Show the window in front of the others (restored if it was minimised); where the
    desktop refuses to hand over the focus, it flashes the window's taskbar entry instead."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
