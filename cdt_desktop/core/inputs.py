"""Reading an input file with a size cap, refusing what is not a regular file.

Why (docs/design-rules.md, R27): ``Path.read_bytes()`` on ``/dev/zero``, a FIFO or a
multi-gigabyte file reads until memory runs out or blocks forever. Every reader of user files
goes through :func:`read_bounded`, which checks the kind of file first and never reads more than
its cap plus one byte (a file that grows while read is still caught).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cdt_desktop.core import open_stores
from cdt_desktop.core.errors import InputError


def read_bounded(
    path: Path | str, max_bytes: int, *, what: str = "file", show_path: bool = True
) -> bytes:
    """The bytes of ``path``; InputError when it is missing, not a regular file or too large.

    ``show_path=False`` keeps the path out of the message (the window logs its messages, and a
    file name can be a patient's name)."""
    path = Path(path)
    named = f"{what} {path}" if show_path else what
    try:
        info = os.stat(path)
    except FileNotFoundError:
        message = f"{what} not found: {path}" if show_path else f"{named} not found"
        raise InputError(message) from None
    except OSError as exc:
        raise InputError(f"cannot read {named} ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{what} is a folder: {path}" if show_path else f"{what} is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{named} is not a regular file (a device or a pipe)")
    if info.st_size > max_bytes:
        raise InputError(f"{named} is too large (over {_size(max_bytes)})")
    if open_stores.is_open(path):  # reading it would drop the store's locks (open_stores.py)
        raise InputError(f"{named} {open_stores.REFUSED}")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {named} ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(f"{named} is too large (over {_size(max_bytes)})")
    return data


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g} MB"
    return f"{count / 1000:g} KB"
