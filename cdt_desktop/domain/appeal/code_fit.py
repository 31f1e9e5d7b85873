"""What the record says about the case's code, for both letters' checks: a code the CDT deleted,
findings that contradict the code or point to another, a surgical code of another tooth type,
and two pulp diagnoses that disagree. Plain Python."""

from __future__ import annotations

from cdt_desktop.core.text import capitalized
from cdt_desktop.domain.appeal.letter import FINDING_WORDS
from cdt_desktop.domain.cases.facts import AGREEING_DIAGNOSES, PULPAL_DIAGNOSES
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import tooth_misfit
from cdt_desktop.domain.coding.findings import Selection, Status
from cdt_desktop.domain.coding.rules import SURGICAL_TYPE_OF
from cdt_desktop.domain.reference import CodeEntry

TOOTH_FITS_ITEM = "tooth-number-matches-code"
"""The billing item "Tooth number on the claim fits the code": the record answers it when the
case's code is one for a tooth type and the case's tooth is of that type
(``argument.tooth_fit_words``), and says it is not so when the code misfits (``refuted_items``)."""

CORRECTED_CLAIM = " and send the payer a corrected claim with the current code"
BEFORE_REQUEST = " before the request goes"
BEFORE_CLAIM = " before the claim goes"


def deleted_code(entry: CodeEntry | None, then: str = CORRECTED_CLAIM) -> list[str]:
    """A case coded with a code the CDT deleted (D3354): a payer refuses such a claim
    whatever the letter argues, so the check says so first (walkthrough: the check before
    export listed the checklist's gaps of D3354 and nothing about the code). ``then``: what
    follows the change of code (a corrected claim, or nothing goes before it)."""
    if entry is None or not entry.is_deleted:
        return []
    codes = list(entry.replaced_by)
    use = ""
    if codes:
        named = codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} or {codes[-1]}"
        use = f" (use {named})"
    if entry.deletion_unconfirmed:  # (D3427: its deletion is not confirmed in our sources)
        return [f"{entry.code} may have been deleted from the CDT (not confirmed: check the "
                f"licensed CDT file){use}. If it was, payers refuse it: change the case's code "
                f"(Edit case){then}."]  # fmt: skip
    return [f"{entry.code} is a deleted CDT code{use}: payers refuse it. Change the case's code "
            f"(Edit case){then}."]  # fmt: skip


def deleted_by_the_yearly_change(code: str, note: str, then: str = CORRECTED_CLAIM) -> list[str]:
    """A code the practice's newest imported CDT edition deleted, on a case whose date of
    service falls in that edition (``note``: the case list's "deleted in CDT 2027", already
    held to the date of service): payers refuse it whatever the letter argues (office manager
    walk: the list marked the case, Mark as submitted asked, the letter's check said nothing)."""
    if not note.startswith("deleted in CDT"):
        return []
    return [f"{code} was {note}, and this claim's date of service is in that edition: payers "
            f"refuse a deleted code. Change the case's code (Edit case){then}."]  # fmt: skip


def two_pulp_diagnoses(case: Case) -> list[str]:
    """The chart's pulp status and the clinical facts' pulpal diagnosis, when they disagree:
    the letter states both (the diagnosis in the history, the pulp status in why this code),
    so a reviewer would read two diagnoses of one pulp (billing walkthrough: necrosis on the
    chart, symptomatic irreversible pulpitis in the facts, and no word from the check)."""
    pulp, diagnosis = case.findings.pulp, case.facts.pulpal_diagnosis
    agreeing = AGREEING_DIAGNOSES.get(pulp)
    if not diagnosis or agreeing is None or diagnosis in agreeing:
        return []
    return [
        f"Two pulp diagnoses: the clinical facts record {PULPAL_DIAGNOSES.get(diagnosis, diagnosis)}, the chart"
        f" {FINDING_WORDS['pulp'][pulp]}; the letter would state both. Correct one of them"
        " (Edit case: Findings or Clinical facts)."
    ]


def earlier_root_canal_untold(case: Case) -> list[str]:
    """An earlier root canal of the tooth recorded under Clinical facts while the chart's pulp
    status is another (necrosis, say): the letter stated "Earlier root canal treatment of this
    tooth: completed in 2015" and, for D3348, "No previous root canal therapy on this tooth",
    and no check said a word (hostile-user walkthrough). A second root canal on a tooth is a
    retreatment."""
    pulp = case.findings.pulp
    if not case.facts.prior_rct_date.strip() or not pulp or pulp == "previously-treated":
        return []
    from cdt_desktop.domain.dates import rough_date_words

    when = rough_date_words(case.facts.prior_rct_date)
    return [
        f"An earlier root canal of this tooth is recorded ({when}), but the chart's pulp status"
        f" is {FINDING_WORDS['pulp'].get(pulp, pulp)}: the letter would state both. A second "
        "root canal on the tooth is a retreatment (D3346-D3348): set the pulp status to "
        "previously treated, or clear the earlier root canal under Clinical facts (Edit case)."
    ]


def _record_disagrees(case: Case) -> list[str]:
    """What the case's record says twice, two ways (the letter would print both)."""
    return two_pulp_diagnoses(case) + earlier_root_canal_untold(case)


def contradictions(case: Case, selection: Selection | None) -> list[str]:
    code = case.procedure.code.strip().upper()
    if code in SURGICAL_TYPE_OF:
        # the selector judges no surgical code: "the findings point to D3330, not D3421" named
        # another procedure (coding review); the tooth is checked, with or without the findings
        misfit = tooth_misfit(case)
        wrong = misfit is not None and misfit.status is Status.EXCLUDED
        return ([f"The code does not fit the tooth: {misfit.text}."] if misfit and wrong else []) \
            + _record_disagrees(case)  # fmt: skip
    if selection is None or not code:
        return _record_disagrees(case)
    billed = selection.candidate(code)
    if billed is None:  # a code the selector does not judge (D3332, D3910): it points to no
        return _record_disagrees(case)  # other code of its own ("D3330, not D3332": review)
    problems = []
    if billed is not None and billed.status is Status.EXCLUDED:
        reasons = "; ".join(r.prose.strip().rstrip(".") for r in billed.reasons[:2])
        problems.append(
            f"The recorded findings contradict {code}" + (f": {reasons}." if reasons else ".")
        )
    recommended = selection.recommended
    if recommended is not None and recommended.code != code:
        problems.append(
            f"The recorded findings point to {recommended.code}, not {code}: check the code or"
            " the findings before appealing."
        )
    return problems + _record_disagrees(case)


def tooth_to_verify(case: Case) -> list[str]:
    """A surgical code of the tooth's type on a primary tooth (D3425 on #K): written for
    permanent teeth, and not confirmed either way for a primary one, so a note, not a refusal."""
    misfit = tooth_misfit(case)
    if misfit is None or misfit.status is Status.EXCLUDED:
        return []
    return [f"{capitalized(misfit.text)}."]


def wrong_code(case: Case, entry: CodeEntry | None) -> list[str]:
    """Before a claim is sent (Mark as submitted, the To submit view): a code the payer refuses
    whatever is documented, a deleted one (``deleted_code``) or one that is not the tooth's
    (``wrong_tooth``)."""
    return deleted_code(entry, BEFORE_CLAIM) + wrong_tooth(case)


def wrong_tooth(case: Case) -> list[str]:
    """A code that is not the tooth's, whatever the findings (D3310 on a molar: the letter
    checks and the case form said so, but the clerk's "Ready to send" did not)."""
    words = misfit_words(case)
    if not words:
        return []
    return [
        f"The code does not fit the tooth: {words}. Change the case's code (Edit case){BEFORE_CLAIM}."
    ]


def misfit_words(case: Case) -> str:
    """Why the case's code is not its tooth's ("D3310 is for permanent anterior teeth; #19 is a
    permanent molar: root canal therapy of a molar is D3330"; for a root canal or retreatment
    code of another permanent tooth type the tooth's code is named); "" when it fits."""
    from cdt_desktop.domain.cases.selection import case_tooth, code_misfit
    from cdt_desktop.domain.coding.rules import PERMANENT_TYPE_OF, same_procedure_words

    misfit = code_misfit(case)
    if misfit is None:
        return ""
    text = misfit.text
    code, tooth = case.procedure.code.strip().upper(), case_tooth(case)
    if code in PERMANENT_TYPE_OF and tooth is not None and not tooth.is_primary:
        text += f": {same_procedure_words(code, tooth.type)}"
    return text


def refuted_items(case: Case) -> dict[str, str]:
    """Checklist items the case's record says are not so, whatever was ticked: item id -> why.
    "Tooth number on the claim fits the code" on D3310 for molar #19 was ticked without a word
    and the tab read 6 of 6 done while To submit said the code does not fit (walkthrough). Such
    an item is not counted as done (``without_refuted``), and the Checklist tab refuses its
    tick and says why."""
    words = misfit_words(case)
    if not words:
        return {}
    return {TOOTH_FITS_ITEM: f"Not so: {words}. Change the case's code (Edit case); until then "
                             "this item is not counted as done."}  # fmt: skip


def without_refuted(case: Case) -> Case:
    """``case`` with the ticks of its ``refuted_items`` taken off (not counted as done)."""
    refuted = refuted_items(case)
    if not any(case.checklist.get(item_id) for item_id in refuted):
        return case
    from dataclasses import replace

    return replace(case, checklist={**case.checklist, **dict.fromkeys(refuted, False)})


def billed_with(case: Case) -> str:
    """The code the claim went to the payer with, when the case was coded otherwise since (the
    "submitted" change records the code sent); "" when it is the case's code or unknown."""
    from cdt_desktop.domain.cases.status import last_event

    sent = last_event(case.status_history, "submitted")
    held = sent.code.strip().upper() if sent is not None else ""
    return held if held and held != case.procedure.code.strip().upper() else ""


def recoded_after_sending(case: Case) -> list[str]:
    """Before an appeal: a claim billed with one code and a case coded with another since. The
    letter argued D3330 for claim CLM-2026-0001 billed as D3310 and never said so (walkthrough):
    the payer decides the claim as billed, so the corrected claim is what changes the code."""
    held = billed_with(case)
    if not held:
        return []
    code = case.procedure.code.strip().upper()
    return [f"The claim went to the payer with {held}; the case is now coded {code}. The payer "
            f"decides the claim as billed: send a corrected claim with {code} (the letter says "
            f"one replaces {held}), or appeal {held} as billed by coding the case back."]  # fmt: skip
