"""The one module that builds message boxes.

Why one module: every error, question and notice goes through these few functions, so tests can
patch ``error_dialog.show_error`` (call it through the module, never ``from ... import``), and a
headless run (offscreen tests, the bundle's self-check, CI) logs the message instead of opening a
modal box that nobody can close. Messages shown here must carry no patient data; they are logged.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cdt_desktop.logging_setup import get_logger

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


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setDefaultButton(default)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A blocking error box (or a log line when headless)."""
    _log.error("error dialog: %s: %s", title, text)
    if is_headless():
        return
    _box(parent, QMessageBox.Icon.Critical, title, text).exec()


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """A blocking warning box (or a log line when headless)."""
    _log.warning("warning dialog: %s: %s", title, text)
    if is_headless():
        return
    _box(parent, QMessageBox.Icon.Warning, title, text).exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """A blocking notice (or a log line when headless)."""
    _log.info("info dialog: %s", title)
    if is_headless():
        return
    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def ask_yes_no(parent: QWidget | None, title: str, text: str, *, default: bool = False) -> bool:
    """A yes/no question; headless runs answer ``default`` (so nothing destructive happens)."""
    if is_headless():
        _log.info("question answered %s (headless): %s", "yes" if default else "no", title)
        return default
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box = _box(parent, QMessageBox.Icon.Question, title, text, yes | no, yes if default else no)
    return box.exec() == yes


def show_about(parent: QWidget | None, title: str, text: str) -> None:
    """The About box (rich text allowed: the caller escapes any variable part)."""
    if is_headless():
        return
    QMessageBox.about(parent, title, text)
