"""Tooth chart: clicks at each tooth's rectangle, keyboard navigation, typing, notation labels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QPalette

from cdt_desktop.domain.teeth import InvalidToothError
from cdt_desktop.ui.chart.tooth_chart import ToothChart
from cdt_desktop.ui.common.palette import chart_colours


@pytest.fixture
def chart(qtbot) -> ToothChart:
    widget = ToothChart()
    qtbot.addWidget(widget)
    widget.resize(760, 360)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


CLICKS = [
    ("permanent", ["1", "8", "9", "14", "16", "17", "19", "24", "25", "30", "32"]),
    ("primary", ["A", "E", "F", "J", "K", "O", "P", "T"]),
    ("mixed", ["3", "B", "H", "L", "Q", "19", "26"]),
]


@pytest.mark.parametrize(("mode", "teeth"), CLICKS)
def test_clicking_each_tooth_rect_centre_emits_that_tooth(qtbot, chart, mode, teeth) -> None:
    chart.set_dentition(mode)
    chart.resize(chart.sizeHint())  # the default size: touch targets of at least 32 px
    for universal in teeth:
        rect = chart.tooth_rect(universal)
        assert rect.width() >= 32 and rect.height() >= 32, (universal, rect)
        with qtbot.waitSignal(chart.toothSelected) as blocker:
            qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center())
        assert blocker.args == [universal]
        assert chart.selected() == universal


def test_clicking_between_teeth_selects_nothing(qtbot, chart) -> None:
    a, b = chart.tooth_rect("8"), chart.tooth_rect("9")
    between = QPoint((a.right() + b.left()) // 2 + 1, a.center().y())
    assert chart.tooth_at(between.x(), between.y()) is None
    with qtbot.assertNotEmitted(chart.toothSelected):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=between)
    assert chart.selected() is None


def test_rects_scale_with_the_widget(qtbot, chart) -> None:
    small = chart.tooth_rect("19")
    chart.resize(1520, 720)
    large = chart.tooth_rect("19")
    assert large.width() > small.width() * 1.8
    with qtbot.waitSignal(chart.toothSelected) as blocker:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=large.center())
    assert blocker.args == ["19"]


def test_chart_takes_focus_and_names_itself(chart) -> None:
    assert chart.objectName() == "toothChart"
    assert chart.accessibleName()
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_arrows_move_the_cursor_and_enter_selects(qtbot, chart) -> None:
    chart.setFocus()
    assert chart.cursor_tooth() == "1"
    with qtbot.assertNotEmitted(chart.toothSelected):
        for _ in range(3):
            qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.cursor_tooth() == "4"
    assert "#4" in chart.accessibleDescription()
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    assert chart.cursor_tooth() == "29"
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.cursor_tooth() == "30"
    with qtbot.waitSignal(chart.toothSelected) as blocker:
        qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert blocker.args == ["30"]
    assert chart.accessibleDescription().endswith("selected")
    qtbot.keyClick(chart, Qt.Key.Key_Up)
    assert chart.cursor_tooth() == "3"
    assert chart.selected() == "30"  # moving the cursor does not change the selection


@pytest.mark.parametrize(
    ("notation", "mode", "typed", "expected"),
    [
        ("universal", "permanent", "19", "19"),
        ("universal", "permanent", "7", "7"),
        ("universal", "primary", "K", "K"),
        ("universal", "permanent", "K", "K"),  # primary tooth in permanent mode -> mixed
        ("fdi", "permanent", "36", "19"),
        ("fdi", "mixed", "85", "T"),
        ("palmer", "permanent", "LL6", "19"),
    ],
)
def test_typing_a_tooth_number_jumps_there(qtbot, chart, notation, mode, typed, expected) -> None:
    chart.set_notation(notation)
    chart.set_dentition(mode)
    chart.setFocus()
    with qtbot.waitSignal(chart.toothSelected) as blocker:
        qtbot.keyClicks(chart, typed)
    assert blocker.args == [expected]
    assert chart.cursor_tooth() == expected
    assert expected in chart.shown_teeth()


def test_ambiguous_prefix_waits_for_enter_or_timeout(qtbot, chart) -> None:
    chart.setFocus()
    with qtbot.assertNotEmitted(chart.toothSelected):
        qtbot.keyClick(chart, Qt.Key.Key_1)  # could still become 10..16
    with qtbot.waitSignal(chart.toothSelected) as blocker:
        qtbot.keyClick(chart, Qt.Key.Key_Enter)
    assert blocker.args == ["1"]
    with qtbot.waitSignal(chart.toothSelected, timeout=3000) as blocker:
        qtbot.keyClick(chart, Qt.Key.Key_3)  # 3 or 30-32: the type-ahead timer decides
    assert blocker.args == ["3"]


def test_typing_a_non_tooth_selects_nothing(qtbot, chart) -> None:
    chart.set_notation("fdi")
    chart.setFocus()
    with qtbot.assertNotEmitted(chart.toothSelected):
        qtbot.keyClicks(chart, "19")
        qtbot.keyClick(chart, Qt.Key.Key_Enter)
    assert "No tooth" in chart.accessibleDescription()


@pytest.mark.parametrize(
    ("notation", "labels"),
    [
        ("universal", {"19": "19", "3": "3", "8": "8"}),
        ("fdi", {"19": "36", "3": "16", "8": "11"}),
        ("palmer", {"19": "┌6", "3": "6┘", "8": "1┘"}),
    ],
)
def test_notation_toggle_relabels(qtbot, chart, notation, labels) -> None:
    if notation != chart.notation():
        with qtbot.waitSignal(chart.notationChanged):
            chart.set_notation(notation)
    assert chart.notation() == notation
    for universal, label in labels.items():
        assert chart.label_for(universal) == label


def test_primary_labels_per_notation(chart) -> None:
    chart.set_dentition("primary")
    assert chart.label_for("K") == "K"
    chart.set_notation("fdi")
    assert chart.label_for("K") == "75"
    assert chart.label_for("A") == "55"


def test_dentition_modes_show_the_right_teeth(chart) -> None:
    assert len(chart.shown_teeth()) == 32
    chart.set_dentition("primary")
    assert sorted(chart.shown_teeth()) == list("ABCDEFGHIJKLMNOPQRST")
    chart.set_dentition("mixed")
    assert len(chart.shown_teeth()) == 52
    with pytest.raises(ValueError):
        chart.set_dentition("adult")


def test_select_tooth_switches_to_mixed_for_the_other_dentition(qtbot, chart) -> None:
    chart.select_tooth("19")
    with qtbot.waitSignal(chart.dentitionChanged) as blocker:
        chart.select_tooth("K")
    assert blocker.args == ["mixed"]
    assert chart.selected() == "K"


@pytest.mark.parametrize("bad", ["0", "33", "Z", "", "51"])
def test_select_tooth_rejects_teeth_not_on_the_chart(chart, bad) -> None:
    with pytest.raises((InvalidToothError, ValueError)):
        chart.select_tooth(bad)
    assert chart.selected() is None


def test_tooltip_names_the_tooth_in_full(chart) -> None:
    assert chart.full_label("19") == "#19, mandibular left first molar, FDI 36, Palmer LL6"


@pytest.mark.parametrize("dark", [False, True])
def test_paints_in_light_and_dark_palettes(qtbot, chart, dark) -> None:
    palette = chart.palette()
    if dark:
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.black)
        palette.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.white)
    chart.setPalette(palette)
    chart.select_tooth("19")
    image = chart.grab().toImage()
    colours = chart_colours(chart.palette())
    rect = chart.tooth_rect("19")
    pixels = [
        image.pixelColor(x, y)
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
    ]
    assert pixels.count(colours.selected_fill) > 100
    assert image.pixelColor(2, image.height() - 2) == colours.background


def _on_screen(chart: ToothChart):  # type: ignore[no-untyped-def]
    """What the window shows (its backing store), not a fresh render of the widget."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    return chart.screen().grabWindow(chart.winId()).toImage()


@pytest.mark.parametrize("mode", ["permanent", "mixed"])
def test_repainting_only_the_changed_teeth_leaves_what_a_full_repaint_draws(
    qtbot, chart, mode: str
) -> None:
    """A click, a hover or an arrow key repaints just the teeth that changed; the pixels must
    be those of the whole chart drawn afresh (no stale outline, label, fill or focus ring)."""
    chart.set_dentition(mode)
    chart.setFocus()
    _on_screen(chart)
    for universal in ("3", "19", "30", "8", "30"):
        chart.select_tooth(universal)
        _on_screen(chart)
    for direction in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Left):
        qtbot.keyClick(chart, direction)
        _on_screen(chart)
    for universal in ("14", "15", "20"):
        centre = chart.tooth_rect(universal).center()
        qtbot.mouseMove(chart, centre)
        _on_screen(chart)
    chart.clear_selection()
    partial = _on_screen(chart)
    chart.repaint()  # everything, in the same state
    assert partial == _on_screen(chart)


def test_a_resize_never_leaves_the_hover_on_a_tooth_that_moved_away(qtbot, chart) -> None:
    qtbot.mouseMove(chart, chart.tooth_rect("10").center())
    assert chart._hover == "10"
    chart.resize(520, 300)  # the window shrank under a resting pointer: #10 is elsewhere now
    qtbot.waitUntil(lambda: chart.width() == 520)
    assert chart._hover is None


@pytest.mark.parametrize("dark", [False, True])
def test_a_hovered_tooth_stands_out_from_permanent_and_primary_teeth(chart, dark) -> None:
    """Tour: the light hover fill (#e4eef7) was hard to tell from a primary tooth (#eef5fa)."""
    palette = chart.palette()
    if dark:
        palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.black)
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
    colours = chart_colours(palette)

    def apart(a, b) -> float:  # type: ignore[no-untyped-def]
        return float(
            sum((x - y) ** 2 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)) ** 0.5
        )

    for fill in (colours.tooth_fill, colours.primary_fill, colours.selected_fill):
        assert apart(colours.hover_fill, fill) >= 30, fill.name()


@pytest.mark.parametrize("universal", ["8", "9", "24", "25"])
def test_a_selected_or_hovered_central_tooth_leaves_the_midline_whole(
    qtbot, chart, universal: str
) -> None:
    """Tour: the label box cleared under a bold label crossed the dashed midline and cut a gap
    into it beside the central incisors."""
    background = chart_colours(chart.palette()).background.rgb()
    x = (chart.tooth_rect("8").right() + chart.tooth_rect("9").left()) // 2

    def drawn() -> set[tuple[int, int]]:  # the midline's pixels: not the background
        image = chart.grab().toImage()
        return {
            (dx, y)
            for dx in (-1, 0, 1)
            for y in range(image.height())
            if image.pixel(x + dx, y) != background
        }

    midline = drawn()
    assert len(midline) > 20
    chart.select_tooth(universal)
    qtbot.mouseMove(chart, chart.tooth_rect(universal).center())
    assert midline <= drawn()


def test_the_tool_tip_names_the_tooth_under_the_mouse_and_none_over_a_gap(qtbot, chart) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    centre = chart.tooth_rect("10").center()
    qtbot.mouseMove(chart, centre)
    assert chart.toolTip() == chart.full_label("10")
    # the pointer rests: Qt asks the widget for its tool tip
    QApplication.sendEvent(
        chart, QHelpEvent(QEvent.Type.ToolTip, centre, chart.mapToGlobal(centre))
    )
    assert QToolTip.isVisible()
    assert QToolTip.text() == chart.full_label("10")
    qtbot.mouseMove(chart, chart.tooth_rect("11").center())  # the showing tip follows
    assert QToolTip.text() == chart.full_label("11")
    gap = QPoint(2, 2)
    assert chart.tooth_at(gap.x(), gap.y()) is None
    qtbot.mouseMove(chart, gap)
    assert chart.toolTip() == ""
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    qtbot.mouseMove(chart, centre)
    chart.resize(520, 300)  # the teeth moved under a resting pointer: no stale name
    qtbot.waitUntil(lambda: chart.width() == 520)
    assert chart.toolTip() == ""


@pytest.mark.parametrize("size", [(438, 237), (760, 360)])  # the window's chart at 1366x768; larger
def test_a_selected_tooths_label_leaves_its_neighbours_label_whole(qtbot, chart, size) -> None:
    """Tour: mixed dentition in FDI, 74 selected: its cleared label box ate into "73"."""
    from PySide6.QtGui import QColor

    chart.set_dentition("mixed")
    chart.set_notation("fdi")
    chart.resize(*size)
    before = chart.grab().toImage()
    chart.select_tooth("L")  # FDI 74, between 73 (M) and 75 (K)
    after = chart.grab().toImage()
    for neighbour in ("M", "K"):
        box = chart._renderer._labels[neighbour].toRect()
        ink = [
            (x, y)
            for x in range(max(0, box.left()), min(before.width(), box.right() + 1))
            for y in range(max(0, box.top()), min(before.height(), box.bottom() + 1))
            if QColor(before.pixel(x, y)).lightness() < 110
        ]
        assert ink, neighbour
        lost = [p for p in ink if QColor(after.pixel(*p)).lightness() >= 110]
        assert not lost, (neighbour, len(lost), len(ink))


@pytest.mark.parametrize(
    ("notation", "typed", "said"),
    [
        # a dentist trained on FDI types 33 with the chart in Universal: FDI 33 is #22
        ("universal", "33", ["No tooth 33 in Universal numbering", "FDI 33 is #22"]),
        ("fdi", "19", ["No tooth 19 in FDI numbering", "Universal 19 is FDI 36"]),
        ("universal", "0", ["No tooth 0 in Universal numbering"]),
    ],
)
def test_a_typed_non_tooth_is_said_where_the_dentist_looks(
    qtbot, chart, notation, typed, said
) -> None:
    """Tour7: typing "33" into the Universal chart did nothing visible (only the screen
    reader's description changed): the dentist could not tell a miss from a slow chart. Now a
    tool tip at the chart says so, and names the tooth in the other notation when it is one."""
    chart.set_notation(notation)
    chart.show()
    qtbot.waitExposed(chart)
    chart.setFocus()
    with qtbot.assertNotEmitted(chart.toothSelected):
        qtbot.keyClicks(chart, typed)
        qtbot.keyClick(chart, Qt.Key.Key_Enter)
    shown = chart.typed_message()
    assert all(part in shown for part in said), shown
    assert shown in chart.toolTip()
    if len(said) == 1:
        assert " is #" not in shown and " is FDI" not in shown


@pytest.mark.parametrize("mode", ["permanent", "primary", "mixed"])
@pytest.mark.parametrize("size", [(440, 222), (760, 360)])  # the window's chart at 1366x768
def test_every_dentition_says_which_side_is_the_patients_right(
    qtbot, chart, mode: str, size: tuple[int, int]
) -> None:
    """The mixed chart (a child of 6 to 12) had no "Patient's right" / "Patient's left": the
    permanent arches left no room above their ends. Beside the primary arches there is."""
    chart.set_dentition(mode)
    chart.resize(*size)
    chart.grab()  # paints
    right, left = chart.side_captions()
    midline = chart.width() / 2
    assert right.right() < midline < left.left()
    for universal in chart.shown_teeth():
        tooth_area = QRectF(chart.tooth_rect(universal))
        for caption in (right, left):
            overlap = caption.intersected(tooth_area)
            assert overlap.width() <= 1 or overlap.height() <= 1, (mode, universal)


@pytest.mark.parametrize(
    ("notation", "typed", "chosen", "said"),
    [
        ("universal", "99", "9", "No tooth 99 in Universal numbering; #9 stays selected"),
        ("universal", "77", "7", "No tooth 77 in Universal numbering; #7 stays selected"),
        ("fdi", "188", "1", "No tooth 188 in FDI numbering; FDI 18 stays selected"),
    ],
)
def test_a_digit_typed_on_after_a_chosen_tooth_is_said_as_a_miss(
    qtbot, chart, notation, typed, chosen, said
) -> None:
    """Walkthrough: "99" chose #9 without a word (its first 9 names a tooth no longer number
    starts with), where "33" says it is no tooth. The key typed on says so; the tooth stays."""
    from cdt_desktop.domain.teeth import Notation

    chart.set_notation(Notation(notation))
    chart.setFocus()
    chosen_at: list[str] = []
    chart.toothSelected.connect(chosen_at.append)
    qtbot.keyClicks(chart, typed)
    assert chosen_at == [chosen]
    assert chart.typed_message() == said
    qtbot.wait(900)  # after the type-ahead pause a new number is a new tooth
    qtbot.keyClicks(chart, "8" if notation == "universal" else "21")  # #8, FDI 21 (#9)
    assert chosen_at == [chosen, "8" if notation == "universal" else "9"]
    assert chart.typed_message() == ""


def test_the_miss_said_at_the_chart_goes_when_the_next_number_chooses_a_tooth(qtbot, chart) -> None:
    """Walkthrough: in FDI, "19" said "No tooth 19 in FDI numbering..." at the chart, then
    "85" chose FDI 85 and the miss stayed over the chart for ten seconds beside it."""
    from PySide6.QtWidgets import QToolTip

    from cdt_desktop.domain.teeth import Notation

    chart.set_notation(Notation("fdi"))
    chart.setFocus()
    qtbot.keyClicks(chart, "19")
    qtbot.waitUntil(lambda: chart.typed_message() != "", timeout=3000)
    assert QToolTip.isVisible() and QToolTip.text().startswith("No tooth 19 in FDI")
    qtbot.keyClicks(chart, "85")
    assert chart.selected() == "T"  # FDI 85: the primary lower right second molar
    assert chart.typed_message() == ""
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=1000)  # Qt's own short fade
