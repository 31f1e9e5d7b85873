"""Inspecting a case-store file before and while ``open_db`` adopts it.

Why these checks exist (docs/design-rules.md, R1, R4-R9): SQLite happily "opens" an empty,
truncated or foreign file, and WAL breaks on a network share; each check here refuses such a file
*before* anything is written, with a message naming the file and what to do. ``connect`` calls them.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import sys
from pathlib import Path

from cdt_desktop.db.sqlitefile.errors import restore_hint
from cdt_desktop.domain.cases.ports import (
    StoreCorruptError,
    StoreError,
    StoreForeignFileError,
    StoreNetworkPathError,
    StoreNewerSchemaError,
    StoreNotADatabaseError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "fuse.sshfs", "davfs", "ceph"}
)
log = logging.getLogger("cdt.db")


# -- paths -------------------------------------------------------------------------------------
def is_network_path(path: Path | str) -> bool:
    """True for UNC paths (``\\\\server\\share``, ``//server/share``), mapped network drives
    (Windows ``DRIVE_REMOTE``) and NFS/CIFS/SMB mounts (Linux ``/proc/self/mounts``)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    try:
        resolved = Path(text).expanduser().resolve()
    except OSError:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = resolved.drive
        if drive:
            drive_remote = 4
            return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)
        return False
    return _mount_fstype(resolved) in NETWORK_FS_TYPES


def _mount_fstype(path: Path) -> str:
    """File-system type of the mount holding ``path`` ("" when unknown, e.g. on macOS)."""
    try:
        lines = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    best, fstype = "", ""
    text = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        inside = text == mount or text.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, fstype = mount, parts[2]
    return fstype


def check_local_path(path: Path) -> None:
    """Refuse a database on a network share (WAL and locking break there; useovernet.html)."""
    if is_network_path(path):
        raise StoreNetworkPathError(
            f"Case store {path} is on a network share. SQLite cannot safely share a database "
            "over a network; keep the case store on this computer's own disk "
            "(see --data-dir).",
            path,
        )


def private_file(path: Path) -> None:
    """chmod 0600 a file we own (POSIX); silently nothing elsewhere or on failure."""
    if os.name != "posix":
        return
    try:
        info = path.stat()
        if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != 0o600:
            path.chmod(0o600)
    except OSError:
        pass


# -- the file, before SQLite sees it -----------------------------------------------------------
def read_header(path: Path) -> bytes:
    """The first 100 bytes: the SQLite header (magic, page size, WAL flags at 18-19)."""
    with path.open("rb") as handle:
        return handle.read(100)


def precheck(path: Path) -> bytes:
    """Refuse what SQLite would adopt or misreport: not a file, empty, not SQLite, truncated.
    Returns the header for the caller's WAL test."""
    if not path.is_file():
        raise StoreError(f"Case store {path} is not a regular file. Move it aside.", path)
    size = path.stat().st_size
    if size == 0:
        raise StoreCorruptError(
            f"Case store {path} is empty (0 bytes) and was left untouched. {restore_hint(path)}; "
            "a new store is created only when no file is there.",
            path,
        )
    header = read_header(path)
    if not header.startswith(SQLITE_MAGIC):
        raise StoreNotADatabaseError(
            f"Case store {path} is not a database file (SQLITE_NOTADB). It was left untouched. "
            f"{restore_hint(path)}.",
            path,
        )
    if len(header) < 100 or size < 512:
        raise StoreCorruptError(
            f"Case store {path} is truncated and was left untouched. {restore_hint(path)}.", path
        )
    return header


# -- the open connection, before anything is written -------------------------------------------
def check_identity(
    conn: sqlite3.Connection,
    path: Path,
    application_id: int | None,
    max_user_version: int | None,
    check_budget_s: float | None = None,
) -> bool:
    """Refuse another program's database, a newer schema and a file failing ``quick_check``.

    With ``check_budget_s`` the quick check stops after that long on a large store and this
    returns True (deferred): the caller finishes it in the background (see ``CaseStore.open``),
    so a window opens on 10,000 cases as fast as on none. Otherwise returns False."""
    found_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id is not None and found_id != application_id:
        raise StoreForeignFileError(
            f"{path} is a database of another program, not a CDT Companion case store. It was "
            "left untouched. Choose another folder (--data-dir) or move that file aside.",
            path,
        )
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if max_user_version is not None and version > max_user_version:
        raise StoreNewerSchemaError(
            f"Case store {path} was written by a newer version of CDT Companion "
            f"(schema {version}; this version knows up to {max_user_version}). It was left "
            "untouched. Install the newer version to open it.",
            path,
        )
    problems = (
        quick_check(conn) if check_budget_s is None else bounded_quick_check(conn, check_budget_s)
    )
    if problems is None:
        log.info("quick_check of %s continues in the background", path.name)
        return True
    if problems != ["ok"]:
        log.error("quick_check failed on %s (%d rows)", path.name, len(problems))
        raise StoreCorruptError(
            f"Case store {path} failed its quick check and was not changed. {restore_hint(path)}.",
            path,
        )
    return False


QUICK_CHECK_BYTES_PER_S = 200_000_000
"""A conservative quick_check speed (a 48 MB store takes about 150 ms on a slow laptop)."""


def bounded_quick_check(conn: sqlite3.Connection, budget_s: float) -> list[str] | None:
    """``quick_check`` rows, or None when the file is too big to check within ``budget_s``.

    The check is one SQLite instruction (a progress handler cannot cut it short), so the
    decision is made from the file's size before it starts."""
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    size = int(conn.execute("PRAGMA page_size").fetchone()[0]) * pages
    if size > budget_s * QUICK_CHECK_BYTES_PER_S:
        return None
    return quick_check(conn)


def is_read_only(conn: sqlite3.Connection) -> bool:
    """Whether ``open_db`` opened this connection read-only."""
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA quick_check`` rows (``["ok"]`` when healthy); fast enough for every open."""
    return [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` rows (``["ok"]`` when healthy); before backups and migrations."""
    return [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
