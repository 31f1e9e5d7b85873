"""What a restore killed mid-way (kill -9, a power cut) leaves behind: its private ``.restore-*``
folder (a full copy of the backup: ``backup.sqlite``, this PC's copy of one on a share, or
``resized.sqlite``, one copied to the store's page size) beside the store or in
``backups/before-restore``. A finished restore deletes its own; these are found and removed by
the next restore and by the window (its daily backup check), and reported by ``doctor``.

Only what is surely a restore's own is touched: a folder (never a link) named as ``tempfile``
names it, owned by this user, holding nothing but those copies (and SQLite's side files of
them). And only once no restore can be using it: a restore takes seconds to minutes, so a
folder whose newest entry is younger than ``STALE_AFTER_S`` (or dated ahead: another PC's
clock, on a shared folder) is left, and said to be left.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import NamedTuple

PREFIX = ".restore-"
STALE_AFTER_S = 6 * 3600
"""A restore's copy untouched this long is no running restore's (two PCs may share a folder)."""
_NAME = re.compile(r"\.restore-[a-z0-9_]{8}")
_COPY = re.compile(r"(backup|resized)\.sqlite(-journal|-wal|-shm)?")
_KEEP_FOLDER = ("backups", "before-restore")


class Leftover(NamedTuple):
    path: Path
    age_s: float
    size: int

    @property
    def stale(self) -> bool:
        return self.age_s >= STALE_AFTER_S

    def describe(self) -> str:
        hours = self.age_s / 3600
        age = f"{hours:.0f} h" if hours >= 1 else f"{max(0, self.age_s) / 60:.0f} min"
        return f"{self.path} ({max(1, self.size // 2**20)} MB, {age} old)"


class Cleaned(NamedTuple):
    removed: list[Leftover]
    left: list[Leftover]
    """Too recent (a restore may be using it) or could not be deleted."""


def find(store_path: Path, now: float | None = None) -> list[Leftover]:
    """The restore leftovers beside the store file ``store_path`` (never anything else)."""
    now = time.time() if now is None else now
    found: list[Leftover] = []
    for folder in (store_path.parent, store_path.parent.joinpath(*_KEEP_FOLDER)):
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:  # no such folder (yet), or unreadable: nothing of ours to find
            continue
        for entry in entries:
            if entry.name.startswith(PREFIX):
                leftover = _ours(Path(entry.path), now)
                if leftover is not None:
                    found.append(leftover)
    return sorted(found)


def _ours(folder: Path, now: float) -> Leftover | None:
    """``folder`` as a Leftover when it is surely a restore's private copy, else None."""
    if not _NAME.fullmatch(folder.name):
        return None
    try:
        info = folder.lstat()
        if not _is_private_dir(info):
            return None
        newest, size = info.st_mtime, 0
        with os.scandir(folder) as entries:
            inside = list(entries)
        for entry in inside:
            child = entry.stat(follow_symlinks=False)
            if not (entry.is_file(follow_symlinks=False) and _COPY.fullmatch(entry.name)):
                return None  # something else in it: not ours to delete
            newest, size = max(newest, child.st_mtime), size + child.st_size
    except OSError:
        return None
    age = now - newest
    return Leftover(folder, age if age >= 0 else 0.0, size)


def _is_private_dir(info: os.stat_result) -> bool:
    import stat

    if not stat.S_ISDIR(info.st_mode):  # a link is never followed
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()  # Windows: the user's profile folder


def clean(store_path: Path, now: float | None = None) -> Cleaned:
    """Delete the stale leftovers beside ``store_path``; what was removed and what was left."""
    removed: list[Leftover] = []
    left: list[Leftover] = []
    for leftover in find(store_path, now):
        if not leftover.stale:
            left.append(leftover)
            continue
        try:
            shutil.rmtree(leftover.path)
        except OSError:
            left.append(leftover)
            continue
        removed.append(leftover)
    return Cleaned(removed, left)
