"""Pictographs (emoji, dingbats) are left out of every appeal channel, deliberately.

Staff paste text from portals and messages into the case ("Patient says 🦷 hurts", a denial quote
with a ✅): the letter's embedded fonts have no colour emoji, so the PDF would print a replacement
box, and a payer's reviewer reads a pictograph as noise at best. The PDF, the plain-text narrative
and the claim remark therefore all drop them in the same way (`without_pictographs`), so the three
say the same thing. Letters, digits, punctuation, arrows and the usual typographic signs stay.
Pure Python.
"""

from __future__ import annotations

import re

_PICTOGRAPH_RANGES = (
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats (☀ ✅ ❤ ✂)
    "\u2b00-\u2bff"  # miscellaneous symbols and arrows (⭐ ⬛)
    "\U0001f000-\U0001faff"  # the emoji blocks: cards, flags, pictographs, emoticons, transport
)
_EMOJI_PARTS = (
    "\ufe0e\ufe0f"  # text/emoji presentation selectors
    "\u20e3"  # combining keycap (1️⃣)
    "\U000e0020-\U000e007f"  # tag characters (subdivision flags)
)
# A run of pictographs, each with its selectors and zero-width-joined partners (👩‍⚕️ is one
# emoji), and the spaces around the run.
_ONE = rf"[{_PICTOGRAPH_RANGES}][{_EMOJI_PARTS}]*(?:\u200d[{_PICTOGRAPH_RANGES}][{_EMOJI_PARTS}]*)*"
_RUN = re.compile(rf"([ \t]*){_ONE}(?:[ \t]*{_ONE})*([ \t]*)")
_STRAY = re.compile(rf"[{_EMOJI_PARTS}]")
_ANY = re.compile(rf"[{_PICTOGRAPH_RANGES}{_EMOJI_PARTS}]")
_ONE_RE = re.compile(_ONE)


def without_pictographs(text: str) -> str:
    """`text` without emoji and dingbats (nor their joiners and selectors); other text as is.

    The spaces around a dropped run become one space between words and none at the start or
    end of a line or a quotation: "tooth 🦷 pain" -> "tooth pain", "🦷 Pain" -> "Pain", and a
    quoted denial reason ending in one keeps no space before its closing quote.
    """
    if text.isascii() or not _ANY.search(text):
        return text

    def _space(match: re.Match[str]) -> str:
        before, after = match.group(1), match.group(2)  # the spaces around the run
        # a line's start or end, or a quotation's: '"😀 Pain"', 'necessary 😀"' keep no space
        opening = "\n" + ("" if before else "\"'([\u201c\u2018")
        closing = "\n.,;:!?)]\u201d" + ("" if after else "\"'\u2019")
        at_start = match.start() == 0 or text[match.start() - 1] in opening
        at_end = match.end() == len(text) or text[match.end()] in closing
        spaced = bool(before or after)
        return " " if spaced and not at_start and not at_end else ""

    return _STRAY.sub("", _RUN.sub(_space, text))


def pictographs(text: str) -> list[str]:
    """The pictographs `without_pictographs` would leave out of `text`, each once, in order."""
    if text.isascii():
        return []
    return list(dict.fromkeys(m.group(0) for m in _ONE_RE.finditer(text)))


def pictographs_named(text: str) -> str:
    """The pictographs in `text` as a message names them, with their code points ("🦷
    (U+1F9B7)": a PC without an emoji font drew "has □ in it"), at most three; "" for none."""
    found = pictographs(text)
    return ", ".join(f"{p} (U+{ord(p[0]):04X})" for p in found[:3])
