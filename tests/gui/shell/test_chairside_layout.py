"""Chairside panes at the width they get in a 1366 px window: nothing clipped, every focusable
control named for screen readers, touch targets at least 32 px (without the window's QSS)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.list_view import CaseList
from cdt_desktop.ui.chart.candidates import CandidateList
from cdt_desktop.ui.chart.findings_form import FindingsForm
from cdt_desktop.ui.chart.panel import ChartPanel
from cdt_desktop.ui.checklist.panel import ChecklistPanel
from cdt_desktop.ui.checklist.text import completeness_texts
from cdt_desktop.ui.common.settings import Settings


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def library():
    opened = ReferenceLibrary()
    yield opened
    close = getattr(opened, "close", None)
    if close is not None:
        close()


def _shown(qtbot, widget: QWidget, width: int, height: int = 700) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _fits(label: QLabel) -> bool:
    """The label shows all its text: one line that fits, or wrapped lines that all have room."""
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width())
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def _panes(qtbot, store: CaseStore, library: ReferenceLibrary, tmp_path: Path) -> list[QWidget]:
    settings = Settings.from_file(tmp_path / "settings.ini")
    chart = ChartPanel(settings)
    chart.set_state("K", root="complete", pulp="necrosis")  # primary: no-successor enabled
    checklist = ChecklistPanel(library, CaseService(store), operator_source=lambda: "AB")
    checklist.set_case(store.create_case(Case(procedure=Procedure(code="D3330")), operator="AB"))
    checklist.set_code("D3330")
    return [
        _shown(qtbot, chart, 760),
        _shown(qtbot, checklist, 320),
        _shown(qtbot, CandidateList(), 300),
        _shown(qtbot, FindingsForm(), 300),
        _shown(qtbot, CaseList(CaseService(store)), 320),
    ]


def test_every_focusable_control_has_an_accessible_name(qtbot, store, library, tmp_path) -> None:
    unnamed = [
        f"{type(w).__name__}({w.objectName()}) in {type(pane).__name__}"
        for pane in _panes(qtbot, store, library, tmp_path)
        for w in pane.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisibleTo(pane)
        and not w.accessibleName()
        and not isinstance(w.parent(), QComboBox)
    ]
    assert unnamed == []


def test_touch_targets_without_the_style_sheet(qtbot, store, library, tmp_path) -> None:
    small = [
        f"{type(w).__name__}({w.objectName()}) {w.height()}px"
        for pane in _panes(qtbot, store, library, tmp_path)
        for w in pane.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit | QComboBox)
        and w.isVisibleTo(pane)
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not isinstance(w.parent(), QComboBox)
        and w.height() < 32
    ]
    assert small == []


def test_successor_box_is_named_described_and_tall(qtbot, tmp_path) -> None:
    settings = Settings.from_file(tmp_path / "settings.ini")
    panel = _shown(qtbot, ChartPanel(settings), 560)
    box = panel.findChild(QComboBox, "permanentSuccessor")
    assert box.accessibleName() == "Permanent successor"
    assert [box.itemData(i) for i in range(box.count())] == [None, "yes", "no"]
    assert "primary" in box.accessibleDescription()
    assert box.height() >= 32


@pytest.mark.parametrize("width", [560, 640, 900])
def test_selected_tooth_line_is_never_clipped(qtbot, tmp_path, width: int) -> None:
    """560 px is the chart panel's minimum in the main window (the 1366 px layout)."""
    settings = Settings.from_file(tmp_path / "settings.ini")
    panel = _shown(qtbot, ChartPanel(settings), width)
    panel.set_state("19")
    qtbot.waitUntil(lambda: _fits(panel.tooth_label))
    full = "Tooth 19: #19, mandibular left first molar, FDI 36, Palmer LL6"
    assert panel.tooth_label.toolTip() == full
    assert panel.tooth_label.accessibleDescription() == full


@pytest.mark.parametrize(
    ("args", "short", "full"),
    [
        (
            (0, 5, 0, 8),
            "0 of 5 required done · 0 of 8 ticked",
            "0 of 5 required items done (0 of 8 items ticked)",
        ),
        (
            (0, 0, 1, 2),
            "No required items · 1 of 2 ticked",
            "No required items (1 of 2 items ticked)",
        ),
        ((0, 0, 0, 0), "No required items", "No required items"),
    ],
)
def test_completeness_texts(args: tuple[int, int, int, int], short: str, full: str) -> None:
    assert completeness_texts(*args) == (short, full)


@pytest.mark.parametrize("width", [300, 340, 420])
def test_completeness_line_is_never_clipped(qtbot, store, library, width: int) -> None:
    """About 330 px is what the checklist tab gets in a 1366 px window."""
    panel = ChecklistPanel(library, CaseService(store), operator_source=lambda: "AB")
    _shown(qtbot, panel, width)
    panel.set_case(store.create_case(Case(procedure=Procedure(code="D3330")), operator="AB"))
    panel.set_code("D3330")
    summary = panel.findChild(QLabel, "checklistCompleteness")
    qtbot.waitUntil(lambda: _fits(summary))
    assert summary.toolTip().endswith("items ticked)")


@pytest.mark.parametrize("target", [32, 40])
def test_right_pane_tabs_are_touch_sized_without_a_style_sheet(qtbot, target: int) -> None:
    """The Checklist/Cases tabs are at least one touch target high (View > Large targets makes
    them taller) and wider than their text, without loading Qt's style-sheet engine."""
    from PySide6.QtWidgets import QTabWidget

    from cdt_desktop.ui.shell.parts import TouchTabBar

    tabs = QTabWidget()
    bar = TouchTabBar()
    tabs.setTabBar(bar)
    tabs.addTab(QWidget(), "&Checklist")
    tabs.addTab(QWidget(), "C&ases")
    bar.set_target(target)
    _shown(qtbot, tabs, 200, 300)  # narrow: the scroll arrows show
    plain = tabs.tabBar().fontMetrics().horizontalAdvance("Checklist")
    for index in range(bar.count()):
        rect = bar.tabRect(index)
        assert rect.height() >= target
        assert rect.width() >= plain + 2 * TouchTabBar.PADDING
    arrows = [b for b in bar.findChildren(QAbstractButton) if b.isVisible()]
    assert all(b.height() >= target and b.width() >= target for b in arrows)
    assert bar.styleSheet() == "" and tabs.styleSheet() == ""


def test_large_targets_resize_the_right_pane_tabs_of_a_shown_window(qtbot) -> None:
    """View > Large targets on the running window: the tabs grow at once (tour: they kept 31 px
    until a zoom change or a restart)."""
    from PySide6.QtWidgets import QTabWidget

    from cdt_desktop.ui.shell.parts import TouchTabBar

    tabs = QTabWidget()
    bar = TouchTabBar()
    tabs.setTabBar(bar)
    tabs.addTab(QWidget(), "&Checklist")
    tabs.addTab(QWidget(), "C&ases")
    _shown(qtbot, tabs, 400, 300)
    assert bar.tabRect(0).height() >= 32
    bar.set_target(40)
    qtbot.waitUntil(lambda: bar.tabRect(0).height() >= 40)
    bar.set_target(32)
    qtbot.waitUntil(lambda: bar.tabRect(0).height() < 40)


def test_the_candidates_keep_a_readable_width_in_the_narrowest_window(qtbot, tmp_path) -> None:
    """Tour: below 1366 px the candidate column shrank to ~80 px; the window now stops
    shrinking first, and at its narrowest it still fits a 1280 px office screen."""
    from cdt_desktop.app import build_main_window
    from cdt_desktop.ui.chart.panel import CANDIDATES_MIN_WIDTH

    window = build_main_window(data_dir=tmp_path)
    qtbot.addWidget(window)
    window.resize(800, 700)  # narrower than it can go
    window.show()
    qtbot.waitExposed(window)
    assert window.width() <= 1280
    assert window.chart_panel.candidates.width() >= CANDIDATES_MIN_WIDTH
