"""View > Large targets reaches a dialog opened from a dialog (walkthrough 43: with gloves on,
Radiographs... > Attach radiograph... opened with 32 px fields and 24 px buttons, because the
dialog asked the Radiographs dialog, not the main window under it, whether large targets
were on)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMainWindow
from pytestqt.qtbot import QtBot

from cdt_desktop.ui.appeal.attach_dialog import AttachDialog
from cdt_desktop.ui.common.metrics import LARGE_PROPERTY, LARGE_TARGET

KEPT: list[QMainWindow] = []


def _attach_from_a_dialog(qtbot: QtBot, large: bool) -> AttachDialog:
    window = QMainWindow()
    window.setProperty(LARGE_PROPERTY, large)
    qtbot.addWidget(window)
    KEPT[:] = [window]  # the dialogs are its children
    films = QDialog(window)  # Radiographs..., a dialog of the window
    return AttachDialog("preop.jpg", "tooth #19", films)


def test_attach_radiograph_opened_from_radiographs_gets_large_targets(qtbot: QtBot) -> None:
    attach = _attach_from_a_dialog(qtbot, large=True)
    for widget in (attach.kind_box, attach.caption_field, attach.date_field):
        assert widget.minimumHeight() == LARGE_TARGET
    from PySide6.QtWidgets import QDialogButtonBox

    box = attach.findChild(QDialogButtonBox)
    assert box is not None
    assert all(button.minimumHeight() == LARGE_TARGET for button in box.buttons())


def test_without_large_targets_the_nested_dialog_keeps_its_size(qtbot: QtBot) -> None:
    attach = _attach_from_a_dialog(qtbot, large=False)
    assert attach.caption_field.minimumHeight() != LARGE_TARGET
