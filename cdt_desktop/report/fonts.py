"""Bundled Unicode fonts for the appeal PDF, registered once and only when a letter is rendered.

ReportLab's standard fonts cover WinAnsi only: a name such as "Nguyễn" would print with a
ZapfDingbats black box (RELIABILITY.md section 7). We embed DejaVu Sans for Latin (any accents),
Greek, Cyrillic and Hebrew, Noto Sans Arabic for Arabic and Droid Sans Fallback for CJK, and pick
a font *per character* (`font_for`), loading the large CJK font only when a CJK character appears.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdt_desktop.core.paths import resource_path

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

BASE = "CDTSans"
BASE_BOLD = "CDTSans-Bold"
BASE_ITALIC = "CDTSans-Oblique"
ARABIC = "CDTArabic"
ARABIC_BOLD = "CDTArabic-Bold"
CJK = "CDTCJK"


@dataclass(frozen=True)
class _Family:
    normal: str
    bold: str
    italic: str
    files: tuple[tuple[str, str], ...]  # (registered name, file in resources/fonts)


_FAMILIES: dict[str, _Family] = {
    BASE: _Family(
        BASE,
        BASE_BOLD,
        BASE_ITALIC,
        (
            (BASE, "DejaVuSans.ttf"),
            (BASE_BOLD, "DejaVuSans-Bold.ttf"),
            (BASE_ITALIC, "DejaVuSans-Oblique.ttf"),
        ),
    ),
    ARABIC: _Family(
        ARABIC,
        ARABIC_BOLD,
        ARABIC,
        ((ARABIC, "NotoSansArabic-Regular.ttf"), (ARABIC_BOLD, "NotoSansArabic-Bold.ttf")),
    ),
    CJK: _Family(CJK, CJK, CJK, ((CJK, "DroidSansFallbackFull.ttf"),)),
}

_lock = threading.Lock()
_cmaps: dict[str, frozenset[int] | dict[int, int]] = {}


class FontFileMissing(RuntimeError):
    """A bundled font file is missing: the installation is damaged (no patient data inside)."""


def ensure_family(family: str) -> None:
    """Register `family` (all its styles) with ReportLab unless that already happened."""
    if family in _cmaps:
        return
    with _lock:
        if family in _cmaps:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        spec = _FAMILIES[family]
        loaded: dict[str, TTFont] = {}
        for name, filename in spec.files:
            path = resource_path("fonts", filename)
            if not path.is_file():
                raise FontFileMissing(f"bundled font {filename} is missing from {path.parent}")
            font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
            loaded[name] = font
        pdfmetrics.registerFontFamily(
            family,
            normal=spec.normal,
            bold=spec.bold,
            italic=spec.italic,
            boldItalic=spec.bold,
        )
        _cmaps[family] = loaded[spec.normal].face.charToGlyph


def ensure_base_fonts() -> None:
    """The body fonts every letter needs; fallbacks load on demand in `font_for`."""
    ensure_family(BASE)


def _has(family: str, codepoint: int) -> bool:
    ensure_family(family)
    return codepoint in _cmaps[family]


def is_arabic(codepoint: int) -> bool:
    """Arabic letters and presentation forms (what arabic_reshaper produces)."""
    return (
        0x0600 <= codepoint <= 0x06FF
        or 0x0750 <= codepoint <= 0x077F
        or 0x08A0 <= codepoint <= 0x08FF
        or 0xFB50 <= codepoint <= 0xFDFF
        or 0xFE70 <= codepoint <= 0xFEFF
    )


def font_for(char: str) -> str | None:
    """The family that should print `char`: None for the body font, or a fallback family name.

    Returns "" when no bundled font has the glyph (the caller prints U+FFFD instead).
    """
    codepoint = ord(char)
    if codepoint < 0x250:  # Latin-1 + Latin Extended: always in DejaVu; the hot path
        return None
    if is_arabic(codepoint) and _has(ARABIC, codepoint):
        return ARABIC
    if _has(BASE, codepoint):
        return None
    for family in (ARABIC, CJK):
        if _has(family, codepoint):
            return family
    return ""
