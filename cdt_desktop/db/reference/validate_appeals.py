"""Validation of the appeal reference data: ``[[denial_category]]`` and ``[[payer]]`` tables.

They may sit in any ``data/source/*.toml`` (``appeals.toml`` holds them). Like the code entries,
every problem is collected and names the file and the table, so one build lists them all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cdt_desktop.db.reference.validate import SourceError
from cdt_desktop.domain.cases.status import DENIAL_CATEGORIES

APPEAL_TABLES = ("denial_category", "payer")
PLACEHOLDERS = frozenset(
    [
        "code",
        "code_name",
        "tooth",
        "date_of_service",
        "pulpal_diagnosis",
        "periapical_diagnosis",
        "irreversible_pulp",
        "irreversible_pulp_unauthorized",
        "prior_auth_number",
        "root",
        "tests",
        "control_tooth",
        "preop_radiograph_date",
        "postop_radiograph_date",
        "radiograph_dates",
        "preop_film",
        "postop_film",
        "films_enclosed",
        "preop_enclosed_date",
        "postop_enclosed_date",
        "preop_taken_date",
        "postop_taken_date",
        "preop_taken_film",
        "postop_taken_film",
        "preop_film_taken",
        "postop_film_taken",
        "postop_film_final",
        "postop_when",
        "immature_root",
        "necrotic_pulp",
        "irreversible_pulpitis",
        "listed_code",
        "prior_rct_date",
        "prior_rct_when",
        "prior_rct_provider",
        "prior_rct_interval",
        "limitation_passed",
        "limitation_running",
        "retreatment_reason",
        "canals",
        "canal_names",
        "materials",
        "note",
        "as_submitted",
        "the_denial",
        "the_claim_was_denied",
    ]
)
ENCLOSURE_NEEDS = PLACEHOLDERS - {
    # what the letter encloses follows its enclosure list, so a line of that list cannot
    # depend on it
    "films_enclosed",
    "preop_enclosed_date",
    "postop_enclosed_date",
    "preop_film",
    "postop_film",
    "preop_taken_date",
    "postop_taken_date",
    "preop_taken_film",
    "postop_taken_film",
}
"""The facts an enclosure line's variant may need (``needs``)."""
PROFILE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_CATEGORY_KEYS: dict[str, type] = {
    "id": str,
    "name": str,
    "keywords": list,
    "carc": tuple,  # numbers: checked in _check_category
    "enclose": tuple,  # lines or their variants: checked in _check_enclosure
    "sentence": list,
}
_PAYER_KEYS: dict[str, type] = {
    "id": str,
    "name": str,
    "address": str,
    "window_days": int,
    "signed_letter": bool,
    "contemporaneous_records": bool,
    "separate_mailing": bool,
    "brief": bool,
    "enclose": list,
    "instructions": str,
    "verify": list,
}


def _typed(table: dict[str, Any], keys: dict[str, type], where: str, problems: list[str]) -> None:
    for key in sorted(set(table) - set(keys)):
        problems.append(f"{where}: unknown key '{key}'")
    for key, kind in keys.items():
        value = table.get(key)
        if value is None:
            continue
        if kind is tuple:  # checked by the caller
            continue
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            problems.append(f"{where}: '{key}' must be a whole number")
        elif kind is not int and not isinstance(value, kind):
            problems.append(f"{where}: '{key}' must be a {kind.__name__}")
        elif kind is list and not all(isinstance(v, (str, dict)) for v in value):
            problems.append(f"{where}: '{key}' must be a list of strings")


def _check_sentence(sentence: Any, where: str, problems: list[str]) -> None:
    if not isinstance(sentence, dict):
        problems.append(f"{where}: must be a table")
        return
    for key in sorted(set(sentence) - {"text", "codes"}):
        problems.append(f"{where}: unknown key '{key}'")
    texts = sentence.get("text")
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        problems.append(f"{where}: 'text' must be a non-empty list of strings")
        return
    for text in texts:
        for name in re.findall(r"\{([^{}]*)\}", text):
            if name not in PLACEHOLDERS:
                problems.append(f"{where}: unknown placeholder '{{{name}}}'")
    codes = sentence.get("codes", [])
    if not isinstance(codes, list) or not all(
        isinstance(c, str) and re.match(r"^D[0-9]{4}$", c) for c in codes
    ):
        problems.append(f"{where}: 'codes' must be a list of codes like D3357")


def _check_enclosure(line: Any, where: str, problems: list[str]) -> None:
    """A line of a template's ``enclose``: a string, or a non-empty list of variants
    ``{ text = "...", needs = ["tests"] }`` (the first whose needs are recorded is listed)."""
    if isinstance(line, str):
        if not line.strip():
            problems.append(f"{where}: an enclosure line must not be empty")
        return
    if not isinstance(line, list) or not line:
        problems.append(f"{where}: must be a string or a non-empty list of {{ text, needs }}")
        return
    for pos, variant in enumerate(line, start=1):
        here = f"{where}, variant #{pos}"
        if not isinstance(variant, dict):
            problems.append(f"{here}: must be a table {{ text, needs }}")
            continue
        for key in sorted(set(variant) - {"text", "needs"}):
            problems.append(f"{here}: unknown key '{key}'")
        text = variant.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{here}: 'text' must be a non-empty string")
        elif "{" in text or "}" in text:
            problems.append(f"{here}: 'text' is listed as written: no {{placeholders}}")
        needs = variant.get("needs", [])
        if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
            problems.append(f"{here}: 'needs' must be a list of placeholder names")
            continue
        for name in needs:
            if name not in ENCLOSURE_NEEDS:
                problems.append(f"{here}: 'needs' names an unknown or film fact '{name}'")


def _check_category(table: dict[str, Any], where: str, problems: list[str]) -> None:
    _typed(table, _CATEGORY_KEYS, where, problems)
    if table.get("id") not in DENIAL_CATEGORIES:
        problems.append(f"{where}: id must be one of {', '.join(DENIAL_CATEGORIES)}")
    if not isinstance(table.get("name"), str) or not table["name"].strip():
        problems.append(f"{where}: required key 'name' is missing or empty")
    carc = table.get("carc", [])
    if not isinstance(carc, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) and 1 <= c <= 999 for c in carc
    ):
        problems.append(f"{where}: 'carc' must list reason code numbers (1-999), e.g. [50]")
    enclose = table.get("enclose", [])
    if not isinstance(enclose, list):
        problems.append(f"{where}: 'enclose' must be a list")
    else:
        for pos, line in enumerate(enclose, start=1):
            _check_enclosure(line, f"{where}, enclose #{pos}", problems)
    for pos, sentence in enumerate(table.get("sentence") or [], start=1):
        _check_sentence(sentence, f"{where}, sentence #{pos}", problems)


def _check_payer(table: dict[str, Any], where: str, problems: list[str]) -> None:
    _typed(table, _PAYER_KEYS, where, problems)
    if not isinstance(table.get("id"), str) or not PROFILE_ID_RE.match(table["id"]):
        problems.append(f"{where}: id must be lower-case letters, digits and '-'")
    if not isinstance(table.get("name"), str) or not table["name"].strip():
        problems.append(f"{where}: required key 'name' is missing or empty")
    window = table.get("window_days", 180)
    if isinstance(window, int) and not 1 <= window <= 3650:
        problems.append(f"{where}: 'window_days' must be 1-3650")


def validate_appeal_sources(files: Sequence[Path]) -> dict[str, list[dict[str, Any]]]:
    """The denial categories and payer profiles of `files`, sorted by id; or `SourceError`."""
    problems: list[str] = []
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in APPEAL_TABLES}
    seen: dict[tuple[str, str], str] = {}
    for path in files:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # validate_sources reports it
        for name, check in (("denial_category", _check_category), ("payer", _check_payer)):
            tables = document.get(name, [])
            if not isinstance(tables, list):
                problems.append(f"{path.name}: '{name}' must be an array of tables")
                continue
            for index, table in enumerate(tables, start=1):
                where = f"{path.name}, {name} #{index}"
                if not isinstance(table, dict):
                    problems.append(f"{where}: must be a table")
                    continue
                check(table, where, problems)
                key = (name, str(table.get("id")))
                if key in seen:
                    problems.append(f"{where}: duplicate id (also in {seen[key]})")
                seen[key] = where
                found[name].append(table)
    if problems:
        raise SourceError(problems)
    return {name: sorted(rows, key=lambda t: str(t.get("id"))) for name, rows in found.items()}
