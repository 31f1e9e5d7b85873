"""View > System / Light / Dark colours. The billing walkthrough could not get dark colours on a
Linux desktop without the GTK platform theme (Qt's own colour-scheme request does nothing there),
and an operatory may want a dim screen whatever the PC's setting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.app import build_main_window
from cdt_desktop.ui.common.appearance import DARK_COLOURS, dark_palette
from cdt_desktop.ui.common.focus_selection import resting_colours
from cdt_desktop.ui.common.palette import contrast, is_dark
from cdt_desktop.ui.common.settings import Key

Window = Any
R = QPalette.ColorRole


@pytest.fixture
def app() -> Iterator[QApplication]:
    """The application's colours and style as they were, after the test."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    style = qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(QPalette())


@pytest.fixture
def open_window(qtbot: QtBot, tmp_path: Path, app: QApplication) -> Iterator[Any]:
    opened: list[Window] = []

    def build() -> Window:
        win = build_main_window(data_dir=tmp_path / "office")  # restores the View settings
        win.show()
        qtbot.waitExposed(win)
        opened.append(win)
        return win

    yield build
    for win in opened:
        if shiboken6.isValid(win):
            win.close()
            shiboken6.delete(win)


def test_dark_colours_apply_at_once_and_at_the_next_start(open_window: Any) -> None:
    window = open_window()
    platform = QApplication.palette().color(R.Window)
    window.menu_actions["darkColoursAction"].trigger()
    assert is_dark(QApplication.palette())
    assert QApplication.style().name().lower() == "fusion"  # draws every control from the palette
    assert window.settings.get(Key.APPEARANCE) == "dark"
    assert window.menu_actions["darkColoursAction"].isChecked()
    window.close()

    again = open_window()  # the next start on this PC
    assert is_dark(QApplication.palette())
    assert again.menu_actions["darkColoursAction"].isChecked()
    assert not again.menu_actions["systemColoursAction"].isChecked()

    again.menu_actions["systemColoursAction"].trigger()  # the platform's colours again
    assert QApplication.palette().color(R.Window) == platform
    assert again.settings.get(Key.APPEARANCE) == "system"


def test_light_colours_are_the_style_s_standard_ones(open_window: Any) -> None:
    window = open_window()
    window.menu_actions["darkColoursAction"].trigger()
    window.menu_actions["lightColoursAction"].trigger()
    standard = QApplication.style().standardPalette()
    assert QApplication.palette().color(R.Window) == standard.color(R.Window)
    assert not is_dark(QApplication.palette())


def test_a_list_without_the_keyboard_takes_the_new_colours_resting_tint(
    open_window: Any, qtbot: QtBot
) -> None:
    """The resting selection's tint is worked out from the palette: after the switch it must
    be the dark palette's, not the light one's it was worked out from."""
    window = open_window()
    window.search.box.setText("molar")
    results = window.search.results
    qtbot.waitUntil(lambda: results.model().rowCount() > 1)
    results.selectionModel().setCurrentIndex(
        results.model().index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    window.search.box.setFocus(Qt.FocusReason.OtherFocusReason)
    window.menu_actions["darkColoursAction"].trigger()
    tint, text = resting_colours(QApplication.palette(results))
    assert results.palette().color(R.Highlight) == tint
    assert results.palette().color(R.HighlightedText) == text
    assert is_dark(QApplication.palette(results))


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        (R.WindowText, R.Window),
        (R.Text, R.Base),
        (R.Text, R.AlternateBase),
        (R.ButtonText, R.Button),
        (R.PlaceholderText, R.Base),
        (R.Link, R.Base),
        (R.HighlightedText, R.Highlight),
        (R.ToolTipText, R.ToolTipBase),
    ],
)
def test_every_dark_text_reads_at_least_4_5_to_1(text: QPalette.ColorRole, surface: Any) -> None:
    palette = dark_palette()
    assert text in DARK_COLOURS and surface in DARK_COLOURS
    assert contrast(palette.color(text), palette.color(surface)) >= 4.5


def test_in_dark_colours_an_unticked_checklist_box_shows_its_edge(
    open_window: Any, qtbot: QtBot
) -> None:
    """The chairside walkthrough: in Dark colours an unticked box was #1e1e1e on a #2b2b2b row
    with an edge of the same shade (1.2:1): the assistant could not tell what was left to do."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    from cdt_desktop.domain.cases.model import Case, Patient, Procedure

    window = open_window()
    window.menu_actions["darkColoursAction"].trigger()
    case = Case(patient=Patient(name="Ada Go"), procedure=Procedure(code="D3330", tooth="30"))
    window.open_case(window.store.create_case(case, operator="AB"))
    window.right_tabs.setCurrentWidget(window.checklist_panel)
    panel = window.checklist_panel
    box = next(b for b in (panel.checkbox(i.id) for i in panel.items()) if not b.isChecked())
    qtbot.waitUntil(box.isVisible)
    row = box.parentWidget()
    qtbot.waitUntil(lambda: is_dark(row.palette()))  # the widgets get the palette by events
    option = QStyleOptionButton()
    option.initFrom(box)
    square = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    square.translate(box.pos())
    image = row.grab().toImage()
    ratio = row.devicePixelRatioF()
    edge = image.pixelColor(int((square.left() - 1) * ratio), int(square.center().y() * ratio))
    assert contrast(edge, row.palette().color(R.Window)) >= 3, edge.name()


def test_in_dark_colours_the_payer_profile_s_unticked_boxes_show_their_edge(
    open_window: Any, qtbot: QtBot
) -> None:
    """The payer-profiles walkthrough: "The payer wants" boxes were all but invisible unticked
    in Dark colours (the checklist's own rows ring theirs; these were plain check boxes)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    window = open_window()
    window.menu_actions["darkColoursAction"].trigger()
    window.operator_picker.set_operator("AB")
    edges = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "payerProfilesDialog"
        for box in dialog.flags.values():  # type: ignore[attr-defined]
            box.setChecked(False)
            option = QStyleOptionButton()
            option.initFrom(box)
            square = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
            image = box.grab().toImage()
            ratio = box.devicePixelRatioF()
            at = (int(square.left() * ratio), int(square.center().y() * ratio))
            edges.append(contrast(image.pixelColor(*at), box.palette().color(R.Window)))
        dialog.done(0)

    QTimer.singleShot(0, look)
    window.menu_actions["payerProfilesAction"].trigger()
    assert len(edges) == 4 and min(edges) >= 3, edges


def test_the_checklist_heading_grows_with_the_zoom(open_window: Any) -> None:
    """The chairside walkthrough: at 125 % the heading 'Checklist for D3330' kept its start
    size and came out smaller than the items under it."""
    from PySide6.QtWidgets import QLabel

    window = open_window()
    title = window.checklist_panel.findChild(QLabel, "checklistTitle")
    before_text, before_title = QApplication.font().pointSizeF(), title.font().pointSizeF()
    try:
        window.menu_actions["zoomInAction"].trigger()
        window.menu_actions["zoomInAction"].trigger()
        grown = QApplication.font().pointSizeF() / before_text
        assert grown > 1.1
        assert title.font().pointSizeF() == pytest.approx(before_title * grown, rel=0.02)
        assert title.font().pointSizeF() > QApplication.font().pointSizeF()
    finally:
        window.menu_actions["zoomResetAction"].trigger()


def test_the_chart_follows_the_zoom_and_its_boxes_never_clip(
    open_window: Any, qtbot: QtBot
) -> None:
    """Dentist walkthrough at 1366x768: at 160 % every word grew but the tooth numbers stayed
    9 px, and the Dentition and Notation boxes read "Permanen" and "Universa"."""
    window = open_window()
    window.resize(1366, 768)
    panel = window.chart_panel
    chart = panel.chart

    def numbers_px() -> int:
        qtbot.waitUntil(lambda: not window.isVisible() or chart.isVisible())
        QApplication.processEvents()
        chart.tooth_rect("19")  # the geometry for the size shown now
        return chart._renderer._font.pixelSize()

    before, text_before = numbers_px(), QApplication.font().pointSizeF()
    tooth_before = chart.tooth_rect("19")
    try:
        for _ in range(4):  # 110, 125, 140, 160 %
            window.menu_actions["zoomInAction"].trigger()
        QApplication.processEvents()
        assert QApplication.font().pointSizeF() / text_before == pytest.approx(1.6, rel=0.02)
        assert numbers_px() > before
        tooth = chart.tooth_rect("19")
        assert tooth.width() >= tooth_before.width() - 1  # the teeth are no smaller for it
        for box in (panel.dentition_box, panel.notation_box):
            assert box.width() >= box.sizeHint().width(), box.objectName()
    finally:
        window.menu_actions["zoomResetAction"].trigger()
    assert numbers_px() == before  # and back at 100 %


def test_the_code_warning_banner_is_amber_in_dark_colours_and_back_in_light(
    open_window: Any,
) -> None:
    """Re-walk: in dark colours the "code is excluded" banner above the code detail was the
    tooltip grey of the dark palette, a plain bar; it takes the letter banner's amber there,
    and the light palette's tooltip yellow again in light colours."""
    window = open_window()
    banner = window.banner
    banner.show_message("D3310 is excluded for this tooth")
    light = banner.palette().color(R.ToolTipBase)
    window.menu_actions["darkColoursAction"].trigger()
    banner.show_message("D3310 is excluded for this tooth")  # as the next code shows it
    dark = banner.palette().color(R.ToolTipBase)
    assert dark.red() > dark.blue() + 40 and dark.lightness() < 80  # amber, and dim
    text = banner.palette().color(R.ToolTipText)
    assert contrast(text, dark) >= 7
    window.menu_actions["lightColoursAction"].trigger()
    banner.show_message("D3310 is excluded for this tooth")
    assert banner.palette().color(R.ToolTipBase) == light


def test_the_case_list_s_menu_has_an_edge_in_dark_colours_only(
    open_window: Any, qtbot: QtBot
) -> None:
    """Walkthrough: in dark colours the case list's right-click menu had almost no border
    (Fusion draws it from the window colour, near the list's base). It gets an edge at 3:1
    against the list there; light colours keep Fusion's own."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QMenu

    from cdt_desktop.domain.cases.model import Case, Patient, Procedure
    from cdt_desktop.ui.common.appearance import DARK_MENU_EDGE

    window = open_window()
    window.cases.create(Case(patient=Patient(name="Ana Souza"),
                             procedure=Procedure(code="D3330", tooth="19")), operator="AB")  # fmt: skip
    listed = window.case_list.view()
    listed.refresh()
    sheets: list[str] = []

    def look() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        sheets.append(menu.styleSheet())
        menu.close()

    for choice in ("darkColoursAction", "lightColoursAction"):
        window.menu_actions[choice].trigger()
        QTimer.singleShot(50, look)
        table = listed.table()
        listed._status_menu(0, table.visualRect(table.model().index(0, 0)).center())
    assert DARK_MENU_EDGE in sheets[0] and sheets[1] == ""
    base = dark_palette().color(R.Base)
    assert contrast(QColor(DARK_MENU_EDGE), base) >= 3
