"""Reading a case file's JSON, and the problems a case file can have.

The one reader for the command line, the window and both case stores (``parse_case_json``):
it refuses what ``json.loads`` would accept silently (duplicate keys, NaN and Infinity, unpaired
surrogates) and turns what it raises on (deep nesting, a 5,000-digit number) into problems that
name the field, never its value. ``model.validate_case_dict`` checks the sections and fields.
"""

from __future__ import annotations

import json
from typing import Any

from cdt_desktop.core.errors import InputError


class Problem(str):
    """One problem of a case file, structured: `section` and `field` name where ("" for the file
    as a whole or a whole section) and `message` says what is wrong.

    It is also its own one-line text ("'claim.date_of_service' must be a date as YYYY-MM-DD"),
    which the command line prints; the window places `message` beside the field's editor by
    `section`/`field`, so no layer ever parses the text.
    """

    section: str
    field: str
    message: str

    def __new__(cls, section: str, field: str, message: str) -> Problem:
        where = f"{section}.{field}" if field else section
        text = f"'{where}' {message}" if where else message
        problem = super().__new__(cls, text)
        problem.section, problem.field, problem.message = section, field, message
        return problem


EMPTY, CUT_OFF, DAMAGED, FOREIGN = "empty", "cut-off", "damaged", "foreign"
"""Why a file could not be read as a case file at all (``CaseFileError.unreadable``): empty,
cut off (it ends too early: a copy or a download stopped), damaged (a case file's start, then
something no case file holds), or no case file (another file renamed, a text file)."""


class CaseFileError(InputError):
    """A case file that cannot be used; `problems` lists every problem found. `unreadable`
    says why a file could not be read at all (EMPTY, CUT_OFF, DAMAGED, FOREIGN; "" when it was
    read and its fields are what is wrong), so the window can say it in a user's words while the
    problems keep the detail (the command line prints them)."""

    def __init__(self, problems: list[Problem], *, unreadable: str = ""):
        self.problems = problems
        self.unreadable = unreadable
        super().__init__("; ".join(problems))


class _NotFinite(float):
    """NaN or an infinity in the file: kept as a marker so the problem can name its field."""


def parse_case_json(text: str) -> Any:
    """The JSON value of a case file, or CaseFileError naming what is wrong.

    The one reader for the CLI, the window and the store: refuses what ``json.loads`` would
    accept silently (duplicate keys, NaN and Infinity, unpaired surrogates) and maps what it
    raises on (deep nesting, a 5,000-digit number) to problems instead of internal errors."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    def number(token: str) -> float:
        value = float(token)
        return value if value - value == 0 else _NotFinite(value)  # 1e999 is inf

    try:
        data = json.loads(
            text, object_pairs_hook=pairs, parse_float=number, parse_constant=_NotFinite
        )
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            [Problem("", "", f"not valid JSON (line {exc.lineno}, column {exc.colno})")],
            unreadable=_why_unreadable(text, exc),
        ) from None
    except RecursionError:  # e.g. "[[[[...": json nests one Python call per level
        raise CaseFileError([Problem("", "", "not valid JSON (nested too deeply)")]) from None
    except ValueError:  # an integer longer than Python's int_max_str_digits
        raise CaseFileError([Problem("", "", "not valid JSON (a number is too long)")]) from None
    problems = [
        Problem("", "", f"the key '{shown_key(key)}' appears more than once") for key in duplicates
    ]
    for where, kind in _bad_values(data, ""):
        section, _, key = where.partition(".")
        if kind == "surrogate":
            problems.append(Problem(section, key, "holds an unpaired surrogate, not a character"))
        else:
            problems.append(Problem(section, key, "is NaN or Infinity, which is not a JSON number"))
    if problems:
        raise CaseFileError(problems)
    return data


_PADDING = " \t\r\n\x00"
"""Blanks, and the NUL bytes a copy stopped half-way can leave at the end of a file."""
_CUT_TOKENS = frozenset(("t", "tr", "tru", "f", "fa", "fal", "fals", "n", "nu", "nul"))


def _why_unreadable(text: str, exc: json.JSONDecodeError) -> str:
    """Why ``text`` is no JSON, in a user's terms: nothing in it; not a case file (a case file
    starts with "{"); cut off (the error is where the file ends: in its last string, word or
    number, or after the last complete value); else damaged."""
    body = text.strip(_PADDING)
    if not body:
        return EMPTY
    if not body.startswith("{"):
        return FOREIGN
    tail = text[exc.pos :].strip(_PADDING)
    if (
        not tail
        or exc.msg.startswith("Unterminated string")
        or tail in _CUT_TOKENS
        or all(ch in "-+.eE0123456789" for ch in tail)
    ):
        return CUT_OFF
    return DAMAGED


def _bad_values(value: Any, where: str, depth: int = 0) -> list[tuple[str, str]]:
    """(field path, kind) of each lone surrogate (it cannot be printed or saved) and each
    NaN/Infinity in the file."""
    if isinstance(value, str):
        return [] if _encodable(value) else [(where, "surrogate")]
    if isinstance(value, _NotFinite):
        return [(where, "number")]
    found: list[tuple[str, str]] = []
    if isinstance(value, dict) and depth < 8:
        for key, item in value.items():
            path = f"{where}.{shown_key(key)}" if where else shown_key(key)
            if not _encodable(key):
                found.append((path, "surrogate"))
            else:
                found += _bad_values(item, path, depth + 1)
    elif isinstance(value, list) and depth < 8:
        for index, item in enumerate(value):
            found += _bad_values(item, f"{where}[{index}]", depth + 1)
    return found


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_key(key: object, limit: int = 40) -> str:
    """A key from the file as an error message may show it: one line, printable, short.

    Keys come from the user's file: a newline would split the CLI's one ``error:`` line, and a
    10 KB key would flood it.
    """
    text = "".join(ch if ch.isprintable() else "?" for ch in str(key))
    return text if len(text) <= limit else text[: limit - 3] + "..."
