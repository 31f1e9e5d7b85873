"""The patient case, as exchanged in the case file (DESIGN.md section 5).

The case file is JSON, UTF-8::

    {"patient":   {"name", "date_of_birth", "chart_number"},
     "subscriber":{"name", "member_id", "group_number"},
     "payer":     {"name", "address", "profile_id"},
     "claim":     {"number", "date_of_service", "billed_amount", "denial_reason",
                   "denial_category", "prior_auth_address"},
     "provider":  {"name", "credentials", "npi", "practice", "address", "phone"},
     "procedure": {"code", "tooth", "notation"},
     "findings":  {"root", "pulp", "goal", "visit", "notes", "successor"},
     "checklist": {"<item id>": true|false},
     "enclosures":["..."],
     "facts":     {"pulpal_diagnosis", "periapical_diagnosis", "control_tooth", "cold", ...},
     "status_history": [{"status", "date", "claim_number", "eob_reference", "reason",
                         "category", "level", "note"}]}

Every field is optional text (an empty string when absent) so that a case can be saved while it is
still being filled in; `validate_case_dict` collects *every* problem of a file at once, and
`Case.from_dict` refuses a file that has any. Messages name the field, never its value (PHI).

`findings.successor` ("" unknown | "yes" | "no": does a primary tooth have a permanent successor?)
was added later (DESIGN.md section 5: extend, never break): files without it stay valid, and
without it an appeal for D3310/D3330 on a retained primary tooth cannot be backed by the selector.
So were `payer.profile_id` (the payer profile the letter follows), `claim.denial_category`, the
`facts` section (`facts.ClinicalFacts`) and `status_history` (`status.StatusEvent`, oldest first):
a file without them is a draft with no recorded facts. `claim.prior_auth_address` (where the payer
reviews prior authorizations, when that is not `payer.address`, its appeals address) came later
still: without it a prior-authorization request goes to `payer.address`, as it always did.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from typing import Any

from cdt_desktop.core.text import one_line, without_controls
from cdt_desktop.domain.cases.case_json import CaseFileError, Problem, parse_case_json, shown_key
from cdt_desktop.domain.cases.facts import ClinicalFacts, facts_from_dict, validate_facts
from cdt_desktop.domain.cases.npi import npi_problem
from cdt_desktop.domain.cases.status import (
    DENIAL_CATEGORIES,
    MAX_EVENT_REASON,
    MAX_EVENTS,
    StatusEvent,
    current_status,
    history_from_list,
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

# The findings' values come from the one coding vocabulary (domain/coding/findings.py).
ROOT_VALUES = values(Root)
PULP_VALUES = values(Pulp)
GOAL_VALUES = values(Goal)
VISIT_VALUES = values(Visit)
SUCCESSOR_VALUES = values(Successor)  # "" = not stated
NOTATION_VALUES = ("universal", "fdi", "palmer")

CODE_RE = re.compile(r"^D\d{4}$")
AMOUNT_RE = re.compile(r"^\$?\s*\d{1,3}(,?\d{3})*(\.\d{1,2})?$")


@dataclass(frozen=True)
class Patient:
    name: str = ""
    date_of_birth: str = ""
    chart_number: str = ""


@dataclass(frozen=True)
class Subscriber:
    name: str = ""
    member_id: str = ""
    group_number: str = ""


@dataclass(frozen=True)
class Payer:
    name: str = ""
    address: str = ""
    profile_id: str = ""  # a payer profile (reference data or the office's own); "" = none


@dataclass(frozen=True)
class Claim:
    number: str = ""
    date_of_service: str = ""
    billed_amount: str = ""
    denial_reason: str = ""
    denial_category: str = ""  # a status.DENIAL_CATEGORIES key; "" = not classified
    prior_auth_address: str = ""  # the payer's pre-treatment review; "" = payer.address


@dataclass(frozen=True)
class Provider:
    name: str = ""
    credentials: str = ""
    npi: str = ""
    practice: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Procedure:
    code: str = ""
    tooth: str = ""
    notation: str = "universal"


@dataclass(frozen=True)
class CaseFindings:
    root: str = ""
    pulp: str = ""
    goal: str = ""
    visit: str = ""
    notes: str = ""
    successor: str = ""  # primary teeth: "yes" | "no" permanent successor; "" = not stated

    @property
    def has_successor(self) -> bool | None:
        """The selector's form: True / False, or None when not stated (never a default)."""
        answers = {Successor.YES.value: True, Successor.NO.value: False}
        return answers.get(self.successor.strip().lower())


SECTIONS: dict[str, type] = {
    # section name -> its dataclass, in case-file order
    "patient": Patient,
    "subscriber": Subscriber,
    "payer": Payer,
    "claim": Claim,
    "provider": Provider,
    "procedure": Procedure,
    "findings": CaseFindings,
}


@dataclass(frozen=True)
class Case:
    patient: Patient = field(default_factory=Patient)
    subscriber: Subscriber = field(default_factory=Subscriber)
    payer: Payer = field(default_factory=Payer)
    claim: Claim = field(default_factory=Claim)
    provider: Provider = field(default_factory=Provider)
    procedure: Procedure = field(default_factory=Procedure)
    findings: CaseFindings = field(default_factory=CaseFindings)
    checklist: dict[str, bool] = field(default_factory=dict)
    enclosures: tuple[str, ...] = ()
    facts: ClinicalFacts = field(default_factory=ClinicalFacts)
    status_history: tuple[StatusEvent, ...] = ()

    @property
    def status(self) -> str:
        """The claim's current status (the last status change's; "draft" without one)."""
        return current_status(self.status_history)

    # -- conversion -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: asdict(getattr(self, name)) for name in SECTIONS}
        data["checklist"] = dict(self.checklist)
        data["enclosures"] = list(self.enclosures)
        data["facts"] = asdict(self.facts)
        data["status_history"] = [event.to_dict() for event in self.status_history]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: Any) -> Case:
        problems = validate_case_dict(data)
        if problems:
            raise CaseFileError(problems)
        kwargs: dict[str, Any] = {}
        for name, section_type in SECTIONS.items():
            raw = data.get(name) or {}
            values = {
                f.name: _field_text(name, f.name, raw.get(f.name))
                for f in fields(section_type)
                if f.name in raw
            }
            kwargs[name] = section_type(**values)
        code = kwargs["procedure"].code.strip().upper()
        notation = (kwargs["procedure"].notation or "universal").strip().lower()
        kwargs["procedure"] = replace(kwargs["procedure"], code=code, notation=notation)
        # Enumerated findings are matched case-insensitively by validation; store them as the
        # selector and the letter spell them, so "Necrosis" is not silently left unused.
        found = kwargs["findings"]
        kwargs["findings"] = replace(
            found, **{key: getattr(found, key).strip().lower() for key in _FINDING_ENUMS}
        )
        kwargs["checklist"] = dict(data.get("checklist") or {})
        kwargs["enclosures"] = tuple(one_line(_clean(e)) for e in data.get("enclosures") or [])
        kwargs["facts"] = facts_from_dict(data.get("facts"))
        kwargs["status_history"] = history_from_list(data.get("status_history"))[0]
        kwargs["claim"] = replace(
            kwargs["claim"], denial_category=kwargs["claim"].denial_category.strip().lower()
        )
        return cls(**kwargs)

    @classmethod
    def from_json(cls, text: str) -> Case:
        return cls.from_dict(parse_case_json(text))


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
# Worst case of a case file at every limit: 28 fields, 5 of them long, each character escaped
# as 6 bytes (\u0001), plus enclosures and checklist: about 0.75 MB, under MAX_CASE_FILE_BYTES,
# so every case the form can hold exports to a file the import takes back.


def field_limit(section: str, key: str) -> int:
    """The most characters a case field may hold (the form, the store and the file agree)."""
    return MAX_LONG_TEXT if f"{section}.{key}" in LONG_TEXT_FIELDS else MAX_SHORT_TEXT


def _clean(value: Any) -> str:
    return "" if value is None else str(value)


def _field_text(section: str, key: str, value: Any) -> str:
    """A field as the form would hold it: a one-line field (a name, an id, a date) from a case
    file loses its line breaks and tabs, as typed or pasted into the form it would (a subscriber
    name with a newline printed on two lines of the letter); addresses and notes keep theirs."""
    text = _clean(value)
    return without_controls(text) if f"{section}.{key}" in LONG_TEXT_FIELDS else one_line(text)


def validate_case_dict(data: Any) -> list[Problem]:
    """Every problem of a case file, each naming the field; an empty list when it is usable."""
    if not isinstance(data, dict):
        return [Problem("", "", "the case file must hold a JSON object")]
    problems: list[Problem] = []
    known = set(SECTIONS) | {"checklist", "enclosures", "facts", "status_history"}
    problems += [
        Problem("", "", f"unknown section '{shown_key(key)}'") for key in data if key not in known
    ]
    for name, section_type in SECTIONS.items():
        section = data.get(name)
        if section is None:
            continue
        if not isinstance(section, dict):
            problems.append(Problem(name, "", "must be an object"))
            continue
        allowed = {f.name for f in fields(section_type)}
        for key, value in section.items():
            if key not in allowed:
                problems.append(Problem("", "", f"unknown field '{name}.{shown_key(key)}'"))
            elif isinstance(value, bool) or (
                value is not None and not isinstance(value, (str, int, float))
            ):
                problems.append(Problem(name, shown_key(key), "must be text"))
            elif value is not None and len(str(value)) > field_limit(name, key):
                limit = field_limit(name, key)
                problems.append(Problem(name, key, f"is too long (at most {limit:,} characters)"))
    problems += _check_values(data)
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
    problems += _bounded_billing(data)
    return problems


def _bounded_billing(data: dict[str, Any]) -> list[Problem]:
    """The facts and the status history are bounded like every other field (issue 15 item 6)."""
    problems: list[Problem] = []
    facts = data.get("facts")
    for key, value in facts.items() if isinstance(facts, dict) else ():
        limit = MAX_FACT_NOTE if key in ("note", "materials") else MAX_SHORT_TEXT
        if isinstance(value, str) and len(value) > limit:
            problems.append(Problem("facts", shown_key(key), f"holds at most {limit} characters"))
    history = data.get("status_history")
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


def _get(data: dict[str, Any], section: str, key: str) -> str:
    raw = data.get(section)
    if not isinstance(raw, dict):
        return ""
    value = raw.get(key)
    return "" if value is None or isinstance(value, (dict, list, bool)) else str(value).strip()


_FINDING_ENUMS: dict[str, tuple[str, ...]] = {
    key: values(enum) for key, enum in FINDING_ENUMS.items()
}


def _check_tooth(data: dict[str, Any]) -> list[Problem]:
    """A tooth must exist in the case's notation (DESIGN.md section 5: unknown tooth is bad input)."""
    tooth = _get(data, "procedure", "tooth")
    notation = _get(data, "procedure", "notation").lower() or "universal"
    if not tooth or notation not in NOTATION_VALUES:
        return []
    from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth

    try:
        parse_tooth(tooth, notation)
    except InvalidToothError:
        return [Problem("procedure", "tooth", f"is not a tooth in {notation} numbering")]
    return []


def _tooth_checker(data: dict[str, Any]) -> Any:
    """A function telling whether a text is a tooth in the case's notation (None: cannot tell)."""
    notation = _get(data, "procedure", "notation").lower() or "universal"
    if notation not in NOTATION_VALUES:
        return None
    from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth

    def check(text: str) -> bool:
        try:
            parse_tooth(text, notation)
        except InvalidToothError:
            return False
        return True

    return check


def _check_values(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    enums = {("findings", key): allowed for key, allowed in _FINDING_ENUMS.items()}
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
        problems.append(Problem("claim", "billed_amount", "must be an amount such as 1250.00"))
    for section, key in (("patient", "date_of_birth"), ("claim", "date_of_service")):
        value = _get(data, section, key)
        if value and _parse_date(value) is None:
            problems.append(Problem(section, key, "must be a date as YYYY-MM-DD"))
    return problems


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_case_date(value: str) -> date | None:
    """A case date (YYYY-MM-DD) or None when empty or malformed."""
    return _parse_date(value.strip()) if value else None
