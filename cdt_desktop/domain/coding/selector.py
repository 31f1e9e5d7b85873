"""The endodontic code selector: findings in, every candidate code out with a status and reasons.

Why every code and not just the answer: the dentist needs to see *why the others don't fit* (a molar
is not a premolar; a mature root rules out apexification), and billing needs the same words for an
appeal. At most one code is recommended; when the findings do not settle it none is, and `missing`
names the finding that would. There is no default code: Open Dental's AutoCodes silently return the
first item when nothing matches, and that is the trap this module is built against.

The rules live in `rules` and the value types in `findings`; this module combines them per code (the
lowest status any rule gave wins), orders the result and offers the JSON of the CLI contract
(docs/design-rules.md, Contracts). Pure Python: no SQL, no Qt. Code names come in from the reference
library only for display.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from cdt_desktop.core.text import capitalized
from cdt_desktop.domain.coding.findings import (
    Candidate,
    Findings,
    Reason,
    ReasonKind,
    Selection,
    Status,
    Visit,
)
from cdt_desktop.domain.coding.plans import plan_permanent, plan_primary
from cdt_desktop.domain.coding.rules import (
    D9_NOTE,
    FAMILIES,
    FAMILY_OF,
    MISSING_ORDER,
    MISSING_TOOTH,
    PERMANENT_ONLY,
    PERMANENT_TYPE_OF,
    PRIMARY_TYPE_OF,
    RANK_OF,
    STATUS_OF,
    STEP_OF,
    SURGICAL_TYPE_OF,
    Plan,
    fit,
    step,
)
from cdt_desktop.domain.cross_notation import in_notation
from cdt_desktop.domain.teeth import Tooth

__all__ = ["CANDIDATE_CODES", "check_code_for_tooth", "code_warning", "select"]

CANDIDATE_CODES: tuple[str, ...] = tuple(code for codes in FAMILIES.values() for code in codes)
TOOTH_CHECKED = frozenset(
    {*PERMANENT_TYPE_OF, *SURGICAL_TYPE_OF, *PRIMARY_TYPE_OF, *PERMANENT_ONLY}
)
"""The codes ``check_code_for_tooth`` checks against a tooth: those for one tooth type or
dentition."""
_CODE_ORDER = {code: index for index, code in enumerate(CANDIDATE_CODES)}
_D9 = ("rct",)  # a first-time root canal: an emergency first visit may be D3221 (pulpal
# debridement); a retreatment's filled canals have no pulp to debride (coding review)


def select(findings: Findings, names: Mapping[str, str] | None = None) -> Selection:
    """Judge every candidate code for these findings. Deterministic; never raises on None fields.

    `names` (code -> our short name from the reference library) only fills `Candidate.name`.
    """
    selection = _select(findings)
    if not names:
        return selection
    named = tuple(
        Candidate(c.code, c.status, c.reasons, names.get(c.code, "")) for c in selection.candidates
    )
    return Selection(selection.findings, named, selection.missing, selection.notes)


@lru_cache(maxsize=4096)
def _select(findings: Findings) -> Selection:
    tooth = findings.tooth
    plan = _plan(findings)
    missing = list(plan.missing)
    if tooth is None:
        missing.insert(0, MISSING_TOOTH)
    series_needs_visit = False
    candidates = []
    for code in CANDIDATE_CODES:
        candidate, visit_matters = _judge(code, findings, plan)
        candidates.append(candidate)
        series_needs_visit |= visit_matters
    if series_needs_visit:
        missing.append("Visit: initial, interim or final?")
    lead = {family: index for index, family in enumerate(plan.lead)}
    candidates.sort(
        key=lambda c: (
            -RANK_OF[c.status],
            lead.get(FAMILY_OF[c.code], len(lead)),
            _CODE_ORDER[c.code],
        )
    )
    notes = list(plan.notes)
    top = candidates[0]
    has_recommendation = top.status is Status.RECOMMENDED
    if has_recommendation:
        missing = []  # the findings settle the code; only the questions that stay open remain
        if findings.visit is Visit.INITIAL and FAMILY_OF[top.code] in _D9:
            notes.append(D9_NOTE)
        # a caution on the recommended code is said where it is read, not only in its reasons
        # (D3310 for an immature #8 with the goal RCT read as settled: dentist walkthrough)
        notes += [
            f"Caution on {top.code}: {r.text.removeprefix('caution: ')}."
            for r in top.reasons
            if r.kind is ReasonKind.CAUTION
        ]
    elif not missing and not notes:
        notes.append("No code in this list is recommended on these findings.")
    missing += plan.open
    missing.sort(key=_missing_order)
    return Selection(findings, tuple(candidates), tuple(dict.fromkeys(missing)), tuple(notes))


def _missing_order(item: str) -> int:
    for index, prefix in enumerate(MISSING_ORDER):
        if item.startswith(prefix):
            return index
    return len(MISSING_ORDER)


def _plan(findings: Findings) -> Plan:
    tooth = findings.tooth
    if tooth is not None and tooth.is_primary:
        return plan_primary(findings)
    plan = plan_permanent(findings)
    if tooth is None:  # the primary family is judged as if the tooth were primary
        primary = plan_primary(findings)
        plan.verdicts["primary"] = primary.verdicts.get("primary", [])
    return plan


def _judge(code: str, findings: Findings, plan: Plan) -> tuple[Candidate, bool]:
    """Combine the tooth, findings and visit verdicts for one code: the lowest status wins."""
    tooth = findings.tooth
    verdicts: list[Reason] = []
    tooth_fit = fit(code, tooth, findings.has_successor)
    if tooth_fit.reason is not None:
        verdicts.append(tooth_fit.reason)
    family = FAMILY_OF[code]
    family_verdicts = plan.verdicts.get(family, [])
    verdicts.extend(r._replace(code=code) for r in family_verdicts)
    verdicts.extend(r._replace(code=code) for r in plan.verdicts.get(code, ()))  # this code only
    family_rank = min(
        (RANK_OF[r.status] for r in family_verdicts), default=RANK_OF[Status.POSSIBLE]
    )
    visit_matters = False
    if code in STEP_OF:
        verdicts.extend(step(code, findings.visit))
        visit_matters = (
            findings.visit is None
            and family_rank == RANK_OF[Status.RECOMMENDED]
            and tooth_fit.status is not Status.EXCLUDED
        )
    rank = min(RANK_OF[r.status] for r in verdicts) if verdicts else RANK_OF[Status.POSSIBLE]
    if tooth is None:
        rank = min(rank, RANK_OF[Status.POSSIBLE])
    status = STATUS_OF[rank]
    if tooth_fit.matched:
        who = tooth_fit.matched
        kind = ReasonKind.TOOTH_TYPE
        if status is Status.RECOMMENDED:
            verdicts.insert(0, Reason(kind, status, f"{who} -> {code}", code, who, who, code))
        else:
            text = f"{code} fits the tooth: {who}"
            verdicts.append(Reason(kind, Status.RECOMMENDED, text, code, tooth=who))
    if status is Status.RECOMMENDED and findings.visit is Visit.INITIAL and family in _D9:
        text = "initial visit: with only pulpal debridement this visit is D3221; the root canal"
        verdicts.append(Reason(ReasonKind.VISIT, status, f"{text} is billed on completion", code))
    # The reasons that decided the status come first; the rest keep their rule order. An
    # excluded code lists only its objections: "indicated" context would only confuse.
    ordered = [r for r in verdicts if r.status is status]
    if status is not Status.EXCLUDED:
        ordered += [r for r in verdicts if r.status is not status]
    return Candidate(code, status, _unique(ordered)), visit_matters


def _unique(reasons: list[Reason]) -> tuple[Reason, ...]:
    """The reasons in order, each text once (the first one stays)."""
    seen: set[str] = set()
    out = []
    for reason in reasons:
        if reason.text not in seen:
            seen.add(reason.text)
            out.append(reason)
    return tuple(out)


def check_code_for_tooth(code: str, tooth: Tooth, has_successor: bool | None = None) -> str | None:
    """A plain-words warning when `code` does not fit `tooth`; None when it fits.

    Only tooth-type specific codes are checked (D3310-D3330, D3346-D3348, the surgical codes
    split by tooth type D3410/D3421/D3425, D3471-D3473 and D3501-D3503, D3230/D3240, and the
    permanent-only D3222/D3351-D3357); any other code returns None. A primary tooth with
    D3310/D3330 is a warning unless `has_successor` is False (the payer rule for retained primary
    teeth without a successor); D3320 never fits a primary tooth. A surgical code of the wrong
    type names the code of the same procedure for the tooth (``rules.same_procedure``); on a
    primary tooth one is a warning to verify (``rules.SURGICAL_TYPE_OF``).
    """
    code = code.strip().upper()
    if code not in TOOTH_CHECKED:
        return None
    verdict = fit(code, tooth, has_successor)
    # A primary tooth with an unknown successor is only "possible" for D3310/D3330: still warn.
    if verdict.status is not Status.RECOMMENDED and verdict.reason is not None:
        return verdict.reason.text
    return None


def code_warning(
    code: str, tooth: Tooth, selection: Selection | None, notation: str,
    has_successor: bool | None = None,
) -> str | None:  # fmt: skip
    """What the code detail's banner says when ``code`` (picked in search, or a case's) does not
    fit the chart's tooth (``check_code_for_tooth``), or the chart's candidates on these
    findings exclude it (keyboard walkthrough: D3355 on a closed apex); in the chart's
    ``notation`` ("#5" meant nothing on an FDI chart), starting with a capital. None when it
    fits."""
    warning = check_code_for_tooth(code, tooth, has_successor)
    if warning is None:
        candidate = selection.candidate(code.strip().upper()) if selection is not None else None
        if candidate is not None and candidate.status is Status.EXCLUDED and candidate.decisive:
            warning = f"{candidate.code} excluded on these findings: {candidate.decisive.text}"
    return capitalized(in_notation(warning, notation)) if warning else None
