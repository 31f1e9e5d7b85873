"""First start on a 768p screen: the window opens maximised, so the window manager's title bar
does not push the status bar (the case store, sign-in) below the screen's edge. At 1366x768
under a window manager the 1366x768 window's bottom 25 px were off the screen (tour9)."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window


def _window(qtbot: QtBot, data_dir: Path):  # type: ignore[no-untyped-def]
    win = build_main_window(data_dir=data_dir)
    qtbot.addWidget(win)
    return win


def test_a_first_start_on_a_screen_smaller_than_the_window_and_its_frame_is_maximised(
    qtbot: QtBot, tmp_path: Path
) -> None:
    screen = QApplication.primaryScreen()
    free = screen.availableGeometry()
    assert free.height() < 768 + 40  # the offscreen screen (800x600): a small one
    win = _window(qtbot, tmp_path / "office")
    win.show_first()  # as the app's start shows it
    qtbot.waitExposed(win)
    assert win.windowState() & Qt.WindowState.WindowMaximized
    assert win.statusBar().isVisible()
    bottom = win.statusBar().mapTo(win, win.statusBar().rect().bottomLeft()).y()
    assert win.geometry().top() + bottom <= free.bottom()


def test_a_size_the_user_left_is_kept_at_the_next_start(qtbot: QtBot, tmp_path: Path) -> None:
    win = _window(qtbot, tmp_path / "office")
    win.setWindowState(Qt.WindowState.WindowNoState)
    win.resize(700, 500)
    win.show()
    qtbot.waitExposed(win)
    left = win.size()
    win.save_state()
    win.close()
    if shiboken6.isValid(win):
        win.deleteLater()
    again = _window(qtbot, tmp_path / "office")
    again.show_first()
    qtbot.waitExposed(again)
    assert not again.windowState() & Qt.WindowState.WindowMaximized
    assert again.size() == left
