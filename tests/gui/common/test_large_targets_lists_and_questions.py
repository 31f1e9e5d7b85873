"""View > Large targets at the chair, gloves on: a drop-down's list rows and a question's Yes/No
buttons grow with the boxes and buttons of the window (walkthrough 43: the boxes were 40 px,
their lists' rows about 22 px, so a gloved finger picked the row above or below, and every
question's buttons stayed at their small default)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QMainWindow, QMessageBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.metrics import (
    LARGE_PROPERTY,
    LARGE_TARGET,
    TARGET,
    apply_target,
    size_target,
)


def _window_with_a_box(qtbot: QtBot) -> tuple[QMainWindow, QComboBox]:
    window = QMainWindow()
    qtbot.addWidget(window)
    centre = QWidget(window)
    box = QComboBox(centre)
    size_target(box)
    box.addItems(["Vital", "Necrotic", "Previously treated"])
    QVBoxLayout(centre).addWidget(box)
    window.setCentralWidget(centre)
    window.show()
    return window, box


def test_a_drop_down_s_rows_grow_with_large_targets_and_shrink_back(qtbot: QtBot) -> None:
    window, box = _window_with_a_box(qtbot)
    usual = box.view().sizeHintForRow(0)
    assert usual < LARGE_TARGET
    apply_target(window, LARGE_TARGET)
    assert box.minimumHeight() == LARGE_TARGET
    assert box.view().sizeHintForRow(0) >= LARGE_TARGET
    apply_target(window, TARGET)
    assert box.view().sizeHintForRow(0) == usual


def test_a_question_over_a_window_in_large_targets_has_large_buttons(qtbot: QtBot) -> None:
    window, _box = _window_with_a_box(qtbot)
    window.setProperty(LARGE_PROPERTY, True)
    buttons = QMessageBox.StandardButton
    question = msgbox._box(window, "Question", "Use it?", "Text", buttons.Yes | buttons.No)
    qtbot.addWidget(question)
    assert [b.minimumHeight() for b in question.buttons()] == [LARGE_TARGET, LARGE_TARGET]
    window.setProperty(LARGE_PROPERTY, False)
    usual = msgbox._box(window, "Question", "Use it?", "Text", buttons.Yes | buttons.No)
    qtbot.addWidget(usual)
    assert [b.minimumHeight() for b in usual.buttons()] == [TARGET, TARGET]


def test_a_list_shown_in_large_targets_lays_its_rows_out_anew_when_they_go_back(
    qtbot: QtBot,
) -> None:
    """Hostile-user walkthrough: after Large targets on and off, every drop-down kept 40 px
    rows in a popup sized for normal ones: empty bands between the items, 4 of 7 pulp choices
    in view, until the app restarted. The rows' places follow their size back."""
    window, box = _window_with_a_box(qtbot)
    usual = box.view().sizeHintForRow(0)
    apply_target(window, LARGE_TARGET)
    box.showPopup()  # laid out with 40 px rows
    qtbot.wait(20)
    box.hidePopup()
    apply_target(window, TARGET)
    qtbot.wait(20)
    box.showPopup()
    qtbot.wait(20)
    second = box.view().visualRect(box.model().index(1, 0))
    box.hidePopup()
    assert (second.top(), second.height()) == (usual, usual)


def test_a_list_whose_own_drawing_went_still_opens(qtbot: QtBot) -> None:
    """Hostile-user walkthrough: "Internal C++ object already deleted" in the tall rows' size,
    at every click on a drop-down, which then never opened, until a restart. Without the box's
    own delegate the rows are drawn plainly, as tall as the mode wants."""
    from shiboken6 import delete

    from cdt_desktop.ui.common.tall_rows import TallRows

    window, box = _window_with_a_box(qtbot)
    apply_target(window, LARGE_TARGET)
    tall = box.itemDelegate()
    assert isinstance(tall, TallRows)
    delete(tall.inner)
    assert box.view().sizeHintForRow(0) >= LARGE_TARGET
    box.showPopup()
    box.view().viewport().grab()  # painted without the box's own delegate
    box.hidePopup()
