"""The teeth a film's caption names, in any notation the office writes: "PA #30", "tooth 30",
"FDI 46", "Palmer LR6" or "LR6" (each is Universal #30), "tooth #K".

Why: the Checklist row and Mark as submitted ask about a film whose caption names another tooth
than the case's (a film of #30 attached to a #19 case by mistake). A number that counts the
films ("Film #2 of 3", "Bitewing #1", "BWX #4", "Image #3/4"), a date, or a number with no tooth
sign and no word "tooth" ("PA 2", "BWX 4") names no tooth; a tooth in FDI or Palmer does, and
was not seen ("Pre-op PA FDI 46" on a #19 case went unasked).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth


class Mention(NamedTuple):
    """A tooth named in a caption: as written ("#30", "FDI 46", "Palmer LR6"), the bare text
    after the tooth sign ("30", "46", "LR6"), and its Universal designation ("" when it is none,
    as a bare "#36" of an FDI office)."""

    written: str
    bare: str
    universal: str


_SIGNED = re.compile(r"#\s*([1-9]\d?|[A-Ta-t])\b")
_WORD = re.compile(r"\b(?i:tooth)\s+([1-9]\d?|[A-T])\b")  # "tooth 30", "tooth K"
_FDI = re.compile(r"\bFDI\s*#?\s*([1-4][1-8]|[5-8][1-5])\b", re.IGNORECASE)
_PALMER = re.compile(  # "Palmer LR6", "palmer ll 6", or a bare "LR6" / "UL E" in capitals
    r"(?:\b(?i:palmer)\s*(?i:([ul][rl])\s*-?\s*([1-8]|[a-e]))|\b([UL][RL])\s?-?\s?([1-8]|[A-E]))\b"
)
_COUNTED = re.compile(  # "Film #2", "Bitewing #1", "image #3": the film's own number
    r"\b(?:films?|images?|pictures?|photos?|bitewings?|bwx?|views?|pages?|exposures?|shots?|"
    r"no\.?|number|series|sets?|scans?)\s*$",
    re.IGNORECASE,
)
_OF_MANY = re.compile(r"^\s*(?:of\s+\d+|/\s*\d+)", re.IGNORECASE)  # "#2 of 3", "#2/3"


def _universal(text: str, notation: str) -> str:
    try:
        return parse_tooth(text, notation).universal
    except InvalidToothError:
        return ""


def caption_mentions(caption: str) -> list[Mention]:
    """Every tooth ``caption`` names, once each, sorted by how it is written."""
    found: dict[str, Mention] = {}
    taken: list[range] = []
    for match in _FDI.finditer(caption):
        number = match.group(1)
        found.setdefault(
            f"FDI {number}", Mention(f"FDI {number}", number, _universal(number, "fdi"))
        )
        taken.append(range(match.start(), match.end()))
    for match in _PALMER.finditer(caption):
        quadrant = (match.group(1) or match.group(3)).upper()
        tooth = f"{quadrant}{(match.group(2) or match.group(4)).upper()}"
        found.setdefault(
            f"Palmer {tooth}", Mention(f"Palmer {tooth}", tooth, _universal(tooth, "palmer"))
        )
        taken.append(range(match.start(), match.end()))
    for pattern in (_SIGNED, _WORD):
        for match in pattern.finditer(caption):
            before, after = caption[: match.start()], caption[match.end() :]
            if any(match.start() in span for span in taken):
                continue
            if _COUNTED.search(before) or _OF_MANY.match(after):
                continue
            bare = match.group(1).upper()
            found.setdefault(f"#{bare}", Mention(f"#{bare}", bare, _universal(bare, "universal")))
    return sorted(found.values())


def caption_teeth(caption: str) -> list[str]:
    """The teeth ``caption`` names, upper case, sorted: the bare number or letter of a Universal
    tooth ("19", "K"), else as written ("FDI 46", "Palmer LR6"); not a number that counts the
    films ("Film #2 of 3", "Bitewing #1", "#2/4"), which the check read as tooth #2 (review11)."""
    return sorted(
        m.bare if m.written.startswith("#") else m.written for m in caption_mentions(caption)
    )
