"""Write a whole file or nothing: a temporary file in the same folder, fsync, then ``os.replace``.

Exports (appeal PDFs, case files) must never leave a half-written file behind when the disk is
full, the process is killed or the renderer raises (RELIABILITY.md requirement 22). The temporary
file lives in the destination folder so that the final rename stays on one file system (and is
atomic there), and it is created ``0600`` because exported files hold PHI (requirement 17).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

PRIVATE_FILE_MODE = 0o600


@contextlib.contextmanager
def owner_only() -> Iterator[None]:
    """Folders and files created inside are for this user only (umask 077: 0700 and 0600)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def write_bytes_atomic(path: Path | str, data: bytes, *, mode: int = PRIVATE_FILE_MODE) -> Path:
    """Write `data` to `path` atomically; on any failure the destination is left untouched."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
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


def write_text_atomic(path: Path | str, text: str, *, mode: int = PRIVATE_FILE_MODE) -> Path:
    """`write_bytes_atomic` for UTF-8 text."""
    return write_bytes_atomic(path, text.encode("utf-8"), mode=mode)


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
