"""The offscreen platform's known noise is dropped; every other Qt message still gets through."""

from __future__ import annotations

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler, qWarning
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from cdt_desktop.ui.common.qt_messages import KNOWN_NOISE, drop_known_noise


def _recording() -> tuple[list[str], object]:
    seen: list[str] = []

    def record(_mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        seen.append(message)

    return seen, record


def test_the_propagate_size_hints_line_is_dropped_and_other_warnings_pass_on(qapp) -> None:
    seen, record = _recording()
    before = qInstallMessageHandler(record)
    try:
        remove = drop_known_noise()
        qWarning(next(iter(KNOWN_NOISE)))
        qWarning("QFont: a real problem")
        remove()
        qWarning("after removal")
    finally:
        qInstallMessageHandler(before)
    assert seen == ["QFont: a real problem", "after removal"]


def test_a_window_larger_than_the_offscreen_screen_shows_without_noise(qapp) -> None:
    seen, record = _recording()
    before = qInstallMessageHandler(record)
    remove = drop_known_noise()
    try:
        window = QMainWindow()
        window.setCentralWidget(QLineEdit())
        window.resize(1366, 768)  # wider than the offscreen platform's virtual screen
        window.show()
        QApplication.processEvents()
        window.close()
    finally:
        remove()
        qInstallMessageHandler(before)
    assert not [line for line in seen if line in KNOWN_NOISE]


def test_removing_keeps_a_handler_installed_after_the_filter(qapp) -> None:
    seen, record = _recording()
    before = qInstallMessageHandler(None)
    try:
        remove = drop_known_noise()
        qInstallMessageHandler(record)  # e.g. pytest-qt's capture for the next test
        remove()
        qWarning("still recorded")
    finally:
        qInstallMessageHandler(before)
    assert seen == ["still recorded"]
