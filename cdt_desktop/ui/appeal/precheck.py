"""Before the appeal leaves: the pre-export check's questions, and "mark as appealed" after.

`export_check` (domain) names each missing or contradictory thing; the dialog shows them in its
banner, and saving or printing with problems left asks first, so nothing is exported silently.
After a letter for a denied claim is saved, the dialog offers to record the appeal (status
"appealed", today, the next appeal level) through the billing service, which audits it. The
questions are module-level so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtWidgets import QWidget

from cdt_desktop.domain.appeal.letter import AppealLetter
from cdt_desktop.domain.appeal.profiles import DenialTemplate, PayerProfile, profile_for
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.domain.coding.findings import Selection
from cdt_desktop.domain.reference import CodeEntry, CodeLibrary
from cdt_desktop.services.cases import VOID
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.services.auth import AuthService

MAX_LISTED = 8


def reference_for(
    library: CodeLibrary | None, case: Case
) -> tuple[dict[str, DenialTemplate], tuple[PayerProfile, ...], PayerProfile | None]:
    """The denial templates, the payer profiles and the case's profile, where the library has
    them (a small test library may not)."""
    templates_of = getattr(library, "denial_templates", None)
    profiles_of = getattr(library, "payer_profiles", None)
    templates = templates_of() if callable(templates_of) else {}
    profiles = tuple(profiles_of()) if callable(profiles_of) else ()
    return dict(templates), profiles, profile_for(case.payer.profile_id, case.payer.name, profiles)


def letter_problems(
    case: Case,
    letter: AppealLetter,
    *,
    prior_auth: bool,
    entry: CodeEntry | None,
    selection: Selection | None,
    today: date,
    profile: PayerProfile | None,
    templates: dict[str, DenialTemplate],
    attached: Iterable[tuple[str, str]],
) -> tuple[list[str], list[str]]:
    """(problems, reminders) of the pre-export check of ``case`` as edited (its ``letter``, the
    ``attached`` films' captions and dates): the domain's check, and what the PDF cannot print."""
    from cdt_desktop.domain.appeal.check import export_check, prior_auth_check
    from cdt_desktop.report.appeal_pdf import print_gaps, print_notes

    if prior_auth:
        items = prior_auth_check(
            case, entry=entry, selection=selection, attached=attached, today=today,
            profile=profile,
        )  # fmt: skip
    else:
        items = export_check(
            case, entry=entry, selection=selection, today=today, profile=profile,
            templates=templates, attached=attached,
        )  # fmt: skip
    problems = [i.text for i in items if i.blocking] + print_gaps(letter)
    return problems, [i.text for i in items if not i.blocking] + print_notes(letter)


def confirm_export(
    parent: QWidget | None,
    problems: list[str],
    letter: str = "appeal",
    reminders: Sequence[str] = (),
) -> bool:
    """Export although the check found problems? Only a deliberate Yes exports. `letter`:
    "appeal" or "request" (a prior-authorization request); ``reminders``: the banner's notes,
    repeated in the question (``export_question``)."""
    return msgbox.ask_yes_no(
        parent, "Export anyway?", export_question(problems, letter, reminders), default=False
    )


def export_question(problems: Sequence[str], letter: str, reminders: Sequence[str] = ()) -> str:
    """The question before an export with problems left: the problems, then the banner's
    reminders under "Also note" (a clerk answering the question without reading the banner
    again mailed a request to the payer's appeals address: walkthrough), at most
    ``MAX_LISTED`` lines in all."""
    listed = "\n".join(f"• {p}" for p in problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    if more > 0:
        listed += f"\n• … and {more} more"
    room = max(0, MAX_LISTED - len(problems))
    noted = "\n".join(f"• {r}" for r in reminders[:room])
    if len(reminders) > room:
        left = len(reminders) - room
        noted += ("\n" if noted else "") + f"• … and {left} more in the box above the letter"
    also = f"\n\nAlso note:\n{noted}" if noted else ""
    return f"Before this {letter} is sent, please check:\n{listed}{also}\n\nExport the {letter} anyway?"


class ChangedElsewhere(NamedTuple):
    """What another workstation changed on the open letter's case since the letter opened."""

    recoded: list[str]  # its code or tooth: the letter argues for another procedure
    fields: list[str]  # a claim number, a member ID, an amount the letter prints
    voided: bool = False  # entered in error: nothing goes out from it


def voided_words(case_id: int | None, letter: str) -> str:
    """Why nothing goes out from a letter whose case was voided at another workstation (its
    export was only a problem among others, and "Export anyway" sent it: two-PC walk)."""
    return (
        f"Case {case_id} was voided on another workstation (entered in error) after this "
        f"{letter} was opened: nothing is sent from a voided case. Nothing was saved, printed "
        "or copied."
    )


def changed_elsewhere(
    store: CaseRepository | None, case_id: int | None, case: Case, *, mine: Case | None = None
) -> ChangedElsewhere:
    """The open letter's case changed code or tooth in the store since the letter was opened
    (at another workstation: tour8, the letter still argued D3330 after the dentist made the
    case D3220), or the fields it prints; what the check before export says first."""
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.domain.appeal.remark import tooth_display

    if store is None or case_id is None:
        return ChangedElsewhere([], [])
    try:
        stored = store.get_case(case_id)
    except (UserFacingError, LookupError):
        return ChangedElsewhere([], [])
    if stored.status == VOID:
        return ChangedElsewhere([], [], voided=True)
    now = stored.case
    new, old = tooth_display(now)[0], tooth_display(case)[0]
    new_code, old_code = now.procedure.code, case.procedure.code
    recoded = []
    if (new_code, new) != (old_code, old):
        recoded.append(
            f"The case is now {new_code} on {new} (changed on another workstation since this "
            f"letter was opened); the letter says {old_code} on {old}. Close the letter and "
            "open it again to write it for the case as it is."
        )
    fields = _fields_changed(case, now, mine or case)
    said = []
    if fields:  # the claim number, a member ID, an amount: the letter printed the old ones
        said.append(
            f"The case's {', '.join(fields)} changed on another workstation since this letter "
            "was opened, and the letter still prints what was there before. Close the letter "
            "and open it again to write it with the saved case."
        )
    return ChangedElsewhere(recoded, said)


def _fields_changed(before: Case, now: Case, mine: Case) -> list[str]:
    """The fields another workstation changed, in words ("claim number", "subscriber member
    ID"): the stored value is neither the one the letter opened with nor the one typed in the
    letter (``mine``); not the code and tooth, said above; not the ticks, which the letter
    reads as they are. Office walkthrough: a corrected claim number and member ID went out in
    the old letter."""
    from dataclasses import fields

    from cdt_desktop.domain.cases.model import SECTIONS

    names = []
    for section, kind in SECTIONS.items():
        old, new, typed = getattr(before, section), getattr(now, section), getattr(mine, section)
        for field in fields(kind):
            key = field.name
            if (section, key) in (("procedure", "code"), ("procedure", "tooth")):
                continue
            stored = str(getattr(new, key)).strip()
            if stored in (str(getattr(old, key)).strip(), str(getattr(typed, key)).strip()):
                continue
            words = " ".join(_WORD.get(w, w) for w in key.split("_"))
            names.append(words if section == "claim" and key != "number" else f"{section} {words}")
    if before.enclosures != now.enclosures:
        names.append("enclosures")
    return names


_WORD = {"id": "ID", "npi": "NPI", "auth": "authorization"}


def offer_mark_appealed(parent: QWidget | None, level: str, *, paid: bool = False) -> bool:
    """``paid``: the claim stands paid short (appealed for the balance): it is in no Due list,
    so the question does not say it leaves one (keyboard walk)."""
    why = (
        "so the case list shows the appeal for the balance is under way"
        if paid
        else "so the appeal deadline leaves the Due list"
    )
    return msgbox.ask_yes_no(
        parent,
        "Mark as appealed?",
        f"Mark the claim as appealed (level {level}) today, {why}?",
        # (after Save as PDF and after Print: "The letter is saved" after a print)
        default=False,
    )


def next_level(case: Case) -> str:
    return "2" if any(e.status == "appealed" for e in case.status_history) else "1"


def mark_appealed(
    parent: QWidget | None,
    store: CaseRepository | None,
    case_id: int | None,
    *,
    operator: str,
    today: date,
    profiles: tuple[PayerProfile, ...] = (),
) -> bool:
    """Offer to record the appeal when the stored claim stands denied (or paid: this letter
    appeals the balance); True when recorded."""
    if store is None or case_id is None or getattr(store, "read_only", False):
        return False
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.services.billing import BillingService

    try:
        stored = store.get_case(case_id)
        if stored.case.status not in ("denied", "paid"):  # paid: the balance is appealed
            return False
        level = next_level(stored.case)
        if not offer_mark_appealed(parent, level, paid=stored.case.status == "paid"):
            return False
        event = StatusEvent("appealed", today.isoformat(), level=level)
        BillingService(store, profiles).advance(case_id, event, operator=operator)
    except (UserFacingError, ValueError) as exc:
        msgbox.show_warning(parent, "Not marked as appealed", str(exc))
        return False
    return True


def offer_mark_sent(parent: QWidget | None, earlier: str) -> bool:
    """Mark the request as sent today? ``earlier``: the day it was marked sent before ("")."""
    again = f" (it was marked sent on {earlier}: this records today instead)" if earlier else ""
    return msgbox.ask_yes_no(
        parent,
        "Mark the request as sent?",
        f"Mark the prior-authorization request as sent today{again}? The case then reads as"
        " waiting for the plan's answer (the Cases tab's Waiting: prior auth view).",
        default=False,
    )


def mark_prior_auth_sent(
    parent: QWidget | None,
    store: CaseRepository | None,
    case_id: int | None,
    *,
    operator: str,
    today: date,
    auth: AuthService | None = None,
) -> bool:
    """Offer to record that the request went to the payer today, unless the payer answered
    already (its number is on the case) or it is marked sent today, or the claim itself went
    out (a request then is for the record: the case would not read as waiting, as the question
    says), or the signed-in user's role may not edit the claim (a dentist who printed it:
    billing records it); True when recorded."""
    if store is None or case_id is None or getattr(store, "read_only", False):
        return False
    from cdt_desktop.core.errors import UserFacingError
    from cdt_desktop.services.billing import BillingService
    from cdt_desktop.services.case_roles import may_edit

    if auth is not None and not may_edit(auth, "claim.prior_auth_sent", new=False):
        return False

    try:
        case = store.get_case(case_id).case
        claim = case.claim
        if claim.prior_auth_number.strip() or claim.prior_auth_sent == today.isoformat():
            return False
        if case.status != "draft":  # walkthrough: offered on a denied claim
            return False
        if not offer_mark_sent(parent, claim.prior_auth_sent.strip()):
            return False
        billing = BillingService(store, auth=auth)
        billing.mark_prior_auth_sent(case_id, today, operator=operator, today=today)
    except (UserFacingError, ValueError) as exc:
        msgbox.show_warning(parent, "Not marked as sent", str(exc))
        return False
    return True
