"""The message boxes as a user with a screen gets them (the suite itself runs headless)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from cdt_desktop.ui.common import msgbox

Icon = QMessageBox.Icon
Button = QMessageBox.StandardButton


@pytest.fixture
def shown(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Boxes that would have been shown; each answers with its default button."""
    boxes: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        boxes.append(box)
        default = box.defaultButton()
        return int(box.standardButton(default).value) if default is not None else 0

    monkeypatch.setattr(msgbox, "is_headless", lambda: False)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes


@pytest.mark.parametrize(
    ("show", "icon"),
    [
        (msgbox.show_error, Icon.Critical),
        (msgbox.show_warning, Icon.Warning),
        (msgbox.show_info, Icon.Information),
    ],
)
def test_notices_have_their_icon_one_ok_button_and_accessible_text(
    shown: list[QMessageBox], show: Any, icon: QMessageBox.Icon
) -> None:
    show(None, "Cannot save", "The disk is full.")
    (box,) = shown
    assert box.icon() == icon
    assert box.standardButtons() == Button.Ok
    assert box.standardButton(box.defaultButton()) == Button.Ok
    assert (box.accessibleName(), box.accessibleDescription()) == (
        "Cannot save",
        "The disk is full.",
    )


@pytest.mark.parametrize(("default", "answer"), [(False, False), (True, True)])
def test_a_question_defaults_to_the_safe_answer_it_is_given(
    shown: list[QMessageBox], default: bool, answer: bool
) -> None:
    assert msgbox.ask_yes_no(None, "Delete?", "Delete the case?", default=default) is answer
    (box,) = shown
    assert box.icon() == Icon.Question
    assert box.standardButtons() == Button.Yes | Button.No
    assert box.standardButton(box.defaultButton()) == (Button.Yes if default else Button.No)
