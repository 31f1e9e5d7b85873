"""The text-layout caches' font key tells apart every font that draws a text differently."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QFont

from cdt_desktop.ui.common.fonts import font_key


def _changed(change: Callable[[QFont], None]) -> QFont:
    font = QFont()
    change(font)
    return font


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("zoomed in (point size)", lambda f: f.setPointSizeF(f.pointSizeF() * 1.4)),
        ("pixel-sized (the chart's labels)", lambda f: f.setPixelSize(19)),
        ("underlined (a search match)", lambda f: f.setUnderline(True)),
        ("struck out", lambda f: f.setStrikeOut(True)),
        ("bold (the recommended row)", lambda f: f.setBold(True)),
        ("italic", lambda f: f.setItalic(True)),
    ],
)  # fmt: skip
def test_a_font_that_draws_text_differently_has_another_key(
    qapp, what: str, change: Callable[[QFont], None]
) -> None:
    assert font_key(_changed(change)) != font_key(QFont()), what


def test_equal_fonts_share_a_key(qapp) -> None:
    assert font_key(QFont()) == font_key(QFont(QFont()))
