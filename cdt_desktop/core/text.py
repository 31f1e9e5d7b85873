"""Text that a widget can lay out in time, whatever a file put into it.

Why (issue 15 item 13; RELIABILITY.md requirement 27): Qt lays out an unbroken run of characters
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


def elide(text: str, limit: int) -> str:
    """At most ``limit`` characters, saying how many more there were."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters not shown)"


FSI, PDI = "\u2068", "\u2069"
_RTL = LazyPattern("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff]")
"""Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms: right-to-left letters."""


def isolate(text: str) -> str:
    """``text`` (a name) as a bidi isolate when it holds right-to-left letters, so the words and
    numbers beside it keep their order: without it "Case 1 · مريم حداد · #19 D3330" is shown as
    "Case 1 · 19# · مريم حداد D3330". Left-to-right text is returned as it is."""
    return f"{FSI}{text}{PDI}" if _RTL.search(text) else text


def one_line(text: str) -> str:
    """A one-line field's value: pasted line breaks, tabs and runs of spaces (any Unicode
    whitespace) become one space, and the ends are trimmed. A line edit shows a pasted line
    break as a space but keeps it, and a name with a newline breaks the letter and the claim."""
    return " ".join(text.split())
