"""Before an appeal leaves the office: what is missing or contradictory, each named.

A letter with no addressee, "claim (see above)" with nothing above, a blank signature, an NPI that
fails its check digit or a code the recorded findings argue against is worse than no letter: the
payer rejects it and the appeal window keeps running. `export_check` lists every such problem
(`CheckItem.blocking`) and what the payer profile asks the office to do by hand (reminders); the
dialog lists them and exports only when the user chooses to. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from cdt_desktop.domain.appeal.answered import enclosures_of_other_teeth
from cdt_desktop.domain.appeal.argument import category_for, with_fact_ticks
from cdt_desktop.domain.appeal.code_fit import (
    BEFORE_REQUEST,
    CORRECTED_CLAIM,
    contradictions,
    deleted_code,
    recoded_after_sending,
    tooth_to_verify,
    without_refuted,
)
from cdt_desktop.domain.appeal.film_checks import (
    NO_PREOP_FOR_A_REQUEST,
    films_the_denial_asks_for,
    future_films,
    no_film_recorded,
)
from cdt_desktop.domain.appeal.films import (
    dated_enclosures,
    film_kind,
    films_dated_otherwise,
    films_out_of_order,
    films_the_profile_wants,
    ticked_film_lines,
    undated_films,
    with_film_dates,
)
from cdt_desktop.domain.appeal.letter import (
    FINDING_WORDS,
    answers_a_payment,
    enclosures_for,
    missing_required,
    quote_item,
    us_date,
)
from cdt_desktop.domain.appeal.notes import appeal_notes
from cdt_desktop.domain.appeal.profiles import DenialTemplate, PayerProfile, also_read_as
from cdt_desktop.domain.cases.facts import (
    ticked_values_left_out,
    values_not_stated,
)
from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.npi import npi_problem
from cdt_desktop.domain.cases.status import (
    DEFAULT_APPEAL_WINDOW_DAYS,
    appeal_deadline,
    payment_appeal_deadline,
)
from cdt_desktop.domain.coding.findings import Selection
from cdt_desktop.domain.reference import CodeEntry


class CheckItem(NamedTuple):
    text: str
    blocking: bool = True  # False: a reminder (what the payer wants done by hand)


def _missing(case: Case, profile: PayerProfile | None, *, appeal: bool = True) -> list[str]:
    """What the letter cannot do without; ``appeal=False``: a prior-authorization request,
    which has no claim, date of service or denial yet, but must name the patient's plan."""
    c, p = case, case.provider
    address = c.payer.address.strip() or (profile.address.strip() if profile else "")
    if not appeal:  # the request's own address first (prior_auth.request_address)
        address = c.claim.prior_auth_address.strip() or address
    checks = [(c.patient.name, "No patient name: the payer cannot tell whose claim it is.")]
    checks += [
        (c.claim.number, "No claim number: the payer cannot match the appeal to the claim."),
        (c.claim.date_of_service, "No date of service."),
    ] if appeal else []  # fmt: skip
    checks += [
        (c.payer.name, "No payer: the letter has no addressee."),
        (
            address,
            "No payer appeals address (it is on the EOB)." if appeal else "No payer address.",
        ),
        (p.name, "No treating provider: the letter would have a blank signature."),
        (p.npi, "No provider NPI."),
    ]
    if appeal:
        missing = (  # a claim paid short was never denied (billing walk)
            "No reason for the reduced payment (it is on the EOB)"
            if answers_a_payment(c)
            else "No denial reason"
        )
        checks.append((c.claim.denial_reason, f"{missing}: the letter cannot quote or answer it."))
    checks.append((c.procedure.code, "No CDT code."))
    if not appeal:
        checks.append((c.subscriber.member_id, "No member ID: the payer cannot find the plan."))
    return [text for value, text in checks if not value.strip()]


def export_check(
    case: Case,
    *,
    entry: CodeEntry | None,
    selection: Selection | None,
    today: date,
    profile: PayerProfile | None = None,
    templates: dict[str, DenialTemplate] | None = None,
    attached: Iterable[tuple[str, str]] | None = None,
) -> list[CheckItem]:
    """Every problem (blocking) and reminder for exporting this case's appeal; ``attached`` are
    the films enclosed as images, (caption, date taken), None where no image can go (a case
    file on the command line: its films go by an attachment service)."""
    images_go = attached is not None
    attached = list(attached or ())
    problems = _missing(case, profile) + _npi_problem(case)
    reduced = answers_a_payment(case)  # a claim paid short was never denied (billing walk)
    if case.claim.denial_reason.strip() and templates and not category_for(case, entry, templates):
        problems.append(
            "The reason typed matches no category of answer: choose its category (Edit case) so "
            "the letter answers it."
            if reduced
            else "The denial reason matches no denial category: choose one so the letter "
            "answers it."
        )
    problems += recoded_after_sending(case) + _record_problems(case, entry, selection, attached)
    problems += _future_dates(case, today) + future_films(case, today) + service_after_sent(case)
    problems += films_out_of_order(case, attached) + enclosures_of_other_teeth(case, attached)
    window = profile.window_days if profile else DEFAULT_APPEAL_WINDOW_DAYS
    # a shipped profile's window no source confirms is named as the assumption it is
    assumed = (
        f" The {window}-day window is from the profile shipped with the app, not confirmed:"
        " take the window from the EOB."
        if profile is not None and profile.unconfirmed
        else ""
    )
    deadline = appeal_deadline(case.status_history, window)
    if deadline is not None and deadline < today:
        problems.append(f"The appeal window closed on {us_date(deadline)}.{assumed}")
    paid = payment_appeal_deadline(case.status_history, window)  # only a denial's was checked
    if paid is not None and paid < today:
        problems.append(
            f"The appeal window closed on {us_date(paid)} (counted from the payment).{assumed}"
        )
    category = category_for(case, entry, templates) if templates else case.claim.denial_category
    # the film the payer denied for and that does not go with the letter: the answer to the
    # denial, so the first problem (a reminder under two unrelated problems, it went out with
    # "is kept in the patient's record" to a payer who had said "not received": office walk);
    # Export anyway stays for an office that sends the films by the payer's portal
    asked_for = films_the_denial_asks_for(case, category, attached)
    # (no film recorded at all: nothing in the letter answers the denial, wherever films go)
    blocking = images_go or asked_for == [no_film_recorded(case)]
    if blocking:
        problems[:0] = asked_for
    items = [CheckItem(text) for text in problems]
    reminders = ([] if blocking else asked_for) + appeal_notes(case, profile)
    if images_go and not asked_for:  # (a film the denial asks for is a problem already)
        reminders += films_the_profile_wants(case, profile, (c for c, _taken in attached))
    if category == "prior-auth" and not case.claim.prior_auth_number.strip():
        reminders.insert(0, _NO_AUTHORIZATION.format(who="The EOB" if reduced else "The denial"))
    if templates and category in templates:
        others = also_read_as(case.claim.denial_reason, templates, category)
        if others:
            names = " and ".join(f"'{templates[c].name}'" for c in others)
            reminders.insert(0, (
                f"The {'reason' if reduced else 'denial reason'} also reads as {names}; the"
                f" letter answers '{templates[category].name}' only. If the payer"
                f" {'reduced the payment' if reduced else 'denied'} on more than one ground,"
                " answer the other under Additional notes or in the case's note for the appeal"
                " (Edit case); the letter prints both."
            ))  # fmt: skip
    items += [CheckItem(text, blocking=False) for text in reminders + _letter_notes(case)]
    return items


NO_RETURN_ADDRESS = (
    "The letterhead has no office address or phone (Edit case, Provider): the letter asks the "
    "payer to contact the office, and gives it nothing to contact."
)


def _letter_notes(case: Case) -> list[str]:
    """The reminders both letters share: ticked records stated without their values, and a
    letterhead with no way to reach the office."""
    return values_not_stated(case.facts, case.checklist) \
        + ticked_values_left_out(case.facts, case.checklist) + _no_return_address(case) \
        + tooth_to_verify(case)  # fmt: skip


def _no_return_address(case: Case) -> list[str]:
    """A reminder, not a refusal: the payer can still answer to the claim form's billing
    address (billing walkthrough: an appeal went out with a blank letterhead, and the check
    named the signature and the NPI but not that)."""
    p = case.provider
    return [] if p.address.strip() or p.phone.strip() else [NO_RETURN_ADDRESS]


_NO_AUTHORIZATION = (
    "{who} cites a missing prior authorization. If the plan authorized this treatment "
    "before it was done, enter the authorization number (Edit case, Claim: "
    "Prior-authorization number): the letter then cites it instead of arguing that the "
    "treatment could not wait."
)
NO_AUTHORIZATION_NUMBER = _NO_AUTHORIZATION.format(who="The denial")
AUTHORIZED_ALREADY = (
    "A prior-authorization number is recorded on the case: the plan has answered a request "
    "already. Send this one only if the plan asked for a new request."
)


_EVENT_DATE = {
    "submitted": "date the claim was sent",
    "denied": "denial date",
    "appealed": "date the appeal was sent",
    "paid": "payment date",
    "closed": "date closed",
}


SENT_WORDS = {
    # the day each status says the claim (or its appeal) went out or came back, in words
    "submitted": "the claim was sent",
    "denied": "the claim was denied",
    "appealed": "the appeal was sent",
    "paid": "the claim was paid",
}


def service_after_sent(case: Case) -> list[str]:
    """A date of service after the day the claim went out (its status history): a claim is
    never for a later day. The case form refuses it; a case file brought it in, and the letter
    printed a service of January 5, 2027 under a denial of September 2, 2026 (verification
    walk)."""
    service = parse_case_date(case.claim.date_of_service.strip())
    went = sent_before(service, ((e.status, e.date) for e in case.status_history))
    if service is None or went is None:
        return []
    words, when = went
    return [f"The date of service ({us_date(service)}) is after the day {words} "
            f"({us_date(when)}): a claim is never for a later day. Check the date of "
            "service on the claim or the EOB (Edit case)."]  # fmt: skip


def sent_before(service: date | None, events: Iterable[tuple[str, str]]) -> tuple[str, date] | None:
    """The first change of ``events`` ((status, date) pairs) that sent the claim out (or came
    back) before ``service``, in words with its day: ("the claim was sent", August 18, 2026).
    The case form and the letters' check ask it alike."""
    if service is None:
        return None
    for status, text in events:
        words = SENT_WORDS.get(status)
        when = parse_case_date(text.strip())
        if words and when is not None and when < service:
            return words, when
    return None


def _future_dates(case: Case, today: date) -> list[str]:
    """A date of service or a status date after the letter's own date (a typo, or a case file
    from elsewhere): the reviewer reads it as an error and the appeal deadline moves."""
    dated = [("date of service", case.claim.date_of_service)]
    dated += [(_EVENT_DATE.get(e.status, "status date"), e.date) for e in case.status_history]
    problems = []
    for what, text in dated:
        try:
            when = date.fromisoformat(text.strip())
        except ValueError:
            continue
        if when > today:
            problems.append(f"The {what} ({us_date(when)}) is after today's date.")
    return problems


def prior_auth_check(
    case: Case,
    *,
    entry: CodeEntry | None,
    selection: Selection | None,
    attached: Iterable[tuple[str, str]] = (),
    today: date | None = None,
    profile: PayerProfile | None = None,
) -> list[CheckItem]:
    """Every problem of a prior-authorization request: its addressee and provider, the code
    against the findings, required documentation and undated films (no claim or denial yet);
    a pre-operative film dated after ``today`` (default: the day it runs). ``profile``: the
    payer's profile, whose address the request goes to when the case has none."""
    from cdt_desktop.domain.appeal.prior_auth import (
        AFTER_TREATMENT_ITEMS,
        after_treatment_film,
        before_treatment,
        left_out,
        treatment_described_done,
    )

    attached = list(attached)
    problems = _missing(case, profile, appeal=False) + _npi_problem(case) + _claim_sent(case)
    problems += future_films(case, today or date.today(), ("preop",))
    problems += _record_problems(  # checked as the request states it: before treatment
        before_treatment(with_fact_ticks(case, entry)), entry, selection,
        [(caption, taken) for caption, taken in attached if not after_treatment_film(caption)],
        AFTER_TREATMENT_ITEMS, claim=False,
    )  # fmt: skip
    problems += enclosures_of_other_teeth(case, attached)
    items = [CheckItem(text) for text in problems]
    omitted = left_out(case, (caption for caption, _taken in attached))
    if omitted:
        items.append(CheckItem(omitted, blocking=False))
    items += [CheckItem(text, blocking=False) for text in _letter_notes(case)]
    if done := treatment_described_done(case.findings.notes):
        items.append(CheckItem(
            f"The clinical notes describe the treatment as done ({done}), and the request "
            "prints them as written. A request asks before treatment: write the examination's "
            "findings there, or, if the tooth was treated already, send the claim instead.",
            blocking=False,
        ))  # fmt: skip
    recorded = with_fact_ticks(case, entry).checklist.get("preop-radiograph")
    if recorded and not any(film_kind(caption) == "preop" for caption, _taken in attached):
        items.append(CheckItem(NO_PREOP_FOR_A_REQUEST, blocking=False))
    if case.claim.prior_auth_number.strip():
        items.append(CheckItem(AUTHORIZED_ALREADY, blocking=False))
    if note := _appeals_address_note(case, profile):
        items.append(CheckItem(note, blocking=False))
    return items


def _appeals_address_note(case: Case, profile: PayerProfile | None) -> str:
    """A request going to an appeals address: the case's payer address naming an appeals unit
    (the one from the EOB: tour7; Provider Disputes too, walkthrough 43), or the payer
    profile's, which is the address it keeps for appeals (the check said "No payer address"
    over a request printed to the profile's Appeals Unit: office walkthrough)."""
    from cdt_desktop.domain.appeal.prior_auth import APPEALS_UNIT, request_address

    if case.claim.prior_auth_address.strip():
        return ""
    used = request_address(case, profile)
    named = next((line.strip() for line in used.splitlines() if APPEALS_UNIT.search(line)), "")
    if case.payer.address.strip():
        if not named:
            return ""
        where = f"The payer address on the case is its appeals address ({named})"
    elif used:
        first = named or used.strip().splitlines()[0].strip()
        where = (
            "The request goes to the address of the payer's profile, the one it keeps for "
            f"appeals ({first})"
        )
    else:
        return ""
    return (
        f"{where}: a prior-authorization request usually goes to the payer's pre-treatment "
        "review (another address or a portal); check the payer's provider manual, and enter "
        "its address as the case's prior-authorization address."
    )


def _claim_sent(case: Case) -> list[str]:
    """A request asks before treatment; a case whose claim was sent was treated already (the
    request would say treatment is scheduled once authorized: tour7)."""
    after = ("submitted", "denied", "appealed", "paid")  # a claim that went out (older stores
    sent = next((e for e in case.status_history if e.status in after), None)  # lack "submitted")
    if sent is None:
        return []
    try:
        day = us_date(date.fromisoformat(sent.date.strip()))
        when = f" on {day}" if sent.status == "submitted" else f" ({sent.status} on {day})"
    except ValueError:
        when = ""
    return [
        f"The claim for this case was sent{when}: a prior-authorization request asks before "
        "treatment; answer a denial with the appeal letter instead."
    ]


def submission_gaps(
    case: Case, entry: CodeEntry | None, attached: Iterable[tuple[str, str]] = ()
) -> list[str]:
    """The required documentation of the case's code not recorded yet (ticks, the facts that
    answer items and the dated films on the case, ``attached``: (caption, date taken)): what to
    say before the claim is sent, since a claim sent without it is the denial an appeal must
    then answer."""
    recorded = without_refuted(with_fact_ticks(with_film_dates(case, attached), entry))
    return [item.text for item in missing_required(recorded, entry)]


NO_PAYER = (
    "No payer is recorded for this claim: add it with Edit case… (Payer), so the claim, its "
    "letters and its appeal deadline know where it went."
)


def no_payer(case: Case) -> list[str]:
    """Before a claim is sent (Mark as submitted, the To submit view): a claim without a payer
    goes nowhere. [] when the payer's name is recorded."""
    return [] if case.payer.name.strip() else [NO_PAYER]


def _npi_problem(case: Case) -> list[str]:
    npi = npi_problem(case.provider.npi)
    return [f"The provider NPI {npi}."] if npi and case.provider.npi.strip() else []


def _record_problems(
    case: Case,
    entry: CodeEntry | None,
    selection: Selection | None,
    attached: Iterable[tuple[str, str]],
    not_yet: frozenset[str] = frozenset(),
    *,
    claim: bool = True,
) -> list[str]:
    """What the record lacks for either letter: a deleted code, the code against the
    findings, required documentation (but the items in ``not_yet``), radiographs without a
    date (``attached``: the films enclosed as images). ``claim``: False before treatment (a
    prior-authorization request: no claim sent yet)."""
    attached = list(attached)
    then = CORRECTED_CLAIM if claim else BEFORE_REQUEST
    problems = deleted_code(entry, then) + contradictions(case, selection)
    ticked = without_refuted(with_fact_ticks(case, entry))
    problems += [
        f"Required item not recorded: {quote_item(item.text)}.{_why_not_recorded(case, item.id)}"
        for item in missing_required(ticked, entry)
        if item.id not in not_yet
    ]
    enclosed = enclosures_for(ticked, entry)
    # a film no image stands for: the letter does not list its ticked line (compose), so an
    # undated one is named as a film, not as an enclosure line the clerk would look for in
    # vain (review)
    imaged = {film_kind(caption) for caption, _taken in attached}
    kept = frozenset(
        text for text in ticked_film_lines(ticked, entry) if film_kind(text) not in imaged
    )
    undated_kept = [text for text in undated_films(ticked, enclosed, attached) if text in kept]
    enclosed = tuple(text for text in enclosed if text not in kept)
    problems += [
        f"Film without a date: {text} (ticked on the checklist): record the date it was "
        "taken under Clinical facts, or attach the film with its date."
        for text in undated_kept
    ]
    undated = dated_enclosures(ticked, tuple(undated_films(ticked, enclosed, attached)))
    problems += films_dated_otherwise(case, attached)
    # a line an attached image stands for is not printed (the image's own line is): the check
    # named "Pre-op radiograph, mailed on CD", gone from the letter (verification walk)
    images = {film_kind(caption): caption for caption, _taken in attached}
    said: list[str] = []
    for text in undated:
        kind = film_kind(text)
        line = (
            f"Enclosure without a date: {images[kind]} (the attached film): record the date it "
            "was taken under Clinical facts."
            if kind is not None and kind in images
            else f"Enclosure without a date: {text}."
        )
        if line not in said:
            said.append(line)
    return problems + said


def _why_not_recorded(case: Case, item_id: str) -> str:
    """A word where the letter seems to answer the item already: it states the chart's pulp
    status as the pulpal diagnosis, which is the dentist's finding on the chart, not the
    diagnosis recorded in the clinical record (tour: the check and the letter seemed to
    disagree)."""
    if item_id != "pulp-diagnosis" or case.facts.pulpal_diagnosis:
        return ""
    words = FINDING_WORDS["pulp"].get(case.findings.pulp, "")
    if not words:
        return ""
    return (
        f" The letter states the chart's pulp status ({words}); record the AAE pulpal "
        "diagnosis under Clinical facts, or tick the item once the clinical record holds it."
    )
