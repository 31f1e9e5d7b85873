"""User text -> safe ReportLab Paragraph markup: escaped, font-fallback tagged, Arabic shaped.

ReportLab parses Paragraph text as markup: ``a<b`` raises, ``R&D`` turns into ``R&D;``,
``<img src=...>`` reads a local file and the exception message embeds the text (PHI). So every
user string is escaped with `xml.sax.saxutils.escape` *first*, run by run, and only then do we add
our own ``<font>`` tags for the characters the body font lacks (RELIABILITY.md requirement 19).
Arabic and Hebrew runs are shaped (arabic_reshaper) and put in visual order (python-bidi),
because ReportLab lays glyphs out left to right without shaping.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from cdt_desktop.report import fonts

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL_RUN = re.compile(rf"[{_RTL}](?:[{_RTL}\s\u064b-\u065f]*[{_RTL}])?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def normalise(text: str) -> str:
    """NFC (so "Nguyễn" typed with combining marks uses precomposed glyphs), no control chars."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " "))
    return _CONTROL.sub("", text)


def visual_order(text: str) -> str:
    """Shape and reorder each right-to-left run in place; left-to-right text is untouched."""
    if not _RTL_RUN.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    def _fix(match: re.Match[str]) -> str:
        run = arabic_reshaper.reshape(match.group(0))
        return str(get_display(run, base_dir="R"))

    return _RTL_RUN.sub(_fix, text)


def markup(text: str) -> str:
    """Paragraph markup that prints `text` literally, in fonts that have every glyph.

    Newlines become line breaks. Characters no bundled font has become U+FFFD.
    """
    text = visual_order(normalise(text))
    fonts.ensure_base_fonts()
    out: list[str] = []
    run: list[str] = []
    current: str | None = None

    def _flush() -> None:
        if not run:
            return
        chunk = escape("".join(run)).replace("\n", "<br/>")
        out.append(f'<font name="{current}">{chunk}</font>' if current else chunk)
        run.clear()

    for char in text:
        family = None if char in "\n " else fonts.font_for(char)
        if family == "":
            char, family = REPLACEMENT, None
        if family != current:
            _flush()
            current = family
        run.append(char)
    _flush()
    return "".join(out)


def plain(text: str) -> str:
    """`text` as it should appear in a plain-text channel: normalised, no control characters."""
    return normalise(text)
