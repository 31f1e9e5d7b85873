"""Who ticked each checklist item and when, as a case file carries it (pure: no Qt, no SQL).

A case file's ``checklist`` says only which items are ticked. Exported on one PC and imported on
another (one-PC offices hand a case to the billing PC that way), every tick then read "Ticked by
BB at 02:40" (the importing clerk, the import's minute) instead of the assistant who checked the
item at the chair (walkthrough). The optional ``ticks`` section, added after the first release,
keeps them: ``{"<item id>": {"by": "AB", "at": "2026-12-06T02:34:00+00:00"}}`` for items of the
``checklist``. A file without it (an earlier version's, another program's) imports as before:
its ticks are the importing operator's, at the import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol

from cdt_desktop.domain.cases.case_json import Problem, shown_key


class _Stored(Protocol):
    """A stored tick (``ports.CheckState``; not imported: the ports import the case model,
    which validates this section)."""

    @property
    def by(self) -> str: ...
    @property
    def at(self) -> str: ...


TICKS = "ticks"
MAX_BY = 16  # as ``ports.MAX_OPERATOR_LEN``: initials, or a short name


def marks_to_dict(
    checks: Mapping[str, _Stored], checklist: Iterable[str]
) -> dict[str, dict[str, str]]:
    """The ``ticks`` section for a case's stored checks, for the items of its ``checklist``
    (ticked or not: who unticked an item is the audit trail's too), in the checklist's order:
    the section names no other item (``marks_problems``)."""
    return {
        item: {"by": c.by, "at": c.at}
        for item in checklist
        if (c := checks.get(item)) is not None and c.by and c.at
    }


def marks_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Every problem of a case file's ``ticks`` section ([] without one)."""
    marks = data.get(TICKS)
    if marks is None:
        return []
    if not isinstance(marks, dict):
        return [Problem(TICKS, "", "must be an object")]
    checklist = data.get("checklist")
    listed = set(checklist) if isinstance(checklist, dict) else set()
    problems = []
    for item, mark in marks.items():
        name = shown_key(item)
        if item not in listed:
            problems.append(Problem("", "", f"'ticks.{name}' names no item of the checklist"))
        elif not isinstance(mark, dict) or set(mark) != {"by", "at"}:
            problems.append(Problem("", "", f"'ticks.{name}' must hold 'by' and 'at' only"))
        elif not _by(mark["by"]):
            problems.append(Problem("", "", f"'ticks.{name}.by' must be 1-{MAX_BY} characters"))
        elif _at(mark["at"]) is None:
            problems.append(
                Problem("", "", f"'ticks.{name}.at' must be a date and time with its UTC offset")
            )
    return problems


def marks_from_dict(data: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Item id -> (by, at) from a validated case file (``marks_problems`` found nothing)."""
    marks = data.get(TICKS)
    if not isinstance(marks, dict):
        return {}
    return {item: (mark["by"].strip(), mark["at"]) for item, mark in marks.items()}


def _by(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= MAX_BY and value.isprintable()


def _at(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
