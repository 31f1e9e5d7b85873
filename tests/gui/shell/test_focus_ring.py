"""A ring where the keyboard is, window-wide (keyboard walkthrough: Fusion's one-pixel focus line
of a field, combo box or button, 4.2:1 in dark colours and close to the edge of a box without
the focus, did not show an assistant in gloves where Tab had gone).

The ring is 2 px wide, one pixel outside the focused widget, in the palette's highlight colour
(at least 3:1 against the window), after a move by keyboard only, never after a click.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStyleFactory,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.status_dialog import StatusDialog
from cdt_desktop.ui.common import focus_ring
from cdt_desktop.ui.common.appearance import DARK, dark_palette
from cdt_desktop.ui.common.palette import contrast
from tests.helpers.cases import PLANNED_RCT
from tests.helpers.windows import shown_window

R = QPalette.ColorRole


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, colours: str) -> Iterator[Any]:
    """The real main window, active, once it has installed its focus ring."""
    with shown_window(qtbot, tmp_path / "data", active=True) as win:
        qtbot.waitUntil(lambda: focus_ring.installed() is not None)
        yield win


def _image(top: QWidget) -> QImage:
    QApplication.processEvents()
    return top.grab().toImage()


def _rect_in(top: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def _sides(image: QImage, rect: QRect, step: int) -> dict[str, QColor]:
    """The pixel ``step`` px outside the middle of each side of ``rect`` (sides in the image)."""
    mid_x, mid_y = rect.center().x(), rect.center().y()
    points = {
        "left": QPoint(rect.left() - step, mid_y),
        "right": QPoint(rect.right() + step, mid_y),
        "top": QPoint(mid_x, rect.top() - step),
        "bottom": QPoint(mid_x, rect.bottom() + step),
    }
    return {
        side: QColor(image.pixel(point))
        for side, point in points.items()
        if image.rect().contains(point)
    }


def ring_sides(top: QWidget, widget: QWidget) -> set[str]:
    """The sides of ``widget`` with a ring of the ring's colour 2 px wide, one pixel out."""
    image = _image(top)
    rect = _rect_in(top, widget)
    colour = focus_ring.ring_colour(widget.palette()).rgb()
    inner, outer, gap = _sides(image, rect, 2), _sides(image, rect, 3), _sides(image, rect, 1)

    def ringed(side: str) -> bool:  # (the outer pixel may lie past the window's edge)
        in_ring = inner[side].rgb() == colour and outer.get(side, inner[side]).rgb() == colour
        return in_ring and gap[side].rgb() != colour

    return {side for side in inner if ringed(side)}


def any_ring_around(top: QWidget, widget: QWidget) -> bool:
    image = _image(top)
    rect = _rect_in(top, widget)
    colour = focus_ring.ring_colour(widget.palette()).rgb()
    return any(
        pixel.rgb() == colour for step in (2, 3) for pixel in _sides(image, rect, step).values()
    )


def tab(backwards: bool = False) -> QWidget:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab)
    now = QApplication.focusWidget()
    assert now is not None
    return now


def test_the_ring_stands_out_from_the_window_in_light_and_dark_colours(
    qapp: QApplication,
) -> None:
    light = QStyleFactory.create("Fusion").standardPalette()  # what Light colours set
    assert focus_ring.ring_colour(light) == light.color(R.Highlight)  # its own, 3.2:1
    for palette in (light, dark_palette()):  # the dark highlight is 2.6:1 on the window
        ring = focus_ring.ring_colour(palette)
        assert contrast(ring, palette.color(R.Window)) >= 3.0
        assert ring.hue() == pytest.approx(palette.color(R.Highlight).hue(), abs=8)


def test_tab_rings_the_field_combo_box_and_button_it_reaches(window: Any) -> None:
    window.search.box.setFocus(Qt.FocusReason.MouseFocusReason)
    button = tab(backwards=True)  # from the search box back to the status bar's button
    assert button.objectName() == "setupSignInButton"
    assert {"left", "top", "right"} <= ring_sides(window, button)
    field = tab()
    assert field is window.search.box
    assert ring_sides(window, field) == {"left", "top", "right", "bottom"}
    assert not any_ring_around(window, button)  # the ring went with the keyboard
    combo = tab()
    assert combo.objectName() == "dentitionMode"
    assert ring_sides(window, combo) == {"left", "top", "right", "bottom"}


def test_an_alt_letter_rings_the_field_it_reaches(window: Any) -> None:
    window.search.box.setFocus(Qt.FocusReason.MouseFocusReason)
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # "&Operator:"
    combo = QApplication.focusWidget()
    assert combo is window.operator_picker.editor() or combo.objectName() == "operatorCombo"
    ringed = focus_ring.ringed(combo)
    assert ringed is not None
    assert ring_sides(window, ringed) == {"left", "top", "right", "bottom"}


def test_a_click_draws_no_ring(window: Any, qtbot: QtBot) -> None:
    window.search.box.setFocus(Qt.FocusReason.MouseFocusReason)
    combo = tab()
    assert ring_sides(window, combo)
    qtbot.mouseClick(window.search.box, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is window.search.box
    assert not any_ring_around(window, window.search.box)
    assert not any_ring_around(window, combo)
    frame = focus_ring.installed().frame()  # type: ignore[union-attr]
    assert frame is None or not frame.isVisible()


def test_the_ring_follows_its_widget_and_goes_when_it_hides(window: Any, qtbot: QtBot) -> None:
    window.search.box.setFocus(Qt.FocusReason.MouseFocusReason)
    combo = tab()
    before = _rect_in(window, combo)
    sizes = window.main_splitter.sizes()
    window.main_splitter.setSizes([sizes[0] + 60, sizes[1] - 60, sizes[2]])  # the pane moves
    qtbot.waitUntil(lambda: _rect_in(window, combo).left() == before.left() + 60)
    assert ring_sides(window, combo) == {"left", "top", "right", "bottom"}
    combo.setMinimumWidth(combo.width() + 40)  # and the combo box grows
    qtbot.waitUntil(lambda: _rect_in(window, combo).width() >= before.width() + 40)
    assert ring_sides(window, combo) == {"left", "top", "right", "bottom"}
    frame = focus_ring.installed().frame()  # type: ignore[union-attr]
    assert frame is not None and frame.widget() is combo
    combo.hide()  # the keyboard goes on to the next field, and the ring with it
    assert frame.widget() is not combo
    assert frame.widget() is focus_ring.ringed(QApplication.focusWidget())


def test_the_chart_lists_and_checklist_keep_their_own_focus_marks(window: Any) -> None:
    window.search.box.setFocus(Qt.FocusReason.MouseFocusReason)
    tab()  # dentition
    tab()  # notation
    chart = tab()
    assert chart.objectName() == "toothChart"
    frame = focus_ring.installed().frame()  # type: ignore[union-attr]
    assert frame is not None and not frame.isVisible()  # the chart draws its own ring
    window.open_case(window.store.create_case(PLANNED_RCT, operator="AB"))
    window.right_tabs.setCurrentWidget(window.checklist_panel)
    window.right_tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
    box = tab()
    assert isinstance(box, QCheckBox)  # the first item's
    assert box.parentWidget().has_focus_frame()  # its row frames it
    assert focus_ring.ringed(box) is None
    assert not frame.isVisible()


def _status_dialog(parent: QWidget) -> StatusDialog:
    case = Case(
        patient=Patient(name="Zoë Ångström"),
        payer=Payer(name="Delta Dental"),
        claim=Claim(date_of_service="2026-06-01"),
        procedure=Procedure(code="D3348", tooth="30"),
    )
    return StatusDialog(case, "submitted", today=date(2026, 12, 1), parent=parent)


def test_a_dialog_rings_the_button_tab_or_enter_reaches(window: Any, qtbot: QtBot) -> None:
    dialog = _status_dialog(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    mark = next(
        b
        for b in dialog.findChildren(QPushButton)
        if b.text().replace("&", "") == "Mark as submitted"
    )
    qtbot.mouseClick(dialog.note, Qt.MouseButton.LeftButton)  # the clerk clicked
    assert QApplication.focusWidget() is dialog.note
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # Enter moves on, as Tab does
    assert QApplication.focusWidget() is mark
    assert ring_sides(dialog, mark) == {"left", "top", "right", "bottom"}
    qtbot.mouseClick(dialog.note, Qt.MouseButton.LeftButton)
    assert not any_ring_around(dialog, mark)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is mark
    assert ring_sides(dialog, mark) == {"left", "top", "right", "bottom"}
    dialog.close()


def test_checkboxes_radio_buttons_spin_boxes_and_fields_of_a_dialog(
    window: Any, qtbot: QtBot
) -> None:
    dialog = QDialog(window)
    layout = QVBoxLayout(dialog)
    kinds = (QLineEdit(), QCheckBox("Signed"), QRadioButton("Mailed"), QSpinBox())
    for widget in kinds:
        layout.addWidget(widget)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.mouseClick(kinds[1], Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is kinds[1]
    assert not any_ring_around(dialog, kinds[1])
    for widget in kinds[2:]:
        assert focus_ring.ringed(tab()) is widget  # a spin box's: around its text and arrows
        assert ring_sides(dialog, widget) == {"left", "top", "right", "bottom"}
    for widget in reversed(kinds[:2]):
        tab(backwards=True)
        while focus_ring.ringed(QApplication.focusWidget()) is not widget:
            tab(backwards=True)
        assert ring_sides(dialog, widget) == {"left", "top", "right", "bottom"}
    frame = focus_ring.installed().frame()  # type: ignore[union-attr]
    assert frame is not None and frame.window() is dialog
    inside = _rect_in(frame.parentWidget(), kinds[-1])
    assert frame.mask().translated(frame.pos()).intersected(inside).isEmpty()  # no text covered
    dialog.close()


def test_a_form_field_tab_scrolls_into_view_is_ringed(window: Any, qtbot: QtBot) -> None:
    """Qt hides the ring of a widget outside its scroll area's view and shows it again only
    when the widget is shown: the case form scrolls to the field after the focus moved, and
    the claim number came into view without its ring (Edit case walkthrough)."""
    form = CaseForm(window.cases, case=PLANNED_RCT, operator_source=lambda: "AB", parent=window)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    scroll = form.findChild(QScrollArea).verticalScrollBar()
    qtbot.mouseClick(form.editor("patient", "name"), Qt.MouseButton.LeftButton)
    for _ in range(40):
        at = scroll.value()
        field = focus_ring.ringed(tab())
        if field is not None and scroll.value() != at:  # the form scrolled to it
            break
    else:
        pytest.fail("Tab never scrolled the form")
    assert ring_sides(form, field) == {"left", "top", "right", "bottom"}
    form.reject()


def test_the_ring_stays_through_a_zoom_and_a_change_of_colours(
    window: Any, colours: str, qtbot: QtBot
) -> None:
    """A zoom sends every drop-down a style change (``combos.refit_to_font``), and so does a
    change of style with the colours; Qt's frame hides at its widget's style change."""
    window.search.box.setFocus(Qt.FocusReason.MouseFocusReason)
    combo = tab()
    try:
        window.menu_actions["zoomInAction"].trigger()
        qtbot.waitUntil(lambda: ring_sides(window, combo) == {"left", "top", "right", "bottom"})
    finally:
        window.menu_actions["zoomResetAction"].trigger()
    other = "lightColoursAction" if colours == DARK else "darkColoursAction"
    window.menu_actions[other].trigger()
    qtbot.waitUntil(lambda: ring_sides(window, combo) == {"left", "top", "right", "bottom"})
    assert QApplication.focusWidget() is combo
