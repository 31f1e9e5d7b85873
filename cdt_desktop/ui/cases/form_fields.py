"""The case form's fields and the checks made while typing, without Qt: which editor each case
file field gets (line, date, text or a list of choices), the words a choice is shown with, and
the date checks beyond the case file format (a typed US date, a day that does not exist, a birth
date after the date of service), and every problem of what is typed (``typed_problems``).
``ui/cases/form.py`` builds the dialog from this table.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from cdt_desktop.domain.cases import field_rules
from cdt_desktop.domain.cases.case_json import Problem
from cdt_desktop.domain.cases.facts import (
    COLD_RESULTS,
    PERIAPICAL_DIAGNOSES,
    PULPAL_DIAGNOSES,
    TENDERNESS_RESULTS,
)
from cdt_desktop.domain.cases.status import DENIAL_CATEGORIES, amount_value
from cdt_desktop.domain.coding.findings import FINDING_ENUMS, UNANSWERED, term
from cdt_desktop.domain.dates import (
    US_DATE,
    date_problem,
    normalize_date,
    normalize_rough_date,
    rough_date_problem,
)

_ISO_SHAPE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOTATION_WORDS = {"universal": "Universal", "fdi": "FDI", "palmer": "Palmer"}  # as in the window


def choice_words(key: str, value: str) -> str:
    """A drop-down item's words: the coding vocabulary's label, written as in the window."""
    if not value:  # a finding not given reads as on the chart (it read "—" here, "Unknown"
        return UNANSWERED if key in FINDING_ENUMS else "—"  # there: walkthrough)
    if key == "notation":
        return _NOTATION_WORDS.get(value, value)
    if key == "denial_category":  # the reference data's names, as the status dialog shows them
        return DENIAL_CATEGORIES.get(value, value)
    found = term(key, value)
    return found.label if found is not None else value.replace("-", " ").capitalize()


DATE_FIELDS = {
    ("patient", "date_of_birth"),
    ("claim", "date_of_service"),
    ("claim", "prior_auth_sent"),
    ("facts", "preop_radiograph_date"),
    ("facts", "postop_radiograph_date"),
    ("facts", "prior_rct_date"),
}
ROUGH_DATE_FIELDS = {("facts", "prior_rct_date")}
"""Date fields that take the month or the year alone when the day is not known (an estimate)."""


def normalized(field: tuple[str, str], text: str) -> str:
    """A date field's text as the case stores it ("06/2015" -> "2015-06" where the month
    alone will do); any other field's as typed."""
    if field in ROUGH_DATE_FIELDS:
        return normalize_rough_date(text)
    return normalize_date(text) if field in DATE_FIELDS else text


PLACEHOLDERS = {
    ("claim", "prior_auth_address"): "The payer's pre-treatment review, if not the payer "
    "address above (that is usually its appeals address)",
    ("claim", "prior_auth_number"): "The plan's authorization or predetermination number",
    # printed in the appeal and the prior-authorization request as the clinical history: an
    # office note typed here (a call log, "Pt anxious") went to the payer (walkthrough)
    ("findings", "notes"): "The clinical history, printed in the letters to the payer: no "
    "office or call notes",
}
"""Grey text in an empty editor: what goes there, where the label alone cannot say it."""

GROUP_TITLES = {
    "patient": "&Patient",
    "procedure": "P&rocedure",
    "findings": "&Findings",
    "subscriber": "S&ubscriber",
    "payer": "Pa&yer",
    "claim": "Cl&aim",
    "provider": "Pro&vider",
    "facts": "C&linical facts for the appeal",
    "enclosures": "&Enclosures",
}
"""Each section's group title with its Alt letter, which goes to the section's first field
(keyboard walkthrough: some 40 Tab stops to the payer). S and C stay free: a platform that
underlines its standard buttons' letters (GNOME: &Save, &Cancel) uses them."""

# (section, key, label, kind); kind: line | date | text | a tuple of choices
SECTIONS: tuple[tuple[str, str, tuple[tuple[str, str, Any], ...]], ...] = (
    ("patient", "Patient", (
        ("name", "Name", "line"),
        ("date_of_birth", "Date of birth", "date"),
        ("chart_number", "Chart number", "line"),
    )),
    # the chair's groups first (the code and findings were under five billing groups)
    ("procedure", "Procedure", (
        ("code", "CDT code", "line"),
        ("tooth", "Tooth", "line"),
        ("notation", "Notation", field_rules.NOTATION_VALUES),
    )),
    ("findings", "Findings", (
        ("root", "Root development", ("", *field_rules.ROOT_VALUES)),
        ("pulp", "Pulp status", ("", *field_rules.PULP_VALUES)),  # as the chart names it
        ("goal", "Treatment goal", ("", *field_rules.GOAL_VALUES)),
        ("visit", "Visit", ("", *field_rules.VISIT_VALUES)),
        ("successor", "Permanent successor", ("", *field_rules.SUCCESSOR_VALUES)),
        ("notes", "Clinical notes", "text"),
    )),
    ("subscriber", "Subscriber", (
        ("name", "Name", "line"),
        ("member_id", "Member ID", "line"),
        ("group_number", "Group number", "line"),
    )),
    ("payer", "Payer", (("name", "Name", "line"), ("address", "Address", "text"))),
    ("claim", "Claim", (
        ("number", "Claim number", "line"),
        ("date_of_service", "Date of service", "date"),
        ("billed_amount", "Billed amount", "line"),
        ("denial_reason", "Denial reason", "text"),
        ("denial_category", "Denial category", ("", *DENIAL_CATEGORIES)),
        ("prior_auth_address", "Prior-authorization address", "text"),
        ("prior_auth_number", "Prior-authorization number", "line"),
        ("prior_auth_sent", "Prior-authorization sent", "date"),
    )),
    ("provider", "Provider", (
        ("name", "Name", "line"),
        ("credentials", "Credentials", "line"),
        ("npi", "NPI", "line"),
        ("practice", "Practice", "line"),
        ("address", "Address", "text"),
        ("phone", "Phone", "line"),
    )),
    # The facts an appeal states (each optional); a fact also answers its checklist item.
    ("facts", "Clinical facts for the appeal", (
        ("pulpal_diagnosis", "Pulpal diagnosis (AAE)", ("", *PULPAL_DIAGNOSES)),
        ("periapical_diagnosis", "Periapical diagnosis (AAE)", ("", *PERIAPICAL_DIAGNOSES)),
        ("control_tooth", "Control tooth", "line"),
        ("cold", "Cold", ("", *COLD_RESULTS)),
        ("cold_control", "Cold, control tooth", ("", *COLD_RESULTS)),
        ("ept", "EPT (0-80, or NR: no response)", "line"),
        ("ept_control", "EPT, control tooth", "line"),
        ("percussion", "Percussion", ("", *TENDERNESS_RESULTS)),
        ("percussion_control", "Percussion, control tooth", ("", *TENDERNESS_RESULTS)),
        ("palpation", "Palpation", ("", *TENDERNESS_RESULTS)),
        ("palpation_control", "Palpation, control tooth", ("", *TENDERNESS_RESULTS)),
        ("preop_radiograph_date", "Pre-op radiograph date", "date"),
        ("postop_radiograph_date", "Post-op radiograph date", "date"),
        ("prior_rct_date", "Earlier root canal: date", "date"),
        ("prior_rct_provider", "Earlier root canal: provider", "line"),
        ("retreatment_reason", "Reason for retreatment", "line"),
        ("canals", "Canals and working lengths (mm)", "line"),
        ("materials", "Materials", "line"),
        ("note", "Note for the appeal", "text"),
    )),
)  # fmt: skip


def extra_problems(
    data: dict[str, Any], today: date | None = None, stored: dict[str, Any] | None = None
) -> list[Problem]:
    """Checks beyond the case file format that only make sense while typing a case.

    ``stored``: the case as the form opened it; a likely typo it already held (a date of
    service years ahead, an outsized amount) is not this save's to fix, or a case saved
    before these checks could never be saved again for any other edit."""
    today = today or date.today()
    stored_claim = (stored or {}).get("claim") or {}

    def changed(key: str) -> bool:
        return str(data["claim"].get(key, "")).strip() != str(stored_claim.get(key, "")).strip()

    problems = [
        Problem(section, key, "is not a real calendar date")
        for section, key in sorted(DATE_FIELDS)
        if _ISO_SHAPE_RE.match(str(data.get(section, {}).get(key, "")))
        and field_rules.parse_case_date(str(data.get(section, {}).get(key, ""))) is None
    ]
    birth = field_rules.parse_case_date(str(data["patient"].get("date_of_birth", "")))
    service = field_rules.parse_case_date(str(data["claim"].get("date_of_service", "")))

    def ahead(day: date) -> str:  # the dates named, as the status dialogs name them
        # (chairside walk: "⚠ Is in the future" quoted neither the date nor today)
        return f"{day:%m/%d/%Y} is after today ({today:%m/%d/%Y})"

    if birth and birth > today:
        problems.append(Problem("patient", "date_of_birth", ahead(birth)))
    sent = field_rules.parse_case_date(str(data["claim"].get("prior_auth_sent", "")))
    if sent and sent > today and changed("prior_auth_sent"):  # recorded once sent: a typo
        problems.append(Problem("claim", "prior_auth_sent", "is in the future"))
    stored_facts = (stored or {}).get("facts") or {}
    for key in ("preop_radiograph_date", "postop_radiograph_date"):  # dated the day taken
        typed = str((data.get("facts") or {}).get(key, "")).strip()
        taken = field_rules.parse_case_date(typed)
        if taken and taken > today and typed != str(stored_facts.get(key, "")).strip():
            # re-walk: a post-op film dated next year was counted and printed as taken then
            problems.append(Problem("facts", key, f"{ahead(taken)}: a film is dated the day "
                                    "it was taken"))  # fmt: skip
    if birth and service and service < birth:
        problems.append(Problem("claim", "date_of_service", "is before the date of birth"))
    if service and service > today + PLANNED_AHEAD and changed("date_of_service"):
        problems.append(Problem("claim", "date_of_service", "is more than a year ahead: check"
                                " the year (a planned visit is months ahead at most)"))  # fmt: skip
    if service and changed("date_of_service"):
        problems += _after_the_claim_went_out(service, (stored or {}).get("status_history") or [])
    amount = str(data["claim"].get("billed_amount", "")).strip()
    if (
        field_rules.AMOUNT_RE.match(amount)
        and (amount_value(amount) or 0) > MAX_BILLED
        and changed("billed_amount")
    ):
        problems.append(Problem("claim", "billed_amount", f"is more than ${MAX_BILLED:,} for"
                                " one procedure: check the amount"))  # fmt: skip
    return problems


def typed_problems(
    data: dict[str, Any], stored: dict[str, Any], kept: set[Problem]
) -> list[Problem]:
    """Every problem of the form's case file dict ``data``: the case file's own check, in the
    form's words for dates, and :func:`extra_problems`. ``stored``: the case as the form
    opened it; ``kept``: problems it already had that the form cannot fix (left out)."""
    from cdt_desktop.domain.cases.model import validate_case_dict

    extra = (
        extra_problems(data, stored=stored)
        + _names_with_pictographs(data, stored)
        + _direction_overrides(data, stored)
    )
    unreal = {(p.section, p.field) for p in extra if p.message == "is not a real calendar date"}
    shape = [
        _both_orders(p)
        for p in validate_case_dict(data)
        if (p.section, p.field) not in unreal and p not in kept
    ]
    return [_date_words(p, data) for p in shape + extra]


NAME_FIELDS = (("patient", "name"), ("subscriber", "name"), ("provider", "name"))


def _names_with_pictographs(data: dict[str, Any], stored: dict[str, Any]) -> list[Problem]:
    """A name typed with an emoji in it ("Nguyễn Thị Bảo Ngọc 🦷"): the letter and the claim
    leave it out and the window draws it as a box (walkthrough), so the form names it, as it
    names one in a claim number. A name stored so (an older case, a case file) is kept."""
    problems = []
    for section, key in NAME_FIELDS:
        typed = str(data.get(section, {}).get(key, ""))
        if typed.isascii() or typed == str(stored.get(section, {}).get(key, "")):
            continue
        from cdt_desktop.domain.appeal.symbols import pictographs_named

        if listed := pictographs_named(typed):
            problems.append(Problem(section, key, f"has {listed} in it, which no claim or "
                                    "letter prints: type the name as on the ID card"))  # fmt: skip
    return problems


_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e"
"""The bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO): shown, they reorder the text
around them; saved, they are removed (``core.text.without_controls``)."""


def _direction_overrides(data: dict[str, Any], stored: dict[str, Any]) -> list[Problem]:
    """A field typed or pasted with a text-direction override: "Tooth ‮91#‬" shows as
    "Tooth #19" and was saved, without a word, as "Tooth 91#" once the marks were removed
    (two-PC walk). The form names the marks and what would be saved instead. A value stored
    so (an older case) is kept as it is."""
    from cdt_desktop.core.text import without_controls

    problems = []
    for section, fields_of in data.items():
        if not isinstance(fields_of, dict):
            continue
        kept = stored.get(section, {}) if isinstance(stored.get(section), dict) else {}
        for key, value in fields_of.items():
            if not isinstance(value, str) or not any(c in _OVERRIDES for c in value):
                continue
            if value == kept.get(key):
                continue
            marks = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in value if c in _OVERRIDES))
            saved = " ".join(without_controls(value).split())
            shown = saved if len(saved) <= 60 else saved[:59] + "…"
            problems.append(Problem(section, key, (
                f"holds text-direction marks ({marks}) that show it in another order than it "
                f"is saved: it would be saved as \"{shown}\". Type it again"
            )))  # fmt: skip
    return problems


def _date_words(problem: Problem, data: dict[str, Any]) -> Problem:
    """A date field that holds no date says why, as the status dialogs do ("13/45/2026 is not
    a real date: there is no month 13"); it said only "must be a date as YYYY-MM-DD or
    MM/DD/YYYY", and "is not a real calendar date" for 2026-02-30 (billing walkthrough)."""
    if (problem.section, problem.field) not in DATE_FIELDS:
        return problem
    typed = str(data.get(problem.section, {}).get(problem.field, ""))
    rough = (problem.section, problem.field) in ROUGH_DATE_FIELDS
    why = (rough_date_problem if rough else date_problem)(typed) if typed.strip() else ""
    return Problem(problem.section, problem.field, why) if why else problem


def _both_orders(problem: Problem) -> Problem:
    """A date field's "must be a date as YYYY-MM-DD" (the case file's words) says the form's
    other order too: it takes 03/14/1985 (tour8: 14.03.1985 taught only one of the two)."""
    if (problem.section, problem.field) in DATE_FIELDS and problem.message.endswith("YYYY-MM-DD"):
        return Problem(problem.section, problem.field, f"{problem.message} or {US_DATE}")
    return problem


def _after_the_claim_went_out(service: date, history: list[dict[str, Any]]) -> list[Problem]:
    """A new date of service after the claim went out (its status history): the claim and its
    EOB carry the date it had, and the letter would print a service after its own denial
    (billing walkthrough: a paid case's date moved to December 1, under a denial of October
    5, saved without a word)."""
    from cdt_desktop.domain.appeal.check import sent_before
    from cdt_desktop.domain.appeal.letter import us_date

    pairs = ((str(e.get("status", "")), str(e.get("date", ""))) for e in history)
    went = sent_before(service, pairs)
    if went is None:
        return []
    words, when = went
    return [Problem("claim", "date_of_service", f"is after the day {words} "
                    f"({us_date(when)}): a claim is never for a later day; check the "
                    "date of service on the claim or the EOB")]  # fmt: skip


PLANNED_AHEAD = timedelta(days=366)
"""How far ahead a date of service may be while typing a case (a prior-authorization request
is for treatment planned weeks or months ahead); further is a typo of the year (2031 for
2026: billing walkthrough, saved without a word)."""
MAX_BILLED = 100_000
"""No one endodontic procedure is billed this much; more is a typo (99999999999 was saved)."""
