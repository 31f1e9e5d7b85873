"""The app in View > Light, then Dark colours, for tests that look at pixels in both."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from cdt_desktop.ui.common.appearance import DARK, LIGHT, apply_appearance


@pytest.fixture(params=[LIGHT, DARK])
def colours(request: pytest.FixtureRequest) -> Iterator[str]:
    """The app in Light, then in Dark colours; its style and palette as they were after.
    Imported by the modules that use it (``from tests.helpers.colours import colours``)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style = app.style().name()
    apply_appearance(request.param)
    yield request.param
    app.setStyle(style)
    app.setPalette(QPalette())
