"""To whom a letter goes and how it greets them: the payer's name over the address's lines,
and the department an "Attn:" line names ("To the Dental Appeals Unit:"), for the appeal and
the prior-authorization request alike. Pure Python; split from ``compose.py``.
"""

from __future__ import annotations

import re

from cdt_desktop.core.patterns import LazyPattern
from cdt_desktop.domain.appeal.letter import split_lines


def addressee_lines(name: str, address: str) -> tuple[str, ...]:
    """The payer's name, then the address's lines; an address that starts with the name (as
    copied from the plan's manual) does not print it twice (billing walkthrough)."""
    lines = split_lines(address)
    name = name.strip()
    if lines and " ".join(lines[0].split()).casefold() == " ".join(name.split()).casefold():
        lines = lines[1:]
    return tuple(x for x in (name, *lines) if x)


_ATTENTION = LazyPattern(r"^(?:attn|attention)\b[.:]?\s*(?:to\b:?)?\s*(.*)$", re.IGNORECASE)
_ACRONYMS = frozenset({"PPO", "HMO", "DHMO", "EPO", "UCR", "ADA", "DDS", "DMD", "USA", "PO"})
_UNIT_WORDS = frozenset(
    {"department", "dept", "dept.", "unit", "office", "team", "committee", "division", "center",
     "centre", "section", "desk"}
)  # fmt: skip
_UNIT_HINTS = _UNIT_WORDS | {"appeals", "appeal", "disputes", "review", "reconsideration",
                             "reconsiderations", "grievances"}  # fmt: skip


def salutation(payer: tuple[str, ...], name: str, default: str) -> str:
    """Whom the letter greets: the department the payer's address names ("Attn: Dental
    Appeals Unit" -> "To the Dental Appeals Unit:"), else ``default`` ("To the Appeals
    Department:"), which greeted every payer, the one whose address says "Attn: Provider
    Disputes" too (billing walkthrough). ``payer``: the addressee's lines (`addressee_lines`);
    the payer's ``name`` among them is not read (it may hold "Review": not a department)."""
    address = [line for line in payer if line != name.strip()]
    for line in address:
        text = " ".join(line.split()).strip(" ,;")
        match = _ATTENTION.match(text)
        whom = _whom(match.group(1)) if match else ""
        if whom:  # "Attn:" alone, or "Attn: Appeals, PO Box 1": the next line, else the default
            return _greeting(whom, default)
    for line in address:
        text = " ".join(line.split()).strip(" ,;")
        words = text.casefold().split()
        if text and not any(c.isdigit() for c in text) and _UNIT_HINTS.intersection(words):
            return _greeting(_whom(text) or text, default)
    return default


def _whom(text: str) -> str:
    """Whom an "Attn" line names, "" when it names nobody a letter can greet: nothing after
    it ("Attn:" greeted "To :"), or an address with numbers in it (review)."""
    whom = text.strip(" ,;:-–—")
    if whom.casefold().startswith("c/o "):
        whom = whom[4:].strip()
    if not any(ch.isalpha() for ch in whom) or any(ch.isdigit() for ch in whom):
        return ""
    return whom


def _greeting(whom: str, default: str) -> str:
    """ "To the Appeals Unit:" (a collective noun takes "the"), "To Jane Ortiz:"; a bare
    "Appeals" keeps ``default`` ("To Appeals:" reads as a slip); an address in capitals greets
    in ordinary case ("ATTN: PROVIDER DISPUTES" -> "To Provider Disputes:")."""
    if whom.isupper():
        whom = " ".join(w if w in _ACRONYMS else w.title() for w in whom.split())
    words = whom.casefold().split()
    if len(words) == 1 and words[0] in _UNIT_HINTS:
        return default
    the = words and words[-1] in _UNIT_WORDS and words[0] != "the"
    return f"To {'the ' if the else ''}{whom}:"
