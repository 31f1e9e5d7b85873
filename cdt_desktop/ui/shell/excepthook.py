"""Uncaught exceptions: log them (redacted), tell the user once, keep the app running.

Why: in a windowed build there is no console, so PySide6's default "print the traceback and go
on" would make errors invisible (docs/design-rules.md, R16). The hook is installed *before* the
QApplication exists so that nothing raised during start-up escapes it. Exception messages are never
logged (SQLite, FTS5 and ReportLab embed the user's text in them) and never shown: the dialog
names the exception type and where the log is. Work is committed as it happens elsewhere, so
there is no half-written state to clean up here.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import Any

from cdt_desktop.core import log

_log = log.get_logger("crash")

_previous_excepthook: Any = None
_previous_threading_hook: Any = None
_in_hook = threading.local()

DIALOG_TITLE = "Unexpected error"


def user_message(exc_type: type[BaseException]) -> str:
    """What the user reads: no exception message, only what happened and what to do."""
    where = log.current_log_file()
    log_hint = f"\n\nDetails were written to the log:\n{where}" if where else ""
    return (
        f"Something went wrong inside CDT Companion ({exc_type.__name__}).\n"
        "Your saved cases are safe and you can keep working. If it happens again, "
        f"please send the log to your support contact.{log_hint}"
    )


def handle_exception(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
) -> None:
    """Log type and frames (message redacted) and show the error dialog on the GUI thread."""
    if issubclass(exc_type, KeyboardInterrupt):
        if _previous_excepthook is not None:
            _previous_excepthook(exc_type, exc, tb)
        return
    if getattr(_in_hook, "active", False):  # the dialog itself failed: log only, never loop
        _log.error("exception while reporting an exception:\n%s", _redacted(exc_type, exc, tb))
        return
    _in_hook.active = True
    try:
        _log.error("uncaught exception:\n%s", _redacted(exc_type, exc, tb))
        _notify(exc_type)
    finally:
        _in_hook.active = False


def _redacted(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> str:
    return log.format_redacted(exc_type, exc, tb)


def _notify(exc_type: type[BaseException]) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        print(user_message(exc_type), file=sys.stderr)
        return
    if threading.current_thread() is threading.main_thread():
        _show(exc_type)
    else:  # a worker thread: hand over to the GUI thread's event loop
        QTimer.singleShot(0, app, lambda: _show(exc_type))


def _show(exc_type: type[BaseException]) -> None:
    from PySide6.QtWidgets import QApplication

    from cdt_desktop.ui.common import msgbox

    parent = QApplication.activeWindow()
    msgbox.show_error(parent, DIALOG_TITLE, user_message(exc_type))


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    handle_exception(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    """Replace ``sys.excepthook`` and ``threading.excepthook`` (idempotent)."""
    global _previous_excepthook, _previous_threading_hook
    if sys.excepthook is handle_exception:
        return
    _previous_excepthook = sys.excepthook
    _previous_threading_hook = threading.excepthook
    sys.excepthook = handle_exception
    threading.excepthook = _thread_hook


def uninstall() -> None:
    """Put back the hooks that were there before :func:`install` (tests)."""
    global _previous_excepthook, _previous_threading_hook
    if sys.excepthook is handle_exception and _previous_excepthook is not None:
        sys.excepthook = _previous_excepthook
    if threading.excepthook is _thread_hook and _previous_threading_hook is not None:
        threading.excepthook = _previous_threading_hook
    _previous_excepthook = None
    _previous_threading_hook = None


def is_installed() -> bool:
    return sys.excepthook is handle_exception
