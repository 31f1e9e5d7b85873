"""Bundled Unicode fonts for the appeal PDF, registered once and only when text needs them.

ReportLab's standard fonts cover WinAnsi only: a name such as "Nguyễn" would print with a
ZapfDingbats black box (docs/design-rules.md, R20). We embed DejaVu Sans for Latin (any accents),
Greek, Cyrillic, Hebrew, Armenian and Georgian; one font per other script a patient's name may be
written in (Arabic, Hangul, Thai, Devanagari and the other Indic scripts, Lao, Khmer, Myanmar,
Ethiopic); and Droid Sans Fallback for Chinese and Japanese. `font_for` picks a font *per
character*; each font file is read the first time a character of its script appears, so a letter
in English loads DejaVu only. Scripts whose letters change shape or order with their neighbours
(Devanagari's vowel sign i sits left of its consonant, Thai tone marks stack) are `shaped`:
HarfBuzz lays them out (`cdt_desktop.report.shaping`). resources/fonts/LICENSES.md names each
file, its licence and why it is there.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
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
HANGUL = "CDTHangul"


@dataclass(frozen=True)
class _Family:
    normal: str
    bold: str
    italic: str
    files: tuple[tuple[str, str], ...]  # (registered name, file in resources/fonts)
    script: str = ""  # the script's name in messages ("Thai")
    shaped: bool = False  # needs HarfBuzz: marks and vowel signs move, letters join


def _noto(script: str, *, bold: bool = False, shaped: bool = True) -> _Family:
    """A Noto Sans family for one script; without a bold file, bold text uses the regular."""
    name = f"CDT{script}"
    files: tuple[tuple[str, str], ...] = ((name, f"NotoSans{script}-Regular.ttf"),)
    if bold:
        files += ((f"{name}-Bold", f"NotoSans{script}-Bold.ttf"),)
    label = "Myanmar (Burmese)" if script == "Myanmar" else script
    return _Family(name, files[-1][0], name, files, label, shaped)


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
        "Arabic",
    ),
    CJK: _Family(CJK, CJK, CJK, ((CJK, "DroidSansFallbackFull.ttf"),), "Chinese/Japanese"),
    HANGUL: _Family(
        HANGUL,
        f"{HANGUL}-Bold",
        HANGUL,
        ((HANGUL, "NanumSquareR.ttf"), (f"{HANGUL}-Bold", "NanumSquareB.ttf")),
        "Korean (Hangul)",
    ),
}
for _family in (
    _noto("Thai", bold=True),
    _noto("Devanagari", bold=True),
    _noto("Bengali"),
    _noto("Gurmukhi"),
    _noto("Gujarati"),
    _noto("Oriya"),
    _noto("Tamil"),
    _noto("Telugu"),
    _noto("Kannada"),
    _noto("Malayalam"),
    _noto("Sinhala"),
    _noto("Lao"),
    _noto("Myanmar"),
    _noto("Khmer"),
    _noto("Ethiopic", shaped=False),
):
    _FAMILIES[_family.normal] = _family

# Unicode blocks printed by a script font even where DejaVu has a glyph (DejaVu's Lao is not
# shaped): (first, last, family), sorted by first code point.
_SCRIPT_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0900, 0x097F, "CDTDevanagari"),
    (0x0980, 0x09FF, "CDTBengali"),
    (0x0A00, 0x0A7F, "CDTGurmukhi"),
    (0x0A80, 0x0AFF, "CDTGujarati"),
    (0x0B00, 0x0B7F, "CDTOriya"),
    (0x0B80, 0x0BFF, "CDTTamil"),
    (0x0C00, 0x0C7F, "CDTTelugu"),
    (0x0C80, 0x0CFF, "CDTKannada"),
    (0x0D00, 0x0D7F, "CDTMalayalam"),
    (0x0D80, 0x0DFF, "CDTSinhala"),
    (0x0E00, 0x0E7F, "CDTThai"),
    (0x0E80, 0x0EFF, "CDTLao"),
    (0x1000, 0x109F, "CDTMyanmar"),
    (0x1100, 0x11FF, HANGUL),  # conjoining jamo (Droid Sans Fallback has what Nanum lacks)
    (0x1200, 0x139F, "CDTEthiopic"),
    (0x1780, 0x17FF, "CDTKhmer"),
    (0x19E0, 0x19FF, "CDTKhmer"),
    (0x2D80, 0x2DDF, "CDTEthiopic"),
    (0x3130, 0x318F, HANGUL),  # compatibility jamo
    (0xA8E0, 0xA8FF, "CDTDevanagari"),
    (0xA960, 0xA97F, HANGUL),
    (0xA9E0, 0xA9FF, "CDTMyanmar"),
    (0xAA60, 0xAA7F, "CDTMyanmar"),
    (0xAB00, 0xAB2F, "CDTEthiopic"),
    (0xAC00, 0xD7FF, HANGUL),  # syllables and jamo extended-B
)
_BLOCK_STARTS = [first for first, _, _ in _SCRIPT_BLOCKS]
_FALLBACKS = (ARABIC, CJK, HANGUL)

_lock = threading.Lock()
_registered: set[str] = set()  # font names read and registered with ReportLab
_cmaps: dict[str, frozenset[int] | dict[int, int]] = {}


class FontFileMissing(RuntimeError):
    """A bundled font file is missing: the installation is damaged (no patient data inside)."""


def _register(name: str, filename: str) -> TTFont:
    """Read one font file and register it with ReportLab as `name` (callers hold `_lock`)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = resource_path("fonts", filename)
    if not path.is_file():
        raise FontFileMissing(f"bundled font {filename} is missing from {path.parent}")
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    _registered.add(name)
    return font


def ensure_family(family: str) -> None:
    """Register `family` with ReportLab unless that already happened: its regular font (the
    body family: every style, the letter's styles name them); a script's bold font is read
    the first time bold text needs it (`face`)."""
    if family in _cmaps:
        return
    with _lock:
        if family in _cmaps:
            return
        from reportlab.pdfbase import pdfmetrics

        spec = _FAMILIES[family]
        files = spec.files if family == BASE else spec.files[:1]
        loaded = {name: _register(name, filename) for name, filename in files}
        pdfmetrics.registerFontFamily(
            family,
            normal=spec.normal,
            bold=spec.bold,
            italic=spec.italic,
            boldItalic=spec.bold,
        )
        if spec.shaped:
            from cdt_desktop.report import shaping

            shaping.install(SHAPED_FONTS)
        _cmaps[family] = loaded[spec.normal].face.charToGlyph


def family_files(family: str) -> list[str]:
    """The font files of ``family`` (regular first), in resources/fonts."""
    return [filename for _name, filename in _FAMILIES[family].files]


def missing_files() -> list[str]:
    """The bundled font files that are not installed (a damaged installation)."""
    names = [filename for spec in _FAMILIES.values() for _, filename in spec.files]
    return [name for name in names if not resource_path("fonts", name).is_file()]


def ensure_base_fonts() -> None:
    """The body fonts every letter needs; fallbacks load on demand in `font_for`."""
    ensure_family(BASE)


def _has(family: str, codepoint: int) -> bool:
    ensure_family(family)
    return codepoint in _cmaps[family]


def has_glyph(family: str, char: str) -> bool:
    """Whether `family`'s regular font has a glyph for `char` (loads the family)."""
    return _has(family, ord(char))


def is_arabic(codepoint: int) -> bool:
    """Arabic letters and presentation forms (what arabic_reshaper produces)."""
    return (
        0x0600 <= codepoint <= 0x06FF
        or 0x0750 <= codepoint <= 0x077F
        or 0x08A0 <= codepoint <= 0x08FF
        or 0xFB50 <= codepoint <= 0xFDFF
        or 0xFE70 <= codepoint <= 0xFEFF
    )


def script_family(codepoint: int) -> str | None:
    """The script font that prints `codepoint`'s block, if a script font is bundled for it."""
    at = bisect_right(_BLOCK_STARTS, codepoint) - 1
    if at >= 0:
        first, last, family = _SCRIPT_BLOCKS[at]
        if first <= codepoint <= last:
            return family
    return None


def script_name(family: str) -> str:
    """The script a fallback family prints, for messages ("Thai")."""
    return _FAMILIES[family].script


def face(family: str, *, bold: bool = False) -> str:
    """The registered font of `family` for regular or bold text (bold may be the regular)."""
    ensure_family(family)
    spec = _FAMILIES[family]
    name = spec.bold if bold else spec.normal
    if name not in _registered:
        with _lock:
            if name not in _registered:
                _register(name, dict(spec.files)[name])
    return name


SHAPED_FAMILIES = frozenset(name for name, spec in _FAMILIES.items() if spec.shaped)
# every registered font name (regular and bold) of the shaped families
SHAPED_FONTS = frozenset(
    font for spec in _FAMILIES.values() if spec.shaped for font, _ in spec.files
)


def font_for(char: str) -> str | None:
    """The family that should print `char`: None for the body font, or a fallback family name.

    Returns "" when no bundled font has the glyph (the caller leaves it out or names it).
    """
    codepoint = ord(char)
    if codepoint < 0x250:  # Latin-1 + Latin Extended: always in DejaVu; the hot path
        return None
    if 0xE000 <= codepoint <= 0xF8FF:  # private use: shaping maps glyphs there (`shaping`)
        return ""
    if is_arabic(codepoint) and _has(ARABIC, codepoint):
        return ARABIC
    script = script_family(codepoint)
    if script is not None and _has(script, codepoint):
        return script
    if _has(BASE, codepoint):
        return None
    for family in _FALLBACKS:
        if family != script and _has(family, codepoint):
            return family
    return ""
