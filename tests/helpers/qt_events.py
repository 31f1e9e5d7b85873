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
