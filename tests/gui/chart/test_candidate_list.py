"""CandidateList: recommended first and bold, excluded rows folded to one line with every reason
still in the tooltip and screen-reader text, unfolded under the cursor, never sideways scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cdt_desktop.domain.coding.findings import (
    Candidate,
    Findings,
    Pulp,
    Reason,
    ReasonKind,
    Root,
    Selection,
    Status,
)
from cdt_desktop.domain.coding.rules import fit
from cdt_desktop.domain.coding.selector import select
from cdt_desktop.domain.teeth import tooth
from cdt_desktop.ui.chart.candidate_rows import SHORT_TEXT_ROLE
from cdt_desktop.ui.chart.candidates import CandidateList, folded_text, full_text


def _reason(status: Status, text: str, kind: ReasonKind = ReasonKind.PULP) -> Reason:
    return Reason(kind, status, text)


def _tooth_type(code: str) -> Reason:
    reason = fit(code, tooth("19"), None).reason  # the selector's own tooth-type reason
    assert reason is not None
    return reason


REC = Candidate(
    "D3330",
    Status.RECOMMENDED,
    (
        _reason(Status.RECOMMENDED, "#19 is a permanent molar -> D3330", ReasonKind.TOOTH_TYPE),
        _reason(Status.RECOMMENDED, "mature root with necrosis: root canal therapy"),
    ),
    "Root canal, molar",
)
POSS = Candidate(
    "D3348",
    Status.POSSIBLE,
    (_reason(Status.POSSIBLE, "only if treated before"),),
    "Retreatment, molar",
)
EXCL = Candidate(
    "D3230",
    Status.EXCLUDED,
    (
        _tooth_type("D3230"),
        _reason(Status.EXCLUDED, "a second reason that only the unfolded row shows"),
    ),
    "Pulp therapy, primary anterior",
)
EXCL2 = Candidate(
    "D3222",
    Status.EXCLUDED,
    (_reason(Status.EXCLUDED, "root development is complete", ReasonKind.ROOT),),
    "Apexogenesis",
)


def _selection(*candidates: Candidate, missing: tuple[str, ...] = ()) -> Selection:
    return Selection(Findings(tooth=tooth("19")), tuple(candidates), missing)


@pytest.fixture
def widget(qtbot) -> CandidateList:
    view = CandidateList()
    qtbot.addWidget(view)
    view.resize(320, 500)  # the width it gets in the main window at 1366 px
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (EXCL, "✕ D3230  for primary anterior teeth (+1)"),
        (EXCL2, "✕ D3222  root development is complete"),
        (Candidate("D3999", Status.EXCLUDED, ()), "✕ D3999  Excluded"),
        (
            Candidate(
                "D3348",
                Status.EXCLUDED,
                (_reason(Status.EXCLUDED, "no previous root canal therapy"),),
            ),
            "✕ D3348  no previous root canal therapy",
        ),
    ],
)
def test_folded_text_keeps_the_decisive_reason(candidate: Candidate, expected: str) -> None:
    assert folded_text(candidate) == expected


def test_recommended_first_bold_and_tinted_whatever_the_input_order(widget) -> None:
    widget.show_selection(_selection(EXCL, POSS, REC))
    assert [code for code, _s, _t in widget.rows()] == ["D3330", "D3348", "D3230"]
    view = widget.list_widget()
    first = view.item(0)
    assert first.font().bold()
    assert first.background().style() != Qt.BrushStyle.NoBrush
    assert not view.item(1).font().bold() and not view.item(2).font().bold()
    assert view.item(2).font().pointSizeF() < first.font().pointSizeF()


def test_excluded_rows_fold_but_keep_every_reason_for_screen_readers(qtbot, widget) -> None:
    widget.show_selection(_selection(REC, EXCL, EXCL2))
    view = widget.list_widget()
    view.setCurrentRow(0)
    qtbot.wait(1)  # the current row unfolds once the change that made it current is over
    for row, candidate in ((1, EXCL), (2, EXCL2)):
        item = view.item(row)
        assert widget.is_folded(row)
        assert item.text() == full_text(candidate)
        assert item.toolTip() == full_text(candidate)
        spoken = item.data(Qt.ItemDataRole.AccessibleTextRole)
        assert "Excluded" in spoken and all(reason in spoken for reason in candidate.texts)
    assert not widget.is_folded(0)
    line = view.fontMetrics().lineSpacing()
    folded_height = view.visualItemRect(view.item(1)).height()
    assert folded_height < 2 * line + 8  # one line (plus the icon's margin), not three
    view.setCurrentRow(1)
    qtbot.waitUntil(lambda: not widget.is_folded(1))
    view.doItemsLayout()
    assert view.visualItemRect(view.item(1)).height() > folded_height


def test_no_sideways_scrolling_and_rows_fit_the_viewport(widget) -> None:
    names = {"D3330": "Root canal, molar"}
    widget.show_selection(
        select(Findings(tooth=tooth("19"), root=Root.COMPLETE, pulp=Pulp.NECROSIS), names)
    )
    view = widget.list_widget()
    view.doItemsLayout()
    assert view.horizontalScrollBar().maximum() == 0
    width = view.viewport().width()
    assert all(view.visualItemRect(view.item(i)).width() <= width for i in range(view.count()))


def test_missing_line_stays_visible_and_enter_still_chooses(qtbot, widget) -> None:
    widget.show_selection(_selection(POSS, EXCL, missing=("Pulp status?",)))
    assert widget.missing_text() == "Missing: Pulp status?"
    view = widget.list_widget()
    view.setFocus()
    view.setCurrentRow(1)
    with qtbot.waitSignal(widget.codeChosen) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == ["D3230"]
    assert widget.objectName() == "candidateList"
    assert view.accessibleName() and view.accessibleDescription()


def _molar_without_findings(widget: CandidateList) -> None:
    """Tooth 30 with nothing charted: possible rows, then six folded excluded rows, in a list
    shorter than its rows, so moving down scrolls, and narrow enough (a 1366 px window with the
    side panes wide) that an unfolded row is over twice a folded one."""
    widget.resize(240, 430)
    widget.show_selection(select(Findings(tooth=tooth("30")), {"D3330": "Root canal, molar"}))
    widget.list_widget().setFocus()


def _on_row(widget: CandidateList) -> tuple[int, list[int]]:
    view = widget.list_widget()
    return view.currentRow(), [index.row() for index in view.selectedIndexes()]


def test_moving_down_the_excluded_rows_selects_the_row_the_cursor_is_on(qtbot, widget) -> None:
    """Unfolding the row under the cursor (and folding the last one) moved the rows while Qt was
    still selecting by position: the highlight fell one row below the cursor."""
    _molar_without_findings(widget)
    view = widget.list_widget()
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(view.item(0)).center()
    )
    for _ in range(view.count() - 1):
        qtbot.keyClick(view, Qt.Key.Key_Down)
        qtbot.wait(1)  # the unfolded row is laid out before the next key, as a user's would be
        row, selected = _on_row(widget)
        assert selected == [row]
        assert not widget.is_folded(row)
    assert row == view.count() - 1


def test_a_click_on_a_folded_row_below_an_unfolded_one_selects_the_clicked_row(
    qtbot, widget
) -> None:
    """The unfolded row above folds as the click lands; the click must still take its own row."""
    _molar_without_findings(widget)
    view = widget.list_widget()
    first_excluded = next(r for r in range(view.count()) if widget.is_folded(r))
    view.setCurrentRow(first_excluded)
    qtbot.wait(1)
    view.scrollToBottom()
    qtbot.wait(1)
    target = view.count() - 2
    point = view.visualItemRect(view.item(target)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.wait(1)
    assert _on_row(widget) == (target, [target])


def _spoken_rows(widget: CandidateList) -> list[tuple[object, ...]]:
    view = widget.list_widget()
    return [
        (
            item.text(),
            item.toolTip(),
            item.data(Qt.ItemDataRole.AccessibleTextRole),
            item.data(SHORT_TEXT_ROLE),
            item.font().key(),
            item.background().color().rgba(),
            widget.is_folded(row),
        )
        for row, item in ((r, view.item(r)) for r in range(view.count()))
    ]


def test_the_next_molar_rewrites_the_rows_as_a_fresh_list_shows_them(qtbot, widget) -> None:
    """#19 then #30: same codes and statuses, other words ("#30 is a permanent molar"). The rows
    are rewritten in place; they must read, fold and look as a list that only showed #30."""
    names = {"D3330": "Root canal, molar"}
    widget.show_selection(select(Findings(tooth=tooth("19")), names))
    view = widget.list_widget()
    view.setCurrentRow(view.count() - 2)  # an excluded row, unfolded, further down
    qtbot.wait(1)
    view.scrollToBottom()
    items_before = [view.item(r) for r in range(view.count())]
    widget.show_selection(select(Findings(tooth=tooth("30")), names))
    qtbot.wait(1)
    assert [view.item(r) for r in range(view.count())] == items_before  # rewritten, not rebuilt
    fresh = CandidateList()
    qtbot.addWidget(fresh)
    fresh.resize(widget.size())
    fresh.show()
    qtbot.waitExposed(fresh)
    fresh.show_selection(select(Findings(tooth=tooth("30")), names))
    qtbot.wait(1)
    assert widget.rows() == fresh.rows()
    assert any("#30" in text for _code, _status, text in widget.rows())
    assert _spoken_rows(widget) == _spoken_rows(fresh)
    assert view.currentRow() == -1 and not view.selectedIndexes()
    assert view.verticalScrollBar().value() == 0
    fresh_view = fresh.list_widget()
    assert [view.visualRect(view.model().index(r, 0)) for r in range(view.count())] == [
        fresh_view.visualRect(fresh_view.model().index(r, 0)) for r in range(fresh_view.count())
    ]  # laid out for the new words (the pixels then follow: test_candidate_rows)


def test_rows_follow_a_new_list_font_even_for_the_same_codes(qtbot, widget) -> None:
    names = {"D3330": "Root canal, molar"}
    widget.show_selection(select(Findings(tooth=tooth("19")), names))
    view = widget.list_widget()
    larger = view.font()
    larger.setPointSizeF(larger.pointSizeF() * 1.5)  # View > Zoom
    view.setFont(larger)
    widget.show_selection(select(Findings(tooth=tooth("30")), names))
    assert view.item(0).font().pointSizeF() == pytest.approx(larger.pointSizeF())


def test_end_shows_the_last_row_unfolded_in_full(qtbot, widget) -> None:
    """Tour7, keyboard only: Ctrl+J, End: the last (excluded) row unfolded under the cursor,
    but the list had scrolled to its folded height, so its reasons were cut off at the bottom
    (a second key press showed them)."""
    widget.resize(280, 420)
    findings = Findings(tooth=tooth("19"), root=Root.COMPLETE, pulp=Pulp.NECROSIS)
    widget.show_selection(select(findings, {"D3330": "Root canal, molar"}))
    view = widget.list_widget()
    view.setFocus()
    view.setCurrentRow(0)
    qtbot.wait(1)
    qtbot.keyClick(view, Qt.Key.Key_End)
    last = view.count() - 1
    qtbot.waitUntil(lambda: not widget.is_folded(last))
    qtbot.wait(1)
    rect = view.visualItemRect(view.item(last))
    assert view.viewport().rect().contains(rect), (rect, view.viewport().rect())
