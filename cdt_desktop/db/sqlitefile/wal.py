"""Reading a ``-wal`` file without SQLite, and keeping a copy before SQLite consumes it.

Why (docs/design-rules.md, R25; issue 15 items 2-3): in WAL mode the newest commits live only
in ``cases.sqlite-wal`` until a checkpoint copies them into the database. SQLite silently ignores a
WAL whose frames fail their checksums, and the next read-write open checkpoints and deletes it, so
a damaged WAL loses committed cases without a trace. ``inspect_wal`` checks the header and every
frame's cumulative checksum (https://www.sqlite.org/fileformat2.html#walformat) and reports the
frames of the current generation that come after the last valid commit; ``keep_wal_copy`` saves
the database and its WAL beside the store before a read-write open, as evidence and for recovery.
"""

from __future__ import annotations

import logging
import os
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cdt_desktop.core.atomic import new_private_file, private_folder

WAL_MAGIC = (0x377F0682, 0x377F0683)  # little-endian / big-endian checksums
WAL_HEADER = 32
FRAME_HEADER = 24
KEPT_FOLDER = "wal-kept"
KEEP_AT_MOST = 3
log = logging.getLogger("cdt.db")


@dataclass(frozen=True)
class WalReport:
    """What a WAL file holds: ``frames`` whole frames, of which ``committed`` end at or before
    the last valid commit; ``lost`` frames of this generation come after it (damaged or never
    committed), ``stale`` ones belong to an earlier generation (normal after a checkpoint)."""

    size: int
    header_ok: bool
    frames: int = 0
    committed: int = 0
    lost: int = 0
    stale: int = 0
    damaged: bool = False  # a frame failed its checksum (not just an unfinished transaction)

    @property
    def healthy(self) -> bool:
        return self.size == 0 or (self.header_ok and self.lost == 0)


def wal_path(db: Path) -> Path:
    return Path(f"{db}-wal")


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for index in range(0, len(words), 2):
        s0 = (s0 + words[index] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[index + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def inspect_wal(db: Path) -> WalReport | None:
    """The report of ``db``'s WAL, or None when there is no WAL file."""
    path = wal_path(db)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if not data:
        return WalReport(size=0, header_ok=True)
    if len(data) < WAL_HEADER:
        return WalReport(size=len(data), header_ok=False)
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:32])
    big = magic == WAL_MAGIC[1]
    valid_size = 512 <= page_size <= 65536 and page_size & (page_size - 1) == 0
    if magic not in WAL_MAGIC or not valid_size or _checksum(data[:24], big, 0, 0) != (c1, c2):
        return WalReport(size=len(data), header_ok=False)
    return _frames(data, page_size, big, (salt1, salt2), (c1, c2))


def _frames(
    data: bytes, page_size: int, big: bool, salts: tuple[int, int], seed: tuple[int, int]
) -> WalReport:
    step = FRAME_HEADER + page_size
    count = (len(data) - WAL_HEADER) // step
    s0, s1 = seed
    committed = chained = stale = 0
    broken = False
    for index in range(count):
        start = WAL_HEADER + index * step
        head = data[start : start + FRAME_HEADER]
        _page, commit, f_salt1, f_salt2, f_c1, f_c2 = struct.unpack(">6I", head)
        if (f_salt1, f_salt2) != salts:
            stale += 1
            continue
        if broken:
            chained += 1  # this generation, but after the chain broke: lost
            continue
        s0, s1 = _checksum(head[:8], big, s0, s1)
        s0, s1 = _checksum(data[start + FRAME_HEADER : start + step], big, s0, s1)
        if (s0, s1) != (f_c1, f_c2):
            broken = True
            chained += 1
            continue
        chained += 1
        if commit:
            committed = chained
    lost = chained - committed
    return WalReport(len(data), True, count, committed, lost, stale, broken)


SHARED_FIRST, SHARED_SIZE = 0x40000000 + 2, 510
"""The byte range of the database file on which every SQLite connection in WAL mode holds a
shared lock while it is open (SQLite's unix locking: PENDING_BYTE + 2, 510 bytes)."""


def open_elsewhere(db: Path) -> bool:
    """Whether another process has a connection open on ``db`` (POSIX; False elsewhere): it
    holds a read lock on SQLite's shared range, which a write lock would conflict with. Its WAL
    is live, not left by a crash, and no open here replays or deletes it: every command run
    beside the window copied the whole store into wal-kept (re-walk). Asked with F_GETLK,
    which takes no lock (a lock taken to test it made another client's open fail with
    "database is locked" at that instant: review); where the platform's ``struct flock`` is
    not known here, a write lock is tried instead. Call only where this process has no
    connection on ``db``: closing the handle drops the process's locks on the file."""
    if os.name != "posix":
        return False
    try:
        fd = os.open(db, os.O_RDONLY)
    except OSError:
        return False
    try:
        held = _write_lock_conflicts(fd)
        return _write_lock_refused(db) if held is None else held
    finally:
        os.close(fd)  # (this process holds no lock on it: see the docstring)


_FLOCK = {"linux": "@hhqqi", "darwin": "@qqihh"}
"""``struct flock`` of 64-bit Linux (type, whence, start, length, pid) and of macOS (start,
length, pid, type, whence)."""


def _write_lock_conflicts(fd: int) -> bool | None:
    """F_GETLK for a write lock on the shared range: whether another process's lock is in its
    way (None: the platform's ``struct flock`` is not one known here)."""
    import fcntl
    import struct
    import sys

    layout = _FLOCK.get(sys.platform)
    if layout is None or struct.calcsize("P") != 8:
        return None
    if sys.platform == "linux":
        asked = struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, SHARED_FIRST, SHARED_SIZE, 0)
    else:
        asked = struct.pack(layout, SHARED_FIRST, SHARED_SIZE, 0, fcntl.F_WRLCK, os.SEEK_SET)
    try:
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, asked)
    except OSError:
        return None
    fields = struct.unpack(layout, answer)
    kind = fields[0] if sys.platform == "linux" else fields[3]
    return bool(kind != fcntl.F_UNLCK)


def _write_lock_refused(db: Path) -> bool:
    """The test F_GETLK answers elsewhere: a write lock on the shared range, taken and given
    back at once (refused: another process has the file open)."""
    import fcntl

    try:
        fd = os.open(db, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, SHARED_SIZE, SHARED_FIRST, os.SEEK_SET)
    except OSError:
        return True  # held: another process has it open
    finally:
        os.close(fd)  # (a lock taken goes with the handle)
    return False


COPY_ROOM = 2
"""A WAL copy is kept only where the disk has this many times its size (the store and its WAL)
free: the copy, and as much again for the store's own work after it. A start after a "disk
full" crash copied the store into the space just freed, and the next tick failed with "disk
full" again (reliability probe)."""


def _room_for_copy(db: Path, wal_size: int) -> bool:
    import shutil

    try:
        size = wal_size + db.stat().st_size
        free = shutil.disk_usage(db.parent).free
    except OSError:
        return False
    if free < COPY_ROOM * size:
        log.warning("WAL copy not kept: %d KiB free, the copy takes %d KiB", free >> 10, size >> 10)
        return False
    return True


def keep_wal_copy(db: Path, keep: int = KEEP_AT_MOST) -> Path | None:
    """Copy ``db`` and its non-empty WAL into ``<folder>/backups/wal-kept/<stamp>/`` before a
    read-write open replays and deletes the WAL; keeps the newest ``keep`` copies. Best effort:
    returns None when there is nothing to keep, no room for it (``COPY_ROOM``) or it cannot be
    written (never blocks the open).
    A WAL identical to the newest kept one (same size and time) is not copied again."""
    wal = wal_path(db)
    try:
        info = wal.stat()
    except OSError:
        return None
    if info.st_size == 0 or open_elsewhere(db):
        return None
    import shutil  # lazy: only a store with a hot WAL pays for it at start-up

    if not _room_for_copy(db, info.st_size):
        return None
    root = db.parent / "backups" / KEPT_FOLDER
    tag = f"{info.st_size}-{info.st_mtime_ns}"
    try:
        if any(p.name.endswith(tag) for p in root.iterdir()):
            return None
    except OSError:
        pass
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    dest = root / f"{stamp}-{tag}"
    try:
        private_folder(dest, exist_ok=False)  # 0700, and so are backups/ and its parents
        for source in (wal, db):  # the WAL first: it is what a checkpoint removes
            new_private_file(dest / source.name)  # 0600 first; the copy keeps the mode
            shutil.copyfile(source, dest / source.name)
    except OSError as exc:
        log.warning("WAL copy not kept (%s)", type(exc).__name__)
        shutil.rmtree(dest, ignore_errors=True)
        return None
    log.info("kept a copy of a non-empty WAL (%d bytes) before opening", info.st_size)
    for older in sorted(root.iterdir())[:-keep]:
        shutil.rmtree(older, ignore_errors=True)
    return dest
