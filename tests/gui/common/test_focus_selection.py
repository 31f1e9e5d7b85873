"""The list with the keyboard shows its selection in the highlight colour; the others in a
readable tint. A keyboard-only walkthrough could not tell which of the search results, the
candidate codes and the case table would take the next arrow key: all three painted their
selected row in the same strong blue, focused or not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyleFactory
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.ui.common.focus_selection import resting_colours
from cdt_desktop.ui.common.palette import contrast
from tests.helpers.windows import shown_window

Window = Any

DARK = {
    QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#3a3a3a", QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#2f65ca", QPalette.ColorRole.HighlightedText: "#ffffff",
}  # fmt: skip


def dark_palette() -> QPalette:
    palette = QPalette(QApplication.palette())
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QPalette(app.palette())
    if request.param == "dark":
        app.setPalette(dark_palette())
    yield request.param
    app.setPalette(before)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, theme: str) -> Iterator[Window]:
    with shown_window(qtbot, tmp_path / "office", active=True) as win:
        for name in ("Ada Go", "Bo Li"):
            case = Case(patient=Patient(name=name), procedure=Procedure(code="D3330", tooth="30"))
            win.store.create_case(case, operator="AB")
        win.case_list.refresh()
        yield win


def search_results(window: Window) -> QAbstractItemView:
    window.search.box.setText("molar")
    return window.search.results


def candidates(window: Window) -> QAbstractItemView:
    window.chart_panel.chart.select_tooth("30")
    return window.chart_panel.candidates.list_widget()


def case_table(window: Window) -> QAbstractItemView:
    window.right_tabs.setCurrentWidget(window.case_list)
    return window.case_list.table()


def selected_row_colour(view: QAbstractItemView) -> QColor:
    """The colour painted in the selected row's left margin, where no text is drawn."""
    rect = view.visualRect(view.currentIndex())
    image = view.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 2, rect.center().y())


def distance(a: QColor, b: QColor) -> int:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))


def nearer(colour: QColor, this: QColor, than: QColor) -> bool:
    """The style may shade a selection a little (Fusion on a dark palette): the nearer one."""
    return distance(colour, this) < distance(colour, than)


@pytest.mark.parametrize("open_list", [search_results, candidates, case_table])
def test_only_the_list_with_the_keyboard_shows_its_selection_in_the_highlight(
    window: Window, qtbot: QtBot, open_list: Callable[[Window], QAbstractItemView]
) -> None:
    view = open_list(window)
    qtbot.waitUntil(lambda: view.model().rowCount() > 1)
    view.selectionModel().setCurrentIndex(
        view.model().index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    palette = QApplication.palette(view)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    tint, text = resting_colours(palette)

    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    assert nearer(selected_row_colour(view), highlight, tint)

    window.operator_picker.editor().setFocus(Qt.FocusReason.TabFocusReason)  # Tab moved on
    qtbot.waitUntil(lambda: not view.hasFocus())
    resting = selected_row_colour(view)
    assert nearer(resting, tint, highlight)
    assert contrast(text, resting) >= 4.5

    view.setFocus(Qt.FocusReason.TabFocusReason)  # and back
    qtbot.waitUntil(view.hasFocus)
    assert nearer(selected_row_colour(view), highlight, tint)


@pytest.mark.parametrize("style", ["Fusion", "Windows"])
@pytest.mark.parametrize("dark", [False, True])
def test_the_resting_selection_stays_readable_and_distinct(style: str, dark: bool) -> None:
    palette = QStyleFactory.create(style).standardPalette()
    if dark:
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
    tint, text = resting_colours(palette)
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast(text, tint) >= 4.5
    assert tint != base and tint != palette.color(QPalette.ColorRole.Highlight)


def test_a_menu_opened_over_the_list_keeps_its_selection_strong(
    window: Window, qtbot: QtBot
) -> None:
    """A menu takes the keyboard for a moment and gives it back: the list's selection must not
    flicker to the resting tint (it did while View was open over the candidate list)."""
    from PySide6.QtWidgets import QMenu

    view = candidates(window)
    qtbot.waitUntil(lambda: view.model().rowCount() > 1)
    view.setCurrentIndex(view.model().index(1, 0))
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    menu = QMenu(window)
    menu.addAction("Zoom in")
    menu.popup(view.mapToGlobal(view.rect().center()))
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is menu)
    highlight = QApplication.palette(view).color(QPalette.ColorRole.Highlight)
    assert view.palette().color(QPalette.ColorRole.Highlight) == highlight
    menu.close()


def test_typing_in_the_search_box_shows_the_result_enter_opens_as_focused(
    window: Window, qtbot: QtBot
) -> None:
    """The review: Enter in the search box opens the results' current row, but while the box
    had the keyboard that row showed the resting tint, as if Enter went elsewhere."""
    view = search_results(window)
    qtbot.waitUntil(lambda: view.model().rowCount() > 1)
    view.setCurrentIndex(view.model().index(0, 0))
    palette = QApplication.palette(view)
    highlight, tint = palette.color(QPalette.ColorRole.Highlight), resting_colours(palette)[0]
    for focus, strong in [
        (window.search.box, True),  # typing: Enter opens the row
        (view, True),  # Down moved into the results
        (window.search.box, True),  # Up from the first row, back to typing
        (window.chart_panel.chart, False),  # elsewhere
        (window.search.box, True),
    ]:
        focus.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(focus.hasFocus)
        colour = selected_row_colour(view)
        assert nearer(colour, highlight, tint) is strong, (focus.objectName(), colour.name())


@pytest.mark.parametrize("how", ["Ctrl+J", "Tab"])
def test_the_candidate_enter_would_choose_is_selected_when_the_list_gets_the_keyboard(
    window: Window, qtbot: QtBot, how: str
) -> None:
    """The chairside walkthrough: Ctrl+J made the recommended row current but not selected,
    so only a faint frame showed which row Enter would choose."""
    view = candidates(window)
    window.chart_panel.set_state("30", root="complete", pulp="necrosis")
    qtbot.waitUntil(lambda: view.model().rowCount() > 1)
    if how == "Ctrl+J":
        window.chart_panel.focus_candidates()
    else:
        view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    assert view.currentRow() == 0 and view.currentItem().isSelected()
    highlight = QApplication.palette(view).color(QPalette.ColorRole.Highlight)
    tint = resting_colours(QApplication.palette(view))[0]
    assert nearer(selected_row_colour(view), highlight, tint)


def test_a_colour_change_while_typing_keeps_the_result_enter_opens_as_focused(
    window: Window, qtbot: QtBot
) -> None:
    """The palette change worked the tint out from the list's own focus only: typing in the
    search box, the results went to the resting tint after View > colours."""
    from cdt_desktop.ui.common.appearance import dark_palette

    view = search_results(window)
    qtbot.waitUntil(lambda: view.model().rowCount() > 1)
    window.search.box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.search.box.hasFocus)
    app = QApplication.instance()
    try:
        app.setPalette(dark_palette())
        strong = dark_palette().color(QPalette.ColorRole.Highlight)
        # the widgets get the app's palette by events
        qtbot.waitUntil(lambda: view.palette().color(QPalette.ColorRole.Highlight) == strong)
    finally:
        app.setPalette(QPalette())
