"""Qt events the GUI tests send by hand."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from cdt_desktop.ui.common import msgbox


def wheel_down(widget: QWidget) -> None:
    """One notch of the mouse wheel, down, over the middle of ``widget``."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def answer_boxes(
    monkeypatch: pytest.MonkeyPatch, *labels: str, between: Callable[[], None] | None = None
) -> list[QMessageBox]:
    """Click the buttons labelled ``labels`` in the question boxes, one per box, as shown
    (``between``: what happens after the first click, e.g. the drive is connected)."""
    monkeypatch.setattr(msgbox, "is_headless", lambda: False)
    seen: list[QMessageBox] = []
    pending = list(labels)

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box)
        label = pending.pop(0)
        button = next(b for b in box.findChildren(QPushButton) if b.text() == label)
        if between is not None and len(seen) == 2:
            between()
        button.click()
        if pending:
            QTimer.singleShot(10, click)

    QTimer.singleShot(10, click)
    return seen


def status_menu_letter(table: QWidget, letter: str) -> list[str]:
    """Open the selected row's claim-status menu from the keyboard (the Menu key), read its
    entries (separators left out), type ``letter`` in it (the real, modal menu); the entries.
    A letter that picks nothing closes the menu after 200 ms (never stuck)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QContextMenuEvent, QKeyEvent
    from PySide6.QtWidgets import QMenu, QTableView

    assert isinstance(table, QTableView)
    shown: list[str] = []

    def press() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            shown.extend(a.text() for a in popup.actions() if not a.isSeparator())
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                key = Qt.Key(ord(letter.upper()))
                QApplication.sendEvent(
                    popup, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, letter)
                )
            QTimer.singleShot(200, popup.close)

    QTimer.singleShot(0, press)
    at = table.viewport().mapTo(table, table.visualRect(table.currentIndex()).center())
    reason = QContextMenuEvent.Reason.Keyboard
    QApplication.sendEvent(table, QContextMenuEvent(reason, at, table.mapToGlobal(at)))
    return shown


def mnemonics(dialog: QWidget) -> dict[str, list[str]]:
    """Each Alt letter shown in ``dialog``: the texts of its visible labels and buttons that
    underline it (two owners of one letter: Alt picks only the first)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found: dict[str, list[str]] = {}
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        text = widget.text().replace("&&", "")
        at = text.find("&")
        if widget.isVisibleTo(dialog) and at >= 0:
            found.setdefault(text[at + 1].lower(), []).append(text)
    return found
