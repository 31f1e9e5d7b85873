"""The appeal check's notes (never refusals) on the claim's status, the payer address and the
payer profile: what the clerk should look at before an appeal goes, though nothing blocks it.
Pure Python; `check.export_check` lists them after its problems."""

from __future__ import annotations

from cdt_desktop.domain.appeal.letter import answers_a_payment, us_date
from cdt_desktop.domain.appeal.profiles import UNCONFIRMED_PROFILE, PayerProfile
from cdt_desktop.domain.cases.field_rules import parse_case_date
from cdt_desktop.domain.cases.model import Case

PRIOR_AUTH_MENU = "File > Prior authorization request…"
"""Where the window makes the request before treatment (its File menu's words, checked against
the menu in the tests), as the appeal check names it."""


def appeal_notes(case: Case, profile: PayerProfile | None) -> list[str]:
    """Every note, in the order the banner lists them."""
    return (
        _paid_already(case)
        + _not_denied(case)
        + _under_appeal(case)
        + _pasted_address(case)
        + _pasted_denial(case)
        + _reminders(profile)
    )


def _last_is(case: Case, status: str) -> str | None:
    """ " on <its date>" ("" with no readable date) when the claim's last status is
    ``status``, else None."""
    history = case.status_history
    if not history or history[-1].status != status:
        return None
    day = parse_case_date(history[-1].date)
    return f" on {us_date(day)}" if day else ""


def _paid_already(case: Case) -> list[str]:
    """A note when the claim's last status is paid: an appeal asks to reconsider a denial; a
    paid claim is appealed only for what it was not paid (billing walkthrough: the letter
    opened for a paid claim without a word)."""
    when = _last_is(case, "paid")
    if when is None:
        return []
    from cdt_desktop.domain.cases.status import paid_so_far, paid_words, payments

    amount = paid_words(case.status_history[-1])
    total = paid_so_far(case.status_history)
    if (
        len(payments(case.status_history)) > 1 and total is not None
    ):  # the letter counts them all (walk)
        amount = f"{amount}, ${total:,.2f} in all"
    paid = f"marked paid ({amount}){when}" if amount else f"marked paid{when}"
    said = [
        f"The claim is {paid}: appeal only what was not paid (a downcode, a partial payment), "
        "and say so under Action requested."
    ]
    from cdt_desktop.domain.appeal.letter import EARLIER_DENIAL_LABEL, quoted_reason_label

    # the second-level appeal for the balance re-argued the frequency denial the payment had
    # set aside, as if it stood (billing walkthrough); not said once the reason typed is the
    # payment's own, or on a claim never denied (keyboard walk: it was typed already)
    if case.claim.denial_reason.strip() and quoted_reason_label(case) == EARLIER_DENIAL_LABEL:
        said.append(
            "The letter quotes the earlier denial's reason as the earlier denial's. If the EOB "
            "of the payment gives another reason for what was not paid, type it as the denial "
            "reason (Edit case), so that the letter answers that reason."
        )
    return said


def _not_denied(case: Case) -> list[str]:
    """A note when the claim was never marked denied: the letter is headed "Appeal of denied
    claim" and quotes a denial (new-office walkthrough: a Draft case's letter said so, and
    the check said nothing). The status may just not be kept up to date: a note."""
    from cdt_desktop.domain.cases.status import STATUS_WORDS, TRANSITIONS, current_status

    history = case.status_history
    # a denial, or a payment (appealed for the balance: "Mark it denied" was the wrong step
    # for a paid-short claim marked appealed, billing month-end walkthrough)
    if any(event.status in ("denied", "paid") for event in history):
        return []
    status = current_status(history)
    # a status denied cannot follow (a Draft: the case's menu offers submitted first; "Mark it
    # denied" sent the new user to a menu without it)
    following = TRANSITIONS.get(status, ())
    if "denied" in following:
        step = "Mark it denied with the EOB's date (Cases tab, right-click the case), or, "
    elif "submitted" in following:
        step = (
            "Mark it submitted with the day it was sent, then denied with the EOB's date "
            "(Cases tab, right-click the case), or, "
        )
    else:  # closed: no status follows
        step = "A closed claim takes no new status; "
    return [
        f"The claim is not marked denied (its status is {STATUS_WORDS.get(status, status)}): "
        f"an appeal answers the payer's denial. {step}before treatment, send a "
        f"prior-authorization request ({PRIOR_AUTH_MENU})."
    ]


def _under_appeal(case: Case) -> list[str]:
    """A note when the claim's last status is appealed: an appeal was sent and awaits the
    payer's decision (the letter opened again with no word: billing walkthrough)."""
    when = _last_is(case, "appealed")
    if when is None:
        return []
    return [
        f"An appeal was sent{when} and awaits the payer's decision. A new letter answers a new "
        "decision: mark the claim denied with the appeal's EOB first, or paid with what it "
        "paid if it paid part of it (the letter then asks for the next level of review)."
    ]


ADDRESS_LINE_MAX = 60
"""A longer payer-address line is taken for pasted text (an EOB paragraph), not an address."""


def _pasted_address(case: Case) -> list[str]:
    """A note when the payer's address looks like pasted text: it prints as the addressee
    (a 400-character EOB paragraph did: billing walkthrough)."""
    lines = [line.strip() for line in case.payer.address.splitlines() if line.strip()]
    long = next((line for line in lines if len(line) > ADDRESS_LINE_MAX), "")
    if not long and len(lines) <= 6:
        return []
    what = f"a line of {len(long)} characters" if long else f"{len(lines)} lines"
    return [
        f"The payer address has {what}: it prints as the letter's addressee. Keep only the "
        "address lines (department, street or PO box, city) under Edit case."
    ]


DENIAL_QUOTE_MAX = 600
"""A longer denial reason is taken for a pasted EOB, not the denial's own words."""


def _pasted_denial(case: Case) -> list[str]:
    """A note when the denial reason looks like a whole pasted EOB: the letter quotes all of
    it (a 9,900-character EOB gave a five-page letter, its first page half empty: walkthrough
    43), where a reviewer looks for the one denial line the appeal answers."""
    reason = case.claim.denial_reason.strip()
    if len(reason) <= DENIAL_QUOTE_MAX:
        return []
    reduced = answers_a_payment(case)  # as the letter quotes it: the payment's reason
    return [
        f"The {'reason' if reduced else 'denial reason'} is {len(reason):,} characters long (a "
        "whole EOB pasted?): the letter quotes all of it. Keep the EOB's "
        f"{'reason' if reduced else 'denial'} line or remark code for this claim."
    ]


def _reminders(profile: PayerProfile | None) -> list[str]:
    """What the payer's profile says it wants done by hand; a shipped profile no source
    confirms says so after each (coding review: "a narrative alone cannot be considered" and
    the like were shown as the payer's rules)."""
    if profile is None:
        return []
    said = f" ({UNCONFIRMED_PROFILE})" if profile.unconfirmed else ""
    notes = []
    if profile.signed_letter:
        notes.append(f"{profile.name} wants the letter signed by the treating dentist{said}.")
    if profile.contemporaneous_records:
        notes.append(
            f"{profile.name} wants the records made at the time of treatment enclosed{said}."
        )
    if profile.separate_mailing:
        notes.append(f"{profile.name}: mail the appeal on its own, not with other claims{said}.")
    if profile.office and (note := " ".join(profile.instructions.split())):
        # the office's own note for the billing desk ("Fax first"): it reached no screen
        # (walkthrough); a shipped profile's note repeats its rules above
        notes.append(f"{profile.name}, the office's note: {note}")
    return notes
