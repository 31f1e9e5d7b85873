"""The application's text at a larger size, as View > Zoom sets it, for one test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication


@contextmanager
def text_zoomed(factor: float) -> Iterator[None]:
    """Every text of the app ``factor`` times its size (1.6: 160 %), put back afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    before = font.pointSizeF()
    font.setPointSizeF(before * factor)
    app.setFont(font)
    try:
        yield
    finally:
        font.setPointSizeF(before)
        app.setFont(font)
