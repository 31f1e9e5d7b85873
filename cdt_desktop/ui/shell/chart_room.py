"""Room for the tooth chart after View > Zoom or View > Large targets.

Why: the chart is the one part of its column that stretches, so when the text grew (160 %) the
rows above and below it took their new height from it and the teeth shrank while everything
else grew; the candidate list, beside it, showed one and a half rows. Now the chart panel takes
what its chart and candidates lack (``ChartPanel.height_lacking``) from the code detail under it,
which scrolls, down to the detail's least height. Back at 100 % without large targets the
splitter is put back where it was, so the start's look (and the guide's pictures) never change.

The room is computed again, from the 100 % sizes, when the chart's dentition changes (the mixed
chart is twice as tall as the permanent one: zoomed in on the permanent chart and switched to
Mixed, its teeth stayed their 100 % size) and once the window is shown at a start with a saved
zoom or large targets (before that the window has no size to measure). The 100 % sizes are kept
in the settings across a start at a zoom, so Actual size still puts the 100 % look back.

Imported on the first zoom or target change, or at a start with a saved zoom or large targets;
never at a start at 100 %.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from cdt_desktop.ui.shell.window import Shell

PLAIN_SIZES = "cdtPlainSizes"
"""The centre splitter's sizes and the chart's height at 100 % without large targets, kept
while the view is not (the splitter goes back to them; the chart grows from that height)."""


def refit_chart_panel(window: Shell) -> None:
    """The room computed again from the 100 % sizes (a dentition change, the first show): the
    sizes a zoom in this dentition gives, also when the last dentition needed more."""
    splitter = window.centre_splitter
    kept = splitter.property(PLAIN_SIZES)
    if kept and window.as_widget().isVisible():
        splitter.setSizes([int(size) for size in kept[:2]])
    fit_chart_panel(window, plain=False)


def restore_room(window: Shell, saved: str) -> None:
    """A start at a saved zoom or large targets: the 100 % sizes kept at the last close
    (``kept_room``) are the ones Actual size goes back to."""
    try:
        kept = [int(part) for part in saved.split(",")]
    except ValueError:  # none kept (or a hand-edited file): the sizes at the first show
        return
    if len(kept) == 3 and min(kept) > 0:
        window.centre_splitter.setProperty(PLAIN_SIZES, kept)


def kept_room(window: Shell) -> str:
    """The 100 % sizes and chart height while the chart has room ("" when it has none), for
    the settings: the splitter is saved as shown, and at the next start these are its 100 %."""
    kept = window.centre_splitter.property(PLAIN_SIZES)
    return ",".join(str(int(size)) for size in kept) if kept else ""


def fit_chart_panel(window: Shell, *, plain: bool) -> None:
    """Give the chart panel the height it lacks from the code detail (``plain``: 100 % and no
    large targets: the sizes it had before). A window not shown yet keeps its saved sizes."""
    splitter = window.centre_splitter
    kept = splitter.property(PLAIN_SIZES)
    if plain:
        if kept:
            _settle(window)  # the panel's least height back at 100 %, else the splitter keeps it
            splitter.setSizes([int(size) for size in kept[:2]])
            splitter.setProperty(PLAIN_SIZES, None)
        return
    if not window.as_widget().isVisible():
        return
    if not kept:
        kept = [*splitter.sizes(), window.chart_panel.chart.height()]
        splitter.setProperty(PLAIN_SIZES, kept)
    for _ in range(3):  # what the panel gets can move its rows again (a wrapped line)
        _settle(window)
        panel, detail = splitter.sizes()
        lacking = window.chart_panel.height_lacking(int(kept[2]))
        give = min(lacking, detail - window.detail.minimumHeight())
        if give <= 0:
            return
        splitter.setSizes([panel + give, detail - give])


def _settle(window: Shell, rounds: int = 8) -> None:
    """Lay the window out in the new font and targets first, so what lacks is measured on it:
    each layout that changes posts its parent's request, so the posted events are sent again
    until two rounds in a row leave the centre column, the chart panel, its chart and its
    candidate list as they were."""
    panel = window.chart_panel
    watched = (
        window.centre_splitter,
        panel,
        panel.chart,
        panel.candidates.list_widget().viewport(),
    )
    quiet = 0
    for _ in range(rounds):
        before = [widget.geometry() for widget in watched]
        QApplication.sendPostedEvents()
        quiet = quiet + 1 if [widget.geometry() for widget in watched] == before else 0
        if quiet == 2:  # a quiet round can still post the next (the status bar's new height)
            return
