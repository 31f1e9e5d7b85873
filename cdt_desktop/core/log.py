"""Logging for the whole app: one named logger per area, a rotated file, no patient data.

Why a redacting formatter: exception messages routinely embed user text (SQLite and FTS5 echo the
query, ReportLab echoes the paragraph that failed, ``KeyError`` echoes the key). A log file sits in
the user's profile for months and gets attached to support e-mails, so a traceback in our logs
keeps the exception *type* and the *frames* (file, line, function) and drops every message.

No Qt here: the exception hook (``ui/excepthook.py``) and the CLI both use these helpers.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from cdt_desktop.core import paths
from cdt_desktop.core.atomic import new_private_file, private_folder, private_opener

ROOT_LOGGER = "cdt"
AREAS = ("app", "ui", "db", "report", "crash")
"""One logger per area: ``logging.getLogger("cdt.ui")`` etc.; see :func:`get_logger`."""

LOG_FILE_NAME = "cdt-desktop.log"
FAULT_FILE_NAME = "faults.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_handler: logging.Handler | None = None
_fault_file: IO[str] | None = None


def get_logger(area: str) -> logging.Logger:
    """The logger of one area (``app``, ``ui``, ``db``, ``report``, ``crash``)."""
    if area not in AREAS:
        raise ValueError(f"unknown log area {area!r}; one of {', '.join(AREAS)}")
    return logging.getLogger(f"{ROOT_LOGGER}.{area}")


def _chain(exc: BaseException | None) -> list[BaseException]:
    """The exception and its causes/contexts, outermost last (as Python prints them)."""
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return list(reversed(seen))


def format_redacted(
    exc_type: type[BaseException] | None,
    exc: BaseException | None,
    tb: TracebackType | None,
) -> str:
    """A traceback with types and frames but no messages (they may carry patient data)."""
    lines: list[str] = []
    chain = _chain(exc) if exc is not None else []
    if not chain:
        name = exc_type.__name__ if exc_type else "UnknownError"
        frames = traceback.extract_tb(tb) if tb else []
        return _render(name, frames, lines)
    for position, item in enumerate(chain):
        item_tb = tb if item is exc else item.__traceback__
        frames = traceback.extract_tb(item_tb) if item_tb else []
        if position:
            lines.append("(while handling the above, or caused by it:)")
        _render(_qualified(type(item)), frames, lines)
    return "\n".join(lines)


def _qualified(exc_type: type[BaseException]) -> str:
    module = exc_type.__module__
    if module in ("builtins", "__main__"):
        return exc_type.__qualname__
    return f"{module}.{exc_type.__qualname__}"


def _render(name: str, frames: list[traceback.FrameSummary], lines: list[str]) -> str:
    lines.append("Traceback (most recent call last; message redacted):")
    for frame in frames:
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    lines.append(f"{name}: <message redacted>")
    return "\n".join(lines)


class RedactingFormatter(logging.Formatter):
    """Formats records normally, but any attached traceback loses its exception messages."""

    def formatException(self, ei) -> str:
        exc_type, exc, tb = ei
        return format_redacted(exc_type, exc, tb)


def setup_logging(
    log_dir: Path | None = None,
    *,
    level: int = logging.INFO,
    fault_handler: bool = True,
    rotate_first: bool = True,
) -> Path:
    """Send the ``cdt.*`` loggers to a rotating file in the per-user log folder; return its path.

    Calling it again (tests, a second window) replaces the earlier handler instead of doubling
    every line. With ``fault_handler`` a hard crash (segfault in Qt, abort) dumps the Python
    stacks to ``faults.log`` next to the log, since a windowed app has no console to print to.
    """
    global _handler, _fault_file
    folder = Path(log_dir) if log_dir is not None else paths.user_log_dir()
    _private_folder(folder)
    log_path = folder / LOG_FILE_NAME
    shutdown_logging()
    if rotate_first:
        rotate(log_path)
    _handler = _attach(log_path, level)
    if fault_handler:
        faults = folder / FAULT_FILE_NAME  # open while the app runs: faulthandler writes to it
        _fault_file = open(faults, "a", encoding="utf-8", opener=private_opener)  # noqa: SIM115
        _private(faults)
        faulthandler.enable(file=_fault_file, all_threads=True)
    return log_path


def _private(path: Path, mode: int = 0o600) -> None:
    """chmod a file or folder we own to user-only (POSIX); never fatal."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        info = path.stat()
        if info.st_uid == os.geteuid() and info.st_mode & 0o777 != mode:
            path.chmod(mode)


def _private_folder(folder: Path) -> None:
    """The log folder is 0700 and every log in it 0600 (issue 15 item 7): logs are never meant
    for other users of the computer, even without patient data in them."""
    private_folder(folder)
    _private(folder, 0o700)
    for old in folder.glob(f"{LOG_FILE_NAME}*"):
        _private(old)


def _attach(log_path: Path, level: int) -> logging.Handler:
    with contextlib.suppress(FileExistsError):
        new_private_file(log_path)  # a new log is 0600 from its first line
    handler = logging.FileHandler(log_path, encoding="utf-8")
    _private(log_path)
    handler.setFormatter(RedactingFormatter(FORMAT))
    root = logging.getLogger(ROOT_LOGGER)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def rotate_current() -> None:
    """Rotate the open log now (close, rotate, reopen); the window calls it only once it holds
    the single-instance lock, so a second launch never renames the running window's log (on
    Windows that rename fails with PermissionError while the first window has the file open)."""
    global _handler
    path = current_log_file()
    if path is None or _handler is None:
        return
    try:
        if path.stat().st_size < MAX_BYTES:
            return
    except OSError:
        return
    root = logging.getLogger(ROOT_LOGGER)
    level = root.level
    root.removeHandler(_handler)
    _handler.close()
    with contextlib.suppress(OSError):  # best effort: a big log beats no log
        rotate(path)
    _handler = _attach(path, level)


def rotate(log_path: Path, *, max_bytes: int = MAX_BYTES, keep: int = BACKUP_COUNT) -> None:
    """At start-up, move a log past ``max_bytes`` to ``.1`` (and ``.1`` to ``.2``...), keeping ``keep``.

    Rotating once per start instead of per record (``logging.handlers.RotatingFileHandler``)
    keeps the app's log small enough (it writes a few lines a day) and spares start-up the import
    of ``logging.handlers``, which pulls in socket, pickle and queue: about 20 ms of a cold start.
    """
    try:
        if log_path.stat().st_size < max_bytes:
            return
    except OSError:
        return
    for index in range(keep - 1, 0, -1):
        older = log_path.with_name(f"{log_path.name}.{index}")
        if older.exists():
            os.replace(older, log_path.with_name(f"{log_path.name}.{index + 1}"))
    os.replace(log_path, log_path.with_name(f"{log_path.name}.1"))


def shutdown_logging() -> None:
    """Detach and close what :func:`setup_logging` opened (files must not stay open on Windows)."""
    global _handler, _fault_file
    if _handler is not None:
        logging.getLogger(ROOT_LOGGER).removeHandler(_handler)
        _handler.close()
        _handler = None
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None


def current_log_file() -> Path | None:
    """The file the logs go to, when :func:`setup_logging` has run."""
    if isinstance(_handler, logging.FileHandler):
        return Path(_handler.baseFilename)
    return None
