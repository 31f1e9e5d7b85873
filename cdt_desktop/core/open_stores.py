"""The store files this process has open (device and file number), so that no other code of
the process opens and closes them.

Why: on Linux and macOS, closing any handle on a file drops every POSIX lock the process holds
on it, so the store's SQLite connection lost its locks when the file was read by other means
(a second open reading its header, Qt's file dialog telling its type, a file picked by mistake
as a radiograph or a case file to import); another process's close then deleted the WAL the
connection was still writing to (re-walks). ``db/sqlitefile/connect.py`` counts its
connections here; every reader of a user-chosen file asks :func:`is_open` first.
"""

from __future__ import annotations

import os
from pathlib import Path

_OPEN: dict[tuple[int, int], int] = {}


def identity(path: Path | str) -> tuple[int, int] | None:
    """The device and file number of ``path`` (None: not there, or a file system without
    file numbers)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else None


def opened(path: Path | str) -> tuple[int, int] | None:
    """A connection on ``path`` opened: counted; what :func:`closed` is given back."""
    return held(identity(path))


def held(found: tuple[int, int] | None) -> tuple[int, int] | None:
    """One more connection on the file ``found`` (an :func:`identity`), counted as
    :func:`opened` counts it."""
    if found is not None:
        _OPEN[found] = _OPEN.get(found, 0) + 1
    return found


def closed(found: tuple[int, int] | None) -> None:
    """A connection counted by :func:`opened` closed."""
    if found is None:
        return
    left = _OPEN.get(found, 1) - 1
    if left > 0:
        _OPEN[found] = left
    else:
        _OPEN.pop(found, None)


SIDE_FILES = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a store: reading one drops the store's locks on it too."""


def is_open(path: Path | str) -> bool:
    """Whether this process has a store connection open on the file at ``path``, or ``path``
    is one of the files SQLite keeps beside such a store (its ``-wal``, ``-shm``)."""
    text = str(path)
    stores = [text] + [text[: -len(end)] for end in SIDE_FILES if text.endswith(end)]
    for candidate in stores:
        found = identity(candidate)
        if found is not None and _OPEN.get(found, 0) > 0:
            return True
    return False


REFUSED = "is the case store this app has open, not a file to read: choose another file"
"""The words after a file's name when it is refused for that."""
