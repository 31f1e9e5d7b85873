"""Opening SQLite files safely: the one place where case-store connections are made.

Why all this care (docs/design-rules.md, R1, R4-R9 and R17):

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

The error types live in ``errors`` and the file inspections in ``checks``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from cdt_desktop.core import open_stores
from cdt_desktop.core.atomic import new_private_file
from cdt_desktop.db.sqlitefile.checks import (
    check_identity,
    check_local_path,
    precheck,
    private_file,
)
from cdt_desktop.db.sqlitefile.errors import translate_error
from cdt_desktop.domain.cases.ports import (
    StoreError,
    StoreMissingError,
)

APPLICATION_ID = 0x43445443
"""``PRAGMA application_id`` of a case store: the bytes "CDTC" (header offset 68)."""

BUSY_TIMEOUT_MS = 10_000
log = logging.getLogger("cdt.db")


def now_utc() -> str:
    """The current time as UTC ISO 8601 with microseconds (sorts as text; two writes in one millisecond still order)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _can_write(path: Path) -> bool:
    """Whether this process may write ``path`` (a seam for tests that run as root)."""
    return os.access(path, os.W_OK)


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{path.absolute().as_uri()}?{query}"


def random_suffix(nbytes: int) -> str:
    """A random hex suffix for temporary and backup file names (``secrets.token_hex`` does the
    same, but importing ``secrets`` loads hashlib/hmac and OpenSSL: ~5 ms and ~3 MiB at start)."""
    return os.urandom(nbytes).hex()


def link_into_place(tmp: Path, path: Path, *, exist_ok: bool = True) -> None:
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
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{random_suffix(4)}.creating")
    with contextlib.suppress(OSError):  # when it cannot, SQLite's own open says why, below
        new_private_file(tmp)  # 0600 before a byte is in it; the WAL takes the file's mode
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
    private_file(tmp)
    link_into_place(tmp, path)
    log.info("created case store file %s", path.name)


# -- open ---------------------------------------------------------------------------------------
def open_db(
    path: Path,
    *,
    create: bool = False,
    read_only: bool = False,
    application_id: int | None = APPLICATION_ID,
    max_user_version: int | None = None,
    check_budget_s: float | None = None,
) -> sqlite3.Connection:
    """Open (or, with ``create``, make) a case-store file with the checks and pragmas above.

    ``check_budget_s`` bounds the quick check (see ``check_identity``); the connection's
    ``check_deferred`` then says whether it still has to run in full.

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
    here = open_stores.is_open(path)
    # A file this process has open already was checked then, and must not be read with a
    # file handle of its own now: closing any handle on a file drops every POSIX lock this
    # process holds on it, the open connection's shared lock too; another process's close
    # then took itself for the last, deleted the WAL, and the window's later commits went to
    # the deleted file (two BB ticks and their audit rows lost after File > Restore: re-walk)
    header = b"" if here else precheck(path)
    wal = here or header[18:20] == b"\x02\x02"
    dir_ok = _can_write(path.parent)
    ro = read_only or not _can_write(path) or not dir_ok
    params = {"mode": "ro"} if ro else {"mode": "rw"}
    if (
        not ro and wal and not here and _wal_size(path) > 0
    ):  # a WAL left by a crash or another window
        from cdt_desktop.db.sqlitefile.wal import keep_wal_copy  # (its reader, on demand)

        keep_wal_copy(path)  # the open may checkpoint and delete it (R25)
    if ro and wal and not dir_ok:
        if _wal_size(path) > 0:  # immutable=1 would ignore its commits (R7)
            return _open_private_copy(path, application_id, max_user_version)
        params["immutable"] = "1"  # a WAL file in a read-only folder cannot be read otherwise
    return _connect(path, params, ro, application_id, max_user_version, check_budget_s)


def _connect(
    path: Path,
    params: dict[str, str],
    ro: bool,
    application_id: int | None,
    max_user_version: int | None,
    check_budget_s: float | None,
) -> sqlite3.Connection:
    """The connection with ``open_db``'s URI parameters, checked and set up; read-only where
    SQLite refuses to write although the file looked writable."""
    try:
        conn = sqlite3.connect(
            _uri(path, **params),
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            factory=CheckedConnection,
        )
    except sqlite3.Error as exc:
        raise translate_error(exc, path, "opening") from None
    try:
        assert isinstance(conn, CheckedConnection)
        if params.get("immutable") != "1":  # (immutable: no locks to keep)
            conn._counted(path)
        conn.open_uri = _uri(path, **(params | {"mode": "ro"}))
        conn.check_deferred = _setup(
            conn, path, ro, application_id, max_user_version, check_budget_s
        )
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


def _wal_size(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except OSError:
        return 0


class CheckedConnection(sqlite3.Connection):
    """A connection from ``open_db``; ``check_deferred`` when its quick check was cut short.
    It counts in ``core.open_stores`` from ``_counted`` until it is closed."""

    check_deferred: bool = False
    open_uri: str = ""
    _file: tuple[int, int] | None = None

    def _counted(self, path: Path) -> None:
        self._file = open_stores.opened(path)

    @property
    def file(self) -> tuple[int, int] | None:
        """The store file this connection counts in ``core.open_stores`` (None: none)."""
        return self._file

    def close(self) -> None:
        super().close()
        open_stores.closed(self._file)
        self._file = None


class PrivateCopyConnection(CheckedConnection):
    """A read-only view of a store opened from a private copy of its file and WAL; the copy's
    folder is removed when the connection closes."""

    copy_dir: Path | None = None

    def close(self) -> None:
        super().close()
        if self.copy_dir is not None:
            import shutil

            shutil.rmtree(self.copy_dir, ignore_errors=True)
            self.copy_dir = None


def _open_private_copy(
    path: Path, application_id: int | None, max_user_version: int | None
) -> sqlite3.Connection:
    """A WAL store in a read-only folder, with commits still in its WAL: SQLite can read it only
    with ``immutable=1``, which ignores the WAL (3 of 8 committed cases after a crash). So the
    file and its WAL are copied to a private temporary folder, where SQLite replays the WAL, and
    that copy is opened query-only."""
    import shutil
    import tempfile

    from cdt_desktop.core.tempclean import clean_stale_copies

    clean_stale_copies(tempfile.gettempdir())  # of read-only windows that were killed
    folder = Path(tempfile.mkdtemp(prefix=f"cdt-readonly-{os.getpid()}-"))  # 0700
    copy = folder / path.name
    try:
        shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        shutil.copyfile(path, copy)
        conn = sqlite3.connect(
            _uri(copy, mode="rw"),
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            factory=PrivateCopyConnection,
        )
    except (OSError, sqlite3.Error) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, sqlite3.Error):
            raise translate_error(exc, path, "opening") from None
        raise StoreError(
            f"Case store {path} is in a read-only folder and its latest changes (the -wal "
            f"file) could not be copied to read them ({exc.strerror}). Open it once from a "
            "writable folder.",
            path,
        ) from None
    assert isinstance(conn, PrivateCopyConnection)
    conn.copy_dir = folder
    try:
        _setup(conn, path, True, application_id, max_user_version)
    except sqlite3.Error as exc:
        conn.close()
        raise translate_error(exc, path, "opening") from None
    except BaseException:
        conn.close()
        raise
    log.warning("read-only store with a non-empty WAL opened from a private copy")
    return conn


def _setup(
    conn: sqlite3.Connection,
    path: Path,
    ro: bool,
    application_id: int | None,
    max_user_version: int | None,
    check_budget_s: float | None = None,
) -> bool:
    """Pragmas and checks; True when the quick check was deferred (``check_budget_s``)."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    deferred = check_identity(conn, path, application_id, max_user_version, check_budget_s)
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
    return deferred
