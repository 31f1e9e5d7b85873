"""The process umask as the kernel reports it, watched while the app creates files: a umask is
process-wide, so a change made on one thread (to create one file privately) leaks into every
file another thread creates meanwhile (the daily backup runs on a worker thread)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LOOSEST = 0
"""The umask the watched code runs under: what keeps its files private is its own doing."""
CREATING = frozenset({"open", "os.mkdir", "sqlite3.connect"})
"""The audit events of a file or folder being made (or opened): the umask then is the one
the kernel applies to what they create."""

_seen: set[int] | None = None  # while a block is watched
_reading = threading.local()


def umask_now() -> int:
    """The process umask as the kernel reports it (reading it never changes it, unlike
    ``os.umask``); skips where /proc does not say (not Linux)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        pytest.skip("no /proc/self/status")
    for line in status.splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    pytest.skip("this kernel does not report the umask")


def _at_creation(event: str, _args: tuple[object, ...]) -> None:
    """Audit hook (it cannot be removed: it does nothing outside a watched block)."""
    seen = _seen
    if seen is None or event not in CREATING or getattr(_reading, "now", False):
        return
    _reading.now = True  # reading /proc opens a file too
    try:
        seen.add(umask_now())
    finally:
        _reading.now = False


_hooked = False


@contextmanager
def umask_watched() -> Iterator[set[int]]:
    """Run the block under the loosest umask; yields the umasks the kernel had at each file or
    folder the block made, and all along on a worker thread ({LOOSEST} when nothing changed
    it)."""
    global _seen, _hooked
    umask_now()  # skips here, on the test's thread, where the kernel does not say
    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.add(umask_now())

    if not _hooked:
        sys.addaudithook(_at_creation)
        _hooked = True
    previous = os.umask(LOOSEST)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _seen = seen
    try:
        yield seen
    finally:
        _seen = None
        done.set()
        watcher.join()
        os.umask(previous)
