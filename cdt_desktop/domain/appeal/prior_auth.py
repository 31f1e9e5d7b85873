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
from datetime import date

from cdt_desktop.domain.appeal.argument import with_fact_ticks
from cdt_desktop.domain.appeal.compose import enclosure_list, letterhead, re_rows, signature_lines
from cdt_desktop.domain.appeal.letter import (
    AppealLetter,
    format_amount,
    split_lines,
    us_date,
)
from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.appeal.record import record_sections
from cdt_desktop.domain.appeal.remark import tooth_display
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.coding.findings import Selection
from cdt_desktop.domain.reference import CodeEntry

DOCUMENT = "Request for prior authorization"
"""The letter's kind, as its subject line and the PDF's title say it."""

# Rows of the appeal's reference block that only a submitted or denied claim has.
_CLAIM_ONLY_ROWS = {"Claim number", "Date of service", "Denial date", "EOB reference"}

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

OPENING = (
    "We request prior authorization for the procedure identified above, which the findings "
    "recorded at the examination support. Treatment will be scheduled once it is authorized."
)


def request_address(case: Case, profile: PayerProfile | None = None) -> str:
    """Where the request goes: the case's prior-authorization address, else its payer address,
    else the payer profile's (the appeals address the profile ships)."""
    return (
        case.claim.prior_auth_address.strip()
        or case.payer.address.strip()
        or (profile.address.strip() if profile else "")
    )


def compose_prior_auth(
    case: Case,
    *,
    entry: CodeEntry | None,
    selection: Selection | None,
    today: date,
    request: str | None = None,
    extra_notes: str = "",
    profile: PayerProfile | None = None,
) -> AppealLetter:
    """The prior-authorization letter for `case` (the planned code, tooth and findings)."""
    case = with_fact_ticks(case, entry)
    tooth_short, tooth_long = tooth_display(case)
    code = case.procedure.code.strip()
    amount = format_amount(case.claim.billed_amount)
    enclosures = tuple(  # a copy of the EOB answers a claim, which a request has not yet
        text for text in enclosure_list(case, entry, None, profile) if not _EOB.search(text)
    )
    sections = record_sections(
        case, entry, selection, tooth_short, bool(enclosures), profile, extra_notes
    )
    what = " ".join(x for x in (code, f"on tooth {tooth_short}" if tooth_short else "") if x)
    default_request = (
        f"We ask that you authorize {what or 'the procedure'}"
        + (f" at a fee of {amount}" if amount else "")
        + " and send the authorization number to our office, so that the treatment can be"
        " scheduled. Please contact our office with any questions."
    )
    rows = tuple(
        ("Fee", value) if label == "Billed amount" else (label, value)
        for label, value in re_rows(case, tooth_long)
        if label not in _CLAIM_ONLY_ROWS
    )
    patient = case.patient.name.strip()
    address = request_address(case, profile)
    return AppealLetter(
        letterhead=letterhead(case),
        date=us_date(today),
        payer=tuple(x for x in (case.payer.name.strip(), *split_lines(address)) if x),
        subject=f"RE: {DOCUMENT}" + (f", {what}" if what else ""),
        re_rows=rows,
        salutation="To the Pre-treatment Review Department:",
        opening=OPENING,
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
