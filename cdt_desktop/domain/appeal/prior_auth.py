"""The prior-authorization letter: asking the payer to approve a procedure before it is done.

Some plans require (and others offer) a pre-treatment review of endodontic work: the office
sends the same facts an appeal would argue from (the findings, why this code, why not the codes
a reviewer would substitute, the films) before treatment, and schedules once the payer answers
with an authorization (or predetermination) number. The letter reuses the appeal's parts
(`compose`), without what only a denied claim has: no claim number, denial or EOB, and a
request to authorize rather than to reprocess. It goes to the case's prior-authorization
address (`Claim.prior_auth_address`: the payer's pre-treatment review) when one is filled in,
else to the payer address on the case (usually its appeals address, which the check notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from cdt_desktop.domain.appeal.addressee import addressee_lines, salutation
from cdt_desktop.domain.appeal.argument import with_fact_ticks
from cdt_desktop.domain.appeal.compose import (
    composed_film_lines,
    enclosure_list,
    letterhead,
    re_rows,
    signature_lines,
)
from cdt_desktop.domain.appeal.films import (
    enclosed_films,
    film_kind,
    films_not_enclosed_left_out,
)
from cdt_desktop.domain.appeal.letter import (
    AppealLetter,
    format_amount,
    us_date,
)
from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.appeal.record import record_sections
from cdt_desktop.domain.appeal.remark import tooth_display
from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.coding.findings import Selection
from cdt_desktop.domain.reference import CodeEntry

DOCUMENT = "Request for prior authorization"
"""The letter's kind, as its subject line and the PDF's title say it."""

# Rows of the appeal's reference block that only a submitted or denied claim has (and the
# authorization a request asks for: one already recorded is said by a note, not in the request).
_CLAIM_ONLY_ROWS = {
    "Claim number", "Prior authorization", "Date of service", "Denial date", "EOB reference",
    "Amount paid", "Payment date", "Original denial",
}  # fmt: skip

AFTER_TREATMENT_ITEMS = frozenset({
    "postop-radiograph",
    "obturation-recorded",
    "working-length-recorded",
    "medicament-recorded",
    "vital-bleeding-controlled",
    "capping-material-recorded",
})  # fmt: skip
"""Checklist items only the treatment itself produces: a request made before it is not held
up by them (the pre-op film, the diagnoses and the tests are asked for as usual)."""

_EOB = re.compile(r"\bEOB\b|explanation of benefits", re.IGNORECASE)
_SENT_CLAIM = re.compile(r"\boriginal claim\b|\bclaim as (?:sent|submitted)\b", re.IGNORECASE)


_DONE = re.compile(
    r"\b(?:completed?\s+(?:in|at|on|today|the)\b|(?:was|were|been)\s+completed|"
    r"obturat\w*|instrumented|final\s+(?:periapical\s+)?"
    r"(?:radiograph|film|x-?ray)|fill\w*\s+to\s+length)",
    re.IGNORECASE,
)


def treatment_described_done(notes: str) -> str:
    """The words of the clinical notes that tell a treatment already done ("completed in one
    visit", "obturated", "final periapical radiograph") as quoted by the request's check (""
    when none): the request prints the notes as written, and asked to authorize a root canal
    its own notes said was finished (walkthrough)."""
    found = list(dict.fromkeys(m.group(0).strip().lower() for m in _DONE.finditer(notes)))
    return ", ".join(f"'{word}'" for word in found[:3])


def after_treatment_film(caption: str) -> bool:
    """An image on the case that a request before treatment leaves out: the post-op film."""
    return film_kind(caption) == "postop"


def after_treatment_document(text: str) -> bool:
    """A document only a treated, billed case has: a post-op film, the EOB, the claim sent."""
    return after_treatment_film(text) or bool(_EOB.search(text) or _SENT_CLAIM.search(text))


def _planned_date(case: Case, today: date) -> date | None:
    """The date of service when it is still ahead: the day the treatment is planned for."""
    day = parse_case_date(case.claim.date_of_service)
    return day if day is not None and day > today else None


def _examined_on(case: Case, today: date) -> str:
    """When the request's findings were recorded (ISO, "" when no date says so): the date of
    service if it is not ahead, else the pre-operative film's date. A request dated December 4
    said "Findings recorded ... on December 18, 2026": the planned treatment day, two weeks
    after the letter (billing walkthrough)."""
    if _planned_date(case, today) is None and parse_case_date(case.claim.date_of_service):
        return case.claim.date_of_service
    # no date of service yet (a request made before one is booked), or one ahead: the film's
    # (the request for a case with no date of service was not dated at all: billing walkthrough)
    film = parse_case_date(case.facts.preop_radiograph_date)
    return film.isoformat() if film is not None and film <= today else ""


def before_treatment(case: Case) -> Case:
    """The case as a request before treatment may state it: without what the treatment itself
    produced (the post-op film and its date, working lengths, the materials placed, the
    checklist items they answer) or what a sent claim has (the EOB, the original claim). A
    request made from a case already treated listed them (tour10): "Enclosed: ...
    Post-operative periapical radiograph taken after treatment was completed; Copy of the
    original claim"."""
    facts = replace(case.facts, postop_radiograph_date="", canals="", materials="")
    return replace(
        case,
        facts=facts,
        checklist={k: v for k, v in case.checklist.items() if k not in AFTER_TREATMENT_ITEMS},
        enclosures=tuple(t for t in case.enclosures if not after_treatment_document(t)),
    )


def left_out(case: Case, captions: Iterable[str] = ()) -> str:
    """What :func:`before_treatment` and the request's films leave out of ``case``, in words for
    the pre-export check ("" when nothing): the post-op films attached (``captions`` of the
    case's images), the post-op film, lengths and materials recorded, the claim's documents."""
    parts = []
    films = sum(1 for caption in captions if after_treatment_film(caption))
    if films:
        parts.append(f"{films} post-operative film{'s' if films > 1 else ''} attached to the case")
    facts = case.facts
    if not films and (facts.postop_radiograph_date or case.checklist.get("postop-radiograph")):
        parts.append("the post-operative radiograph recorded on the case")
    if facts.canals.strip():
        parts.append("the working lengths")
    if facts.materials.strip():
        parts.append("the materials placed")
    documents = [t for t in case.enclosures if after_treatment_document(t)]
    if documents:
        parts.append("the enclosure line" + ("s " if len(documents) > 1 else " ")
                     + "; ".join(f"'{t.strip()[:60]}'" for t in documents))  # fmt: skip
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (
        f"Left out of the request, which asks before treatment: {listed}. If the tooth was "
        "treated already, the claim (and, if denied, an appeal) is the letter to send."
    )


_REQUESTED = (
    "We request prior authorization for the procedure identified above, which the findings "
    "recorded at the examination support."
)
OPENING = f"{_REQUESTED} Treatment will be scheduled once it is authorized."


def opening_for(planned: date | None) -> str:
    """The request's first paragraph: with the treatment booked already (a date of service
    ahead), it says for when; "will be scheduled" beside "Planned date December 13" read as a
    contradiction (billing month-end walkthrough)."""
    if planned is None:
        return OPENING
    return f"{_REQUESTED} Treatment is planned for {us_date(planned)}, once it is authorized."


def request_address(case: Case, profile: PayerProfile | None = None) -> str:
    """Where the request goes: the case's prior-authorization address, else its payer address,
    else the payer profile's (the appeals address the profile ships)."""
    return (
        case.claim.prior_auth_address.strip()
        or case.payer.address.strip()
        or (profile.address.strip() if profile else "")
    )


PRE_TREATMENT = "To the Pre-treatment Review Department:"
NEUTRAL_GREETING = "Dear Reviewer:"
"""A request's greeting where its address is not known to be the payer's pre-treatment review."""

_PRE_TREATMENT_UNIT = re.compile(
    r"\bpre-?treatment\b|\bpre-?determinations?\b|\b(?:pre-?|prior[- ])authori[sz]ations?\b"
    r"|\bpre-?certifications?\b",
    re.IGNORECASE,
)
APPEALS_UNIT = re.compile(r"\b(?:appeals?|disputes?|reconsiderations?|grievances?)\b", re.I)


def request_salutation(case: Case, payer: tuple[str, ...]) -> str:
    """Whom a request greets, as its address (``payer``: the addressee's lines) bears out: the
    department a pre-treatment address names, else "To the Pre-treatment Review Department:",
    when the address is the case's prior-authorization address or names a pre-treatment
    review; else the department the payer address names unless it is the appeals one, else
    "Dear Reviewer:". A request sent to the plan's appeals address was greeted "To the
    Pre-treatment Review Department:" (walkthrough), and before that "To the Appeals Unit:"."""
    lines = [line for line in payer if line != case.payer.name.strip()]
    if case.claim.prior_auth_address.strip() or any(map(_PRE_TREATMENT_UNIT.search, lines)):
        return salutation(payer, case.payer.name, PRE_TREATMENT)
    named = salutation(payer, case.payer.name, NEUTRAL_GREETING)
    return NEUTRAL_GREETING if APPEALS_UNIT.search(named) else named


def compose_prior_auth(
    case: Case,
    *,
    entry: CodeEntry | None,
    selection: Selection | None,
    today: date,
    request: str | None = None,
    extra_notes: str = "",
    profile: PayerProfile | None = None,
    enclosed: frozenset[str] | None = None,
) -> AppealLetter:
    """The prior-authorization letter for `case` (the planned code, tooth and findings).

    ``enclosed``: the films going with it (`films.enclosed_films`), None: those its own
    enclosure list names, which with no image is none. A film only ticked or dated is not
    listed as enclosed (the request printed "Enclosures: Diagnostic pre-operative periapical
    radiograph ..." with no film page: billing walkthrough), as in the appeal."""
    case = before_treatment(with_fact_ticks(case, entry))
    tooth_short, tooth_long = tooth_display(case)
    code = case.procedure.code.strip()
    amount = format_amount(case.claim.billed_amount)
    enclosures = tuple(  # the EOB, the claim, a post-op film: a request has none yet
        text
        for text in enclosure_list(case, entry, None, profile)
        if not after_treatment_document(text)
    )
    made = composed_film_lines(case, entry, None, profile)
    films = enclosed if enclosed is not None else enclosed_films(enclosures, (), made)
    enclosures = films_not_enclosed_left_out(enclosures, films, made)
    planned = _planned_date(case, today)
    sections = record_sections(
        case, entry, selection, tooth_short, bool(enclosures), profile, extra_notes,
        findings_on=_examined_on(case, today),
    )  # fmt: skip
    what = " ".join(x for x in (code, f"on tooth {tooth_short}" if tooth_short else "") if x)
    default_request = (
        f"We ask that you authorize {what or 'the procedure'}"
        + (f" at a fee of {amount}" if amount else "")
        + " and send the authorization number to our office, so that the treatment can "
        + (f"go ahead on {us_date(planned)}" if planned else "be scheduled")
        + ". Please contact our office with any questions."
    )
    renamed = {"Billed amount": "Fee", "Date of service": "Planned date" if planned else ""}
    rows = tuple(
        (renamed.get(label, label), value)
        for label, value in re_rows(case, tooth_long)
        if label not in _CLAIM_ONLY_ROWS or renamed.get(label)
    )
    patient = case.patient.name.strip()
    address = request_address(case, profile)
    payer = addressee_lines(case.payer.name, address)
    return AppealLetter(
        letterhead=letterhead(case),
        date=us_date(today),
        payer=payer,
        subject=f"RE: {DOCUMENT}" + (f", {what}" if what else ""),
        re_rows=rows,
        salutation=request_salutation(case, payer),
        opening=opening_for(planned),
        denial_reason="",
        sections=tuple(sections),
        enclosures=enclosures,
        request=(request.strip() if request and request.strip() else default_request),
        closing="Sincerely,",
        signature=signature_lines(case),
        continuation=", ".join(x for x in ("Prior authorization", patient, code) if x),
        meta={
            "document": DOCUMENT,
            "code": code,
            "tooth": tooth_short,
            "claim": "",
            "sign_by_hand": "yes" if profile is not None and profile.signed_letter else "",
        },
    )
