"""The appeal letter's content, composed from a case (pure: no Qt, no SQL, no ReportLab).

Billing staff appeal a denied claim days or weeks after the visit, often without the dentist at
hand. Everything the payer's reviewer looks for (DOMAIN.md section 4: RE block with claim and
member ids, the denial quoted, the clinical rationale, why this code and not the neighbouring
ones, the enclosures, the action requested, the signature) is assembled here from the case, the
reference library's entry for the code and the selector's reasons, so that one source feeds every
channel: the PDF letter (`cdt_desktop.report.appeal_pdf`), the 2,000-character plain text for
attachment services (`narrative_text.plain_text`) and the 80-character claim remark
(`remark.claim_remark`). The letter's data types and plain text live in `letter`.

Only facts recorded in the case are stated; nothing clinical is invented. Text is our own words,
never ADA descriptor text.
"""

from __future__ import annotations

import re
from datetime import date

from cdt_desktop.domain.appeal.alternatives import reviewer_substitutes
from cdt_desktop.domain.appeal.argument import (
    category_for,
    dated_enclosures,
    denial_argument,
    enclosed_films,
    facts_paragraphs,
    with_fact_ticks,
)
from cdt_desktop.domain.appeal.letter import (
    FINDING_WORDS,
    HISTORY,
    NOTES,
    WHY_CODE,
    WHY_NOT,
    AppealLetter,
    Section,
    documented_for,
    enclosures_for,
    format_amount,
    format_date,
    split_lines,
    split_paragraphs,
    us_date,
)
from cdt_desktop.domain.appeal.profiles import DenialTemplate, PayerProfile
from cdt_desktop.domain.appeal.remark import tooth_display
from cdt_desktop.domain.cases.facts import PERIAPICAL_DIAGNOSES, PULPAL_DIAGNOSES, satisfied_items
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import last_event
from cdt_desktop.domain.coding.findings import (
    Candidate,
    Findings,
    Goal,
    Pulp,
    Root,
    Selection,
    Status,
    Visit,
)
from cdt_desktop.domain.reference import CodeEntry
from cdt_desktop.domain.teeth import Tooth, parse_tooth

MAX_ALTERNATIVES = 5
RESPONSE = "Response to the denial"

# Root canal codes the CDT places a primary tooth without a permanent successor under
# (DESIGN.md section 4), and the primary-tooth code it would otherwise take.
RETAINED_PRIMARY_CODES = {"D3310": "D3230", "D3330": "D3240"}


def letterhead(case: Case) -> tuple[str, ...]:
    p = case.provider
    doctor = ", ".join(x for x in (p.name.strip(), p.credentials.strip()) if x)
    lines = [p.practice.strip() or doctor, *split_lines(p.address)]
    if p.practice.strip() and doctor:
        lines.insert(1, doctor)
    contact = "   ".join(
        x
        for x in (
            f"Phone {p.phone.strip()}" if p.phone.strip() else "",
            f"NPI {p.npi.strip()}" if p.npi.strip() else "",
        )
        if x
    )
    if contact:
        lines.append(contact)
    return tuple(line for line in lines if line)


def re_rows(case: Case, tooth: str) -> tuple[tuple[str, str], ...]:
    pt, sub, cl, pr = case.patient, case.subscriber, case.claim, case.provider
    provider = ", ".join(x for x in (pr.name.strip(), pr.credentials.strip()) if x)
    dob = format_date(pt.date_of_birth)
    rows = [
        ("Patient", f"{pt.name.strip()}" + (f" (DOB {dob})" if dob else "")),
        ("Subscriber", sub.name.strip()),
        ("Member ID", sub.member_id.strip()),
        ("Group number", sub.group_number.strip()),
        ("Claim number", cl.number.strip()),
        ("Date of service", format_date(cl.date_of_service)),
        ("Tooth", tooth),
        ("CDT code", case.procedure.code.strip()),
        ("Billed amount", format_amount(cl.billed_amount)),
        ("Treating provider", provider + (f" (NPI {pr.npi.strip()})" if pr.npi.strip() else "")),
    ]
    denied = last_event(case.status_history, "denied")
    if denied is not None:
        rows.insert(6, ("Denial date", format_date(denied.date)))
        rows.insert(7, ("EOB reference", denied.eob_reference))
    return tuple((label, value) for label, value in rows if value.strip())


def _history(
    case: Case, tooth_short: str, documented: tuple[str, ...], has_enclosures: bool
) -> tuple[str, ...]:
    f, facts = case.findings, case.facts
    tooth = _tooth(case)
    primary = tooth is not None and tooth.is_primary
    pulpal = PULPAL_DIAGNOSES.get(facts.pulpal_diagnosis, "") or FINDING_WORDS["pulp"].get(
        f.pulp, ""
    )
    stated_facts = [
        ("pulpal diagnosis", pulpal),
        ("periapical diagnosis", PERIAPICAL_DIAGNOSES.get(facts.periapical_diagnosis, "")),
        ("root development", FINDING_WORDS["root"].get(f.root, "")),
        ("permanent successor", FINDING_WORDS["successor"].get(f.successor, "") if primary else ""),
        ("treatment", FINDING_WORDS["goal"].get(f.goal, "")),
        ("visit", FINDING_WORDS["visit"].get(f.visit, "")),
    ]
    stated = "; ".join(f"{label}: {words}" for label, words in stated_facts if words)
    where = f"tooth {tooth_short}" if tooth_short else "the tooth treated"
    when = format_date(case.claim.date_of_service)
    first = f"Findings recorded for {where}" + (f" on {when}" if when else "")
    where_kept = "the enclosed records" if has_enclosures else "the clinical record"
    paragraphs = [f"{first}: {stated}." if stated else f"{first} are in {where_kept}."]
    paragraphs += split_paragraphs(f.notes)  # what the patient presented with comes first
    paragraphs += facts_paragraphs(case, tooth_short)
    if documented:
        paragraphs.append("The clinical record also documents: " + "; ".join(documented) + ".")
    return tuple(paragraphs)


def _tooth(case: Case) -> Tooth | None:
    """The case's tooth, or None when it is missing or cannot be parsed."""
    if not case.procedure.tooth.strip():
        return None
    try:
        return parse_tooth(case.procedure.tooth, case.procedure.notation or "universal")
    except ValueError:
        return None


def selection_for(case: Case) -> Selection | None:
    """The selector's verdict on the case's findings, or None when it cannot be computed.

    The letter is still useful without it (the reference library's comparisons remain), so an
    unparseable tooth or missing findings never block an appeal.
    """
    f = case.findings
    # Root development is not asked of primary teeth (their codes do not depend on it), and a
    # permanent tooth without it simply gets no recommendation, so only the pulp is required.
    if not case.procedure.tooth.strip() or not f.pulp:
        return None
    tooth = _tooth(case)
    if tooth is None:
        return None
    from cdt_desktop.domain.coding.selector import select

    try:
        findings = Findings(
            tooth=tooth,
            root=Root(f.root) if f.root else None,
            pulp=Pulp(f.pulp),
            goal=Goal(f.goal) if f.goal else None,
            visit=Visit(f.visit) if f.visit else None,
            has_successor=f.has_successor,  # primary teeth: may allow D3310/D3330
        )
    except ValueError:  # a value the case file validation would have refused
        return None
    return select(findings)


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
    return [r.prose.strip().rstrip(".") for r in candidate.reasons if r.text.strip()]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unconfirmed_codes(entry: CodeEntry) -> set[str]:
    """Codes that the entry's `verify` list (unconfirmed rules, DOMAIN.md [M]) talks about.

    The library's comparison with such a code may rest on that unconfirmed rule (e.g. "D3353
    already includes the root canal, so D3330 is not added" is a derived edit); a letter to a
    payer does not state it as fact, so that comparison is left out of the letter.
    """
    named = set(re.findall(r"\bD\d{4}\b", " ".join(entry.verify).upper()))
    return named - {entry.code.strip().upper()}


def _retained_primary(selection: Selection | None, code: str) -> Tooth | None:
    """The tooth, when `code` is D3310/D3330 billed on a primary tooth without a successor.

    The CDT places such a tooth under the root canal codes (DESIGN.md section 4) and the selector
    then recommends D3310/D3330; the payer will point to D3230/D3240, so the letter says why that
    code does not apply. None unless the successor is recorded as absent and the selector
    recommends the billed code.
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


def _summary_paragraph(code: str, entry: CodeEntry | None) -> str:
    """The library's general description of the code (the first paragraph of "Why this code")."""
    if entry is None:
        return ""
    # Only what the code is: the rest of the library's summary is advice for the office ("the
    # exam and films are billed on their own lines"), which in an appeal only invites an edit.
    first = re.split(r"(?<=[.;])\s", entry.summary.strip(), maxsplit=1)[0].rstrip(";")
    return f"{code} ({entry.name}): {first.rstrip('.')}."


def _why_code(
    case: Case,
    entry: CodeEntry | None,
    selection: Selection | None,
    tooth_short: str,
    profile: PayerProfile | None = None,
) -> tuple[str, ...]:
    code = case.procedure.code.strip()
    brief = profile is not None and profile.brief
    paragraphs = [_summary_paragraph(code, entry)] if entry is not None and not brief else []
    reasons = _reasons(selection, code, status=Status.RECOMMENDED)
    if reasons:
        # Selector reasons are list items, not sentences: listed after a colon.
        listed = "; ".join(reasons)
        paragraphs.append(f"The recorded findings support this code: {listed}.")
    if not paragraphs and code:
        paragraphs.append(f"{code} was reported for tooth {tooth_short or 'as recorded'}.")
    return tuple(paragraphs)


def _why_not(case: Case, entry: CodeEntry | None, selection: Selection | None) -> tuple[str, ...]:
    """One line per neighbouring code: the selector's reasons and the library's comparison."""
    code = case.procedure.code.strip()
    unconfirmed = _unconfirmed_codes(entry) if entry else set()
    codes = list(reviewer_substitutes(code, selection, _tooth(case)))
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
    for other in [c for c in codes if c != code][:MAX_ALTERNATIVES]:
        # Only the decisive reason: later ones may apply to the billed code as well.
        parts = [
            *(_sentence(r) for r in _reasons(selection, other, status=Status.EXCLUDED)[:1]),
            differences.get(other, "").rstrip("."),
        ]
        text = ". ".join(p for p in parts if p)
        if text:
            lines.append(f"{other}: {text}.")
    return tuple(lines)


def record_sections(
    case: Case,
    entry: CodeEntry | None,
    selection: Selection | None,
    tooth_short: str,
    has_enclosures: bool,
    profile: PayerProfile | None,
    extra_notes: str,
) -> list[Section]:
    """What the record says, for an appeal or a prior-authorization request alike: the
    history and findings, why this code, why not the codes a reviewer would substitute, and
    the user's additional notes."""
    documented = documented_for(case, entry, exclude=satisfied_items(case.facts))
    sections = [
        Section(HISTORY, _history(case, tooth_short, documented, has_enclosures)),
        Section(WHY_CODE, _why_code(case, entry, selection, tooth_short, profile)),
    ]
    why_not = _why_not(case, entry, selection)
    if why_not:
        sections.append(Section(WHY_NOT, why_not, bullets=True))
    if extra_notes.strip():
        sections.append(Section(NOTES, split_paragraphs(extra_notes)))
    return sections


def compose_appeal(
    case: Case,
    *,
    entry: CodeEntry | None,
    selection: Selection | None,
    today: date,
    request: str | None = None,
    extra_notes: str = "",
    templates: dict[str, DenialTemplate] | None = None,
    profile: PayerProfile | None = None,
    enclosed: frozenset[str] | None = None,
) -> AppealLetter:
    """The letter for `case`; `selection` is the selector's `Selection` for the case's findings.

    `templates` (the reference data's denial-category paragraphs) let the letter answer the
    denial with the case's facts; `profile` (the case's payer profile) decides what it encloses,
    whether it is brief and whether it asks for a handwritten signature. `enclosed`: the
    films the letter goes out with ("preop", "postop": `argument.enclosed_films` of the final
    enclosure lines and attached images); None: those its own enclosure list names. The answer
    to the denial says enclosed only what is.
    """
    case = with_fact_ticks(case, entry)
    tooth_short, tooth_long = tooth_display(case)
    code = case.procedure.code.strip()
    claim_no = case.claim.number.strip()
    amount = format_amount(case.claim.billed_amount)
    category = category_for(case, entry, templates or {})
    template = (templates or {}).get(category)
    enclosures = enclosure_list(case, entry, template, profile)
    films = enclosed if enclosed is not None else enclosed_films(enclosures)
    response = denial_argument(case, entry, template, films)
    sections = [Section(RESPONSE, response)] if response else []
    sections += record_sections(
        case, entry, selection, tooth_short, bool(enclosures), profile, extra_notes
    )
    what = " ".join(x for x in (code, f"on tooth {tooth_short}" if tooth_short else "") if x)
    which = f"claim {claim_no}" if claim_no else "this claim"
    default_request = (
        f"We respectfully request that the denial be reconsidered and that {which}"
        f" be reprocessed for payment of {what or 'the procedure'}"
        + (f" in the billed amount of {amount}" if amount else "")
        + ". Please contact our office with any questions."
    )
    patient = case.patient.name.strip()
    continuation = ", ".join(
        x for x in ("Appeal", patient, f"claim {claim_no}" if claim_no else "", code) if x
    )
    address = case.payer.address.strip() or (profile.address if profile else "")
    return AppealLetter(
        letterhead=letterhead(case),
        date=us_date(today),
        payer=tuple(x for x in (case.payer.name.strip(), *split_lines(address)) if x),
        subject="RE: Appeal of denied claim" + (f" {claim_no}" if claim_no else ""),
        re_rows=re_rows(case, tooth_long),
        salutation="To the Appeals Department:",
        opening=_opening(profile),
        denial_reason=case.claim.denial_reason.strip(),
        sections=tuple(sections),
        enclosures=enclosures,
        request=(request.strip() if request and request.strip() else default_request),
        closing="Sincerely,",
        signature=signature_lines(case),
        continuation=continuation,
        meta={
            "code": code,
            "tooth": tooth_short,
            "claim": claim_no,
            "code_summary": _summary_paragraph(code, entry),
            "category": category,
            "sign_by_hand": "yes" if profile is not None and profile.signed_letter else "",
        },
    )


def _opening(profile: PayerProfile | None) -> str:
    text = (
        "We are writing to appeal the denial of the claim identified above and ask for its "
        "reconsideration. The clinical record supports the procedure as reported."
    )
    if profile is not None and profile.contemporaneous_records:
        text += (
            " The enclosed clinical records were made at the time of treatment; this letter"
            " summarises them."
        )
    return text


def signature_lines(case: Case) -> tuple[str, ...]:
    provider = case.provider
    doctor = ", ".join(x for x in (provider.name.strip(), provider.credentials.strip()) if x)
    return tuple(
        x
        for x in (
            doctor,
            provider.practice.strip(),
            f"NPI {provider.npi.strip()}" if provider.npi.strip() else "",
        )
        if x
    )


def enclosure_list(
    case: Case,
    entry: CodeEntry | None,
    template: DenialTemplate | None,
    profile: PayerProfile | None,
) -> tuple[str, ...]:
    """The ticked documents (dated from the facts), the case's list, then what the denial's
    argument and the payer profile ask for; each document once."""
    listed = [
        *dated_enclosures(case, enclosures_for(case, entry)),
        *(template.enclose if template else ()),
        *(profile.enclose if profile else ()),
    ]
    seen: set[str] = set()
    result = []
    for text in listed:
        key = " ".join(text.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            result.append(text)
    return tuple(result)
