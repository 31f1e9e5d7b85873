"""A tooth written in one notation, read in another: shown, sorted, searched and named in sentences.

A case keeps its tooth as it was typed, in the notation of the PC that typed it (FDI "46", Palmer
"LR6"); the selector and the services write their sentences the Universal way ("#19"). Every
reader that crosses notations lives here: a case's tooth as another PC numbers teeth
(`tooth_shown`: the case list, the heading, the status dialog), one sort order for teeth of every
notation (`universal_order`: the case list), a sentence's Universal teeth in the PC's notation
(`in_notation`: candidates, checklist, case form), and what a typed word names in every
notation (`tooth_aliases`: the case search).

Why apart from `teeth`: that module is the tooth itself, its numbering and its parsing, which the
chart needs at start-up; these readers change with what the window shows a PC set to another
notation, and none of them runs before the first tooth, case or search, so their callers on the
start path import this module where they use it (docs/performance.md: every module imported at
start costs). It depends only on `teeth`, never the other way round.
"""

import re

from cdt_desktop.core.patterns import LazyPattern
from cdt_desktop.domain.teeth import (
    InvalidToothError,
    Notation,
    label_in,
    parse_tooth,
    tooth_label,
)


def tooth_shown(tooth_text: str, notation: str = "", viewer: str = "") -> str:
    """A case's tooth as a PC set to ``viewer`` writes teeth: Universal "19" is "FDI 36" at an
    FDI PC and "Palmer LL6" at a Palmer one; FDI "46" is "#30" at a Universal PC. Display only:
    the stored text is never changed. Written as stored (`tooth_label`) when it is not a tooth
    in its own notation, when that notation or ``viewer`` is unknown, when ``viewer`` is the
    notation it was written in, or when ``viewer`` has no number for it (a supernumerary in
    FDI): nothing is guessed. An empty notation is Universal's, the case file's default."""
    written = (notation or "universal").strip().lower()
    shown = (viewer or written).strip().lower()
    known = {n.value for n in Notation}
    if shown == written or written not in known or shown not in known or not tooth_text.strip():
        return tooth_label(tooth_text, notation)
    try:
        found = parse_tooth(tooth_text, written)
    except InvalidToothError:
        return tooth_label(tooth_text, notation)
    if shown == Notation.FDI and found.fdi is None:
        return tooth_label(tooth_text, notation)
    return label_in(found, shown)


def universal_order(tooth_text: str, notation: str = "") -> tuple[int, int, str]:
    """A sort key putting teeth of every notation in one order: by Universal number (#1-#32),
    then primary teeth A-T, then what is not a tooth, as written."""
    try:
        found = parse_tooth(tooth_text, notation or Notation.UNIVERSAL)
    except InvalidToothError:
        return (2, 0, tooth_text.strip().upper())
    if found.universal.isdigit():
        return (0, int(found.universal), "")
    return (1, 0, found.universal)


_UNIVERSAL_REF = LazyPattern(r"#([0-9]{1,2}|[A-T]S?)\b")


def in_notation(text: str, notation: str) -> str:
    """The selector's and the services' sentences name teeth the Universal way ("#19 is a
    permanent molar", "#L"), as claims and letters do; a PC set to FDI or Palmer reads them in
    its own numbers ("tooth 36 is a permanent molar", "tooth LL6"): "#19" means nothing to an
    FDI reader, or another tooth."""
    if notation in ("", "universal") or "#" not in text:
        return text

    def swap(match: re.Match[str]) -> str:
        try:
            return f"tooth {parse_tooth(match.group(1)).format(notation)}"
        except (InvalidToothError, ValueError):
            return match.group(0)

    return _UNIVERSAL_REF.compiled().sub(swap, text)


def tooth_aliases(text: str) -> list[str]:
    """What a typed word may name as a tooth, in every notation's writing ("36" is FDI 36, so
    Universal 19 and Palmer LL6 too; "19" is Universal 19, FDI 36, Palmer LL6): the case
    search finds a case by its tooth however the case and the one searching write it. A word
    that is a tooth in none gives []."""
    found: list[str] = []
    for notation in Notation:
        try:
            tooth = parse_tooth(text, notation)
        except InvalidToothError:
            continue
        for written in (tooth.universal, tooth.fdi or "", tooth.palmer):
            if written and written not in found:
                found.append(written)
    return found
