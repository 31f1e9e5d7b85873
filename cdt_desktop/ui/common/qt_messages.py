"""Qt's one known line of noise on the offscreen platform, dropped; every other message kept.

The offscreen platform (tests, benchmarks, ``--self-check``) warns "This plugin does not support
propagateSizeHints()" each time a window larger than its virtual screen is shown or resized. It
says nothing about the app, and dozens of copies bury the messages that do matter. The filter
passes every other message on: to the handler it replaced, or printed as Qt prints it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

KNOWN_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})

Handler = Callable[["QtMsgType", "QMessageLogContext", str], object]


def drop_known_noise() -> Callable[[], None]:
    """Install the filter in front of the current handler; returns a function that removes it.

    Removing puts the replaced handler back only while the filter is still the installed one,
    so a handler installed after it (pytest-qt's, per test) is never undone by mistake.
    """
    from PySide6.QtCore import qFormatLogMessage, qInstallMessageHandler

    previous: Handler | None = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message in KNOWN_NOISE:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")

    previous = qInstallMessageHandler(handler)

    def remove() -> None:
        current = qInstallMessageHandler(previous)
        if current is not handler:  # someone else's handler came after ours: keep theirs
            qInstallMessageHandler(current)

    return remove
