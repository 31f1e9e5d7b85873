"""Which codes need an explicit confirmation before they go on a case, and why.

A code that is unknown, deleted, or excluded for the case's own tooth and findings, a new code
on a case whose claim the payer already holds, or another visit of the case's apexification or
regeneration series, is saved only after the user confirms the
reason by name (``CaseService`` audits that confirmation). Qt-free.

Imported on first use (a save, a code change), not while the window starts: the selector's
rules load with the first check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from cdt_desktop.core.errors import UserFacingError

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.coding.findings import Selection
    from cdt_desktop.domain.reference import ChecklistItem, CodeEntry

RiskKind = Literal["unknown", "deleted", "excluded", "billed", "billed-tooth", "visit"]


class Library(Protocol):
    """What the use cases need of the reference library (``domain.reference.CodeLibrary``)."""

    def get(self, code: str) -> CodeEntry | None: ...
    def checklist(self, code: str) -> tuple[ChecklistItem, ...]: ...


class CodeRisk(NamedTuple):
    """Why a code needs an explicit confirmation before it goes on a case."""

    kind: RiskKind
    code: str
    reason: str  # plain words for the confirmation dialog (no patient data)

    def audit_detail(self) -> str:
        return f"{self.code} {self.kind}"


class ConfirmationNeededError(UserFacingError):
    """The code needs the user's explicit confirmation (``risk`` says why); nothing was saved."""

    def __init__(self, risk: CodeRisk) -> None:
        self.risk = risk
        super().__init__(risk.reason)


def code_risk(
    code: str, case: Case | None, library: Library | None, selection: Selection | None = None
) -> CodeRisk | None:
    """Why ``code`` should not go on ``case`` without a confirmation, or None.

    ``selection`` is the selector's answer for the case's tooth and findings (computed here from
    the case when not given): a code it excludes needs a confirmation naming its reason.
    """
    code = (code or "").strip().upper()
    if not code:
        return None
    entry = library.get(code) if library is not None else None
    if library is not None and entry is None:
        return CodeRisk("unknown", code, f"{code} is not a code in this library.")
    if entry is not None and entry.is_deleted:
        replaced = ", ".join(entry.replaced_by)
        tail = f" (use {replaced} instead)" if replaced else ""
        return CodeRisk("deleted", code, f"{code} is a deleted CDT code{tail}.")
    if selection is None and case is not None:
        from cdt_desktop.domain.cases.selection import selection_for_tooth

        selection = selection_for_tooth(case)
    candidate = selection.candidate(code) if selection is not None else None
    if candidate is not None and str(candidate.status) == "excluded":
        why = "; ".join(r.text for r in candidate.reasons[:2]) or "excluded by the findings"
        return CodeRisk("excluded", code, f"{code} is excluded for this tooth: {why}.")
    if candidate is None and case is not None:  # a code the selector does not judge (D3421)
        from cdt_desktop.domain.cases.selection import tooth_misfit

        misfit = tooth_misfit(case)
        if misfit is not None and str(misfit.status) == "excluded":
            return CodeRisk("excluded", code, f"{code} is excluded for this tooth: {misfit.text}.")
    return None


SENT_STATUSES = frozenset({"submitted", "denied", "appealed", "paid"})


def billed_risk(before: Case, code: str) -> CodeRisk | None:
    """Why re-coding a case whose claim the payer already holds needs a confirmation, or None:
    the case would no longer match the claim (and any appeal) sent with the old code."""
    old, new = before.procedure.code.strip().upper(), (code or "").strip().upper()
    submitted = [e for e in before.status_history if e.status == "submitted"]
    if not claim_sent(before) or not old or not new or old == new:
        return None
    # the code the claim went out with, as recorded when it was marked submitted; else (older
    # records) the case's code now. Re-coded since, the case's code was named as "sent" (a
    # change back to the code sent was asked about as a change away from the in-between one)
    held = submitted[-1].code.strip().upper() if submitted else ""
    held = held or old
    if new == held:
        return None  # back to the code the payer holds: the case matches the claim again
    return CodeRisk(
        "billed",
        new,
        f"The claim was sent to the payer with {held}: changing the case to {new} does not "
        "change that claim. Send the payer a corrected claim too.",
    )


def claim_sent(case: Case) -> bool:
    """Whether the payer holds the case's claim (sent once, whatever its status now)."""
    return case.status in SENT_STATUSES or any(e.status == "submitted" for e in case.status_history)


def billed_tooth_risk(before: Case, case: Case) -> CodeRisk | None:
    """Why moving a case whose claim the payer holds to another tooth needs a confirmation,
    or None: the claim went out for the tooth it had (hostile-user walkthrough: #14 changed to
    #K on a denied claim was saved without a word, while a new code is asked about)."""
    from cdt_desktop.domain.appeal.remark import tooth_display

    old, new = tooth_display(before)[0], tooth_display(case)[0]
    if not claim_sent(before) or not old or not new or old.upper() == new.upper():
        return None
    return CodeRisk(
        "billed-tooth",
        case.procedure.code.strip().upper(),
        f"The claim was sent to the payer for tooth {old}: changing the case to tooth {new} "
        "does not change that claim. Send the payer a corrected claim too.",
    )


def tooth_moved_on_a_sent_claim(before: Case, case: Case) -> bool:
    """Whether saving ``case`` over ``before`` moves a sent claim's case to another tooth."""
    return billed_tooth_risk(before, case) is not None


def visit_risk(before: Case, code: str) -> CodeRisk | None:
    """Why moving a case from one visit of an apexification or regeneration series to another
    needs a confirmation, or None: each visit is a claim of its own, on its own date of
    service. Choosing the interim visit's code when the chart's Visit changed turned the
    initial visit's case (its date, its ticks) into the interim one (walkthrough)."""
    from cdt_desktop.domain.coding.rules import STEP_OF, another_visit

    old, new = before.procedure.code.strip().upper(), (code or "").strip().upper()
    if not another_visit(old, new):
        return None
    return CodeRisk(
        "visit",
        new,
        f"{new} is the {STEP_OF[new]} visit of the series; this case is its {STEP_OF[old]} "
        f"visit ({old}). Each visit is a claim of its own, on its own date of service: change "
        "this case only if it was entered as the wrong visit. For the next visit, make its own "
        "case with New case (Ctrl+N).",
    )


def checked_risk(
    code: str,
    case: Case,
    library: Library | None,
    confirmed: CodeRisk | None,
    before: Case | None = None,
) -> CodeRisk | None:
    """The risk of putting ``code`` on ``case`` (``before``: the case as stored, for a change),
    or None; ConfirmationNeededError unless ``confirmed`` is that same risk."""
    risk = code_risk(code, case, library)
    found_too = (
        [billed_risk(before, code), billed_tooth_risk(before, case), visit_risk(before, code)]
        if before is not None
        else []
    )
    for found in found_too:
        if risk is not None and found is not None:  # one question naming both
            risk = CodeRisk(risk.kind, risk.code, f"{risk.reason} {found.reason}")
        elif found is not None:
            risk = found
    if risk is not None and risk != confirmed:
        raise ConfirmationNeededError(risk)
    return risk
