"""The one module that builds message boxes.

Why one module: every error, question and notice goes through these few functions, so tests can
patch ``error_dialog.show_error`` (call it through the module, never ``from ... import``), and a
headless run (offscreen tests, the bundle's self-check, CI) logs the message instead of opening a
modal box that nobody can close. Messages shown here must carry no patient data; they are logged.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cdt_desktop.core.log import get_logger

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

_log = get_logger("ui")

HEADLESS_PLATFORMS = ("offscreen", "minimal")


def is_headless() -> bool:
    """True when a modal dialog could not be seen (no QApplication, offscreen platform)."""
    if os.environ.get("CDT_DESKTOP_HEADLESS"):
        return True
    app = QApplication.instance()
    if app is None:
        return True
    platform = QApplication.platformName() or os.environ.get("QT_QPA_PLATFORM", "")
    return platform in HEADLESS_PLATFORMS


def _message_box() -> type[QMessageBox]:
    """QMessageBox, imported when a box is shown: importing it at start-up would make PySide6
    build its enum classes for a window that may never show one."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def _box(
    parent: QWidget | None,
    icon_name: str,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton | None = None,
    default: QMessageBox.StandardButton | None = None,
) -> QMessageBox:
    """A box with ``QMessageBox.Icon[icon_name]``; ``buttons`` and ``default`` default to Ok."""
    message_box = _message_box()
    ok = message_box.StandardButton.Ok
    icon = message_box.Icon[icon_name]
    box = message_box(icon, title, text, ok if buttons is None else buttons, parent)
    # as typed: a film captioned "<b>Pre-op</b>" was asked about in bold, its tags gone (Qt
    # guesses rich text from a tag; hostile-user walkthrough)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(ok if default is None else default)
    _fit_title(box)
    if parent is not None:  # View > Large targets: its buttons as large as the window's
        from cdt_desktop.ui.common.metrics import follow_window_targets, size_target

        for button in box.buttons():
            size_target(button)
        follow_window_targets(box)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    return box


def _fit_title(box: QMessageBox) -> None:
    """The box at least as wide as its title bar needs (``metrics.title_width``): sized to a
    short message, the import's error showed "Case file not impor…Companion Desktop" at
    1366x768 (QA walkthrough). A QMessageBox fixes its own size from its layout when shown, so
    the width is a spacer in that layout (a minimum width set on the box is overridden); the box
    still keeps within the screen."""
    from PySide6.QtWidgets import QGridLayout, QSizePolicy, QSpacerItem

    from cdt_desktop.ui.common.metrics import title_width

    layout = box.layout()
    if not isinstance(layout, QGridLayout):
        return
    margins = layout.contentsMargins()
    width = title_width(box) - margins.left() - margins.right()
    policy = QSizePolicy.Policy
    spacer = QSpacerItem(width, 0, policy.Fixed, policy.Minimum)
    layout.addItem(spacer, layout.rowCount(), 0, 1, max(1, layout.columnCount()))


def _shape(text: str) -> str:
    """What the log keeps of a dialog's text: its size, never the words (issue 15 item 7: a
    case file keyed by a patient's name put the name in the log through the problem list)."""
    lines = text.count("\n") + 1 if text else 0
    return f"{lines} line{'s' if lines != 1 else ''}, {len(text)} characters"


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A blocking error box (or a log line when headless)."""
    _log.error("error dialog: %s (%s)", title, _shape(text))
    if is_headless():
        return
    _box(parent, "Critical", title, text).exec()


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """A blocking warning box (or a log line when headless)."""
    _log.warning("warning dialog: %s (%s)", title, _shape(text))
    if is_headless():
        return
    _box(parent, "Warning", title, text).exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """A blocking notice (or a log line when headless)."""
    _log.info("info dialog: %s", title)
    if is_headless():
        return
    _box(parent, "Information", title, text).exec()


def ask_yes_no(parent: QWidget | None, title: str, text: str, *, default: bool = False) -> bool:
    """A yes/no question; headless runs answer ``default`` (so nothing destructive happens)."""
    if is_headless():
        _log.info("question answered %s (headless): %s", "yes" if default else "no", title)
        return default
    buttons = _message_box().StandardButton
    yes, no = buttons.Yes, buttons.No
    box = _box(parent, "Question", title, text, yes | no, yes if default else no)
    return box.exec() == yes


def show_about(parent: QWidget | None, title: str, text: str) -> None:
    """The About box (rich text allowed: the caller escapes any variable part)."""
    if is_headless():
        return
    _message_box().about(parent, title, text)
