"""Removing the app's own temporaries that a killed export, backup or open left behind.

Why (issue 15 item 8; docs/design-rules.md, R24): an atomic export writes a hidden
``.NAME.PID-XXXX.tmp`` beside its target and a backup a ``.NAME.PID-XXXX.partial``; a kill
between write and rename leaves a full copy of patient data that nothing else ever removes.
Every temporary name carries the writer's process id, so a leftover is recognised as stale when
that process is gone (or, for names without one and where process ids cannot be checked, when it
is over a day old), never while its writer may still be working on it.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

STALE_AFTER_S = 24 * 3600
_NAME_RE = re.compile(
    r"^\..+\.(?:(?P<pid>\d+)-)?[0-9A-Za-z_]+\.(?:tmp|partial|creating)(?:-journal|-wal|-shm)?$"
)
_DIR_RE = re.compile(r"^cdt-readonly-(?P<pid>\d+)-[0-9A-Za-z_]+$")


def temp_prefix(name: str) -> str:
    """The start of a temporary's name for the final file ``name`` (the pid marks the owner)."""
    return f".{name}.{os.getpid()}-"


def _alive(pid: int) -> bool | None:
    """Whether process ``pid`` runs (None when this platform cannot say)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it exists, owned by someone else
        return True
    return True


def _stale(pid: str | None, path: Path) -> bool:
    alive = _alive(int(pid)) if pid else None
    if alive is not None:
        return not alive
    try:
        return time.time() - path.lstat().st_mtime > STALE_AFTER_S
    except OSError:
        return False


def clean_stale(folder: Path | str) -> int:
    """Remove this app's stale temporaries in ``folder``; returns how many. Never raises."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
            continue
        match = _NAME_RE.match(entry.name)
        if match and _stale(match["pid"], Path(entry.path)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def clean_stale_copies(folder: Path | str) -> int:
    """Remove private read-only copies (``cdt-readonly-PID-*``) whose process is gone."""
    import shutil

    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _DIR_RE.match(entry.name)
        if match and entry.is_dir(follow_symlinks=False) and _stale(match["pid"], Path(entry.path)):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed
