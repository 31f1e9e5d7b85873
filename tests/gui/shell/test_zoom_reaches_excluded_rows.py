"""View > Zoom in with a tooth's candidates on screen: every row's text grows, the excluded rows
too (walkthrough 43: at 140 % the excluded rows kept the size they had when the tooth was
clicked, cut off after a few words under rows 40 % larger), and Actual size brings them back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.ui.chart.candidates import EXCLUDED_FONT_SCALE, STATUS_ROLE

Window = Any


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[Window]:
    win = build_main_window(data_dir=tmp_path / "office")
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if shiboken6.isValid(win):
        win.menu_actions["zoomResetAction"].trigger()  # the app's font is the next test's too
        win.close()
        shiboken6.delete(win)


def _sizes(window: Window) -> dict[str, set[float]]:
    codes = window.chart_panel.candidates.list_widget()
    sizes: dict[str, set[float]] = {}
    for row in range(codes.count()):
        item = codes.item(row)
        sizes.setdefault(str(item.data(STATUS_ROLE)), set()).add(item.font().pointSizeF())
    return sizes


@pytest.mark.parametrize("steps", [1, 3])
def test_zooming_in_on_a_molar_s_candidates_grows_the_excluded_rows(
    window: Window, steps: int
) -> None:
    window.chart_panel.chart.select_tooth("19")
    QApplication.processEvents()
    before = _sizes(window)
    assert "excluded" in before and "possible" in before
    for _ in range(steps):
        window.menu_actions["zoomInAction"].trigger()
        QApplication.processEvents()
    list_size = window.chart_panel.candidates.list_widget().font().pointSizeF()
    after = _sizes(window)
    assert [round(size, 2) for size in after["excluded"]] == [
        round(list_size * EXCLUDED_FONT_SCALE, 2)
    ]
    assert max(after["excluded"]) > max(before["excluded"])
    window.menu_actions["zoomResetAction"].trigger()
    QApplication.processEvents()
    assert _sizes(window)["excluded"] == before["excluded"]
