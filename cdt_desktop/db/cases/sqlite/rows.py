"""What the case store hands out and how a case maps to a ``cases`` row.

Kept apart from ``cases`` (the ``CaseStore`` and its transactions) so the SQL-free parts - the
value types, argument checks and the row <-> dataclass conversion - can be read and tested on
their own. Messages name fields and rules, never the values (no patient data, RELIABILITY.md).
"""

from __future__ import annotations

import re
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any, NamedTuple

from cdt_desktop.core.errors import InputError
from cdt_desktop.db.cases.sqlite.migrations import search_text
from cdt_desktop.db.sqlitefile.errors import StoreError

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case

# The value types below are NamedTuples, not frozen dataclasses: as immutable and typed, but
# created about 7x faster when the module loads (~0.8 ms per dataclass on Python 3.11, and this
# module loads at every start). The case model (cdt_desktop.domain.cases.model: eight dataclasses,
# ~8 ms) and json (~2 ms) are imported inside the functions that convert a whole case; listing
# cases, which is all the window does at start-up, needs neither.

CASE_STATUSES = ("draft", "submitted", "denied", "appealed", "paid", "closed")
ITEM_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_OPERATOR_LEN = 16


class StoreInputError(StoreError, InputError):
    """A bad argument to a store call (missing initials, unknown status, invalid item id)."""


class CaseNotFoundError(StoreError, KeyError):
    """No case with that id (a KeyError, so ``except KeyError`` also works)."""


class StoreConflictError(StoreError):
    """The case was changed elsewhere since it was loaded (optimistic concurrency)."""


class CheckState(NamedTuple):
    """One checklist tick as stored: who set it and when, so the audit trail can be shown."""

    item_id: str
    checked: bool
    by: str
    at: str
    note: str = ""


class StoredCase(NamedTuple):
    """A case as loaded, with its ticks and the ``version`` to pass back on update."""

    id: int
    case: Case
    status: str
    created_at: str
    updated_at: str
    checks: dict[str, CheckState]
    version: int = 1


class CaseSummary(NamedTuple):
    """One line of the case list: only the listed columns, so a long list stays cheap."""

    id: int
    patient_name: str
    date_of_service: str
    code: str
    tooth: str
    status: str
    updated_at: str


class AuditEntry(NamedTuple):
    """One audit row; ``detail`` holds ids, field names and file names, never patient data."""

    id: int
    at: str
    operator: str
    action: str
    case_id: int | None
    detail: str


# -- argument checks ----------------------------------------------------------------------------
def valid_operator(operator: str) -> str:
    """The stripped initials; every change must say who made it (RELIABILITY.md audit)."""
    value = (operator or "").strip()
    if not value or len(value) > MAX_OPERATOR_LEN or not value.isprintable():
        raise StoreInputError(
            f"Operator initials are required for every change (1-{MAX_OPERATOR_LEN} characters)."
        )
    return value


def valid_item_id(item_id: str) -> str:
    """A checklist item id safe to store and to show in the audit detail."""
    if not isinstance(item_id, str) or not ITEM_ID_RE.match(item_id):
        raise StoreInputError("A checklist item id must be 1-64 letters, digits, '-', '_' or '.'.")
    return item_id


def valid_status(status: str) -> str:
    """One of :data:`CASE_STATUSES`."""
    if status not in CASE_STATUSES:
        raise StoreInputError(f"Unknown case status; one of: {', '.join(CASE_STATUSES)}.")
    return status


# -- rows <-> dataclasses -----------------------------------------------------------------------
def load_section(kind: type, raw: str | None) -> Any:
    """A section dataclass from its JSON column; unknown keys (a newer app) are ignored."""
    import json

    data = json.loads(raw or "{}")
    names = {f.name for f in fields(kind)}
    return kind(**{k: "" if v is None else str(v) for k, v in data.items() if k in names})


def case_columns(case: Case) -> dict[str, Any]:
    """The row values of a case's sections (the checklist lives in ``checks``)."""
    import json

    from cdt_desktop.domain.cases.model import SECTIONS

    values: dict[str, Any] = {
        name: json.dumps(asdict(getattr(case, name)), ensure_ascii=False) for name in SECTIONS
    }
    values["enclosures"] = json.dumps(list(case.enclosures), ensure_ascii=False)
    listed = {
        "patient_name": case.patient.name,
        "chart_number": case.patient.chart_number,
        "claim_number": case.claim.number,
        "code": case.procedure.code,
        "tooth": case.procedure.tooth,
        "date_of_service": case.claim.date_of_service,
    }
    return values | listed | {"search_text": search_text(*listed.values())}


def changed_fields(old: Case, new: Case) -> list[str]:
    """Names (never values) of what an edit changed, for the audit detail."""
    from cdt_desktop.domain.cases.model import SECTIONS

    changed = [
        f"{name}.{key}"
        for name in SECTIONS
        for key, value in asdict(getattr(new, name)).items()
        if asdict(getattr(old, name))[key] != value
    ]
    if tuple(old.enclosures) != tuple(new.enclosures):
        changed.append("enclosures")
    return changed


def like_pattern(token: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``token`` literally anywhere."""
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
