"""What the window says around the case form: before a new case's form opens while another case
is open, when a case opens with edits of its form kept, and after a save that changed the code
or the tooth. Loaded when a form opens or a case with kept edits opens, not at start-up;
``CaseController`` holds the state and calls these."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.text import isolate
from cdt_desktop.domain.cross_notation import tooth_shown
from cdt_desktop.services.cases import CodeChange
from cdt_desktop.ui.cases.form_recovery import Draft, kept_drafts, kept_when, owner_for

if TYPE_CHECKING:
    from pathlib import Path

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.services.cases import CaseService


def open_case_note(case_id: int | None, case: Case | None, new: Case, notation: str) -> str:
    """What the new case's form says first while case ``case_id`` is open: the chart it starts
    from shows that case (Ctrl+N for the next patient without Ctrl+W gave him the last
    patient's tooth, answers and code, silently: tour9). "" with no case open."""
    if case_id is None or case is None:
        return ""
    name = isolate(case.patient.name.strip()) or "no patient name yet"
    proc = new.procedure
    tooth = tooth_shown(proc.tooth, proc.notation, notation)
    what = " ".join(x for x in (tooth, proc.code) if x)
    return (
        f"Case {case_id} ({name}) is open: this new case starts from the chart as it "
        f"shows that case{f' ({what})' if what else ''}. For the next patient, press Cancel "
        "and close the case first (Ctrl+W); for another tooth, check Procedure and Findings."
    )


def kept_edits(drafts: Path, service: CaseService, operator: str, case_id: int) -> str:
    """What to say when ``case_id`` opens with edits of its form kept for whoever works here
    now ("Unsaved edits of its form (18:00) are kept: Edit case… puts them back."), or "". The
    form offers them back only when it opens again, so after a crash the case opened with
    nothing said and the typing waited unseen (walkthrough). Short: it follows the chart's own
    line in a 1366 px status bar."""
    kept = Draft(drafts, case_id, owner_for(service.auth, operator)).read()
    if kept is None:
        return ""
    when = kept_when(kept[1], date.today().isoformat())
    return (
        f"Unsaved edits of its form{f' ({when})' if when else ''} are kept: Edit case… puts "
        "them back."
    )


def kept_forms(drafts: Path, service: CaseService, operator: str) -> str:
    """The forms whose unsaved edits wait for whoever works here now, said at the start and
    when initials are chosen ("" when none): after a crash the start said only "Ready", and
    the typing waited until that very case was opened again (hostile-user walkthrough)."""
    ids, new_case = kept_drafts(drafts, owner_for(service.auth, operator))
    said = []
    if ids:
        listed = ", ".join(str(i) for i in ids[:-1]) + (" and " if len(ids) > 1 else "")
        listed += str(ids[-1])
        which = f"case {listed}'s form" if len(ids) == 1 else f"the forms of cases {listed}"
        said.append(f"unsaved edits of {which} are kept (open it, Edit case… puts them back)")
    if new_case:
        said.append("a new case's unsaved form is kept (New case… puts it back)")
    text = "; ".join(said)
    return text[:1].upper() + text[1:] + "." if text else ""


def form_code_undo(
    service: CaseService, before: Case, case_id: int
) -> tuple[str, CodeChange | None]:
    """A code changed in the Edit case form is undone by Ctrl+Z as one chosen from the chart
    is (it said "Nothing to undo": walkthrough); the undo puts the code back and keeps the
    form's other edits. What the status bar adds ("" when the code is the same) and the undo."""
    try:
        stored = service.get(case_id)
    except UserFacingError:
        return "", None
    old, new = before.procedure.code, stored.case.procedure.code
    if old.strip().upper() == new.strip().upper():
        return "", None
    previous = replace(stored.case, procedure=replace(stored.case.procedure, code=old))
    undo = CodeChange(case_id, old, new, 0, previous, stored.version)
    return f": {old or 'no code'} -> {new or 'no code'} (Ctrl+Z puts {old or 'no code'} back)", undo


def findings_against_code(before: Case, after: Case, case_id: int) -> str:
    """The form saved findings that the case's code no longer fits ("" when they fit, or did
    not fit before either): an immature root saved on a D3330 case said only "Case 2 saved",
    and nothing named it until an appeal was exported (hostile-user walkthrough)."""
    from cdt_desktop.domain.appeal.code_fit import contradictions
    from cdt_desktop.domain.cases.selection import selection_for_findings

    said = contradictions(after, selection_for_findings(after))
    known = set(contradictions(before, selection_for_findings(before)))
    new = [text for text in said if text not in known]
    return f"Case {case_id}: {new[0]}" if new else ""


def ticks_for_another_tooth(
    service: CaseService, before: Case, after: Case, case_id: int, notation: str
) -> str:
    """The tooth fixed in the form while the case has ticks: they document the tooth they were
    made for, so the window says to check them (the edit saved without a word and kept #8's
    ticks on the #9 case: chairside walkthrough). "" when the tooth or the ticks are the same."""
    old, new = before.procedure, after.procedure
    was = tooth_shown(old.tooth, old.notation, notation)
    now = tooth_shown(new.tooth, new.notation, notation)
    if was == now or not old.tooth.strip():  # one tooth in another notation: no change
        return ""
    try:
        ticked = any(state.checked for state in service.checks(case_id).values())
    except UserFacingError:
        return ""
    if not ticked:
        return ""
    return (
        f"Case {case_id} saved: the tooth is now {now}. Its ticks were made for {was}: "
        "check the checklist again."
    )
