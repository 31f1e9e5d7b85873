"""Room for the tooth chart after View > Zoom or View > Large targets.

Why: the chart is the one part of its column that stretches, so when the text grew (160 %) the
rows above and below it took their new height from it and the teeth shrank while everything
else grew; the candidate list, beside it, showed one and a half rows. Now the chart panel takes
what its chart and candidates lack (``ChartPanel.height_lacking``) from the code detail under it,
which scrolls, down to the detail's least height. Back at 100 % without large targets the
splitter is put back where it was, so the start's look (and the guide's pictures) never change.

Imported on the first zoom or target change, never at start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from cdt_desktop.ui.shell.window import Shell

PLAIN_SIZES = "cdtPlainSizes"
"""The centre splitter's sizes and the chart's height at 100 % without large targets, kept
while the view is not (the splitter goes back to them; the chart grows from that height)."""


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
