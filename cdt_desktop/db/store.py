"""Opening SQLite files safely: the one place where case-store connections are made.

Why all this care (RELIABILITY.md sections 1 and the requirement list, items 1, 4-9, 17):

* ``sqlite3.connect()`` on a missing path silently creates an empty database, and a 0-byte file
  opens as a valid empty one; adopting either would let the app "lose" a user's cases by writing a
  fresh store over a damaged one. Existing files are therefore opened with ``mode=rw`` and checked
  (header, ``application_id``, ``user_version``, ``quick_check``) *before* anything is written.
* WAL + ``synchronous=FULL`` keeps every commit across a crash or power loss; ``busy_timeout``
  lets two windows or processes wait for each other instead of failing at once.
* A read-only file or folder is opened read-only (``mode=ro``, or ``immutable=1`` for a WAL file in
  a read-only folder, which SQLite cannot otherwise read) and marked with ``PRAGMA query_only``.
* WAL does not work over a network file system, so network paths are refused.
* Messages name the file and say what to do; they never repeat SQLite's text, which can carry
  user data.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

from cdt_desktop.errors import UserFacingError

APPLICATION_ID = 0x43445443
"""``PRAGMA application_id`` of a case store: the bytes "CDTC" (header offset 68)."""

BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "fuse.sshfs", "davfs", "ceph"}
)
log = logging.getLogger("cdt.db")


class StoreError(UserFacingError):
    """A case-store problem; the message names the file and what to do, never patient data."""

    def __init__(self, message: str, path: Path | str | None = None):
        self.path = Path(path) if path is not None else None
        super().__init__(message)

    def __str__(self) -> str:  # KeyError-like subclasses would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class StoreCorruptError(StoreError):
    """The file is damaged (SQLITE_CORRUPT, failed quick/integrity check, empty or truncated)."""


class StoreNotADatabaseError(StoreCorruptError):
    """The file is not an SQLite database at all (SQLITE_NOTADB: random bytes, a text file)."""


class StoreForeignFileError(StoreError):
    """An SQLite file that belongs to another application (other ``application_id``)."""


class StoreNewerSchemaError(StoreError):
    """The store was written by a newer version of the app."""


class StoreReadOnlyError(StoreError):
    """A write was attempted on a store that is open read-only."""


class StoreLockedError(StoreError):
    """Another window or program held the store for longer than the busy timeout."""


class StoreFullError(StoreError):
    """The disk is full (SQLITE_FULL); SQLite has rolled the transaction back."""


class StoreMissingError(StoreError):
    """No store at that path and creating one was not asked for."""


class StoreNetworkPathError(StoreError):
    """The path is on a network share, where SQLite's locking and WAL do not work."""


def now_utc() -> str:
    """The current time as UTC ISO 8601 with milliseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _tail(path: Path) -> str:
    return "Restore it from a backup (cdt-desktop backup makes one) or move it aside"


def translate_error(exc: sqlite3.Error, path: Path, doing: str = "using") -> StoreError:
    """A StoreError for an sqlite3 error; SQLite's own message is dropped (it may hold user data)."""
    code = getattr(exc, "sqlite_errorcode", None)
    name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    primary = code & 0xFF if isinstance(code, int) else None
    where = f"Case store {path}"
    if primary == sqlite3.SQLITE_FULL:
        return StoreFullError(
            f"{where}: the disk is full, so the last change was not saved. "
            "Free some disk space and try again; your earlier data is intact.",
            path,
        )
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return StoreReadOnlyError(
            f"{where} is read-only, so changes cannot be saved. Check the file and folder "
            "permissions, or copy the store to a writable folder.",
            path,
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreLockedError(
            f"{where} is busy: another window or program is writing to it. Try again.", path
        )
    if primary == sqlite3.SQLITE_NOTADB:
        return StoreNotADatabaseError(
            f"{where} is not a database file (SQLITE_NOTADB). It was left untouched. "
            f"{_tail(path)}.",
            path,
        )
    if primary == sqlite3.SQLITE_CORRUPT:
        return StoreCorruptError(
            f"{where} is damaged (SQLITE_CORRUPT). It was left untouched. {_tail(path)}.", path
        )
    return StoreError(f"{where}: database error while {doing} it ({name}).", path)


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


def _can_write(path: Path) -> bool:
    """Whether this process may write ``path`` (a seam for tests that run as root)."""
    return os.access(path, os.W_OK)


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


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{path.absolute().as_uri()}?{query}"


def _link_into_place(tmp: Path, path: Path, *, exist_ok: bool = True) -> None:
    """Move ``tmp`` to ``path`` without ever replacing an existing file."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        if not exist_ok:
            raise StoreError(f"File {path} already exists; choose a new name.", path) from None
        return  # someone else created it first: use theirs
    except OSError:
        if not path.exists():
            os.rename(tmp, path)
            return
    tmp.unlink(missing_ok=True)


def _create_file(path: Path, application_id: int | None) -> None:
    """Create an empty, marked WAL database atomically: built beside, then linked into place,
    so a crash never leaves a half-made file that the next start would refuse as foreign."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.creating")
    old = os.umask(0o077)
    try:
        conn = sqlite3.connect(_uri(tmp, mode="rwc"), uri=True, isolation_level=None)
        try:
            conn.execute(f"PRAGMA application_id = {int(application_id or 0)}")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise translate_error(exc, path, "creating") from None
    finally:
        os.umask(old)
    private_file(tmp)
    _link_into_place(tmp, path)
    log.info("created case store file %s", path.name)


def _read_header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(100)


def _precheck(path: Path) -> bytes:
    """Refuse what SQLite would adopt or misreport: not a file, empty, not SQLite, truncated."""
    if not path.is_file():
        raise StoreError(f"Case store {path} is not a regular file. Move it aside.", path)
    size = path.stat().st_size
    if size == 0:
        raise StoreCorruptError(
            f"Case store {path} is empty (0 bytes) and was left untouched. {_tail(path)}; "
            "a new store is created only when no file is there.",
            path,
        )
    header = _read_header(path)
    if not header.startswith(SQLITE_MAGIC):
        raise StoreNotADatabaseError(
            f"Case store {path} is not a database file (SQLITE_NOTADB). It was left untouched. "
            f"{_tail(path)}.",
            path,
        )
    if len(header) < 100 or size < 512:
        raise StoreCorruptError(
            f"Case store {path} is truncated and was left untouched. {_tail(path)}.", path
        )
    return header


# -- open ---------------------------------------------------------------------------------------
def open_db(
    path: Path,
    *,
    create: bool = False,
    read_only: bool = False,
    application_id: int | None = APPLICATION_ID,
    max_user_version: int | None = None,
) -> sqlite3.Connection:
    """Open (or, with ``create``, make) a case-store file with the checks and pragmas above.

    The connection is in autocommit mode (``isolation_level=None``): callers open their own
    ``BEGIN IMMEDIATE`` transactions (see ``write_transaction``). ``application_id=None`` skips
    the identity check; ``max_user_version`` refuses a newer schema before anything is written.
    A read-only connection has ``PRAGMA query_only`` on (see ``is_read_only``).
    """
    path = Path(path)
    check_local_path(path)
    if not path.exists():
        if not create or read_only:
            raise StoreMissingError(f"No case store at {path}.", path)
        if not path.parent.is_dir():
            raise StoreError(f"Folder {path.parent} does not exist; create it first.", path)
        _create_file(path, application_id)
    header = _precheck(path)
    wal = header[18:20] == b"\x02\x02"
    dir_ok = _can_write(path.parent)
    ro = read_only or not _can_write(path) or not dir_ok
    params = {"mode": "ro"} if ro else {"mode": "rw"}
    if ro and wal and not dir_ok:
        params["immutable"] = "1"  # a WAL file in a read-only folder cannot be read otherwise
    try:
        conn = sqlite3.connect(
            _uri(path, **params),
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
        )
    except sqlite3.Error as exc:
        raise translate_error(exc, path, "opening") from None
    try:
        _setup(conn, path, ro, application_id, max_user_version)
    except sqlite3.OperationalError as exc:
        conn.close()
        if ro or (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF != sqlite3.SQLITE_READONLY:
            raise translate_error(exc, path, "opening") from None
        # e.g. a read-only mount: os.access said yes, SQLite says no. Fall back to read-only.
        return open_db(path, read_only=True, application_id=application_id,
                       max_user_version=max_user_version)  # fmt: skip
    except sqlite3.Error as exc:
        conn.close()
        raise translate_error(exc, path, "opening") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _setup(
    conn: sqlite3.Connection,
    path: Path,
    ro: bool,
    application_id: int | None,
    max_user_version: int | None,
) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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
    problems = quick_check(conn)
    if problems != ["ok"]:
        log.error("quick_check failed on %s (%d rows)", path.name, len(problems))
        raise StoreCorruptError(
            f"Case store {path} failed its quick check and was not changed. {_tail(path)}.", path
        )
    if not ro:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"Case store {path}: could not switch to WAL mode.", path)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    if ro:
        conn.execute("PRAGMA query_only = ON")
    else:
        for suffix in ("", "-wal", "-shm"):
            private_file(Path(f"{path}{suffix}"))


def is_read_only(conn: sqlite3.Connection) -> bool:
    """Whether ``open_db`` opened this connection read-only."""
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA quick_check`` rows (``["ok"]`` when healthy); fast enough for every open."""
    return [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` rows (``["ok"]`` when healthy); before backups and migrations."""
    return [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def backup_database(conn: sqlite3.Connection, source: Path, dest: Path) -> Path:
    """Copy a live store to ``dest`` with the online backup API (never a file copy, which loses
    WAL content); integrity_check first; the new file is 0600, self-contained (DELETE journal),
    and appears only when complete. ``dest`` may be a folder (a dated name is chosen)."""
    source, dest = Path(source), Path(dest)
    if dest.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        dest = dest / f"{source.stem}-{stamp}-{secrets.token_hex(2)}.sqlite"
    live = {source.absolute(), *(Path(f"{source.absolute()}{s}") for s in ("-wal", "-shm"))}
    if dest.absolute() in live or _same_file(dest, source):
        raise StoreError(f"Refusing to write a backup over the live case store {source}.", source)
    if dest.exists():
        raise StoreError(f"Backup file {dest} already exists; choose a new name.", dest)
    if not dest.parent.is_dir():
        raise StoreError(f"Backup folder {dest.parent} does not exist; create it first.", dest)
    try:
        problems = integrity_check(conn)
    except sqlite3.Error as exc:
        raise translate_error(exc, source, "checking") from None
    if problems != ["ok"]:
        raise StoreCorruptError(
            f"Case store {source} failed its integrity check, so no backup was written. "
            "Keep your older backups; run cdt-desktop doctor.",
            source,
        )
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.partial")
    old = os.umask(0o077)
    try:
        target = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            ok = quick_check(target) == ["ok"]
        finally:
            target.close()
        if not ok:
            raise StoreCorruptError(f"The backup written to {dest} did not verify.", dest)
        private_file(tmp)
        _link_into_place(tmp, dest, exist_ok=False)
    except sqlite3.Error as exc:
        raise translate_error(exc, dest, "writing a backup of") from None
    finally:
        os.umask(old)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    log.info("backup written (%s)", dest.name)
    return dest
