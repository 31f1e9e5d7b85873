"""The patient case, as exchanged in the case file (docs/case-file.md).

The case file is JSON, UTF-8::

    {"patient":   {"name", "date_of_birth", "chart_number"},
     "subscriber":{"name", "member_id", "group_number"},
     "payer":     {"name", "address", "profile_id"},
     "claim":     {"number", "date_of_service", "billed_amount", "denial_reason",
                   "denial_category", "prior_auth_address", "prior_auth_number",
                   "prior_auth_sent"},
     "provider":  {"name", "credentials", "npi", "practice", "address", "phone"},
     "procedure": {"code", "tooth", "notation"},
     "findings":  {"root", "pulp", "goal", "visit", "notes", "successor"},
     "checklist": {"<item id>": true|false},
     "enclosures":["..."],
     "facts":     {"pulpal_diagnosis", "periapical_diagnosis", "control_tooth", "cold", ...},
     "status_history": [{"status", "date", "claim_number", "eob_reference", "reason",
                         "category", "level", "note", "amount", "code"}]}

Every field is optional text (an empty string when absent) so that a case can be saved while it is
still being filled in; `validate_case_dict` collects *every* problem of a file at once, and
`Case.from_dict` refuses a file that has any. Messages name the field, never its value (PHI).

`findings.successor` ("" unknown | "yes" | "no": does a primary tooth have a permanent successor?)
was added later (extend, never break: docs/design-rules.md): files without it stay valid, and
without it an appeal for D3310/D3330 on a retained primary tooth cannot be backed by the selector.
So were `payer.profile_id` (the payer profile the letter follows), `claim.denial_category`, the
`facts` section (`facts.ClinicalFacts`) and `status_history` (`status.StatusEvent`, oldest first):
a file without them is a draft with no recorded facts. `claim.prior_auth_address` (where the payer
reviews prior authorizations, when that is not `payer.address`, its appeals address) came later
still: without it a prior-authorization request goes to `payer.address`, as it always did. So did
`claim.prior_auth_number` (the payer's authorization or predetermination number, as the claim
form's box 2 carries it): an appeal of a "prior authorization missing" denial cites it. And
`claim.prior_auth_sent` (YYYY-MM-DD: the day the prior-authorization request went to the payer;
with no number yet the case is waiting for the payer's answer, ``authorization.py``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from cdt_desktop.core.text import one_line
from cdt_desktop.domain.cases.case_json import CaseFileError, Problem, parse_case_json, shown_key
from cdt_desktop.domain.cases.facts import ClinicalFacts, facts_from_dict
from cdt_desktop.domain.cases.field_rules import (
    FINDING_VALUES,
    clean,
    field_limit,
    field_text,
    value_problems,
)
from cdt_desktop.domain.cases.status import (
    StatusEvent,
    current_status,
    history_from_list,
    last_event,
)
from cdt_desktop.domain.cases.tick_marks import TICKS, marks_problems
from cdt_desktop.domain.coding.findings import Successor


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
    prior_auth_number: str = ""  # the payer's authorization / predetermination number
    prior_auth_sent: str = ""  # YYYY-MM-DD: the request went to the payer; "" = not sent


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
        """A case from a case file's object (its status history as the exporting store held
        it); CaseFileError lists every problem."""
        problems = validate_case_dict(data, stored_history=True)
        if problems:
            raise CaseFileError(problems)
        kwargs: dict[str, Any] = {}
        for name, section_type in SECTIONS.items():
            raw = data.get(name) or {}
            values = {
                f.name: field_text(name, f.name, raw.get(f.name))
                for f in fields(section_type)
                if f.name in raw
            }
            kwargs[name] = section_type(**values)
        code = kwargs["procedure"].code.strip().upper()
        notation = (kwargs["procedure"].notation or "universal").strip().lower()
        # a primary tooth typed "k" is K everywhere (the heading and list showed "#k", the
        # chart and the letter "#K": hostile-user walkthrough); numbers are unchanged
        tooth = kwargs["procedure"].tooth.upper()
        kwargs["procedure"] = replace(
            kwargs["procedure"], code=code, notation=notation, tooth=tooth
        )
        # Enumerated findings are matched case-insensitively by validation; store them as the
        # selector and the letter spell them, so "Necrosis" is not silently left unused.
        found = kwargs["findings"]
        kwargs["findings"] = replace(
            found, **{key: getattr(found, key).strip().lower() for key in FINDING_VALUES}
        )
        kwargs["checklist"] = dict(data.get("checklist") or {})
        kwargs["enclosures"] = tuple(one_line(clean(e)) for e in data.get("enclosures") or [])
        kwargs["facts"] = facts_from_dict(data.get("facts"))
        kwargs["status_history"] = history_from_list(data.get("status_history"))[0]
        kwargs["claim"] = replace(
            kwargs["claim"], denial_category=kwargs["claim"].denial_category.strip().lower()
        )
        return cls(**kwargs)

    @classmethod
    def from_json(cls, text: str) -> Case:
        """A case file's case (the claim's denial as its history records it, if it is empty)."""
        return with_recorded_denial(cls.from_dict(parse_case_json(text)))


def with_recorded_denial(case: Case) -> Case:
    """`case` with its last denial's reason and category on the claim where the claim has none.

    The window's status dialog copies them there when the denial is recorded; a case file from
    another program may hold them only in ``status_history``, and the letter, the remark and
    the case form read the claim's (the claim's own words are kept when it has them)."""
    denied = last_event(case.status_history, "denied")
    claim = case.claim
    if denied is None:
        return case
    reason = claim.denial_reason if claim.denial_reason.strip() else denied.reason
    category = claim.denial_category or denied.category
    if (reason, category) == (claim.denial_reason, claim.denial_category):
        return case
    claim = replace(claim, denial_reason=reason, denial_category=category)
    return replace(case, claim=claim)


def validate_case_dict(data: Any, *, stored_history: bool = False) -> list[Problem]:
    """Every problem of a case file, each naming the field; an empty list when it is usable.

    ``stored_history``: the status history is one a store holds (a case file: the exporting
    store's): its shape is checked (known fields, text, each change allowed after the one
    before), not the count and lengths a new status change keeps to: an earlier version stored
    more changes and longer notes, and every case a store holds exports a file the import takes
    back. The form checks with bounds, less the problems its case had as stored."""
    if not isinstance(data, dict):
        return [Problem("", "", "the case file must hold a JSON object")]
    problems: list[Problem] = []
    known = set(SECTIONS) | {"checklist", "enclosures", "facts", "status_history", TICKS}
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
    problems += value_problems(data, stored_history=stored_history)
    problems += marks_problems(data)  # who ticked each item, when (an export's)
    return problems
