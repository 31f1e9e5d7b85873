"""Backups of the case store on one PC: File > Back up cases... (to a USB drive, a network
share, wherever the office keeps them) and a daily backup the window keeps by itself.

The daily backup goes into ``backups/daily`` beside ``cases.sqlite``: one a day at most (the first
time the window checks after ``DAILY_EVERY_HOURS``), the newest ``DAILY_KEEP`` kept, older ones
(only the files it wrote) deleted. It is on the same disk, so it guards against a damaged file or
a mistake, not against a dead disk: that is what File > Back up cases... is for. Each backup is
the SQLite online backup (never a file copy, which loses what is still in the ``-wal``), checked
before and after, and audited as "backup" with its file name (never its folder).

A store on the office's PostgreSQL server is backed up on the server (``pg_dump``): the window
says so instead of writing anything.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from cdt_desktop.core.errors import UserFacingError

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.services.auth import AuthService

DAILY_KEEP = 14
"""Daily backups kept (two weeks of working days, and then some)."""
DAILY_EVERY_HOURS = 20
"""A daily backup is due once the newest is this old (a working day, whenever it starts)."""
DAILY_FOLDER = ("backups", "daily")
DAILY_ROOM = 2
"""A daily backup is made only where the disk has this many times the store's size free: the
copy, and as much again left for the store's own work."""


class FileStore(Protocol):
    """A case store in one file on this PC (``db.cases.sqlite.CaseStore``)."""

    path: Path
    read_only: bool

    def backup(self, dest: Path | str, *, operator: str = "") -> Path: ...
    def backup_copy(self, dest: Path | str) -> Path: ...
    def record_backup(self, written: Path, *, operator: str = "") -> None: ...


class Backups:
    """Backups of ``repository`` made by the window's user (``auth``, else ``operator``)."""

    def __init__(
        self,
        repository: CaseRepository | None,
        *,
        auth: AuthService | None = None,
        operator: str = "",
    ) -> None:
        self.repository = repository
        self.auth = auth
        self.operator = operator

    @property
    def store(self) -> FileStore | None:
        """The store when it is a file on this PC (None on a server or with no store)."""
        repository = self.repository
        if repository is None or not hasattr(repository, "backup_copy"):
            return None
        return cast("FileStore", repository)

    def check_allowed(self) -> str:
        """The initials the backup is recorded with, or UserFacingError saying why no backup
        can be made here: no store, a store on the office server, a role that may not."""
        from cdt_desktop.domain.session import Permission

        if self.repository is None:
            raise UserFacingError("No case store is open, so there is nothing to back up.")
        if self.store is None:
            raise UserFacingError(
                f"The cases are on the office server ({self.repository.location}). Back them "
                'up on the server with pg_dump -Fc, as the README\'s "Several workstations" '
                "section says (whoever set up the server has it); this PC holds no copy of them."
            )
        if self.auth is not None:
            actor = self.auth.require(Permission.MANAGE_STORE)
            if actor.user is not None:
                return actor.initials
        from cdt_desktop.services.cases import require_operator

        return require_operator(self.operator)

    def back_up_to(self, folder: Path | str) -> Path:
        """A backup in ``folder`` under a dated name, audited with who made it."""
        who = self.check_allowed()
        store = self.store
        assert store is not None  # check_allowed
        return store.backup(Path(folder), operator=who)

    # -- the daily backup ---------------------------------------------------------------------
    def daily_folder(self) -> Path | None:
        store = self.store
        return store.path.parent.joinpath(*DAILY_FOLDER) if store is not None else None

    def daily_due(self, now: float | None = None) -> bool:
        """Whether the daily backup should be made now: a file store, writable (a read-only
        store is somebody else's), and no daily backup younger than ``DAILY_EVERY_HOURS``."""
        store, folder = self.store, self.daily_folder()
        if store is None or folder is None or store.read_only:
            return False
        now = time.time() if now is None else now
        # a daily dated ahead (made while the PC's clock was wrong, then set right) is not
        # today's: counting it, no daily backup was due until that date (months, silently)
        made = [
            t for f in _daily_files(folder, store.path) if (t := f.stat().st_mtime) <= now + 3600
        ]
        if not made:
            return True
        return now - max(made) >= DAILY_EVERY_HOURS * 3600

    def write_daily(self) -> Path:
        """Make the daily backup (safe on a worker thread: its own connection) and delete the
        oldest beyond ``DAILY_KEEP``; not audited yet (:meth:`record_daily`, on the store's
        thread)."""
        store, folder = self.store, self.daily_folder()
        if store is None or folder is None:
            raise UserFacingError("Only a case store on this PC has daily backups.")
        problem = daily_folder_problem(store.path)
        if problem:
            raise UserFacingError(problem)
        try:
            from cdt_desktop.core.atomic import private_folder

            private_folder(folder)  # patient data: staff only (backups/ too, not only daily/)
        except OSError as exc:
            raise UserFacingError(
                f"Cannot make the daily backup folder {folder} ({exc.strerror or exc})."
            ) from None
        _check_room(store.path, folder)
        written = store.backup_copy(folder)
        _delete_oldest(folder, store.path)
        return written

    def clean_restore_leftovers(self) -> int:
        """Remove what a restore killed mid-way left beside the store (its private copy of a
        backup, once surely no running restore's: ``db.cases.sqlite.leftovers``); how many."""
        store = self.store
        if store is None or store.read_only:
            return 0
        from cdt_desktop.db.cases.sqlite import leftovers

        return len(leftovers.clean(store.path).removed)

    def record_daily(self, written: Path) -> None:
        """Audit the daily backup, by "system" (nobody asked for it)."""
        store = self.store
        if store is not None:
            store.record_backup(written, operator="system")

    def record_daily_after_leaving(self, written: Path) -> None:
        """Audit the daily backup in the store it copied, which the window has left since
        (File > Case store... while the worker copied) and closed: its file is opened again
        for the one row. The office manager reads that store's log for its backups; the store
        the window moved to never gets the row (it holds none of those cases)."""
        store = self.store
        if store is None:
            return
        from cdt_desktop.db.cases.sqlite.repository import CaseStore

        with CaseStore.open_file(store.path, create=False) as copied:
            copied.record_backup(written, operator="system")


def daily_folder_problem(store: Path) -> str:
    """Why no daily backup can be written beside the store file ``store`` ("" when one can):
    its folder (or, while it does not exist yet, the folder it would be made in) is on a
    read-only disk or not writable by this user. Writes nothing (``doctor`` asks it too)."""
    folder = store.parent.joinpath(*DAILY_FOLDER)
    where = folder
    while not where.exists() and where.parent != where:
        where = where.parent
    if where.is_dir() and os.access(where, os.W_OK | os.X_OK):
        return ""
    if not where.is_dir():
        why = "is a file, not a folder"
    elif _on_read_only_disk(where):
        why = "is on a read-only disk"
    else:
        why = "is read-only for this user"
    todo = "until then, back up with File > Back up cases\u2026."
    if where == folder:
        return f"the daily backup folder {folder} {why}. Make it writable for this user; {todo}"
    return (
        f"the daily backup folder {folder} cannot be made: {where} {why}. Make {where} "
        f"writable for this user; {todo}"
    )


def _on_read_only_disk(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # Windows has no statvfs
        return False


def _delete_oldest(folder: Path, store: Path) -> None:
    """Delete the daily backups beyond ``DAILY_KEEP``, oldest first. One that cannot be deleted
    (a virus scanner or a sync client holds it) stays, and is logged: the new backup is made
    all the same, and is reported (and audited) as made."""
    from cdt_desktop.core.log import get_logger

    try:
        kept = sorted(_daily_files(folder, store), key=lambda f: f.stat().st_mtime)
    except OSError as exc:
        get_logger("app").warning("old daily backups not listed (%s)", type(exc).__name__)
        return
    for old in kept[:-DAILY_KEEP]:
        try:
            old.unlink(missing_ok=True)
        except OSError as exc:
            get_logger("app").warning("old daily backup kept (%s)", type(exc).__name__)


def _check_room(store: Path, folder: Path) -> None:
    """UserFacingError unless ``folder``'s disk has room for the copy and as much again after
    it: the daily backup must not take the last free space from under the store (the chair's
    next tick, and the WAL it writes, would fail with "disk full")."""
    import shutil

    size = sum(p.stat().st_size for p in (store, Path(f"{store}-wal")) if p.exists())
    free = shutil.disk_usage(folder).free
    if free < DAILY_ROOM * size:
        raise UserFacingError(
            f"There is not enough free space for the daily backup in {folder} "
            f"({free // 2**20} MB free, the cases take {max(1, size // 2**20)} MB): free some "
            "space on that disk, or back up to a USB drive (File > Back up cases\u2026)."
        )


def _daily_files(folder: Path, store: Path) -> list[Path]:
    """The daily backups of ``store`` in ``folder``: the files ``backup_database`` names
    ``<store's stem>-YYYYMMDD-HHMMSS-<random>.sqlite``, nothing else (not a file of the user's,
    not the dailies of another store in the same folder: ``office.sqlite`` beside
    ``office-annex.sqlite``). A store need not be named ``cases.sqlite``: a ``sqlite:///`` URL
    names it."""
    if not folder.is_dir():
        return []
    from glob import escape

    pattern = f"{escape(store.stem)}-{'[0-9]' * 8}-{'[0-9]' * 6}-*.sqlite"
    return [f for f in folder.glob(pattern) if f.is_file()]


def newest_kept_copy(store: Path) -> Path | None:
    """The newest copy of ``store`` the app kept beside it (a daily backup, the copy before a
    schema upgrade or a restore, a hot WAL's copy), or None: a sign that the store was there
    (the start asks before making an empty one in its place)."""
    folder = store.parent / "backups"
    from glob import escape

    dated = f"{escape(store.stem)}-{'[0-9]' * 8}-{'[0-9]' * 6}-*.sqlite"  # backup_database's
    try:  # (not another store's, nor a damaged file set aside, nor what a restore replaced)
        found = [p for p in folder.rglob(dated) if p.is_file()
                 and not {"damaged", "before-restore"} & set(p.relative_to(folder).parts)]  # fmt: skip
        return max(found, key=lambda p: p.stat().st_mtime, default=None)
    except OSError:
        return None
