"""The selector's answer for a case's own tooth and findings (pure: no Qt, no SQL).

Two callers want it with different requirements, so there are two functions, named for what
they need. ``selection_for_tooth`` needs only a valid tooth: the confirmation before a code goes
on a case (``services/code_risk.py``) catches a code the tooth alone excludes (D3310 on a molar)
before any finding is recorded. ``selection_for_findings`` also needs the pulp: an appeal or
prior-authorization letter quotes the selector's reasons, and without the pulp it would quote
tooth-only exclusions as if the findings had been weighed.
"""

from __future__ import annotations

from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.coding.findings import (
    Findings,
    Goal,
    Pulp,
    Reason,
    Root,
    Selection,
    Visit,
)
from cdt_desktop.domain.teeth import Tooth, parse_tooth


def case_tooth(case: Case) -> Tooth | None:
    """The case's tooth, or None when it is missing or cannot be parsed."""
    if not case.procedure.tooth.strip():
        return None
    try:
        return parse_tooth(case.procedure.tooth, case.procedure.notation or "universal")
    except ValueError:  # InvalidToothError is one
        return None


def selection_for_tooth(case: Case) -> Selection | None:
    """The selector's answer for the case's tooth and whatever findings are recorded; None
    without a valid tooth (or with a finding value the case file validation would refuse)."""
    tooth = case_tooth(case)
    if tooth is None:
        return None
    from cdt_desktop.domain.coding.selector import select

    found = case.findings
    try:
        findings = Findings(
            tooth=tooth,
            root=Root(found.root) if found.root else None,
            pulp=Pulp(found.pulp) if found.pulp else None,
            goal=Goal(found.goal) if found.goal else None,
            visit=Visit(found.visit) if found.visit else None,
            has_successor=found.has_successor,  # primary teeth: may allow D3310/D3330
        )
    except ValueError:  # a value the case file validation would have refused
        return None
    return select(findings)


def selection_for_findings(case: Case) -> Selection | None:
    """The selector's verdict for a letter: as ``selection_for_tooth``, but None until the
    pulp is recorded.

    The letter is still useful without it (the reference library's comparisons remain), so an
    unparseable tooth or missing findings never block an appeal. Root development is not asked
    of primary teeth (their codes do not depend on it), and a permanent tooth without it simply
    gets no recommendation, so only the pulp is required.
    """
    if not case.findings.pulp:
        return None
    return selection_for_tooth(case)


def tooth_misfit(case: Case) -> Reason | None:
    """Why the case's code does not fit the case's tooth, for a code split by tooth type that
    the selector does not judge (the surgical D3410/D3421/D3425, D3471-D3473, D3501-D3503): an
    excluded reason naming the code of the same procedure for the tooth, or a possible one to
    verify (a primary tooth). None when it fits, without a valid tooth, and for the selector's
    own candidates (their tooth check is in their candidate's reasons)."""
    from cdt_desktop.domain.coding.rules import SURGICAL_TYPE_OF, fit

    code = case.procedure.code.strip().upper()
    tooth = case_tooth(case) if code in SURGICAL_TYPE_OF else None
    if tooth is None:
        return None
    return fit(code, tooth, case.findings.has_successor).reason


def code_misfit(case: Case) -> Reason | None:
    """Why the case's code cannot be the tooth's at all, whatever the findings: a root canal
    code of another tooth type (D3310 on #19), a primary tooth's code on a permanent one, a
    root canal code on a primary tooth with a successor, a surgical code of another type. The
    excluded reason of ``rules.fit``; None when the code fits or may fit, and without a valid
    tooth. What a claim must not go out with (Mark as submitted, the To submit view)."""
    from cdt_desktop.domain.coding.findings import Status
    from cdt_desktop.domain.coding.rules import fit

    code = case.procedure.code.strip().upper()
    tooth = case_tooth(case) if code else None
    if tooth is None:
        return None
    reason = fit(code, tooth, case.findings.has_successor).reason
    return reason if reason is not None and reason.status is Status.EXCLUDED else None
