"""Turning what a user typed into safe FTS5 queries and code lookups (no SQL execution here).

Every character a user can type is a search, never an exception (DESIGN.md section 6). Raw input
in ``MATCH`` fails in many ways (RELIABILITY.md section 2: ``O'Neil``, ``tooth-14``, ``AND``, ``*``,
a lone ``"``, empty input), and the quoting helpers of sqlite-utils and Datasette still turn ``"``
or whitespace into ``MATCH ''``, which raises. So we quote every token ourselves, with embedded
``"`` doubled, put ``*`` after the last one (prefix search as the user types), and give back
``None`` when nothing searchable is left so the caller skips the query.
"""

from __future__ import annotations

import re

NAME_COLUMNS = ("name", "synonyms")
"""The FTS columns of the 'name or synonym' tier."""

_CODE_RE = re.compile(r"^D?([0-9]{1,8})$")


def tokens(text: str) -> list[str]:
    """Whitespace-separated words that hold at least one letter or digit.

    A token made only of punctuation (``(``, ``-``, ``^``, ``""``) tokenizes to nothing in
    ``unicode61`` anyway; dropping it here keeps it from turning a query into ``MATCH ''``. NUL
    characters end an FTS5 string early ("unterminated string"), so they separate words too.
    """
    cleaned = text.replace("\x00", " ")
    return [word for word in cleaned.split() if any(ch.isalnum() for ch in word)]


def quote(token: str) -> str:
    """One FTS5 string: ``"`` around it, embedded ``"`` doubled (fts5.html section 3.1)."""
    return '"' + token.replace('"', '""') + '"'


def match_expression(
    text: str, columns: tuple[str, ...] = (), *, name_starts: bool = False
) -> str | None:
    """An FTS5 query in which every word must match, the last one as a prefix.

    With ``columns`` each phrase is limited to those columns (``{name synonyms} : "root"``), so
    the words may sit in different columns and in any order. With ``name_starts`` the first
    word must also be the first word of the name (``{name} : ^ "apex"*``), the strongest text
    match. None means: nothing searchable is left, do not query at all.
    """
    words = tokens(text)
    if not words:
        return None
    phrases = [quote(word) for word in words]
    phrases[-1] += "*"
    if columns:
        spec = "{" + " ".join(columns) + "} : "
        phrases = [spec + phrase for phrase in phrases]
    if name_starts:
        first = quote(words[0]) + ("*" if len(words) == 1 else "")
        phrases.insert(0, "{name} : ^ " + first)
    return " AND ".join(phrases)


def code_query(text: str) -> str | None:
    """The code a query stands for, or the start of one: ``" d3357 "`` / ``"3357"`` -> ``D3357``.

    Returns the normalised code prefix (``"D33"`` for ``"33"`` or ``"d33"``, ``"D"`` for ``"d"``)
    or None when the text cannot be the start of a code.
    """
    stripped = text.strip().upper()
    if stripped == "D":
        return "D"
    match = _CODE_RE.match(stripped)
    return "D" + match.group(1) if match else None


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string above every string that starts with ``prefix`` (an index range end)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def normalise_code(text: str) -> str:
    """``" d3330 "`` or ``"3330"`` -> ``"D3330"``; anything else comes back stripped, upper case."""
    stripped = text.strip().upper()
    return "D" + stripped if stripped.isdigit() else stripped
