"""A statement the office server takes in but never answers: the connection is cut after a while.

The window runs the store's statements on its own thread, so while one waits, every pane waits.
The liveness options (``liveness.py``) cover a server that goes silent on the network (a pulled
cable: nothing acknowledges what was sent) and a row lock another session holds (lock_timeout).
They do not cover a server whose machine still answers at the TCP level but whose PostgreSQL
does not: a virtual machine paused, a server process stopped, a disk that stalls every write.
The kernel acknowledges the query, so ``tcp_user_timeout`` never fires (and Windows has no
such option at all), and the window froze until the server came back, with no message.

A :class:`Watchdog` belongs to one store connection. Each statement marks when it started
(two attribute writes: nothing on the tick's path waits on a lock or wakes a thread); a daemon
thread looks every few seconds, and when a statement has run for ``limit_s`` it shuts the
connection's socket down. psycopg then raises at once, the store says the server did not
answer (``StoreUnavailableError``, so the window goes offline as after a pulled cable, and comes
back when the server does), and a new connection is made for the next statement. A transaction
cut this way is rolled back by the server once it runs again (its client is gone).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("cdt.db")

ANSWER_WITHIN_S = 20.0
"""How long one statement may wait for the server: far longer than any of the window's
statements take (a tick is under a millisecond; a lock is waited for 5 s at most), short enough
that a frozen server is told while the patient is still in the chair."""


UNWATCHED = frozenset({
    # a film of up to 30 MB over an office's Wi-Fi can take longer than the limit while the
    # server is working fine; so can the whole audit log or code set, and the checks of `doctor`
    "attaching a radiograph in",
    "copying a radiograph into",
    "reading the radiographs of",
    "reading the audit log of",
    "checking the audit log of",
    "checking",
    "granting rights in",
    "reading the CDT code set of",
    "saving the CDT code set in",
})  # fmt: skip
"""What the store is doing (its messages' words) when a statement may rightly take long."""


class Watchdog:
    """Cuts the connection whose statement has run ``limit_s`` seconds (see the module)."""

    def __init__(self, limit_s: float = ANSWER_WITHIN_S) -> None:
        self.limit_s = limit_s
        self.tripped = False
        """Set when this watchdog cut the connection (the store's message says why)."""
        self._since: float | None = None
        self._fd = -1
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @contextmanager
    def watching(self, fd: int, doing: str) -> Iterator[None]:
        """Around one statement (or transaction) on the connection whose socket is ``fd``,
        made while ``doing`` (nothing is watched for what may rightly take long: UNWATCHED)."""
        if doing in UNWATCHED:
            yield
            return
        if self._thread is None:
            self._start()
        self.tripped = False
        self._fd = fd
        self._since = time.monotonic()
        try:
            yield
        finally:
            self._since = None

    def stop(self) -> None:
        """The store closed: the thread ends at its next look."""
        self._stop.set()

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._watch, name="cdt-pg-watchdog", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        look_every = max(0.05, min(self.limit_s / 4, 5.0))
        while not self._stop.wait(look_every):
            since = self._since
            if since is None or time.monotonic() - since < self.limit_s:
                continue
            if since is self._since:  # still the same statement, not one just begun
                self.tripped = True
                log.warning("the server did not answer for %.0f s: connection cut", self.limit_s)
                cut(self._fd)

    def __del__(self) -> None:
        self._stop.set()


def cut(fd: int) -> None:
    """Shut down the socket ``fd`` (both ways) without closing the descriptor, which is the
    connection's: its blocked wait wakes with end-of-file, as when the server closes it."""
    try:
        sock = socket.socket(fileno=fd)
    except OSError:  # closed meanwhile: nothing is waiting on it
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.detach()
