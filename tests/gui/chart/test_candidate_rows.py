"""The candidate rows' delegate: sizes and laid-out text are reused, never stale, and the text is
drawn in the palette's colours (plain rows, the selected row)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from cdt_desktop.domain.coding.findings import Findings
from cdt_desktop.domain.coding.selector import select
from cdt_desktop.domain.teeth import tooth
from cdt_desktop.ui.chart.candidates import CandidateList


@pytest.fixture
def widget(qtbot) -> CandidateList:
    view = CandidateList()
    qtbot.addWidget(view)
    view.resize(320, 500)
    view.show()
    qtbot.waitExposed(view)
    view.show_selection(select(Findings(tooth=tooth("19")), {"D3330": "Root canal, molar"}))
    return view


def _row_heights(widget: CandidateList) -> list[int]:
    view = widget.list_widget()
    view.doItemsLayout()
    return [view.visualItemRect(view.item(i)).height() for i in range(view.count())]


def _has_colour(image: QImage, rect, colour: QColor) -> bool:  # type: ignore[no-untyped-def]
    wanted = colour.rgb()
    return any(
        image.pixel(x, y) == wanted
        for y in range(rect.top(), rect.bottom())
        for x in range(rect.left(), rect.right())
    )


def test_rows_wrap_again_when_the_list_narrows_and_widens(qtbot, widget) -> None:
    wide = _row_heights(widget)
    widget.resize(180, 500)
    qtbot.waitUntil(lambda: widget.list_widget().viewport().width() < 200)
    narrow = _row_heights(widget)
    assert sum(narrow) > sum(wide)  # the same texts wrap to more lines: no size kept from before
    widget.resize(320, 500)
    qtbot.waitUntil(lambda: widget.list_widget().viewport().width() > 200)
    assert _row_heights(widget) == wide


def test_row_text_is_drawn_in_the_text_and_highlighted_text_colours(widget) -> None:
    view = widget.list_widget()
    view.setCurrentRow(1)
    image = view.viewport().grab().toImage()
    palette = view.palette()
    selected = view.visualItemRect(view.item(1))
    plain = view.visualItemRect(view.item(2))
    text = palette.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Text)
    highlighted = palette.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.HighlightedText)
    assert _has_colour(image, plain, text)
    assert _has_colour(image, selected, highlighted)


def test_a_folded_row_is_sized_once_for_every_tooth_of_a_kind(widget) -> None:
    """An excluded row's one line names no tooth ("✕ D3230  for primary anterior teeth"), so the
    next molar reuses its size: only rows whose shown text changed are laid out again."""
    names = {"D3330": "Root canal, molar"}
    view = widget.list_widget()
    view.doItemsLayout()
    before = {text for _code, _status, text in widget.rows()}
    sized = len(widget._delegate._sizes)
    widget.show_selection(select(Findings(tooth=tooth("18")), names))
    view.doItemsLayout()
    unfolded = [i for i in range(view.count()) if not widget.is_folded(i)]
    changed = [i for i in unfolded if widget.rows()[i][2] not in before]
    assert len(unfolded) < view.count() and changed  # both kinds of row are there
    # (a row can be sized at two widths in one layout pass: with and without the scroll bar)
    assert len(widget._delegate._sizes) - sized <= 2 * len(changed)  # folded rows: none new


def test_rows_are_measured_again_for_a_zoomed_font(widget) -> None:
    """View > Zoom in: each row grows with its text (tour: rows kept their old heights, so the
    text ran into the next row), because the size cache told the fonts apart."""
    before = _row_heights(widget)
    view = widget.list_widget()
    bigger = view.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.4)
    view.setFont(bigger)
    widget.show_selection(widget.selection())  # the rows are rebuilt in the new font
    after = _row_heights(widget)
    assert len(after) == len(before)
    assert sum(after) > sum(before) * 1.2


def _drawn(widget: CandidateList, *, pictures: bool) -> QImage:
    """The list's rows as painted with row pictures kept (or every row drawn afresh)."""
    delegate = widget.list_widget().itemDelegate()
    delegate.cache_rows = pictures  # an instance attribute: other lists keep the class default
    try:
        return widget.list_widget().viewport().grab().toImage()
    finally:
        del delegate.cache_rows


def _largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one colour channel between two images of one size."""
    assert (a.size(), a.format()) == (b.size(), b.format())
    pairs = zip(bytes(a.constBits()), bytes(b.constBits()), strict=True)
    return max((abs(x - y) for x, y in pairs), default=0)


def _same_pixels(widget: CandidateList) -> None:
    """The rows look as drawn afresh. A selected row's gradient (Fusion) may differ by one step
    on a line: it is computed from the device origin, which a picture moves; nothing else may."""
    QApplication.processEvents()  # a pending layout (an unfolded row, a new scroll bar) first
    fresh = _drawn(widget, pictures=False)
    first = _drawn(widget, pictures=True)  # pictures painted
    again = _drawn(widget, pictures=True)  # pictures copied
    assert _largest_difference(first, fresh) <= 1
    assert _largest_difference(again, fresh) <= 1


@pytest.mark.parametrize(
    "current_row", [None, 0, 1, 14], ids=["none", "recommended", "possible", "excluded-unfolded"]
)
def test_a_kept_row_picture_is_the_same_pixels_as_the_row_drawn_afresh(widget, current_row) -> None:
    if current_row is not None:
        widget.list_widget().setCurrentRow(current_row)
    _same_pixels(widget)


def test_row_pictures_follow_a_changed_row_text_and_a_dark_palette(qtbot, widget) -> None:
    _same_pixels(widget)
    widget.show_selection(select(Findings(tooth=tooth("30")), {"D3330": "Root canal, molar"}))
    assert any("#30" in text for _code, _status, text in widget.rows())
    _same_pixels(widget)
    dark = QPalette(widget.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.AlternateBase, QColor("#2a2a2a"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    before = _drawn(widget, pictures=True)
    widget.list_widget().setPalette(dark)
    after = _drawn(widget, pictures=True)
    assert after != before
    _same_pixels(widget)


def test_rows_of_a_see_through_base_are_drawn_directly(widget) -> None:
    view = widget.list_widget()
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor(255, 255, 255, 128))
    view.setPalette(palette)
    delegate = view.itemDelegate()
    kept = len(delegate._pictures)
    view.viewport().grab()
    assert len(delegate._pictures) == kept


def _count_of_more(folded: str) -> str:
    """The " (+2)" that ends a folded row with more reasons than its decisive one ("" none)."""
    head, sep, tail = folded.rpartition(" (+")
    return sep + tail if head and tail.endswith(")") and tail[:-1].isdigit() else ""


@pytest.mark.parametrize("width", [260, 220, 180])
def test_a_folded_rows_count_of_further_reasons_is_never_elided(qtbot, widget, width) -> None:
    """Walkthrough at 1366 x 768: "✕ D3222  root development is complete (..." lost its
    "(+1)", the only sign that the row has more reasons; the reason is cut before it instead."""
    from PySide6.QtGui import QFontMetrics

    from cdt_desktop.domain.coding.findings import Pulp, Root
    from cdt_desktop.ui.chart.candidate_rows import SHORT_TEXT_ROLE

    findings = Findings(tooth=tooth("19"), root=Root.COMPLETE, pulp=Pulp.NECROSIS)
    widget.resize(width, 500)
    qtbot.waitUntil(lambda: widget.list_widget().viewport().width() < width)
    widget.show_selection(select(findings, {"D3330": "Root canal, molar"}))
    view = widget.list_widget()
    view.scrollToBottom()
    view.viewport().grab()  # every folded row drawn at this width
    folded = [
        str(view.item(r).data(SHORT_TEXT_ROLE)) for r in range(view.count()) if widget.is_folded(r)
    ]
    counted = [text for text in folded if _count_of_more(text)]
    assert counted  # rows with "(+N)" are there
    delegate = view.itemDelegate()
    drawn = {key[0]: static.text() for key, static in delegate._texts.items() if not key[3]}
    row_font = next(view.item(r).font() for r in range(view.count()) if widget.is_folded(r))
    fits = QFontMetrics(row_font).horizontalAdvance
    cut = [text for text in counted if drawn[text] != text]
    assert cut  # some rows are too long for the width, and they keep their count
    for text in counted:
        assert drawn[text].endswith(_count_of_more(text)), (text, drawn[text])
    for text in cut:
        assert "…" in drawn[text]
        assert fits(drawn[text]) <= view.viewport().width()
