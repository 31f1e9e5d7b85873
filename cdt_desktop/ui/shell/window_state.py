"""What the window keeps for its next start, written as it closes: its size and place, the
splitters, the chart's room at 100 % and the tab in front (``MainWindow.restore_state`` reads
them back at start). Loaded at closing, not at start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.ui.common.settings import Key
from cdt_desktop.ui.shell.chart_room import kept_room

if TYPE_CHECKING:
    from cdt_desktop.ui.shell.window import Shell


def save_state(window: Shell) -> None:
    settings, widget = window.settings, window.as_widget()
    settings.set(Key.WINDOW_GEOMETRY, widget.saveGeometry())
    settings.set(Key.WINDOW_STATE, widget.saveState())
    settings.set(Key.MAIN_SPLITTER, window.main_splitter.saveState())
    settings.set(Key.CENTRE_SPLITTER, window.centre_splitter.saveState())
    settings.set(Key.CHART_ROOM, kept_room(window))  # at a zoom: its 100 % sizes
    settings.set(Key.RIGHT_TAB, window.right_tabs.currentIndex())
    settings.sync()
