"""What the clinical record says, as the sections of a letter (pure: no Qt, no SQL).

An appeal (`compose.compose_appeal`) and a prior-authorization request
(`prior_auth.compose_prior_auth`) both print the history and findings, why this code, why not
the codes a reviewer would substitute (the selector's decisive reason and the reference library's
comparison) and the user's additional notes. Only facts recorded in the case are stated; a
comparison resting on an unconfirmed rule is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from cdt_desktop.core.text import capitalized
from cdt_desktop.domain.appeal.alternatives import reviewer_substitutes
from cdt_desktop.domain.appeal.argument import facts_paragraphs
from cdt_desktop.domain.appeal.code_fit import billed_with
from cdt_desktop.domain.appeal.letter import (
    FINDING_WORDS,
    HISTORY,
    NOTES,
    WHY_CODE,
    WHY_NOT,
    Section,
    documented_for,
    format_date,
    split_paragraphs,
    us_date,
)
from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.cases.facts import PERIAPICAL_DIAGNOSES, PULPAL_DIAGNOSES, satisfied_items
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import case_tooth
from cdt_desktop.domain.coding.findings import Candidate, ReasonKind, Selection, Status
from cdt_desktop.domain.reference import CodeEntry
from cdt_desktop.domain.teeth import Tooth

MAX_ALTERNATIVES = 5

# Root canal codes the CDT places a primary tooth without a permanent successor under
# (docs/design-rules.md, Coding rules), and the primary-tooth code it would otherwise take.
RETAINED_PRIMARY_CODES = {"D3310": "D3230", "D3330": "D3240"}


def record_sections(
    case: Case,
    entry: CodeEntry | None,
    selection: Selection | None,
    tooth_short: str,
    has_enclosures: bool,
    profile: PayerProfile | None,
    extra_notes: str,
    *,
    findings_on: str | None = None,
    answered: str = "",
    other_visits: Sequence[tuple[str, date]] = (),
) -> list[Section]:
    """What the record says, for an appeal or a prior-authorization request alike: the
    history and findings, why this code, why not the codes a reviewer would substitute, and
    the user's additional notes. ``findings_on``: the date the findings were recorded (ISO;
    "" for none); None: the date of service (an appeal's treatment day). ``answered``: the
    answer to the denial, whose facts the history does not state again. ``other_visits``: the
    other visits of an apexification or regeneration series, (code, date of service)."""
    stated = satisfied_items(case.facts)
    if case.findings.successor and (tooth := case_tooth(case)) is not None and tooth.is_primary:
        # the findings state it ("permanent successor: present"); the item's own words
        # ("presence or absence of ...") then read as if the office did not know (walkthrough)
        stated |= {"successor-status"}
    documented = documented_for(case, entry, exclude=stated)
    when = case.claim.date_of_service if findings_on is None else findings_on
    history = _history(case, tooth_short, documented, has_enclosures, when, answered)
    if said := series_paragraph(case.procedure.code, other_visits):
        history = (history[0], said, *history[1:])
    sections = [
        Section(HISTORY, history),
        Section(WHY_CODE, _why_code(case, entry, selection, tooth_short, profile)),
    ]
    why_not = _why_not(case, entry, selection)
    if why_not:
        sections.append(Section(WHY_NOT, why_not, bullets=True))
    if extra_notes.strip():
        sections.append(Section(NOTES, split_paragraphs(extra_notes)))
    return sections


def series_paragraph(code: str, visits: Sequence[tuple[str, date]]) -> str:
    """ "This is the interim visit of a regeneration series; its other visits: D3355 (the
    initial visit) on October 1, 2026." ("" for no visit or a code of no series): a reviewer
    of an interim or final visit's claim asks when the series began (chairside walkthrough)."""
    from cdt_desktop.domain.coding.rules import FAMILY_OF, FAMILY_WORDS, STEP_OF

    code = code.strip().upper()
    if not visits or code not in STEP_OF:
        return ""
    family = FAMILY_WORDS[FAMILY_OF[code]]
    listed = "; ".join(
        f"{visit} (the {STEP_OF[visit]} visit) on {us_date(when)}" for visit, when in visits
    )
    article = "an" if family[:1] in "aeiou" else "a"
    return (
        f"This is the {STEP_OF[code]} visit of {article} {family} series; its other visits: "
        f"{listed}."
    )


def _goal_words(goal: str, pulp: str) -> str:
    """The goal as the findings state it: "root canal therapy" on a filled tooth is its
    retreatment (the D3348 sample read "treatment: root canal therapy" beside "the stated goal
    is retreatment")."""
    if goal == "rct" and pulp == "previously-treated":
        return "retreatment"
    return FINDING_WORDS["goal"].get(goal, "")


def _history(
    case: Case,
    tooth_short: str,
    documented: tuple[str, ...],
    has_enclosures: bool,
    on: str,
    answered: str = "",
) -> tuple[str, ...]:
    f, facts = case.findings, case.facts
    tooth = case_tooth(case)
    primary = tooth is not None and tooth.is_primary
    pulpal = PULPAL_DIAGNOSES.get(facts.pulpal_diagnosis, "") or FINDING_WORDS["pulp"].get(
        f.pulp, ""
    )
    stated_facts = [
        ("pulpal diagnosis", pulpal),
        ("periapical diagnosis", PERIAPICAL_DIAGNOSES.get(facts.periapical_diagnosis, "")),
        ("", FINDING_WORDS["root"].get(f.root, "")),  # its words name it: "complete root
        # development (closed apex)" ("root development: complete root development": review)
        ("permanent successor", FINDING_WORDS["successor"].get(f.successor, "") if primary else ""),
        ("treatment", _goal_words(f.goal, f.pulp)),
        ("visit", FINDING_WORDS["visit"].get(f.visit, "")),
    ]
    stated = "; ".join(
        f"{label}: {words}" if label else words for label, words in stated_facts if words
    )
    where = f"tooth {tooth_short}" if tooth_short else "the tooth treated"
    when = format_date(on)
    first = f"Findings recorded for {where}" + (f" on {when}" if when else "")
    where_kept = "the enclosed records" if has_enclosures else "the clinical record"
    paragraphs = [f"{first}: {stated}." if stated else f"{first} are in {where_kept}."]
    paragraphs += split_paragraphs(f.notes)  # what the patient presented with comes first
    paragraphs += facts_paragraphs(case, tooth_short, answered)
    if documented:
        paragraphs.append("The clinical record also documents: " + "; ".join(documented) + ".")
    return tuple(paragraphs)


def _why_code(
    case: Case,
    entry: CodeEntry | None,
    selection: Selection | None,
    tooth_short: str,
    profile: PayerProfile | None = None,
) -> tuple[str, ...]:
    code = case.procedure.code.strip()
    brief = profile is not None and profile.brief
    paragraphs = [summary_paragraph(code, entry)] if entry is not None and not brief else []
    reasons = _reasons(selection, code, status=Status.RECOMMENDED)
    if reasons:
        # Selector reasons are list items, not sentences: listed after a colon.
        listed = "; ".join(reasons)
        paragraphs.append(f"The recorded findings support this code: {listed}.")
    if not paragraphs and code:
        paragraphs.append(f"{code} was reported for tooth {tooth_short or 'as recorded'}.")
    return tuple(paragraphs)


def summary_paragraph(code: str, entry: CodeEntry | None) -> str:
    """The library's general description of the code (the first paragraph of "Why this code")."""
    if entry is None:
        return ""
    # Only what the code is: the rest of the library's summary is advice for the office ("the
    # exam and films are billed on their own lines"), which in an appeal only invites an edit.
    first = re.split(r"(?<=[.;])\s", entry.summary.strip(), maxsplit=1)[0].rstrip(";")
    return f"{code} ({entry.name}): {first.rstrip('.')}."


def _why_not(case: Case, entry: CodeEntry | None, selection: Selection | None) -> tuple[str, ...]:
    """One line per neighbouring code: the selector's reasons and the library's comparison."""
    code = case.procedure.code.strip()
    unconfirmed = _unconfirmed_codes(entry) if entry else set()
    codes = list(reviewer_substitutes(code, selection, case_tooth(case)))
    named = denial_codes(case.claim.denial_reason, code)
    codes = [*named, *(c for c in codes if c not in named)]  # the code the payer paid first
    differences = {
        c.code: "" if c.code.upper() in unconfirmed else c.difference.strip()
        for c in (entry.comparisons if entry else ())
        if c.code.upper() in codes
    }
    lines: list[str] = []
    retained = _retained_primary(selection, code)
    if retained is not None:  # the code the payer will point to; say why it does not apply
        primary = RETAINED_PRIMARY_CODES[code]
        codes = [primary, *(c for c in codes if c != primary)]
        differences[primary] = differences.get(primary) or (
            f"Pulpal therapy for a primary tooth that has a permanent successor;"
            f" #{retained.universal} has none"
        )
    held = billed_with(case)  # the code on the claim the reviewer holds: answered first
    if held:
        codes = [held, *(c for c in codes if c != held)]
    for other in [c for c in codes if c != code][:MAX_ALTERNATIVES]:
        # Only the decisive reason: later ones may apply to the billed code as well.
        parts = [
            *(capitalized(r) for r in _reasons(selection, other, status=Status.EXCLUDED)[:1]),
            differences.get(other, "").rstrip("."),
        ]
        text = ". ".join(p for p in parts if p)
        if text:
            label = f"{other} (the code first billed, in error)" if other == held else other
            lines.append(f"{label}: {text}.")
    return tuple(lines)


def denial_codes(reason: str, billed: str) -> list[str]:
    """The CDT codes the EOB's wording names besides the billed one, in order ("paid at the
    D3320 allowance"): a downcode's alternate code is the one the letter must answer, even
    where it does not fit the tooth (billing walkthrough: a D3330 downcoded to D3320 got a
    'why not' about D3348 only)."""
    import re

    found = re.findall(r"\bD ?(\d{4})\b", reason.upper())
    return list(dict.fromkeys(f"D{n}" for n in found if f"D{n}" != billed.strip().upper()))


def _candidate(selection: Selection | None, code: str) -> Candidate | None:
    return None if selection is None else selection.candidate(code)


def _reasons(selection: Selection | None, code: str, *, status: Status) -> list[str]:
    """The selector's reasons for `code`, as a letter words them, only when it gave `status`.

    A letter argues one way: the billed code's reasons are printed only when the selector
    recommends it, an alternative's only when the selector excludes it. Otherwise the letter
    would quote the selector against the claim ("D3320 is for premolars; #19 is a molar").
    """
    candidate = _candidate(selection, code)
    if candidate is None or candidate.status is not status:
        return []
    return [
        r.prose.strip().rstrip(".")
        for r in candidate.reasons
        # a caution is for the office ("...; verify with the payer"), not an argument to the
        # payer: printed, the letter undermined its own code (review)
        if r.text.strip() and r.kind not in _FOR_THE_OFFICE
    ]


_FOR_THE_OFFICE = frozenset({ReasonKind.CAUTION, ReasonKind.PAYER})


def _unconfirmed_codes(entry: CodeEntry) -> set[str]:
    """Codes that the entry's `verify` list (rules marked as needing verification) talks about.

    The library's comparison with such a code may rest on that unconfirmed rule (e.g. "D3353
    already includes the root canal, so D3330 is not added" is a derived edit); a letter to a
    payer does not state it as fact, so that comparison is left out of the letter.
    """
    named = set(re.findall(r"\bD\d{4}\b", " ".join(entry.verify).upper()))
    return named - {entry.code.strip().upper()}


def _retained_primary(selection: Selection | None, code: str) -> Tooth | None:
    """The tooth, when `code` is D3310/D3330 billed on a primary tooth without a successor.

    The CDT places such a tooth under the root canal codes (docs/design-rules.md, Coding rules) and
    the selector then recommends D3310/D3330; the payer will point to D3230/D3240, so the letter
    says why that code does not apply. None unless the successor is recorded as absent and the
    selector recommends the billed code.
    """
    if selection is None:
        return None
    tooth = selection.findings.tooth
    if tooth is None or not tooth.is_primary or code not in RETAINED_PRIMARY_CODES:
        return None
    if selection.findings.has_successor is not False:
        return None
    billed = _candidate(selection, code)
    return tooth if billed is not None and billed.status is Status.RECOMMENDED else None
