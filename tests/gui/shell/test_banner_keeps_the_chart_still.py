"""A tooth clicked and the misfit banner opening never move the chart under the pointer.

Walkthrough at 125 % with large targets (D3330 shown, a primary molar clicked at a Palmer PC):
the teeth moved 20 px. The line under the chart went from "No tooth selected" to three rows of
the tooth's name and took their height from the chart; it keeps its longest text's room now.
And where the code's detail is at its least height, the banner's height came from the chart
too; the detail gives it up instead (it scrolls)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.windows import shown_window


def _where(window: Any) -> tuple[QRect, ...]:
    """The chart's teeth and the findings, in window coordinates."""
    chart = window.chart_panel.chart
    teeth = [
        QRect(chart.mapTo(window, chart.tooth_rect(u).topLeft()), chart.tooth_rect(u).size())
        for u in ("3", "19", "30")
    ]
    pulp = window.chart_panel.findings.box("pulpStatus")
    return (*teeth, QRect(pulp.mapTo(window, pulp.rect().topLeft()), pulp.size()))


@contextmanager
def _view(window: Any, zoom_steps: int, large: bool, notation: str) -> Iterator[None]:
    """View > Zoom in, Large targets and the notation, put back afterwards (the app's font
    is the next test's too)."""
    window.menu_actions["largeTargetsAction"].setChecked(large)
    for _ in range(zoom_steps):
        window.menu_actions["zoomInAction"].trigger()
    box = window.chart_panel.notation_box
    box.setCurrentIndex(box.findData(notation))
    try:
        yield
    finally:
        window.menu_actions["zoomResetAction"].trigger()
        window.menu_actions["largeTargetsAction"].setChecked(False)


@pytest.mark.parametrize(
    ("zoom_steps", "large", "notation"),
    [(0, False, "universal"), (2, True, "palmer"), (2, True, "fdi"), (3, False, "universal")],
)
def test_a_tooth_clicked_and_the_banner_leave_the_chart_where_it_was(
    qtbot: QtBot, tmp_path: Path, zoom_steps: int, large: bool, notation: str
) -> None:
    with (
        shown_window(qtbot, tmp_path / "chair", active=True) as window,
        _view(window, zoom_steps, large, notation),
    ):
        window.open_code("D3346")  # retreatment of an anterior tooth
        QApplication.processEvents()
        before = _where(window)
        window.chart_panel.chart.select_tooth("3")  # a molar: the banner says it misfits
        QApplication.processEvents()
        assert window.banner.isVisible() and "D3346" in window.banner.text()
        assert _where(window) == before
        window.banner.clear()
        window.chart_panel.chart.select_tooth("14")  # another tooth, another name
        QApplication.processEvents()
        assert _where(window) == before


def test_the_banner_takes_its_room_from_a_detail_at_its_least_height(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with shown_window(qtbot, tmp_path / "chair", active=True) as window:
        window.centre_splitter.setSizes([10_000, 1])  # the detail as small as it goes
        window.chart_panel.chart.select_tooth("3")
        QApplication.processEvents()
        before = _where(window)
        window.open_code("D3346")  # misfits the molar: the banner opens
        QApplication.processEvents()
        assert window.banner.isVisible()
        assert _where(window) == before
        assert window.detail.isVisible() and window.detail.height() >= 20  # a line of it

        window.banner.clear()  # closed: the detail's least height is back
        QApplication.processEvents()
        assert _where(window) == before
        assert window.detail.minimumHeight() >= 80
