"""The appeal letter's content, composed from a case (pure: no Qt, no SQL, no ReportLab).

Billing staff appeal a denied claim days or weeks after the visit, often without the dentist at
hand. Everything the payer's reviewer looks for (see docs/sources.md: RE block with claim and
member ids, the denial quoted, the clinical rationale, why this code and not the neighbouring
ones, the enclosures, the action requested, the signature) is assembled here from the case, the
reference library's entry for the code and the selector's reasons, so that one source feeds every
channel: the PDF letter (`cdt_desktop.report.appeal_pdf`), the 2,000-character plain text for
attachment services (`narrative_text.plain_text`) and the 80-character claim remark
(`remark.claim_remark`). The letter's data types and plain text live in `letter`, the record's
sections (history, why this code, why not the others) in `record`.

Only facts recorded in the case are stated; nothing clinical is invented. Text is our own words,
never ADA descriptor text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from cdt_desktop.domain.appeal.addressee import addressee_lines, salutation
from cdt_desktop.domain.appeal.argument import (
    category_for,
    denial_argument,
    template_enclosures,
    with_fact_ticks,
)
from cdt_desktop.domain.appeal.code_fit import billed_with
from cdt_desktop.domain.appeal.films import (
    dated_enclosures,
    enclosed_films,
    film_kind,
    films_not_enclosed_left_out,
    ticked_film_lines,
)
from cdt_desktop.domain.appeal.letter import (
    PAYMENT_REASON_LABEL,
    AppealLetter,
    Section,
    enclosures_for,
    format_amount,
    format_date,
    last_payment,
    quoted_reason_label,
    split_lines,
    us_date,
)
from cdt_desktop.domain.appeal.profiles import DenialTemplate, PayerProfile
from cdt_desktop.domain.appeal.record import record_sections, summary_paragraph
from cdt_desktop.domain.appeal.remark import tooth_display
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import StatusEvent, amount_value, paid_so_far, payments
from cdt_desktop.domain.coding.findings import Selection
from cdt_desktop.domain.reference import CodeEntry

RESPONSE = "Response to the denial"
RESPONSE_TO_PAYMENT = "Response to the reduced payment"
"""The answer's heading on an appeal of a reduced payment (:func:`letter.answers_a_payment`)."""


def response_heading(denial_label: str) -> str:
    """The answer's heading for a letter quoting a reason so labelled: the letter's and the
    dialog's (which heads the field before the answer is written)."""
    return RESPONSE_TO_PAYMENT if denial_label == PAYMENT_REASON_LABEL else RESPONSE


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


def _code_row(case: Case) -> str:
    """ "D3330", or "D3330 (billed as D3310; a corrected claim reports D3330)" for a claim
    re-coded after it went (the plain text has no opening paragraph to say it in)."""
    code, held = case.procedure.code.strip(), billed_with(case)
    return f"{code} (billed as {held}; a corrected claim reports {code})" if held else code


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
        ("Prior authorization", cl.prior_auth_number.strip()),
        ("Date of service", format_date(cl.date_of_service)),
        ("Tooth", tooth),
        ("CDT code", _code_row(case)),
        ("Billed amount", format_amount(cl.billed_amount)),
        ("Amount paid", _paid(case)),
        ("Treating provider", provider + (f" (NPI {pr.npi.strip()})" if pr.npi.strip() else "")),
    ]
    # the decision appealed: the last denial, or a payment short of the claim after it (its
    # date and EOB: a paid claim's table had neither, or an earlier denial's: walkthrough 43)
    decision = next(
        (e for e in reversed(case.status_history) if e.status in ("denied", "paid")), None
    )
    if decision is not None:
        label = "Payment date" if decision.status == "paid" else "Denial date"
        rows.insert(7, (label, format_date(decision.date)))
        rows.insert(8, ("EOB reference", decision.eob_reference))
        first = next((e for e in case.status_history if e.status == "denied"), None)
        if first is not None and first is not decision:
            # a later appeal: the claim's own denial is cited too (only the appeal's decision
            # was: billing walkthrough)
            ref = first.eob_reference.strip()
            rows.insert(
                9, ("Original denial", format_date(first.date) + (f", {ref}" if ref else ""))
            )
    return tuple((label, value) for label, value in rows if value.strip())


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
    other_visits: Sequence[tuple[str, date]] = (),
) -> AppealLetter:
    """The letter for `case`; `selection` is the selector's `Selection` for the case's findings.

    `templates` (the reference data's denial-category paragraphs) let the letter answer the
    denial with the case's facts; `profile` (the case's payer profile) decides what it encloses,
    whether it is brief and whether it asks for a handwritten signature. `enclosed`: the
    films the letter goes out with ("preop", "postop": `films.enclosed_films` of the final
    enclosure lines, attached images and ticked film lines); None: those its own enclosure
    list names, which with no image attached is none. The answer to the denial says enclosed only what is (a film
    taken but not enclosed: that it is kept in the patient's record). `other_visits`: the
    other visits of an apexification or regeneration series (code, date of service), named in
    the history.
    """
    case = with_fact_ticks(case, entry)
    tooth_short, tooth_long = tooth_display(case)
    code = case.procedure.code.strip()
    claim_no = case.claim.number.strip()
    amount = format_amount(case.claim.billed_amount)
    category = category_for(case, entry, templates or {})
    template = (templates or {}).get(category)
    enclosures = enclosure_list(case, entry, template, profile)
    made = composed_film_lines(case, entry, template, profile)
    films = enclosed if enclosed is not None else enclosed_films(enclosures, (), made)
    # a film that does not go: the answer says it is kept, so the list does not name it
    enclosures = films_not_enclosed_left_out(enclosures, films, made)
    response = denial_argument(case, entry, template, films)
    label = quoted_reason_label(case)
    sections = [Section(response_heading(label), response)] if response else []
    sections += record_sections(
        case, entry, selection, tooth_short, bool(enclosures), profile, extra_notes,
        answered=" ".join(response),
        other_visits=[(v, when) for v, when in other_visits if when <= today],  # not planned ones
    )  # fmt: skip
    payer = _payer_lines(case, profile)
    return AppealLetter(
        letterhead=letterhead(case),
        date=us_date(today),
        payer=payer,
        subject=f"RE: {_appeal_words(case)} of {_what_is_appealed(case)}"
        + (f" {claim_no}" if claim_no else ""),
        re_rows=re_rows(case, tooth_long),
        salutation=salutation(payer, case.payer.name, "To the Appeals Department:"),
        opening=_opening(profile, case) + _authorized(case, category),
        denial_reason=case.claim.denial_reason.strip(),
        denial_label=label,
        sections=tuple(sections),
        enclosures=enclosures,
        request=_request(request, case, code, tooth_short, claim_no, amount),
        closing="Sincerely,",
        signature=signature_lines(case),
        continuation=_continuation(case, claim_no, code),
        meta={
            "code": code,
            "tooth": tooth_short,
            "claim": claim_no,
            "code_summary": summary_paragraph(code, entry),
            "category": category,
            "sign_by_hand": "yes" if profile is not None and profile.signed_letter else "",
        },
    )


def _payer_lines(case: Case, profile: PayerProfile | None) -> tuple[str, ...]:
    """The payer's name and address (the profile's when the case has none)."""
    address = case.payer.address.strip() or (profile.address if profile else "")
    return addressee_lines(case.payer.name, address)


def _continuation(case: Case, claim_no: str, code: str) -> str:
    """The header of pages 2+: whose appeal, which claim and code."""
    patient = case.patient.name.strip()
    return ", ".join(
        x for x in ("Appeal", patient, f"claim {claim_no}" if claim_no else "", code) if x
    )


def _paid(case: Case) -> str:
    """What the payer has paid, all its payments together ("" when none was typed): a claim
    marked paid is appealed for what it was not paid; two payments read "$1,130.00 ($980.00
    and $150.00)"."""
    total = paid_so_far(case.status_history)
    if total is None:
        return ""
    each = [format_amount(e.amount) for e in payments(case.status_history)]
    return f"${total:,.2f}" + (f" ({' and '.join(each)})" if len(each) > 1 else "")


def _balance(case: Case) -> float | None:
    """Billed minus paid, when both are recorded amounts and something is unpaid."""
    billed = amount_value(case.claim.billed_amount)
    got = paid_so_far(case.status_history)
    if billed is None or got is None or billed - got < 0.005:
        return None
    return billed - got


def _request(
    request: str | None, case: Case, code: str, tooth_short: str, claim_no: str, amount: str
) -> str:
    """The action requested: the user's words, else reconsider and pay the claim (a claim paid
    in part: pay the balance, with the billed and paid amounts)."""
    if request and request.strip():
        return request.strip()
    what = " ".join(x for x in (code, f"on tooth {tooth_short}" if tooth_short else "") if x)
    which = f"claim {claim_no}" if claim_no else "this claim"
    if held := billed_with(case):  # one request, not "reprocess for D3330" of a D3310 claim
        which += f", as corrected from {held} to {code},"
    balance = _balance(case)
    if balance is not None:
        return (
            f"We respectfully request that {which} be reprocessed and the balance for"
            f" {what or 'the procedure'} be paid: {amount} billed, {_paid(case)} paid,"
            f" ${balance:,.2f} unpaid. Please contact our office with any questions."
        )
    return (
        f"We respectfully request that the {'payment' if last_payment(case) else 'denial'} be"
        f" reconsidered and that {which}"
        f" be reprocessed for payment of {what or 'the procedure'}"
        + (f" in the billed amount of {amount}" if amount else "")
        + ". Please contact our office with any questions."
    )


_LEVELS = {2: "second-level", 3: "third-level"}


def appeal_level(case: Case) -> tuple[int, StatusEvent | None, StatusEvent | None]:
    """Which appeal this letter is (1 for a first appeal), with the appeal before it and the
    denial that answered that appeal: an "appealed" event between the last denial and the one
    before it (a corrected claim sent again starts over at 1)."""
    history = case.status_history
    # the payer's last decision: a denial, or a payment (short of the billed amount: it is
    # appealed for the balance), which answers an appeal as a denial does (walkthrough 43)
    last = max((i for i, e in enumerate(history) if e.status in ("denied", "paid")), default=-1)
    for event in reversed(history[:last]):
        if event.status == "appealed":
            level = int(event.level) if event.level.isdigit() else 1
            return level + 1, event, history[last]
        if event.status in ("denied", "submitted"):
            break
    return 1, None, None


def _appeal_words(case: Case) -> str:
    level = appeal_level(case)[0]
    return "Appeal" if level == 1 else f"{_LEVELS.get(level, 'Further').capitalize()} appeal"


def _paid_in_part(case: Case) -> str:
    """ " ($980.00 paid of $1,250.00 billed)" when what was paid in all is less than the billed
    amount ("in all" after more than one payment: the appeal answered with $150.00 more read as
    if the payment were $1,130.00), else "" (not typed, or all of it paid)."""
    got, billed = paid_so_far(case.status_history), amount_value(case.claim.billed_amount)
    if got is None or billed is None or got >= billed:
        return ""
    in_all = " in all" if len(payments(case.status_history)) > 1 else ""
    return f" (${got:,.2f} paid{in_all} of {format_amount(case.claim.billed_amount)} billed)"


def _what_is_appealed(case: Case) -> str:
    """ "denied claim", or for a claim marked paid "claim payment" ("partially paid claim"
    when the payment is less than the billed amount): a paid claim's letter was headed
    "Appeal of denied claim" (walkthrough on a shared store)."""
    paid = last_payment(case)
    if paid is None:
        return "denied claim"
    return "partially paid claim" if _paid_in_part(case) else "claim payment"


_AS_REPORTED = re.compile(r"[.;] [Tt]he clinical record supports the procedure as reported\.")


def _opening(profile: PayerProfile | None, case: Case) -> str:
    level, appealed, upheld = appeal_level(case)
    paid = last_payment(case)
    if paid is not None and appealed is not None:  # the appeal was answered with a payment
        which = "appeal" if level == 2 else f"{_LEVELS.get(level - 1, 'previous')} appeal"
        eob = f" ({paid.eob_reference.strip()})" if paid.eob_reference.strip() else ""
        how = _paid_in_part(case)
        text = (
            f"This is a {_LEVELS.get(level, 'further')} appeal. Our {which} sent on "
            f"{format_date(appealed.date)} was answered on {format_date(paid.date)}{eob} with a "
            f"payment{how}. We ask that the claim identified above be reviewed again for the "
            "balance; the clinical record supports the procedure as reported."
        )
    elif paid is not None:
        how = _paid_in_part(case)
        text = (
            f"We are writing to appeal the payment of the claim identified above{how} and ask "
            "for its reconsideration. The clinical record supports the procedure as reported."
        )
    elif appealed is None or upheld is None:
        text = (
            "We are writing to appeal the denial of the claim identified above and ask for its "
            "reconsideration. The clinical record supports the procedure as reported."
        )
    else:  # the reviewer files it as the next level, not as a repeat of the first (tour9)
        which = "appeal" if level == 2 else f"{_LEVELS.get(level - 1, 'previous')} appeal"
        eob = f" ({upheld.eob_reference.strip()})" if upheld.eob_reference.strip() else ""
        text = (
            f"This is a {_LEVELS.get(level, 'further')} appeal. Our {which} sent on "
            f"{format_date(appealed.date)} was denied on {format_date(upheld.date)}{eob}. We ask "
            "that the claim identified above be reviewed again; the clinical record supports "
            "the procedure as reported."
        )
    held = billed_with(case)
    if held:  # re-coded after the claim went: said, not left for the reviewer to find
        code = case.procedure.code.strip().upper()
        text = _AS_REPORTED.sub(".", text) + (  # (the claim as reported is the wrong code)
            f" The claim was submitted with {held} in error; the procedure performed is {code},"
            f" a corrected claim reporting {code} replaces it, and the clinical record supports"
            f" {code}."
        )
    if profile is not None and profile.contemporaneous_records:
        text += (
            " The enclosed clinical records were made at the time of treatment; this letter"
            " summarizes them."
        )
    return text


def _authorized(case: Case, category: str | None) -> str:
    """The plan's own authorization of the treatment, when the case records its number: an
    answer to any denial or short payment of what the plan authorized (keyboard walk: the
    appeal for the balance printed it in the table only). A missing-authorization denial's
    paragraph cites it already."""
    number = case.claim.prior_auth_number.strip()
    if not number or category == "prior-auth":
        return ""
    return f" The plan authorized this treatment before it was performed (authorization {number})."


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


def composed_film_lines(
    case: Case,
    entry: CodeEntry | None,
    template: DenialTemplate | None = None,
    profile: PayerProfile | None = None,
) -> frozenset[str]:
    """The film lines the composer puts in the enclosure list, as written and as dated: the
    checklist's ticks' (`films.ticked_film_lines`) and those the denial's argument or the payer
    profile ask for ("--enclose 'Pre-operative periapical radiograph'"). None of them says a
    film goes; a line the office typed on the case does (review: a profile's film line counted
    as enclosed, "Both are enclosed" over one film page, or none)."""
    asked = [
        text
        for text in (
            *template_enclosures(case, entry, template),
            *(profile.enclose if profile else ()),
        )
        if film_kind(text)
    ]
    typed = {" ".join(t.split()).casefold() for t in case.enclosures}
    asked = [text for text in asked if " ".join(text.split()).casefold() not in typed]
    made = frozenset(asked) | frozenset(dated_enclosures(case, tuple(asked)))
    return ticked_film_lines(case, entry) | made


def enclosure_list(
    case: Case,
    entry: CodeEntry | None,
    template: DenialTemplate | None,
    profile: PayerProfile | None,
) -> tuple[str, ...]:
    """The ticked documents (dated from the facts), the case's list, then what the denial's
    argument asks for (as the case's record bears it out: `argument.template_enclosures`) and
    the payer profile; each document once."""
    listed = [
        *dated_enclosures(case, enclosures_for(case, entry)),
        *template_enclosures(case, entry, template),
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
