"""What each field of a case file may hold, and the problems of a file's values (pure Python).

Every field's length limit (the form, the store and the file agree), the allowed values of the
findings and the notation (from the one coding vocabulary), and the checks of a value's form: the
tooth in its notation, the code, the NPI, the amount, the dates, the checklist, the enclosures,
the clinical facts and the status history. ``model.validate_case_dict`` adds the file's shape
(sections, fields, text) and collects every problem at once; messages name the field, never its
value (PHI).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from cdt_desktop.core.errors import InputError
from cdt_desktop.core.text import one_line, reference_text, without_controls
from cdt_desktop.domain.cases.case_json import Problem, shown_key
from cdt_desktop.domain.cases.facts import validate_facts
from cdt_desktop.domain.cases.npi import npi_problem
from cdt_desktop.domain.cases.status import (
    AMOUNT_EXAMPLE,
    AMOUNT_RE,
    DENIAL_CATEGORIES,
    MAX_EVENT_REASON,
    MAX_EVENTS,
    history_from_list,
    symbols_problem,
)
from cdt_desktop.domain.coding.findings import (
    FINDING_ENUMS,
    Goal,
    Pulp,
    Root,
    Successor,
    Visit,
    values,
)
from cdt_desktop.domain.dates import file_date_words

# The findings' values come from the one coding vocabulary (domain/coding/findings.py).
ROOT_VALUES = values(Root)
PULP_VALUES = values(Pulp)
GOAL_VALUES = values(Goal)
VISIT_VALUES = values(Visit)
SUCCESSOR_VALUES = values(Successor)  # "" = not stated
NOTATION_VALUES = ("universal", "fdi", "palmer")

CODE_RE = re.compile(r"^D[0-9]{4}$")  # ASCII digits: \d takes any script's too


MAX_CASE_FILE_BYTES = 1_000_000
"""The one cap on a case file, for the CLI and the window alike (a case file is a few KB)."""
MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 20_000
LONG_TEXT_FIELDS = frozenset({
    "findings.notes",
    "claim.denial_reason",
    "claim.prior_auth_address",
    "payer.address",
    "provider.address",
})  # fmt: skip
MAX_ENCLOSURES = 50
MAX_FACT_NOTE = 2_000  # facts.note and facts.materials; every other fact is short text
MAX_STATUS_CHANGES = MAX_EVENTS  # status changes a case holds
MAX_STATUS_REASON = MAX_EVENT_REASON  # a status change's reason; its other values short text
MAX_CHECKLIST_ITEMS = 500
MAX_TICK_NOTE = 500  # `cases tick --note`: a short note with one tick, on one line
# Worst case of a case file at every limit: 29 fields, 5 of them long, each character escaped
# as 6 bytes (\u0001), plus enclosures and checklist: about 0.75 MB, under MAX_CASE_FILE_BYTES,
# so every case the form can hold exports to a file the import takes back.


def tick_note(text: str) -> str:
    """A tick's note as stored: one line without control characters (an escape sequence in it
    would reach the terminal of whoever runs `cases show`), at most ``MAX_TICK_NOTE``
    characters; InputError past that, so nothing is cut without the user knowing."""
    note = one_line(text)
    if len(note) > MAX_TICK_NOTE:
        raise InputError(
            f"the note has {len(note):,} characters; a tick's note holds at most {MAX_TICK_NOTE}"
        )
    return note


def field_limit(section: str, key: str) -> int:
    """The most characters a case field may hold (the form, the store and the file agree)."""
    return MAX_LONG_TEXT if f"{section}.{key}" in LONG_TEXT_FIELDS else MAX_SHORT_TEXT


def clean(value: Any) -> str:
    return "" if value is None else str(value)


def field_text(section: str, key: str, value: Any) -> str:
    """A field as the form would hold it: a one-line field (a name, an id, a date) from a case
    file loses its line breaks and tabs, as typed or pasted into the form it would (a subscriber
    name with a newline printed on two lines of the letter); addresses and notes keep theirs."""
    text, name = clean(value), f"{section}.{key}"
    if name in REFERENCE_FIELDS:
        return reference_text(text)
    return without_controls(text) if name in LONG_TEXT_FIELDS else one_line(text)


REFERENCE_FIELDS = frozenset({
    "patient.chart_number", "subscriber.member_id", "subscriber.group_number", "claim.number",
    "provider.npi",
})  # fmt: skip
"""Numbers another system matches: full-width digits made plain (``core.text.reference_text``)."""


def value_problems(data: dict[str, Any], *, stored_history: bool = False) -> list[Problem]:
    """Every problem of the file's values, after its shape (sections and fields) is checked
    (``stored_history``: see ``model.validate_case_dict``)."""
    problems = _check_values(data)
    checklist = data.get("checklist")
    if checklist is not None:
        if not isinstance(checklist, dict):
            problems.append(Problem("checklist", "", "must be an object of item id -> true/false"))
        elif len(checklist) > MAX_CHECKLIST_ITEMS:
            problems.append(Problem("checklist", "", f"has more than {MAX_CHECKLIST_ITEMS} items"))
        else:
            problems += [
                Problem("checklist", shown_key(key), "must be true or false")
                for key, value in checklist.items()
                if not isinstance(value, bool)
            ]
    enclosures = data.get("enclosures")
    if enclosures is not None and (
        not isinstance(enclosures, list) or not all(isinstance(e, str) for e in enclosures)
    ):
        problems.append(Problem("enclosures", "", "must be a list of text"))
    elif enclosures is not None and (
        len(enclosures) > MAX_ENCLOSURES or any(len(e) > MAX_SHORT_TEXT for e in enclosures)
    ):
        limits = f"holds at most {MAX_ENCLOSURES} entries of {MAX_SHORT_TEXT} characters"
        problems.append(Problem("enclosures", "", limits))
    problems += [Problem(*p) for p in validate_facts(data.get("facts"), _tooth_checker(data))]
    problems += [Problem(*p) for p in history_from_list(data.get("status_history"))[1]]
    problems += _bounded_billing(data, bound_history=not stored_history)
    problems += _amounts_paid(data.get("status_history"))
    if not stored_history:  # typed now; a stored case (or its file) keeps what it holds
        problems += _numbers_with_symbols(data)
    return problems


NUMBER_FIELDS = (
    ("patient", "chart_number"),
    ("subscriber", "member_id"),
    ("subscriber", "group_number"),
    ("claim", "number"),
    ("claim", "prior_auth_number"),
)
"""The numbers another system matches (the NPI has its own rule): no emoji or symbols."""


def _numbers_with_symbols(data: dict[str, Any]) -> list[Problem]:
    return [
        Problem(section, key, problem)
        for section, key in NUMBER_FIELDS
        if (problem := symbols_problem(_get(data, section, key)))
    ]


def _bounded_billing(data: dict[str, Any], *, bound_history: bool = True) -> list[Problem]:
    """The facts and the status history are bounded like every other field (issue 15 item 6);
    not ``bound_history``: a stored history's count and lengths are taken as they are."""
    problems: list[Problem] = []
    facts = data.get("facts")
    for key, value in facts.items() if isinstance(facts, dict) else ():
        limit = MAX_FACT_NOTE if key in ("note", "materials") else MAX_SHORT_TEXT
        if isinstance(value, str) and len(value) > limit:
            problems.append(Problem("facts", shown_key(key), f"holds at most {limit} characters"))
    history = data.get("status_history") if bound_history else None
    if isinstance(history, list) and len(history) > MAX_STATUS_CHANGES:
        problems.append(
            Problem("status_history", "", f"holds at most {MAX_STATUS_CHANGES} status changes")
        )
    elif isinstance(history, list) and any(
        isinstance(entry, dict)
        and any(
            isinstance(v, str) and len(v) > (MAX_STATUS_REASON if k == "reason" else MAX_SHORT_TEXT)
            for k, v in entry.items()
        )
        for entry in history
    ):
        problems.append(
            Problem(
                "status_history",
                "",
                f"holds a reason over {MAX_STATUS_REASON} or another value over "
                f"{MAX_SHORT_TEXT} characters",
            )
        )
    return problems


def _amounts_paid(history: Any) -> list[Problem]:
    """A payment's amount must read as an amount, in a file as in the status dialog (no
    version stored another; the letter would print it as typed)."""
    return [
        Problem("status_history", "", f"entry {index}: amount must be {AMOUNT_EXAMPLE}")
        for index, entry in enumerate(history if isinstance(history, list) else (), start=1)
        if isinstance(entry, dict)
        and isinstance(amount := entry.get("amount"), str)
        and amount.strip()
        and not AMOUNT_RE.match(amount.strip())
    ]


def _get(data: dict[str, Any], section: str, key: str) -> str:
    raw = data.get(section)
    if not isinstance(raw, dict):
        return ""
    value = raw.get(key)
    return "" if value is None or isinstance(value, (dict, list, bool)) else str(value).strip()


FINDING_VALUES: dict[str, tuple[str, ...]] = {
    key: values(enum) for key, enum in FINDING_ENUMS.items()
}


def _check_tooth(data: dict[str, Any]) -> list[Problem]:
    """A tooth must exist in the case's notation (an unknown tooth is bad input:
    docs/design-rules.md, Bad input)."""
    tooth = _get(data, "procedure", "tooth")
    notation = _get(data, "procedure", "notation").lower() or "universal"
    if not tooth or notation not in NOTATION_VALUES:
        return []
    from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth, tooth_elsewhere

    try:
        parse_tooth(tooth, notation)
    except InvalidToothError:
        return [Problem("procedure", "tooth", tooth_elsewhere(tooth, notation))]
    return []


def _tooth_checker(data: dict[str, Any]) -> Any:
    """A function telling why a text is no tooth in the case's notation ("" when it is one;
    None: cannot tell). The control tooth "36" in a Universal case said only "is not a tooth
    in the case's numbering" while the Tooth field says "FDI 36 is Universal #19"."""
    notation = _get(data, "procedure", "notation").lower() or "universal"
    if notation not in NOTATION_VALUES:
        return None
    from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth, tooth_elsewhere

    def check(text: str) -> str:
        try:
            parse_tooth(text, notation)
        except InvalidToothError:
            return tooth_elsewhere(text, notation)
        return ""

    return check


def _check_values(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    enums = {("findings", key): allowed for key, allowed in FINDING_VALUES.items()}
    enums[("procedure", "notation")] = NOTATION_VALUES
    for (section, key), allowed in enums.items():
        value = _get(data, section, key).lower()
        if value and value not in allowed:
            problems.append(Problem(section, key, f"must be one of: {', '.join(allowed)}"))
    problems += _check_tooth(data)
    code = _get(data, "procedure", "code").upper()
    if code and not CODE_RE.match(code):
        problems.append(Problem("procedure", "code", "must look like D3330 (D and four digits)"))
    npi_error = npi_problem(_get(data, "provider", "npi"))
    if npi_error:
        problems.append(Problem("provider", "npi", npi_error))
    category = _get(data, "claim", "denial_category").lower()
    if category and category not in DENIAL_CATEGORIES:
        problems.append(
            Problem("claim", "denial_category", f"must be one of: {', '.join(DENIAL_CATEGORIES)}")
        )
    amount = _get(data, "claim", "billed_amount")
    if amount and not AMOUNT_RE.match(amount):
        problems.append(Problem("claim", "billed_amount", f"must be {AMOUNT_EXAMPLE}"))
    for section, key in DATE_FIELDS:
        value = _get(data, section, key)
        if value and _parse_date(value) is None:
            problems.append(Problem(section, key, file_date_words(value)))
    return problems


DATE_FIELDS = (
    ("patient", "date_of_birth"),
    ("claim", "date_of_service"),
    ("claim", "prior_auth_sent"),
)
"""The case sections' date fields (YYYY-MM-DD in a file; the facts' dates: ``facts.py``)."""


def dated_after_today(data: Any, today: date) -> list[Problem]:
    """The problems of a case file's dates that only ``today`` shows, which the import adds to
    the file's own (``validate_case_dict``): a prior-authorization request recorded as sent
    after today. The case form and Mark as sent refuse that day (a request is recorded once
    it is sent); an imported file took it (walkthrough) and the Waiting list counted the days
    from a day to come. A malformed date is the file's own problem, said once."""
    if not isinstance(data, dict):
        return []
    sent = _parse_date(_get(data, "claim", "prior_auth_sent"))
    if sent is None or sent <= today:  # the rule of `authorization.sent_problem`
        return []
    message = "is in the future: enter the day the request was sent"
    return [Problem("claim", "prior_auth_sent", message)]


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_case_date(value: str) -> date | None:
    """A case date (YYYY-MM-DD) or None when empty or malformed."""
    return _parse_date(value.strip()) if value else None
