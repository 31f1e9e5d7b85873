"""The chart's room (View > Zoom and Large targets give the chart panel what its chart and
three candidate rows lack, from the code detail under it, down to the detail's least height)
is computed again when it changes: on a dentition change, and once the window is shown at a
start with a saved zoom. Walkthrough at 1366 x 768: zoomed in on the permanent chart and
switched to Mixed (twice as tall), the teeth stayed their 100 % size; started again at 160 %,
Actual size left the chart panel at its 160 % height, and the 100 % look was gone. A
dentition change at 100 % gives no room."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.ui.common.settings import Key, Settings

Window = Any
STEPS = 4  # View > Zoom in four times: 160 %
PLAIN_SIZES = "cdtPlainSizes"  # chart_room.PLAIN_SIZES: the 100 % sizes, while the chart has room


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@contextmanager
def shown(qtbot: QtBot, data_dir: Path, **kwargs: Any) -> Iterator[Window]:
    win = build_main_window(data_dir=data_dir, **kwargs)
    win.resize(1366, 728)  # also where a size was saved: offscreen Qt restores another
    win.show()
    qtbot.waitExposed(win)
    settle()
    try:
        yield win
    finally:
        if shiboken6.isValid(win):
            win.close()  # saves the window's state, as at quitting
            settle()
            shiboken6.delete(win)
        _font_at_100()


def _font_at_100() -> None:
    """The app's font as at 100 %, as a new start has it: the next window's (and test's)."""
    from cdt_desktop.ui.shell import menus

    if menus._BASE_POINT_SIZE:
        font = QApplication.font()
        font.setPointSizeF(menus._BASE_POINT_SIZE[0])
        QApplication.setFont(font)


def choose(win: Window, dentition: str) -> None:
    box = win.chart_panel.dentition_box
    box.setCurrentIndex(box.findData(dentition))
    settle()


def zoom_in(win: Window, steps: int = STEPS) -> None:
    for _ in range(steps):
        win.menu_actions["zoomInAction"].trigger()
        settle()


def lacking(win: Window) -> int:
    """What the chart panel lacks that the code detail could still give (0: it has its room)."""
    kept = win.centre_splitter.property(PLAIN_SIZES)
    assert kept, "the chart has no room at this zoom"
    wanted = win.chart_panel.height_lacking(int(kept[2]))
    spare = win.centre_splitter.sizes()[1] - win.detail.minimumHeight()
    return min(wanted, max(0, spare))


@pytest.mark.parametrize(
    "changes",
    [("permanent", "mixed", "permanent"), ("mixed", "permanent", "primary", "mixed")],
    ids=["permanent-mixed-permanent", "mixed-permanent-primary-mixed"],
)
def test_a_dentition_change_at_a_zoom_gives_the_room_of_that_dentition(
    qtbot: QtBot, tmp_path: Path, changes: tuple[str, ...]
) -> None:
    with shown(qtbot, tmp_path / "office") as win:
        choose(win, changes[0])
        zoom_in(win)
        first = win.centre_splitter.sizes()
        assert lacking(win) == 0
        for dentition in changes[1:]:
            choose(win, dentition)
            assert lacking(win) == 0, dentition
        # and what the last one needed no more goes back to the detail
        assert win.centre_splitter.sizes() == first


def test_a_dentition_change_at_100_percent_gives_no_room(qtbot: QtBot, tmp_path: Path) -> None:
    with shown(qtbot, tmp_path / "office") as win:
        before = win.centre_splitter.sizes()
        for dentition in ("mixed", "primary", "permanent"):
            choose(win, dentition)
            assert win.centre_splitter.property(PLAIN_SIZES) is None, dentition
        assert win.centre_splitter.sizes() == before


def test_a_case_of_the_other_dentition_opened_at_a_zoom_gets_the_room_too(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure

    with shown(qtbot, tmp_path / "office") as win:
        choose(win, "permanent")
        zoom_in(win)
        case_id = win.cases.create(
            Case(patient=Patient(name="Leo Park"), procedure=Procedure(code="D3240", tooth="K")),
            operator="AB",
        )
        win.open_case(case_id)
        settle()
        assert win.chart_panel.dentition_box.currentData() == "mixed"
        assert lacking(win) == 0


@pytest.mark.parametrize("dentition", ["mixed", "permanent"])
def test_a_start_at_a_saved_zoom_has_the_room_and_actual_size_the_100_percent_look(
    qtbot: QtBot, tmp_path: Path, dentition: str
) -> None:
    office = tmp_path / "office"
    with shown(qtbot, office) as win:
        choose(win, dentition)
        at_100 = win.centre_splitter.sizes()
        zoom_in(win)
    with shown(qtbot, office) as again:  # View > Zoom 160 % remembered
        assert again.settings.get(Key.ZOOM_PERCENT) == 160
        settle()  # the room is measured once the window is shown
        assert lacking(again) == 0
        again.menu_actions["zoomResetAction"].trigger()
        settle()
        assert again.centre_splitter.sizes() == at_100


@pytest.mark.parametrize("setting", ["zoom", "large targets"])
def test_a_start_at_a_saved_zoom_gives_the_room_once_shown(
    qtbot: QtBot, tmp_path: Path, setting: str
) -> None:
    """The splitter as saved at 100 % (a zoom set, then a crash before the window saved its
    state, or settings from a version that kept no room): the room is given once the window
    is shown, as a zoom gives it."""
    office = tmp_path / "office"
    with shown(qtbot, office) as win:
        choose(win, "mixed")
        win.save_state()
    settings = Settings.for_data_dir(office)
    if setting == "zoom":
        settings.set(Key.ZOOM_PERCENT, 160)
    else:
        settings.set(Key.LARGE_TARGETS, True)
    settings.sync()
    with shown(qtbot, office) as again:
        settle()
        assert lacking(again) == 0
        if setting != "zoom":
            again.menu_actions["largeTargetsAction"].trigger()  # off for the next test


def test_a_start_at_100_percent_measures_no_room(qtbot: QtBot, tmp_path: Path) -> None:
    with shown(qtbot, tmp_path / "office") as win:
        assert win.centre_splitter.property(PLAIN_SIZES) is None
