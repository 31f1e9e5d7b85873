"""What both case-store backends share: argument checks and how a case maps to a ``cases`` row.

SQL-free, so the SQLite and PostgreSQL repositories store exactly the same columns and refuse
exactly the same input. The value types and errors they hand out live in
``cdt_desktop.domain.cases.ports``. Messages name fields and rules, never the values (no patient
data: docs/design-rules.md, R15). The case model and json are imported inside the functions that
convert a whole case; listing cases, which is all the window does at start-up, needs neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdt_desktop.core.patterns import LazyPattern
from cdt_desktop.domain.cases.ports import (
    CASE_STATUSES,
    MAX_OPERATOR_LEN,
    CheckState,
    StoreConflictError,
    StoredCase,
    StoreInputError,
)

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case

ITEM_ID_RE = LazyPattern(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


# -- argument checks ----------------------------------------------------------------------------
def valid_operator(operator: str) -> str:
    """The stripped initials; every change must say who made it (docs/design-rules.md, R14)."""
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


def check_states(rows: Iterable[Sequence[Any]]) -> dict[str, CheckState]:
    """A case's ticks from ``item_id, checked, "by", at, note`` rows (both stores read these)."""
    return {r[0]: CheckState(r[0], bool(r[1]), r[2], r[3], r[4] or "") for r in rows}


def valid_status(status: str) -> str:
    """One of :data:`CASE_STATUSES`."""
    if status not in CASE_STATUSES:
        raise StoreInputError(f"Unknown case status; one of: {', '.join(CASE_STATUSES)}.")
    return status


# -- rows <-> dataclasses -----------------------------------------------------------------------
def load_section(kind: type, raw: str | None) -> Any:
    """A section dataclass from its JSON column; unknown keys (a newer app) are ignored."""
    import json
    from dataclasses import fields

    data = json.loads(raw or "{}")
    names = {f.name for f in fields(kind)}
    return kind(**{k: "" if v is None else str(v) for k, v in data.items() if k in names})


def case_columns(case: Case) -> dict[str, Any]:
    """The row values of a case's sections (the checklist lives in ``checks``)."""
    import json
    from dataclasses import asdict

    from cdt_desktop.domain.cases.model import SECTIONS

    values: dict[str, Any] = {
        name: json.dumps(asdict(getattr(case, name)), ensure_ascii=False) for name in SECTIONS
    }
    values["enclosures"] = json.dumps(list(case.enclosures), ensure_ascii=False)
    values["facts"] = json.dumps(asdict(case.facts), ensure_ascii=False)
    values["status_history"] = json.dumps(
        [event.to_dict() for event in case.status_history], ensure_ascii=False
    )
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
    from dataclasses import asdict

    from cdt_desktop.domain.cases.model import SECTIONS

    changed = [
        f"{name}.{key}"
        for name in SECTIONS
        for key, value in asdict(getattr(new, name)).items()
        if asdict(getattr(old, name))[key] != value
    ]
    if tuple(old.enclosures) != tuple(new.enclosures):
        changed.append("enclosures")
    old_facts, new_facts = asdict(old.facts), asdict(new.facts)
    changed += [f"facts.{key}" for key, value in new_facts.items() if old_facts[key] != value]
    if old.status_history != new.status_history:
        changed.append("status_history")
    return changed


def status_column(case: Case, current: str, before: Case | None = None) -> str:
    """The ``status`` column for `case`: its history's status when it has one, else `current`.

    A case whose claim has been moved along the workflow (``Case.status_history``) carries its
    status; ``set_status`` (no history) still sets the column alone, as before. A history
    emptied by this save (``before`` had one: its only change taken back) is a draft again:
    the column kept "submitted", and a claim never sent left To submit (re-walk).
    """
    if current == "void":  # a case entered in error stays void (services.cases)
        return current
    if not case.status_history and before is not None and before.status_history:
        return "draft"
    return case.status if case.status_history else current


def stored_case(data: Any, checks: dict[str, CheckState], uuid: str) -> StoredCase:
    """A ``cases`` row (either backend) and its ticks, as the port returns a case; ``uuid`` as
    text (the backends read that column differently)."""
    return StoredCase(
        id=int(data["id"]),
        case=case_from_row(data, {item: state.checked for item, state in checks.items()}),
        status=data["status"],
        created_at=data["created_at"],
        updated_at=data["updated_at"],
        checks=checks,
        version=int(data["version"]),
        uuid=uuid,
    )


def case_from_row(data: Any, checklist: dict[str, bool]) -> Case:
    """The case stored in a ``cases`` row (either backend), with `checklist` as its ticks.

    Facts or a history that no longer validate (written by a newer app, or edited by hand) are
    read as far as they go, never refused: a stored case always opens.
    """
    import json
    from dataclasses import replace

    from cdt_desktop.domain.cases.facts import facts_from_dict
    from cdt_desktop.domain.cases.model import SECTIONS, Case
    from cdt_desktop.domain.cases.status import history_from_list

    keys = data.keys() if hasattr(data, "keys") else ()
    sections = {name: load_section(kind, data[name]) for name, kind in SECTIONS.items()}
    enclosures = tuple(str(e) for e in json.loads(data["enclosures"] or "[]"))
    facts = facts_from_dict(json.loads(data["facts"] or "{}")) if "facts" in keys else None
    history = (
        history_from_list(json.loads(data["status_history"] or "[]"))[0]
        if "status_history" in keys
        else ()
    )
    case = Case(**sections, checklist=checklist, enclosures=enclosures, status_history=history)
    return case if facts is None else replace(case, facts=facts)


def fold(text: str) -> str:
    """Accents dropped and case folded, so "fernandez" finds "Fernández" and "NGUYEN" finds
    "Nguyễn", however either was typed (NFKD, combining marks removed, NFC, casefold).

    ASCII text needs no more than casefold; ``unicodedata`` (about 1 ms to load) is imported the
    first time other text comes by, not at every start.
    """
    if text.isascii():
        return text.casefold()
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare).casefold()


_OWN_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h", "ı": "i"}
)
"""Letters with their mark built in (no Unicode decomposition drops it), as they are typed on a
keyboard without them: Danish and Norwegian ø and æ, Polish ł, Serbian and Croatian đ,
Icelandic ð and þ, French œ, Maltese ħ, Turkish dotless ı. After ``fold``: lowercase only."""


def search_fold(text: str) -> str:
    """``fold`` for the case search: also the letters of ``_OWN_LETTERS`` as typed plainly, so
    "soren" finds "Søren" and "lukasz" "Łukasz" (users' names keep ``fold``: their stored keys
    must not change under a signed-up user)."""
    folded = fold(text)
    return folded if folded.isascii() else folded.translate(_OWN_LETTERS)


_APOSTROPHES = "'\u2019\u2018\u02bc`"
_US_DATE = LazyPattern(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MARKS = str.maketrans(
    "",
    "",
    "'\u2019\u2018\u02bc\u02bb`\u00b4\u2032"  # apostrophes: straight, curly, modifier, okina, ...
    "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # hyphens (soft too), dashes, minus
    ".,",
)
_UNMARKED_FIELDS = 3
"""How many of ``search_text``'s values (name, chart number, claim number) are also stored
without their marks; a code, tooth or date is matched only as written."""


def unmarked(folded: str) -> str:
    """Folded text without the marks and spaces inside a name or a number: apostrophes of any
    kind, hyphens and dashes, periods, commas ("o'brien" -> "obrien", "st. john" -> "stjohn",
    "ch-0123" -> "ch0123"). One ``str.translate``: nothing to import, nothing compiled."""
    return "".join(folded.translate(_MARKS).split())


def token_variants(token: str) -> list[str]:
    """The ways stored text may write a search word (folded): the word itself; with a straight
    apostrophe for a curly one and back (a name pasted from an EOB or a letter: "O’Brien");
    a word with letters also without its marks ("o'brien", "smith-jones" -> the stored name's
    :func:`unmarked` form, so "O’Brien" and "Smith-Jones" are found typed either way); a date
    typed MM/DD/YYYY as the ISO date the case stores. The billing walkthrough found
    nothing for "o’brien" or "09/15/2026" while "o'brien" and "2026-09-15" found the case.
    A word of digits and marks alone keeps its marks: "2026-03-14" is a date, not a claim
    number holding 20260314."""
    variants = [token]
    if any(ch in token for ch in _APOSTROPHES):
        for mark in ("'", "\u2019", "\u2018"):  # straight, right and left single quote
            variants.append("".join(mark if ch in _APOSTROPHES else ch for ch in token))
    if any(ch.isalpha() for ch in token) and (bare := unmarked(token)):
        variants.append(bare)
    if (found := _US_DATE.fullmatch(token)) is not None:
        month, day, year = (int(part) for part in found.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            variants.append(f"{year:04d}-{month:02d}-{day:02d}")
    return list(dict.fromkeys(variants))


def search_text(*values: str) -> str:
    """What ``list_cases`` matches against: every value folded, joined by a unit separator
    (\\x1f: a tooth is a whole field between two), then, where marks make a difference, the
    name, chart and claim numbers once more :func:`unmarked`, each after a record separator
    (\\x1e), so "obrien" finds "O'Brien" and "ch0123" "CH-0123" while "ch-0123" still matches
    as typed. Neither separator can be typed into the search (both split words)."""
    folded = [search_fold(v or "") for v in values]
    text = "\x1f".join(folded)
    # only a value with marks gets its copy (without them and its spaces: "paulstjohn"), and
    # a chart or claim number with spaces ("clm 2026 1102", read off the EOB without them:
    # billing walkthrough); a name whose words are only spaced ("Nguyen Van An", most names)
    # gets none: a copy on every row made the case search as you type twice as slow on
    # 10,000 cases (make bench)
    return text + "".join(
        f"\x1e{unmarked(v)}"
        for index, v in enumerate(folded[:_UNMARKED_FIELDS])
        if v.translate(_MARKS) != v or (index and " " in v)
    )


def stored_search_text(patient: str | None, claim: str | None, procedure: str | None) -> str:
    """``search_text`` of a stored case from its ``patient``, ``claim`` and ``procedure`` JSON
    columns: what a schema step that changes the folding recomputes, on either backend."""
    import json

    def section(text: str | None) -> dict[str, object]:  # a hand-edited "null" or list too:
        value = json.loads(text or "{}")  # a failed schema step would keep the store shut
        return value if isinstance(value, dict) else {}

    person, bill, work = section(patient), section(claim), section(procedure)
    return search_text(
        str(person.get("name") or ""),
        str(person.get("chart_number") or ""),
        str(bill.get("number") or ""),
        str(work.get("code") or ""),
        str(work.get("tooth") or ""),
        str(bill.get("date_of_service") or ""),
    )


def like_pattern(token: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``token`` literally anywhere."""
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conflict_error(case_id: int, by: str, at: str, where: Path | str | None) -> StoreConflictError:
    """The refusal of a stale edit: who saved the newer version and when (local time)."""
    when = ""
    if at:
        from datetime import datetime

        try:
            moment = datetime.fromisoformat(at).astimezone()
            when = f" at {moment:%H:%M} on {moment:%Y-%m-%d}"
        except ValueError:
            when = f" at {at}"
    who = f" by {by}" if by else " in another window"
    return StoreConflictError(
        f"Case {case_id} was changed{who}{when} after you opened it, so your edit was not "
        "saved. Your changes are kept in the form: reload the case and apply them again.",
        where,
        changed_by=by,
        changed_at=at,
    )


def case_from_file(text: str, today: date | None = None) -> Case:
    """A case from case-file JSON, both backends' ``import_case``: CaseFileError lists every
    problem (checklist item ids included, and a prior authorization sent after ``today``,
    None: this day), so nothing is imported from a bad file."""
    from cdt_desktop.domain.cases.case_json import CaseFileError, Problem, parse_case_json
    from cdt_desktop.domain.cases.field_rules import dated_after_today
    from cdt_desktop.domain.cases.model import Case, validate_case_dict, with_recorded_denial

    data = parse_case_json(text)  # the one reader: every malformed file is a CaseFileError
    problems = validate_case_dict(data, stored_history=True)  # the exporting store's history
    problems += dated_after_today(data, today or date.today())
    checklist = data.get("checklist") if isinstance(data, dict) else None
    if isinstance(checklist, dict):
        problems += [
            Problem(
                "", "",
                f"checklist item {n} has an invalid id (letters, digits, '-', '_', '.'; 1-64)",
            )
            for n, key in enumerate(checklist, start=1)
            if not ITEM_ID_RE.match(key)
        ]  # fmt: skip
    if problems:
        raise CaseFileError(problems)
    return with_recorded_denial(Case.from_dict(data))
