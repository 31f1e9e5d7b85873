"""ButtonRows: one row exactly as a QHBoxLayout lays it out where the buttons fit, wrapped rows
where they do not (the case buttons at 125 % scaling), a status line above the buttons."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.ui.common.metrics import ButtonRows, size_target

TEXTS = ("Edit case…", "Radiographs…", "Export appeal letter…")
_kept: list[QWidget] = []


@pytest.fixture(autouse=True)
def _drop_panes() -> Iterator[None]:
    yield
    _kept.clear()


def _pane(qtbot: QtBot, width: int, *, rows: bool, lead: str = "") -> list[QWidget]:
    pane = QWidget()
    qtbot.addWidget(pane)
    outer = QVBoxLayout(pane)
    outer.addStretch(1)
    widgets: list[QWidget] = []
    if lead:
        label = QLabel(lead, pane)
        label.setWordWrap(True)
        widgets.append(label)
    widgets += [size_target(QPushButton(text, pane)) for text in TEXTS]
    # the open case's buttons: the last one stretches; a status line: it takes the spare
    stretches = [1] + [0] * len(TEXTS) if lead else [0] * (len(TEXTS) - 1) + [1]
    if rows:
        layout = ButtonRows(lead=bool(lead))
        outer.addLayout(layout)
        for widget, stretch in zip(widgets, stretches, strict=True):
            layout.add(widget, stretch)
    else:
        box = QHBoxLayout()
        outer.addLayout(box)
        for widget, stretch in zip(widgets, stretches, strict=True):
            box.addWidget(widget, stretch)
    pane.setMinimumWidth(0)
    pane.resize(width, 300)
    pane.show()
    qtbot.waitExposed(pane)
    _kept.append(pane)  # the test's widgets live until its end
    return widgets


@pytest.mark.parametrize("width", [380, 520])
def test_where_the_buttons_fit_the_row_is_a_box_layouts(qtbot: QtBot, width: int) -> None:
    box = [w.geometry() for w in _pane(qtbot, width, rows=False)]
    rows = [w.geometry() for w in _pane(qtbot, width, rows=True)]
    assert rows == box


def test_a_narrow_pane_wraps_the_buttons_whole(qtbot: QtBot) -> None:
    buttons = _pane(qtbot, 300, rows=True)
    tops = sorted({b.geometry().top() for b in buttons})
    assert len(tops) == 2
    for button in buttons:
        assert button.width() >= button.sizeHint().width()
        assert button.geometry().right() < 300
    for i, a in enumerate(buttons):
        assert all(not a.geometry().intersects(b.geometry()) for b in buttons[i + 1 :])


def test_a_status_line_goes_above_the_buttons_when_they_need_the_row(qtbot: QtBot) -> None:
    label, *buttons = _pane(qtbot, 340, rows=True, lead="Newest 500 of 10,000 cases")
    assert label.geometry().bottom() < min(b.geometry().top() for b in buttons)
    assert label.height() >= label.heightForWidth(label.width())
    label, *buttons = _pane(qtbot, 700, rows=True, lead="9 cases")
    assert {b.geometry().top() for b in buttons} == {label.geometry().top()}
