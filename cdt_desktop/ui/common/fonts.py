"""A cheap key for caches of laid-out text: what of a font decides a text's size and look.

PySide6's ``hash(QFont)`` (Qt's ``qHash``) leaves out the point and pixel size and the underline
(checked with PySide6 6.12: 9 pt, 12.6 pt and underlined fonts hash alike), so a cache keyed by
it hands out text laid out for another size after a zoom, or drawn without its underline.
``QFont.key()`` says everything but costs ~5 us a call, and the candidate and search rows ask on
every paint and size query.
"""

from __future__ import annotations

from PySide6.QtGui import QFont

FontKey = tuple[int, float, int, bool, bool]


def font_key(font: QFont) -> FontKey:
    """Family, weight and style (the hash), size in points and pixels, underline, strike-out."""
    return (hash(font), font.pointSizeF(), font.pixelSize(), font.underline(), font.strikeOut())
