"""Write a whole file or nothing: a temporary file in the same folder, fsync, then ``os.replace``.

Exports (appeal PDFs, case files) must never leave a half-written file behind when the disk is
full, the process is killed or the renderer raises (docs/design-rules.md, R22). The temporary
file lives in the destination folder so that the final rename stays on one file system (and is
atomic there), and it is created ``0600`` because exported files hold PHI (R17).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from cdt_desktop.core import open_stores, paths
from cdt_desktop.core.errors import InputError

PRIVATE_FILE_MODE = 0o600
SQLITE_MAGIC = b"SQLite format 3\x00"
OWNED_NAMES = frozenset(p.name for p in paths.owned_files("."))
"""File names the app owns in its data folder; an export never takes one of these names."""

_protected: set[Path] = set()


PRIVATE_FOLDER_MODE = 0o700


# The app's own folders and files are this user's only (docs/design-rules.md, R17), given
# their mode as they are created: never by changing the umask, which is process-wide (the daily
# backup runs on a worker thread while the window's thread creates files of its own).
def private_folder(folder: Path | str, *, exist_ok: bool = True) -> Path:
    """Make ``folder`` and each missing parent 0700; an existing folder keeps its mode.

    As ``Path.mkdir(parents=True)`` under umask 077 did: FileExistsError when ``folder`` is
    something else, or exists and ``exist_ok`` is False."""
    folder = Path(folder)
    missing: list[Path] = []
    step = folder
    while not step.exists() and step != step.parent:
        missing.append(step)
        step = step.parent
    if not missing and (not exist_ok or not folder.is_dir()):
        raise FileExistsError(errno.EEXIST, "File exists", str(folder))
    for step in reversed(missing):
        try:
            os.mkdir(step, PRIVATE_FOLDER_MODE)
        except FileExistsError:  # made meanwhile (another thread or process)
            if not step.is_dir() or (step == folder and not exist_ok):
                raise
            continue
        if os.name == "posix":  # the umask may have taken more than group and others
            os.chmod(step, PRIVATE_FOLDER_MODE)
    return folder


def private_opener(path: str | os.PathLike[str], flags: int) -> int:
    """``open(path, mode, opener=private_opener)``: a file the open creates is 0600 from its
    first byte; an existing file keeps its mode."""
    if flags & os.O_CREAT:
        try:
            fd = os.open(path, flags | os.O_EXCL, PRIVATE_FILE_MODE)
        except FileExistsError:
            if flags & os.O_EXCL:
                raise
        else:
            if hasattr(os, "fchmod"):  # the umask may have taken more than group and others
                os.fchmod(fd, PRIVATE_FILE_MODE)
            return fd
    return os.open(path, flags, PRIVATE_FILE_MODE)


def new_private_file(path: Path | str) -> None:
    """Create ``path`` empty and 0600 (FileExistsError when it exists). SQLite opens such a
    file as a new database, and creates its journal and WAL with the database file's mode."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    os.close(private_opener(path, flags))


class OutputRefusedError(InputError):
    """An export's destination is a file the app must not replace (docs/design-rules.md, R24)."""


def protect(*files: Path | str) -> None:
    """Add files that no atomic write may replace while this process runs (the window calls
    it with the files of its own data folder, which may be a ``--data-dir``)."""
    for file in files:
        _protected.add(Path(file).absolute())


def check_output_folder(target: Path | str) -> None:
    """Refuse (InputError, exit 2) an output that is a folder, or whose folder does not exist:
    said before anything is asked or made, where writing would end in FileNotFoundError."""
    from cdt_desktop.core.paths import too_long

    output = Path(target)
    problem = too_long(output)
    if problem is not None:  # Path.is_dir() would raise OSError 'File name too long'
        raise InputError(f"the output file {problem}")
    if output.is_dir():
        raise InputError(f"output is a folder: {output}")
    if not output.parent.is_dir() and str(output.parent) not in ("", "."):
        raise InputError(f"output folder does not exist: {output.parent}")


def check_output_target(target: Path | str, *, protected: Iterable[Path | str] = ()) -> None:
    """Refuse an export destination that would destroy data or could not hold a file.

    Refused: anything that exists and is not a regular file (a folder, a FIFO, a device,
    ``/dev/stdout``); a file of the data folder (case store, its ``-wal``/``-shm``, the code-set
    file, the lock) by path or by name; the files in ``protected`` (e.g. the input file); and any
    existing SQLite database, which no export (PDF, JSON) ever is.
    """
    target = Path(target)
    absolute = target.absolute()
    guarded = {absolute_path(p) for p in (*protected, *paths.owned_files(), *_protected)}
    try:
        info = os.stat(target)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise OutputRefusedError(f"refusing to write to {target}: it is {kind}")
    if absolute in guarded or target.name in OWNED_NAMES or _same_as_any(target, guarded):
        raise OutputRefusedError(
            f"refusing to write to {target}: it is one of the app's own data files "
            "(case store, code sets or lock); choose another file name"
        )
    if open_stores.is_open(target):  # (read, it would drop the store's locks: open_stores.py)
        raise OutputRefusedError(
            f"refusing to write to {target}: it is the case store in use, or a file SQLite keeps "
            "beside it; choose another file name"
        )
    if info is not None and _is_sqlite(target):
        raise OutputRefusedError(
            f"refusing to write to {target}: it is a database file; choose another file name"
        )


def absolute_path(path: Path | str) -> Path:
    return Path(path).absolute()


def _same_as_any(target: Path, guarded: set[Path]) -> bool:
    if not target.exists():
        return False
    for other in guarded:
        with contextlib.suppress(OSError):
            if other.exists() and os.path.samefile(target, other):
                return True
    return False


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def write_bytes_atomic(
    path: Path | str,
    data: bytes,
    *,
    mode: int = PRIVATE_FILE_MODE,
    protected: Iterable[Path | str] = (),
) -> Path:
    """Write `data` to `path` atomically; on any failure the destination is left untouched.

    The destination is checked first (:func:`check_output_target`): an export never replaces
    the case store, a side file of it, a device or the input it was made from."""
    target = Path(path)
    check_output_target(target, protected=protected)
    import tempfile  # lazy: the window imports this module at start-up to call protect()

    directory = target.parent if str(target.parent) else Path(".")
    from cdt_desktop.core.tempclean import clean_stale, temp_prefix

    clean_stale(directory)  # what a killed export left here (issue 15 item 8)
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(target.name), suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # Windows ignores most modes; never fatal
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(directory)
    return target


def write_text_atomic(
    path: Path | str,
    text: str,
    *,
    mode: int = PRIVATE_FILE_MODE,
    protected: Iterable[Path | str] = (),
) -> Path:
    """`write_bytes_atomic` for UTF-8 text."""
    return write_bytes_atomic(path, text.encode("utf-8"), mode=mode, protected=protected)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable on POSIX; Windows cannot open a folder, so skip it there."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
