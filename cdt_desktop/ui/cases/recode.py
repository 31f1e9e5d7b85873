"""Re-coding the open case: the change saved (a risky code asked about first, by name), the
message that says what it did, and the refusal to move a case to another tooth that way. Loaded with the first code chosen for an open case, not at
start-up (the code-risk rules load with it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.cross_notation import tooth_shown
from cdt_desktop.services.code_risk import ConfirmationNeededError
from cdt_desktop.ui.cases.confirm import confirm_risk
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.coding.findings import Selection
    from cdt_desktop.services.cases import CaseService, CodeChange
    from cdt_desktop.services.code_risk import CodeRisk


def change_code(
    parent: QWidget | None,
    service: CaseService,
    case_id: int,
    code: str,
    *,
    operator: str,
    screen: Case | None,
    tell: Callable[[str], None],
    notation: str = "universal",
) -> CodeChange | None:
    """``code`` (with the tooth and answers on ``screen``) saved on the case; an excluded,
    deleted or unknown code is asked about first, naming the reason. None when the user said
    no (``tell`` says so) or the store refused (shown)."""
    confirmed: CodeRisk | None = None
    while True:
        try:
            return service.change_code(case_id, code, operator=operator,
                                       procedure_and_findings=screen,
                                       confirmed=confirmed)  # fmt: skip
        except ConfirmationNeededError as exc:
            if not confirm_risk(parent, exc.risk, notation):
                tell(f"{exc.risk.code} was not put on the case.")
                return None
            confirmed = exc.risk
        except UserFacingError as exc:
            # the chart's answers or the code: "Code not saved" over a refusal to change the
            # findings read as the wrong message (billing month-end walkthrough)
            msgbox.show_error(parent, "Not saved", str(exc))
            return None


def written(case: Case) -> tuple[str, str]:
    """The case's tooth as written: the text and its notation (FDI 18 is not #18)."""
    proc = case.procedure
    return proc.tooth.strip().upper(), (proc.notation or "universal").strip().lower()


def same_tooth(
    parent: QWidget | None,
    case: Case | None,
    case_id: int | None,
    screen: Case | None,
    *,
    tell: Callable[[str], None],
    notation: str = "",
) -> bool:
    """A candidate worked out for another tooth never re-codes the open case (both teeth are
    named in this PC's ``notation``).

    A case is one procedure on one tooth, and its ticks (the pre-op radiograph, the pulp
    diagnosis) document that tooth: moving it by a click on another tooth's candidate would
    carry them to the wrong tooth. The user is told how to do either thing on purpose.
    """
    if screen is None or case is None:
        return True
    if not case.procedure.tooth.strip() or not screen.procedure.tooth.strip():
        return True
    if written(case) == written(screen):  # prefill.own_spelling: one tooth, one spelling
        return True
    have = tooth_shown(case.procedure.tooth, case.procedure.notation, notation)
    shown = tooth_shown(screen.procedure.tooth, screen.procedure.notation, notation)
    msgbox.show_info(
        parent,
        "Another tooth",
        f"Case {case_id} is for tooth {have}, but the chart shows {shown}, so "
        f"{case.procedure.code or 'its code'} stays on the case.\n\n"
        f"To code {shown}, close this case (Ctrl+W) and start a new one (Ctrl+N). To move "
        f"case {case_id} to another tooth, edit the case (Ctrl+E) and check its "
        "checklist again: its ticks document the tooth they were made for.",
    )
    tell(f"Case {case_id} stays on {have}: the chart shows {shown}.")
    return False


def code_change_text(change: CodeChange) -> str:
    """ "Case 3 is now D3310 (was D3330); 2 ticks are kept but hidden. Ctrl+Z undoes it." """
    old = change.old_code or "no code"
    if change.old_code == change.new_code:
        return (
            f"Case {change.case_id}: the chart's answers saved ({change.new_code} stays). "
            "Ctrl+Z undoes it."
        )
    text = f"Case {change.case_id} is now {change.new_code} (was {old})"
    if change.hidden_ticks:
        noun = "tick is" if change.hidden_ticks == 1 else "ticks are"
        text += (
            f"; {change.hidden_ticks} {noun} kept but hidden (not on the {change.new_code} "
            "checklist)"
        )
    return text + ". Ctrl+Z undoes it."


def unsaved_answers_advice(head: str, code: str, selection: Selection | None) -> str:
    """What saves the chart's new answers for the open case (``head`` says they are not on
    it): choosing its ``code`` again, or, when the new answers exclude that code or the chart
    does not offer it, the code they recommend (walkthrough: the status bar said to choose
    D3330 again after the pulp became "previously treated")."""
    from cdt_desktop.domain.coding.findings import Status

    own = selection.candidate(code.strip().upper()) if selection and code else None
    if own is not None and own.status is not Status.EXCLUDED:
        return f"{head}: choose {own.code} in the candidates (double-click or Enter) to save them."
    best = selection.recommended if selection is not None else None
    from cdt_desktop.domain.coding.rules import STEP_OF, another_visit

    if best is not None and another_visit(code, best.code):  # the next visit: its own case
        return (
            f"{head}: {best.code} is the {STEP_OF[best.code]} visit, a claim of its own: "
            "Ctrl+N makes its case (the patient's details are copied), or set the Visit back."
        )
    instead = (
        f"choose {best.code} (recommended) to re-code the case and save them"
        if best is not None
        else "choose the code for what was done to re-code the case and save them"
    )
    why = (  # D3221 or D3354 is no candidate: choosing it there is not possible (review)
        f"and they exclude {own.code}" if own is not None
        else f"and {code or 'its code'} is not among the chart's codes"
    )  # fmt: skip
    return f"{head}, {why}: {instead}, or set the answers back."
