"""The clinical facts an appeal rests on, recorded on the case (each optional, each typed).

The checklist says *that* something is in the chart ("pulp tests recorded"); a reviewer wants the
facts themselves: "cold: no response on #19, normal on #18 (control)". These are kept here, in the
case file's ``facts`` section, so that the appeal letter states them and a fact satisfies the
checklist item that asks for it (`satisfied_items`): entering the reason for retreatment ticks
"reason for retreatment recorded". Diagnoses use the AAE's diagnostic terms.

Pure Python; `validate_facts` names the field of every problem, never its value (PHI).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from cdt_desktop.domain.dates import ROUGH_DATE, file_date_words, rough_date

PULPAL_DIAGNOSES = {
    # case file value -> how the letter words it (AAE diagnostic terminology)
    "normal-pulp": "normal pulp",
    "reversible-pulpitis": "reversible pulpitis",
    "symptomatic-irreversible-pulpitis": "symptomatic irreversible pulpitis",
    "asymptomatic-irreversible-pulpitis": "asymptomatic irreversible pulpitis",
    "pulp-necrosis": "pulp necrosis",
    "previously-treated": "previously treated",
    "previously-initiated-therapy": "previously initiated therapy",
}
AGREEING_DIAGNOSES: dict[str, tuple[str, ...]] = {
    # the chart's pulp status (findings.pulp) -> the AAE pulpal diagnoses that agree with it:
    # the pre-export check names a disagreement, the case form offers these for a blank one
    "normal": ("normal-pulp",),
    "reversible-pulpitis": ("reversible-pulpitis",),
    "irreversible-pulpitis": (
        "symptomatic-irreversible-pulpitis",
        "asymptomatic-irreversible-pulpitis",
    ),
    "necrosis": ("pulp-necrosis",),
    "previously-treated": ("previously-treated",),
    "previously-initiated": ("previously-initiated-therapy",),
}
PERIAPICAL_DIAGNOSES = {
    "normal-apical-tissues": "normal apical tissues",
    "symptomatic-apical-periodontitis": "symptomatic apical periodontitis",
    "asymptomatic-apical-periodontitis": "asymptomatic apical periodontitis",
    "chronic-apical-abscess": "chronic apical abscess",
    "acute-apical-abscess": "acute apical abscess",
    "condensing-osteitis": "condensing osteitis",
}
COLD_RESULTS = {
    "normal": "normal response",
    "no-response": "no response",
    "lingering": "lingering pain",
    "exaggerated": "heightened response that subsides",
}
TENDERNESS_RESULTS = {"normal": "not tender", "tender": "tender"}
EPT_MAX = 80  # the usual top of an electric pulp tester's scale
RETREATMENT_REASONS = (
    # suggestions for the form; any text is accepted
    "persistent periapical lesion",
    "missed canal",
    "coronal leakage",
    "short or incomplete canal filling",
    "new symptoms",
    "fractured instrument",
)

_DATE_FIELDS = ("preop_radiograph_date", "postop_radiograph_date")
ROUGH_DATE_FIELDS = ("prior_rct_date",)
"""Dates that may be known only to the month or the year ("2015-06", "2015"): the earlier root
canal's, of which the record often holds an estimate."""
_ROUGH_STORED_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_CANAL_RE = re.compile(r"^([A-Za-z][A-Za-z0-9]{0,5})(?:\s+(\d{1,2}(?:[.,]\d)?)\s*(?:mm)?)?$")
WORKING_LENGTH_MM = (5.0, 40.0)


@dataclass(frozen=True)
class ClinicalFacts:
    pulpal_diagnosis: str = ""  # a PULPAL_DIAGNOSES key
    periapical_diagnosis: str = ""  # a PERIAPICAL_DIAGNOSES key
    control_tooth: str = ""  # in the case's notation
    cold: str = ""  # COLD_RESULTS key, on the treated tooth
    cold_control: str = ""
    ept: str = ""  # a reading 0-80, or "no-response"
    ept_control: str = ""
    percussion: str = ""  # TENDERNESS_RESULTS key
    percussion_control: str = ""
    palpation: str = ""
    palpation_control: str = ""
    preop_radiograph_date: str = ""  # YYYY-MM-DD
    postop_radiograph_date: str = ""
    prior_rct_date: str = ""  # retreatment: the earlier root canal
    prior_rct_provider: str = ""
    retreatment_reason: str = ""
    canals: str = ""  # "MB 21.0; MB2 20.5; DB 20.5; P 22.0" (working lengths in mm)
    materials: str = ""  # e.g. "gutta-percha, bioceramic sealer" or "MTA apical plug"
    note: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name).strip() for f in fields(self))

    def has_control_results(self) -> bool:
        """A test recorded on the tooth and on the control tooth both: the control tooth's
        number alone compares nothing (the item counted as done with "cold: no response" and
        a blank control result: billing month-end walkthrough)."""
        return bool(self.control_tooth.strip()) and any(
            getattr(self, k).strip() and getattr(self, f"{k}_control").strip()
            for k in ("cold", "ept", "percussion", "palpation")
        )


FACT_FIELDS = tuple(f.name for f in fields(ClinicalFacts))
_ENUMS: dict[str, dict[str, str]] = {
    "pulpal_diagnosis": PULPAL_DIAGNOSES,
    "periapical_diagnosis": PERIAPICAL_DIAGNOSES,
    "cold": COLD_RESULTS,
    "cold_control": COLD_RESULTS,
    "percussion": TENDERNESS_RESULTS,
    "percussion_control": TENDERNESS_RESULTS,
    "palpation": TENDERNESS_RESULTS,
    "palpation_control": TENDERNESS_RESULTS,
}


def parse_canals(text: str) -> list[tuple[str, float | None]] | None:
    """``"MB 21.0; DB 20,5 mm; P"`` -> [("MB", 21.0), ("DB", 20.5), ("P", None)]; None if malformed."""
    result: list[tuple[str, float | None]] = []
    for part in re.split(r"[;\n]|,(?!\d)", text):
        part = part.strip()
        if not part:
            continue
        match = _CANAL_RE.match(part)
        if match is None:
            return None
        length = float(match.group(2).replace(",", ".")) if match.group(2) else None
        if length is not None and not WORKING_LENGTH_MM[0] <= length <= WORKING_LENGTH_MM[1]:
            return None
        result.append((match.group(1).upper(), length))
    return result


NO_RESPONSE_SPELLINGS = frozenset({"no-response", "no response", "no_response", "noresponse", "nr"})
"""How a chart note writes an EPT with no response; stored as "no-response" (billing walkthrough:
"no response", with a space, was refused)."""


def normal_ept(value: str) -> str:
    """An EPT entry as stored: the reading, or "no-response" however it was spelled."""
    value = " ".join(value.strip().lower().split())
    return "no-response" if value in NO_RESPONSE_SPELLINGS else value


def ept_problem(value: str) -> str:
    value = normal_ept(value)
    if not value or value == "no-response":
        return ""
    if value.isdigit() and 0 <= int(value) <= EPT_MAX:
        return ""
    return f"must be a reading 0-{EPT_MAX}, or no response (NR)"


def validate_facts(raw: Any, check_tooth: Any = None) -> list[tuple[str, str, str]]:
    """Problems of the case file's ``facts`` object as (section, field, message).

    `check_tooth(text) -> str` says why the control tooth is no tooth in the case's notation
    ("" when it is one).
    """
    if raw is None:
        return []
    if not isinstance(raw, dict):
        return [("facts", "", "must be an object")]
    problems: list[tuple[str, str, str]] = []
    for key, value in raw.items():
        name = "".join(ch if ch.isprintable() else "?" for ch in str(key))[:40]
        if key not in FACT_FIELDS:
            problems.append(("", "", f"unknown field 'facts.{name}'"))
        elif value is not None and not isinstance(value, str):
            problems.append(("facts", name, "must be text"))
    values = {k: v.strip() for k, v in raw.items() if k in FACT_FIELDS and isinstance(v, str)}
    for key, allowed in _ENUMS.items():
        if values.get(key) and values[key].lower() not in allowed:
            problems.append(("facts", key, f"must be one of: {', '.join(allowed)}"))
    for key in ("ept", "ept_control"):
        problem = ept_problem(values.get(key, ""))
        if problem:
            problems.append(("facts", key, problem))
    for key in _DATE_FIELDS:
        if values.get(key) and _date(values[key]) is None:
            problems.append(("facts", key, file_date_words(values[key])))
    for key in ROUGH_DATE_FIELDS:
        value = values.get(key)
        if value and not (_ROUGH_STORED_RE.match(value) and rough_date(value)):
            problems.append(("facts", key, f"must be a date as {ROUGH_DATE}"))
    if values.get("canals") and parse_canals(values["canals"]) is None:
        problems.append(
            (
                "facts",
                "canals",
                "must list canals with working lengths in mm, e.g. MB 21.0; DB 20.5",
            )
        )
    control = values.get("control_tooth", "")
    why = check_tooth(control) if control and check_tooth is not None else ""
    if why:
        problems.append(("facts", "control_tooth", why))
    return problems


def facts_from_dict(raw: Any) -> ClinicalFacts:
    """Facts from a validated ``facts`` object; enumerated values stored lower-case."""
    if not isinstance(raw, dict):
        return ClinicalFacts()
    values = {k: "" if v is None else str(v) for k, v in raw.items() if k in FACT_FIELDS}
    for key in _ENUMS:
        if key in values:
            values[key] = values[key].strip().lower()
    for key in ("ept", "ept_control"):
        if key in values:
            values[key] = normal_ept(values[key])
    return ClinicalFacts(**values)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def satisfied_items(facts: ClinicalFacts) -> frozenset[str]:
    """Checklist item ids that the recorded facts satisfy (as if ticked)."""
    items = set()
    if facts.pulpal_diagnosis:
        items.add("pulp-diagnosis")
    if facts.periapical_diagnosis:
        items.add("periapical-diagnosis")
    if facts.has_control_results():
        items.add("pulp-tests-recorded")
    if facts.preop_radiograph_date:
        items.add("preop-radiograph")
    if facts.postop_radiograph_date:
        items.add("postop-radiograph")
    if facts.prior_rct_date and facts.prior_rct_provider.strip():  # the item asks for both
        items.add("previous-rct-date")
    if facts.retreatment_reason.strip():
        items.add("retreatment-reason")
    canals = parse_canals(facts.canals) if facts.canals.strip() else None
    if canals and all(length is not None for _, length in canals):
        items.add("working-length-recorded")
    if facts.materials.strip():
        items.update(
            ("obturation-recorded", "medicament-recorded", "scaffold-and-barrier-recorded")
        )
    return frozenset(items)


_VALUES_TYPED_UNDER_FACTS = {
    "pulp-tests-recorded": "the pulp tests' results (and the control tooth)",
    "working-length-recorded": "the working lengths",
    "obturation-recorded": "the filling material",
    "medicament-recorded": "the medicament",
    "scaffold-and-barrier-recorded": "the scaffold and barrier materials",
}
"""Ticked items whose values Clinical facts can hold; the letter states those it holds."""


def values_not_stated(facts: ClinicalFacts, checklist: Mapping[str, bool]) -> list[str]:
    """Ticked items the letter can only say the record documents, where typing their values
    under Clinical facts would state them (walkthrough: "the clinical record also documents:
    pulp tests ... and their results", and not one result; the reviewer asks for them)."""
    answered = satisfied_items(facts)
    named = [
        words
        for item_id, words in _VALUES_TYPED_UNDER_FACTS.items()
        if checklist.get(item_id) and item_id not in answered
    ]
    if not named:
        return []
    return [
        f"The letter says the clinical record documents {_listed(named)}, without stating them: type "
        "them under Clinical facts (Edit case) and the letter gives them, or enclose the "
        "chart notes that hold them."
    ]


def ticked_values_left_out(facts: ClinicalFacts, checklist: Mapping[str, bool]) -> list[str]:
    """Ticked items that stand for one value (a diagnosis, a date, a reason) whose value
    Clinical facts does not hold: the letter states such a value or nothing (it never lists the
    bare item), so the tick reaches no reviewer (walk: "Date and provider of the previous root
    canal" ticked on a D3348, no date in the letter and no word in the check)."""
    rct = [
        words
        for words, value in (
            ("date", facts.prior_rct_date.strip()),
            ("provider", facts.prior_rct_provider.strip()),
        )
        if not value
    ]
    left = {
        "periapical-diagnosis": "the periapical diagnosis"
        if not facts.periapical_diagnosis
        else "",
        "previous-rct-date": f"the earlier root canal's {' and '.join(rct)}" if rct else "",
        "retreatment-reason": "why the earlier root canal failed"
        if not facts.retreatment_reason.strip()
        else "",
    }
    named = [words for item_id, words in left.items() if words and checklist.get(item_id)]
    if not named:
        return []
    return [
        f"Ticked on the checklist but not in the letter: {_listed(named)}. The letter states only what "
        "Clinical facts holds: type it there (Edit case) and the letter gives it."
    ]


def _listed(named: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
