"""Text that a widget can lay out in time, whatever a file put into it.

Why (issue 15 item 13; docs/design-rules.md, R27): Qt lays out an unbroken run of characters
in about quadratic time: a 1 MB token in a licensed descriptor froze the window for over 200 s,
and 1 MB of notes made the appeal dialog take 95 s to open. Fields are bounded now, but files
imported before, and code sets, can still hold such text. A zero-width space every ``run``
characters of an unbroken run gives Qt (and ReportLab) a place to break without changing what is
shown; ``elide`` keeps only the start of a text too long to read on screen anyway.
"""

from __future__ import annotations

import re

from cdt_desktop.core.patterns import LazyPattern

ZWSP = "\u200b"
_RUNS: dict[int, re.Pattern[str]] = {}


def break_long_runs(text: str, run: int = 60) -> str:
    """``text`` with a zero-width space after every ``run`` characters of an unbroken run."""
    pattern = _RUNS.get(run)
    if pattern is None:
        pattern = _RUNS[run] = re.compile(rf"[^\s{ZWSP}]{{{run + 1},}}")
    if len(text) <= run:
        return text
    return pattern.sub(
        lambda m: ZWSP.join(m[0][i : i + run] for i in range(0, len(m[0]), run)), text
    )


def without_breaks(text: str) -> str:
    """The text as the user typed it: the zero-width spaces of ``break_long_runs`` removed."""
    return text.replace(ZWSP, "")


def capitalized(text: str) -> str:
    """``text`` with its first letter a capital and the rest as written, for a message or a
    clause that opens a sentence (``str.capitalize`` would lower the rest: "CDT" -> "Cdt")."""
    return text[:1].upper() + text[1:]


_TITLES = frozenset({"Dr", "Mr", "Mrs", "Ms", "Prof"})


def in_sentence(text: str) -> str:
    """``text`` typed as a phrase of its own, placed inside a sentence: its first letter lower
    case ("because of Persistent periapical lesion" read as typed into the letter), unless
    its first word is an abbreviation or a name written in capitals ("MB2 missed", "MTA")."""
    first = text.split(" ", 1)[0]
    if (len(first) > 1 and not first[1:].islower()) or first.rstrip(".") in _TITLES:
        return text
    return text[:1].lower() + text[1:]


def elide(text: str, limit: int) -> str:
    """At most ``limit`` characters, saying how many more there were."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters not shown)"


FSI, PDI = "\u2068", "\u2069"
_RTL = LazyPattern("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff]")
"""Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms: right-to-left letters."""
_BIDI_CONTROLS = LazyPattern("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides, isolates: a name saved with one (before `without_controls`) is
isolated too, so an override in it ends with the name (PDI closes it)."""


def isolate(text: str) -> str:
    """``text`` (a name) as a bidi isolate when it holds right-to-left letters, so the words and
    numbers beside it keep their order: without it "Case 1 · مريم حداد · #19 D3330" is shown as
    "Case 1 · 19# · مريم حداد D3330". Left-to-right text is returned as it is."""
    return f"{FSI}{text}{PDI}" if _RTL.search(text) or _BIDI_CONTROLS.search(text) else text


def one_line(text: str) -> str:
    """A one-line field's value: pasted line breaks, tabs and runs of spaces (any Unicode
    whitespace) become one space, and the ends are trimmed. A line edit shows a pasted line
    break as a space but keeps it, and a name with a newline breaks the letter and the claim.
    Control characters go too (`without_controls`)."""
    return " ".join(without_controls(text).split())


def reference_text(text: str) -> str:
    """A number a payer's system matches (claim number, member ID, EOB reference, NPI): one
    line, with full-width digits and letters (an input method left on, a paste from an EOB in
    another language) made the plain ones they stand for (NFKC). "００７" was kept as typed and
    printed in wide letters on the letter, where the payer's system would not match it."""
    line = one_line(text)
    if line.isascii():
        return line
    import unicodedata

    return one_line(unicodedata.normalize("NFKC", line))


_CONTROLS = LazyPattern(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)
"""C0 and C1 control characters (not the whitespace ones), the bidi embeddings, overrides and
isolates, and the invisible characters a paste brings into a name or a number: zero-width space,
word joiner, byte-order mark, soft hyphen, the Mongolian vowel separator and the invisible
operators (a claim number pasted from a portal kept a zero-width space, which the payer's system
does not match, and "Copy plain text" carried it: walkthrough). The marks a right-to-left name
may need (U+200E, U+200F, U+061C) and the joiners some scripts write with (U+200C, U+200D) are
kept."""


def without_controls(text: str) -> str:
    """``text`` without control characters a paste can bring along: a right-to-left override
    (U+202E) in a name reversed the rest of the open case's heading ("Case 1 · A0333D 91#"
    for D3330 on #19), a bell or NUL showed as a box (tour7). Line breaks and tabs stay."""
    return _CONTROLS.compiled().sub("", text) if _CONTROLS.search(text) else text


_NOT_IN_A_NUMBER = frozenset({"So", "Sm", "Sc", "Sk", "Co", "Cn", "Cs"})
"""Unicode categories no payer's number holds: pictographs (emoji), maths, currency and
modifier symbols, private-use, unassigned and lone surrogate code points."""


def stray_symbols(text: str) -> list[str]:
    """The characters of a typed or pasted number (a claim number, an EOB reference) that no
    payer's system would match, as ``U+1F9B7`` (a code point, never the text around it):
    "CLM-1234 🦷" was kept, printed on the letter and sent on the claim (walkthrough 43). Plain
    ASCII, letters and digits of every script and their marks pass."""
    if text.isascii():
        return []
    import unicodedata

    found: list[str] = []
    for char in text:
        if not char.isascii() and unicodedata.category(char) in _NOT_IN_A_NUMBER:
            point = f"U+{ord(char):04X}"
            if point not in found:
                found.append(point)
    return found
