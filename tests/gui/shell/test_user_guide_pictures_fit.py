"""Help > User guide fits the dialog's width: its pictures and its command lines.

Walkthrough: the guide's screenshots (1366 px wide) ran past the dialog's right edge, behind a
horizontal scroll bar, at the dialog's own size on a 1366x768 screen; so did a 157-character
command line. Real dialog, the guide and the pictures shipped in docs/."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from cdt_desktop.core import paths
from cdt_desktop.ui.shell import help_dialogs


def test_the_guides_pictures_fit_the_dialog(qtbot: QtBot) -> None:
    if not paths.docs_path("user-guide.md").is_file():
        pytest.skip("the guide is not in this build")
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.resize(1366, 768)
    owner.show()
    guide = help_dialogs.show_user_guide(owner)
    assert guide is not None
    browser = guide.findChild(QTextBrowser, "userGuideText")
    qtbot.waitExposed(guide)
    qtbot.wait(50)  # the document laid out at the viewport's width

    assert "Start the app" in browser.toPlainText()
    assert browser.horizontalScrollBar().maximum() == 0
    assert browser.document().size().width() <= browser.viewport().width()
