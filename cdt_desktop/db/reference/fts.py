"""Turning what a user typed into safe FTS5 queries and code lookups (no SQL execution here).

Every character a user can type is a search, never an exception (docs/design-rules.md, Bad input,
and R11). Raw input in ``MATCH`` fails in many ways (``O'Neil``, ``tooth-14``, ``AND``, ``*``, a
lone ``"``, empty input), and the quoting helpers of sqlite-utils and Datasette still turn ``"`` or
whitespace into ``MATCH ''``, which raises. So we quote every token ourselves, with embedded ``"``
doubled, put ``*`` after the last one (prefix search as the user types), and give back ``None`` when
nothing searchable is left so the caller skips the query.
"""

from __future__ import annotations

import re

NAME_COLUMNS = ("name", "synonyms")
"""The FTS columns of the 'name or synonym' tier."""

_CODE_RE = re.compile(r"^D?\s*([0-9]{1,8})$")  # "D 3330" as typed from a paper form


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
    phrases = [_phrase(word, last=index == len(words) - 1) for index, word in enumerate(words)]
    if columns:
        spec = "{" + " ".join(columns) + "} : "
        phrases = [spec + phrase for phrase in phrases]
    if name_starts:
        phrases.insert(0, "{name} : ^ " + _phrase(words[0], last=len(words) == 1))
    return " AND ".join(phrases)


def _phrase(word: str, *, last: bool) -> str:
    """One word's phrase: a prefix when it is the last (the user is typing it), and a plural
    as the start of its singular ("molars" finds "molar", "pulp caps" "pulp cap": the names
    and synonyms are singular; dentist walkthrough)."""
    stem = plural_stem(word)
    if stem is not None:
        return quote(stem) + "*"
    return quote(word) + ("*" if last else "")


def plural_stem(word: str) -> str | None:
    """The start both a plural and its singular share, for a prefix match: "molars" -> "molar",
    "cavities" -> "cavit", "abscesses" -> "abscess"; None for a word that is no plain plural
    ("abscess", "apexogenesis", "caries", "teeth" (see `singular`), under four letters, not
    all letters)."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return None
    found = singular(word)
    if found is None:
        return None
    return word[:-3] if lower.endswith("ies") else found


_IRREGULAR = {"teeth": "tooth"}
_NOT_PLURAL = frozenset({"caries", "series", "species"})


def singular(word: str) -> str | None:
    """``word``'s singular ("molars" -> "molar", "cavities" -> "cavity", "abscesses" ->
    "abscess", "teeth" -> "tooth"), or None when it is no plural: the synonyms are singular,
    and "wisdom teeth" is the synonym "wisdom tooth" (review)."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if len(lower) < 4 or not lower.isalpha() or lower in _NOT_PLURAL or not lower.endswith("s"):
        return None
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if lower.endswith(("ss", "us", "is")):
        return None
    return word[:-1]


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
