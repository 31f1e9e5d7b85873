"""Strict validation of the reference sources (``data/source/*.toml``, docs/architecture.md).

People edit these files by hand; a typo must stop the build with a message that says which
file and which entry, not ship a library that silently lacks a checklist item. Every problem
is collected, so one run of ``cdt-desktop build-data`` lists them all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.cases.status import DENIAL_CATEGORIES
from cdt_desktop.domain.reference import CHECKLIST_GROUPS, SERIES, SERIES_STEPS, TOOTH_SCOPES

CODE_RE = re.compile(r"^D[0-9]{4}$")  # ASCII digits: \d takes any script's too
CHECKLIST_ID_RE = re.compile(r"^[a-z0-9-]+$")
STATUSES = ("active", "deleted")
_APPEAL_TABLES = ("denial_category", "payer")  # validated by validate_appeals

REQUIRED_KEYS = ("code", "category", "subcategory", "name", "summary")
STRING_KEYS = (
    *REQUIRED_KEYS, "tooth_scope", "series", "series_step", "status", "edition", "deleted_in"
)  # fmt: skip
BOOL_KEYS = ("deletion_unconfirmed",)
DELETED_IN_RE = re.compile(r"^CDT [0-9]{4}$")
LIST_KEYS = (
    "synonyms",
    "replaced_by",
    "verify",
    "when_to_use",
    "when_not_to_use",
    "documentation",
    "billing_tips",
    "prior_auth_tips",
    "related",
)
# sub-table key -> (required string keys, optional keys with their type)
SUB_TABLES: dict[str, tuple[tuple[str, ...], dict[str, type]]] = {
    "compare": (("code", "difference"), {}),
    "checklist": (("id", "text", "group"), {"required": bool}),
    "denial": (("reason", "counter"), {"category": str}),
    "faq": (("q", "a"), {}),
}
ENUMS: dict[str, tuple[str, ...]] = {
    "tooth_scope": TOOTH_SCOPES,
    "series": SERIES,
    "series_step": SERIES_STEPS,
    "status": STATUSES,
}
DEFAULTS: dict[str, Any] = {
    "tooth_scope": "any",
    "series": "",
    "series_step": "",
    "status": "active",
    "deleted_in": "",
    "deletion_unconfirmed": False,
}


class SourceError(InputError):
    """The reference sources are invalid; ``problems`` holds one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the reference sources"
        super().__init__(head + ":\n  " + "\n  ".join(self.problems))


def _label(entry: Any, index: int) -> str:
    code = entry.get("code") if isinstance(entry, dict) else None
    return code if isinstance(code, str) and code else f"entry #{index + 1}"


def _check_entry(entry: dict[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    """Check one ``[[code]]`` table; return it with defaults filled in."""
    known = {*STRING_KEYS, *BOOL_KEYS, *LIST_KEYS, *SUB_TABLES}
    for key in sorted(set(entry) - known):
        problems.append(f"{where}: unknown key '{key}'")
    for key in REQUIRED_KEYS:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: required key '{key}' is missing or empty")
    for key in STRING_KEYS:
        if key in entry and not isinstance(entry[key], str):
            problems.append(f"{where}: '{key}' must be a string")
    for key in BOOL_KEYS:
        if key in entry and not isinstance(entry[key], bool):
            problems.append(f"{where}: '{key}' must be true or false")
    for key in LIST_KEYS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}: '{key}' must be a list of strings")
    _check_deletion(entry, where, problems)
    code = entry.get("code")
    if isinstance(code, str) and code and not CODE_RE.match(code):
        problems.append(f"{where}: code '{code}' does not look like D followed by four digits")
    for key, allowed in ENUMS.items():
        value = entry.get(key, DEFAULTS[key])
        if isinstance(value, str) and value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            problems.append(f"{where}: unknown {key} '{value}' (one of {choices})")
    _check_sub_tables(entry, where, problems)
    return {**DEFAULTS, **entry}


def _check_deletion(entry: dict[str, Any], where: str, problems: list[str]) -> None:
    """``deleted_in`` (the first edition without the code, "CDT 2014") and
    ``deletion_unconfirmed`` belong to a deleted code; an unconfirmed deletion says why in the
    entry's ``verify`` list. The import of a licensed CDT file reads both: a row for a deleted
    code is refused only from that edition on, and never when the deletion is unconfirmed."""
    deleted = entry.get("status") == "deleted"
    when = entry.get("deleted_in", "")
    if isinstance(when, str) and when and not DELETED_IN_RE.match(when):
        problems.append(f"{where}: deleted_in '{when}' must read like 'CDT 2014'")
    unconfirmed = entry.get("deletion_unconfirmed", False)
    if not deleted and (when or unconfirmed):
        problems.append(f"{where}: deleted_in and deletion_unconfirmed need status 'deleted'")
    if unconfirmed is True and not entry.get("verify"):
        problems.append(f"{where}: deletion_unconfirmed needs a verify note saying why")


def _check_sub_tables(entry: dict[str, Any], where: str, problems: list[str]) -> None:
    """The entry's arrays of tables ([[code.denial]], [[code.checklist]], ...): their keys,
    a denial's category and a checklist item's id and group."""
    for key, (required, optional) in SUB_TABLES.items():
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(f"{where}: '{key}' must be an array of tables ([[code.{key}]])")
            continue
        for pos, sub in enumerate(value):
            sub_where = f"{where}, {key} #{pos + 1}"
            for sub_key in sorted(set(sub) - {*required, *optional}):
                problems.append(f"{sub_where}: unknown key '{sub_key}'")
            for sub_key in required:
                if not isinstance(sub.get(sub_key), str) or not sub[sub_key].strip():
                    problems.append(f"{sub_where}: required key '{sub_key}' is missing or empty")
            for sub_key, kind in optional.items():
                if sub_key in sub and not isinstance(sub[sub_key], kind):
                    problems.append(f"{sub_where}: '{sub_key}' must be a {kind.__name__}")
    for pos, denial in enumerate(
        entry.get("denial", []) if isinstance(entry.get("denial"), list) else []
    ):
        category = denial.get("category") if isinstance(denial, dict) else None
        if isinstance(category, str) and category not in DENIAL_CATEGORIES:
            problems.append(
                f"{where}, denial #{pos + 1}: unknown category '{category}' "
                f"(one of {', '.join(DENIAL_CATEGORIES)})"
            )
    for pos, item in enumerate(
        entry.get("checklist", []) if isinstance(entry.get("checklist"), list) else []
    ):
        if not isinstance(item, dict):
            continue
        item_id = item.get("id")
        if isinstance(item_id, str) and item_id and not CHECKLIST_ID_RE.match(item_id):
            problems.append(f"{where}, checklist #{pos + 1}: id '{item_id}' must match [a-z0-9-]+")
        group = item.get("group")
        if isinstance(group, str) and group and group not in CHECKLIST_GROUPS:
            problems.append(
                f"{where}, checklist #{pos + 1}: unknown group '{group}' "
                f"(one of {', '.join(CHECKLIST_GROUPS)})"
            )


def _check_cross(entries: list[tuple[str, dict[str, Any]]], problems: list[str]) -> None:
    """Duplicates, checklist id clashes and references to codes that do not exist."""
    seen: dict[str, str] = {}
    for where, entry in entries:
        code = entry.get("code")
        if not isinstance(code, str):
            continue
        if code in seen:
            problems.append(f"{where}: duplicate code (also in {seen[code]})")
        else:
            seen[code] = where
    items: dict[str, tuple[str, str, str]] = {}
    for where, entry in entries:
        checklist = entry.get("checklist")
        ids_here: set[str] = set()
        for item in checklist if isinstance(checklist, list) else []:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            item_id = item["id"]
            if item_id in ids_here:
                problems.append(f"{where}: checklist id '{item_id}' appears twice")
            ids_here.add(item_id)
            shape = (str(item.get("text")), str(item.get("group")))
            if item_id not in items:
                items[item_id] = (*shape, where)
            elif items[item_id][:2] != shape:
                problems.append(
                    f"{where}: checklist id '{item_id}' has a different text or group than in "
                    f"{items[item_id][2]} (the same id must mean the same item everywhere)"
                )
    for where, entry in entries:
        pointers: list[tuple[str, Any]] = [
            ("related", v)
            for v in entry.get("related", [])
            if isinstance(entry.get("related"), list)
        ]
        pointers += [
            ("replaced_by", v)
            for v in entry.get("replaced_by", [])
            if isinstance(entry.get("replaced_by"), list)
        ]
        compare = entry.get("compare")
        pointers += [
            ("compare", c.get("code"))
            for c in (compare if isinstance(compare, list) else [])
            if isinstance(c, dict)
        ]
        for key, target in pointers:
            if isinstance(target, str) and target not in seen:
                problems.append(f"{where}: {key} points at unknown code '{target}'")
            elif target == entry.get("code"):
                problems.append(f"{where}: {key} points at the entry itself")


def validate_sources(files: Sequence[Path]) -> list[dict[str, Any]]:
    """Parse and check ``files``; return the entries sorted by code or raise `SourceError`."""
    problems: list[str] = []
    entries: list[tuple[str, dict[str, Any]]] = []
    for path in files:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{path.name}: cannot be read as UTF-8 TOML ({exc})")
            continue
        for key in sorted(set(document) - {"code", *_APPEAL_TABLES}):
            problems.append(
                f"{path.name}: unknown top-level key '{key}' "
                "(only [[code]], [[denial_category]] and [[payer]] tables)"
            )
        tables = document.get("code", [])
        if not isinstance(tables, list):
            problems.append(f"{path.name}: 'code' must be an array of tables ([[code]])")
            continue
        for index, entry in enumerate(tables):
            where = f"{path.name}, {_label(entry, index)}"
            if not isinstance(entry, dict):
                problems.append(f"{where}: must be a table")
                continue
            entries.append((where, _check_entry(entry, where, problems)))
    _check_cross(entries, problems)
    if problems:
        raise SourceError(problems)
    return sorted((entry for _, entry in entries), key=lambda e: e["code"])
