"""The message boxes as a user with a screen gets them (the suite itself runs headless)."""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture
def widths(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[QMessageBox, int]]]:
    """Boxes shown as a user with a screen sees them (named as cdt-desktop names itself, so the
    window manager shows "<title> — CDT Companion Desktop"): each box and the width it took."""
    from PySide6.QtGui import QGuiApplication

    from cdt_desktop import APP_NAME

    seen: list[tuple[QMessageBox, int]] = []

    def show_and_measure(box: QMessageBox) -> int:
        box.show()
        QGuiApplication.processEvents()
        seen.append((box, box.width()))
        box.close()
        return int(box.standardButton(box.defaultButton()).value)

    before = QGuiApplication.applicationDisplayName()
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    monkeypatch.setattr(msgbox, "is_headless", lambda: False)
    monkeypatch.setattr(QMessageBox, "exec", show_and_measure)
    yield seen
    QGuiApplication.setApplicationDisplayName(before)


@pytest.mark.parametrize(
    ("show", "title", "text"),
    [
        (
            msgbox.show_error,
            "Case file not imported",
            "This is not a case file from CDT Companion Desktop. Nothing was imported.",
        ),
        (msgbox.show_error, "Cases not restored", "Choose your initials first."),
        (msgbox.show_info, "Cases restored", "Restored 5 cases."),
        (msgbox.ask_yes_no, "Import a case coded D3354?", "Import it anyway?"),
    ],
    ids=["a renamed text file imported", "restore without initials", "restored", "deleted code"],
)
def test_a_box_with_a_short_message_is_as_wide_as_its_title_bar_needs(
    widths: list[tuple[QMessageBox, int]], show: Any, title: str, text: str
) -> None:
    """QA walkthrough at 1366x768: the import's error box, sized to its short message, showed
    its title as "Case file not impor…Companion Desktop" (Qt adds the app's name to it)."""
    from cdt_desktop import APP_NAME

    show(None, title, text)
    [(box, width)] = widths
    shown = f"{title} — {APP_NAME}"
    assert width >= box.fontMetrics().horizontalAdvance(shown) + 100


@pytest.mark.parametrize(
    "ask",
    [
        lambda text: msgbox.ask_yes_no(None, "Remove radiograph?", text),
        lambda text: msgbox.show_error(None, "Not attached", text),
    ],
)
def test_a_question_shows_what_was_typed_never_as_markup(
    shown: list[QMessageBox], ask: Any
) -> None:
    """Hostile-user walkthrough: "Remove “<b>Pre-op</b> & PA…”?" was drawn with Pre-op in bold
    and the tags gone (Qt guessed rich text from the tag); the film list showed it as typed."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    text = "Remove “<b>Pre-op</b> & PA, tooth #14” from this case?"
    ask(text)
    [box] = shown
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == text
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and label.textFormat() == Qt.TextFormat.PlainText
