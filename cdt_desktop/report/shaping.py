"""HarfBuzz shaping for the scripts whose letters change shape, order or position in context.

ReportLab 5 shapes Paragraph text with HarfBuzz (the `uharfbuzz` package) when the style says
``shaping=1``, word by word. Its `shapeFragWord` shapes a whole word with the font of the word's
*first* fragment, so a word that mixes fonts ("(अनिता)": brackets in DejaVu Sans, the name in Noto
Sans Devanagari) came out as the wrong glyphs. `install` replaces the function Paragraph calls
with `shape_frag_word`, which shapes each run of one font on its own and only the runs in a
shaped script font; Latin, Greek, Cyrillic, Chinese and Korean runs stay as they are (they need
no shaping, and leaving them alone keeps the common letter fast and its text unchanged).
Arabic and Hebrew are joined and reordered before ReportLab sees them (`markup.visual_order`).

A shaped glyph that stands for no single character (a conjunct such as क्ष, a vowel sign's
variant) gets a private-use code from ReportLab, which its ToUnicode map then declares as the
glyph's text: copying or extracting the name gave "अनता" for अनिता, or nothing for a Tamil
conjunct. `shape_frag_word` notes which characters each such glyph stands for and the
ToUnicode maps we write (`_to_unicode_cmap`) say so, so the text a payer's system reads back
holds every letter (within a syllable in drawing order, as any PDF of these scripts).
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

_installed = False
_shaped_fonts: frozenset[str] = frozenset()
_PRIVATE = range(0xE000, 0xF900)
# (PostScript font name, private-use code) -> the characters that glyph stands for
_glyph_text: dict[tuple[str, int], str] = {}


def available() -> bool:
    """Whether HarfBuzz can be used (the `uharfbuzz` wheel is installed and loads)."""
    from reportlab.pdfbase import ttfonts

    return ttfonts.uharfbuzz is not None


def install(shaped_fonts: frozenset[str]) -> None:
    """Make Paragraph shape runs in `shaped_fonts` (registered font names) with
    `shape_frag_word`; harmless without HarfBuzz."""
    global _installed, _shaped_fonts
    _shaped_fonts = _shaped_fonts | shaped_fonts
    if _installed:
        return
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph

    paragraph.shapeFragWord = shape_frag_word
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    _installed = True


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap for one font subset, with the text of shaped glyphs (and
    characters beyond the BMP as UTF-16 pairs, which ReportLab wrote as five hex digits)."""
    face = fontname.split("+")[-1]
    pairs = [
        f"<{i:02X}> <{_utf16(_glyph_text.get((face, code)) or chr(code))}>"
        for i, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _note_glyph_text(
    font_name: str, text: str, shaped: list[tuple[Any, str]], *, learn: bool = True
) -> None:
    """Remember what each private-use glyph of a shaped run stands for (see the module doc).

    Within a cluster (the characters HarfBuzz drew as a group), the characters that neither
    an ordinary glyph nor an already known private-use glyph of the cluster shows belong to its
    one unknown private-use glyph. A cluster with several unknown ones (a Telugu conjunct of
    three consonants) is learnt from its shorter beginnings first, each shaped on its own.
    """
    glyphs = "".join(str(part) for _, part in shaped)
    data = [d for _, part in shaped for d in getattr(part, "__shapeData__", None) or []]
    if len(data) != len(glyphs) or not any(ord(g) in _PRIVATE for g in glyphs):
        return
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.pdfmetrics import getFont

    name = getFont(font_name).face.name
    face = name.decode("latin-1") if isinstance(name, bytes) else str(name)
    starts = sorted({d.cluster for d in data})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    for cluster in starts:
        members = [g for g, d in zip(glyphs, data, strict=True) if d.cluster == cluster]
        chars = text[cluster : ends[cluster]]
        if _learn_cluster(face, members, chars) > 1 and learn:
            for end in range(2, len(chars)):
                piece = [_width_of(font_name, chars[:end]), (shaped[0][0], chars[:end])]
                again = ttfonts.shapeFragWord(piece)
                if again is not piece:
                    _note_glyph_text(font_name, chars[:end], again[1:], learn=False)
            _learn_cluster(face, members, chars)


def _learn_cluster(face: str, members: list[str], chars: str) -> int:
    """Learn the one unknown private-use glyph of a cluster; the number of unknown ones."""
    rest = list(chars)
    for glyph in members:
        if ord(glyph) not in _PRIVATE and glyph in rest:
            rest.remove(glyph)
    unknown = []
    for glyph in (g for g in members if ord(g) in _PRIVATE):
        known = _glyph_text.get((face, ord(glyph)))
        if known is not None and all(known.count(c) <= rest.count(c) for c in known):
            for char in known:
                rest.remove(char)
        else:
            unknown.append(glyph)
    if len(unknown) == 1 and rest:
        _glyph_text[(face, ord(unknown[0]))] = "".join(rest)
        return 0
    return len(unknown)


def _width_of(font_name: str, text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import getFont

    return float(getFont(font_name).stringWidth(text, 10))


def _font_name(part: tuple[Any, str]) -> str:
    return str(getattr(part[0], "fontName", ""))


def _width(parts: list[tuple[Any, str]]) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(sum(stringWidth(text, style.fontName, style.fontSize) for style, text in parts))


def shape_frag_word(word: list[Any], *_: Any, **__: Any) -> list[Any]:
    """`word` ([width, (style, text), ...]) with each run in a shaped font shaped in that font."""
    from reportlab.pdfbase import ttfonts

    if isinstance(word, ttfonts.ShapedFragWord) or ttfonts.uharfbuzz is None:
        return word
    parts = word[1:]
    if any(hasattr(style, "cbDefn") for style, _ in parts):  # images, anchors: none in a letter
        return word
    if not any(_font_name(part) in _shaped_fonts for part in parts):
        return word
    width = 0.0
    shaped_parts: list[Any] = []
    changed = False
    for name, run in groupby(parts, key=_font_name):
        group = list(run)
        if name in _shaped_fonts:
            piece = [_width(group), *group]
            shaped = ttfonts.shapeFragWord(piece)
            if shaped is not piece:
                changed = True
                _note_glyph_text(name, "".join(text for _, text in group), shaped[1:])
            width += shaped[0]
            shaped_parts += shaped[1:]
        else:
            width += _width(group)
            shaped_parts += group
    if not changed:
        return word
    result: list[Any] = ttfonts.makeShapedFragWord(word)([width, *shaped_parts])
    return result
