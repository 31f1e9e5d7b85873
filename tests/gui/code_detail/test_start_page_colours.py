"""The start page ("Find a code") follows a change of the app's colours, as a code's page does.
The chairside walkthrough switched to View > Dark colours with no code open: the start page's
grey text stayed the light palette's near-black on the dark background (1.3:1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.ui.code_detail.view import CodeDetail
from cdt_desktop.ui.common.appearance import dark_palette
from cdt_desktop.ui.common.palette import readable_on
from tests.helpers import REPO_ROOT


@pytest.fixture
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as lib:
        yield lib


def muted(palette: QPalette) -> str:
    base = palette.color(QPalette.ColorRole.Base)
    return readable_on(palette.color(QPalette.ColorRole.PlaceholderText), base).name()


@pytest.mark.parametrize("code", [None, "D3330"])
def test_the_page_shown_takes_the_new_palette_s_colours(
    qtbot: QtBot, library: ReferenceLibrary, code: str | None
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    detail = CodeDetail(library)
    qtbot.addWidget(detail)
    if code:
        detail.show_code(code)
    light = muted(app.palette())
    assert light in detail.toHtml()
    try:
        app.setPalette(dark_palette())
        dark = muted(dark_palette())
        assert dark != light
        assert dark in detail.toHtml() and light not in detail.toHtml()
    finally:
        app.setPalette(QPalette())
