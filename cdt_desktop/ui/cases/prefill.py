"""What a new case starts with: the chart's tooth and answers, the dentist's pick or the
recommended code, today's date of service, and the provider remembered from the last saved case.

Imported when a case is first created, or while a case is open and the chart changes, not at
start-up; ``CaseController`` holds the chart's state and calls these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Procedure, Provider
from cdt_desktop.domain.coding.findings import Status
from cdt_desktop.ui.common.settings import Key, Settings

if TYPE_CHECKING:
    from cdt_desktop.domain.coding.findings import Candidate, Findings, Selection
    from cdt_desktop.domain.teeth import Tooth

PROVIDER_KEYS = {
    "name": Key.PROVIDER_NAME,
    "credentials": Key.PROVIDER_CREDENTIALS,
    "npi": Key.PROVIDER_NPI,
    "practice": Key.PRACTICE_NAME,
    "address": Key.PRACTICE_ADDRESS,
    "phone": Key.PRACTICE_PHONE,
}
"""The case's provider fields and the settings that remember them."""


def chosen_candidate(selection: Selection | None, picked: str | None) -> Candidate | None:
    """The code a new case starts with: the dentist's pick (a candidate of these answers that
    is not excluded), else the recommendation."""
    if selection is None:
        return None
    found = next((c for c in selection.candidates if c.code == picked), None)
    if found is not None and found.status != Status.EXCLUDED:
        return found
    return selection.recommended


def prefilled_case(
    findings: Findings | None,
    selection: Selection | None,
    picked: str | None,
    settings: Settings,
    shown: str | None = None,
) -> tuple[Case, str]:
    """A new case from the chart's current recommendation, and what the form says first:
    what the chart is missing, or why the case starts with another code than the dentist's
    excluded pick or the code the checklist ``shown`` ("" when there is nothing to say).
    Never the code last read in the detail pane."""
    tooth = findings.tooth if findings is not None else None
    facts = {
        name: str(getattr(findings, name) or "") if findings is not None else ""
        for name in ("root", "pulp", "goal", "visit")
    }
    successor = findings.has_successor if findings is not None else None
    facts["successor"] = "" if successor is None else ("yes" if successor else "no")
    recommended = chosen_candidate(selection, picked)
    hint = ""
    if tooth is None:
        hint = "No tooth is chosen in the chart, so no code is filled in."
        if shown:  # the checklist's code: the assistant may have meant it (tour 15)
            hint += f" For {shown}, the checklist's code, type it and its tooth under Procedure."
    elif recommended is None:
        missing = " ".join(selection.missing) if selection else ""
        hint = "The chart recommends no code yet" + (f": {missing}" if missing else ".")
        if shown:  # the checklist's code: said, never filled in for the chart (second re-walk)
            hint += f" For {shown}, the checklist's code, type it under Procedure."
    elif selection is not None:
        hint = other_code_hint(selection, recommended.code, picked or shown)
        if not hint and selection.missing:  # a lead, not an answer (a primary molar's
            hint = still_missing(recommended.code, selection.missing)  # successor unknown)
    notation = str(settings.get(Key.NOTATION) or "universal")
    case = Case(
        procedure=Procedure(
            code=recommended.code if recommended is not None else "",
            tooth=spelled(tooth, notation) if tooth is not None else "",
            notation=notation if tooth is not None and spelled(tooth, notation) else "universal",
        ),
        findings=CaseFindings(**facts),
        claim=Claim(date_of_service=date.today().isoformat()),
        provider=default_provider(settings),
    )
    return case, hint


def spelled(tooth: Tooth, notation: str) -> str:
    """``tooth`` as the chart shows it in ``notation`` (FDI 46 is "46"): the case is written
    as the office charts it. "" where that notation has no number for it (a supernumerary
    tooth in FDI), and the case is then written in Universal."""
    if notation == "fdi" and tooth.fdi is None:
        return ""  # Tooth.format's "36s" is a display form only
    return tooth.format(notation)


def own_spelling(screen: Case, case: Case | None) -> Case:
    """The chart's case with the open ``case``'s own spelling of the tooth when both name one
    tooth (the chart's FDI 46 is a Universal case's #30): comparing them and re-coding the case
    then keep the notation it was written in, whichever this PC's chart uses."""
    import dataclasses

    from cdt_desktop.domain.cases.selection import case_tooth

    if case is None or case_tooth(case) is None or case_tooth(case) != case_tooth(screen):
        return screen
    own = dataclasses.replace(
        screen.procedure, tooth=case.procedure.tooth, notation=case.procedure.notation
    )
    return dataclasses.replace(screen, procedure=own)


def other_code_hint(selection: Selection, starts_with: str, other: str | None) -> str:
    """Why the case starts with ``starts_with`` and not ``other`` (tour8: the checklist said
    D3348, which the findings exclude, and Create case made a D3330 case without a word)."""
    if not other or other == starts_with:
        return ""
    found = next((c for c in selection.candidates if c.code == other), None)
    if found is not None and found.status == Status.EXCLUDED:
        why = f" ({found.decisive.text})" if found.decisive else ""
        return (
            f"{other} is excluded for these findings{why}, so the case starts with the chart's "
            f"recommendation, {starts_with}. To code {other} anyway, type it under Procedure."
        )
    return (
        f"The case starts with the chart's recommendation, {starts_with}, not {other} shown in "
        f"the checklist. To start with {other}, double-click it in the candidates, or type it "
        "under Procedure."
    )


def default_provider(settings: Settings) -> Provider:
    """The practice and provider remembered from the last saved case (settings)."""
    return Provider(**{f: settings.get(key) for f, key in PROVIDER_KEYS.items()})


def remember_provider(settings: Settings, provider: Provider) -> None:
    """Remember the saved case's provider for the next new case (empty fields are not)."""
    for name, key in PROVIDER_KEYS.items():
        value = getattr(provider, name)
        if value:
            settings.set(key, value)


def still_missing(code: str, missing: Sequence[str]) -> str:
    """The form's first words when the chart's recommendation rests on a question not
    answered yet: D3240 for a primary molar whose successor is unknown was filled in without
    a word, where the chart said "Missing: Permanent successor" (walkthrough)."""
    return f"{code} is filled in from the chart, which still asks: {' '.join(missing)}"


def findings_hint(case: Case) -> str:
    """What a new case's form says once its own findings were changed: the chart's words
    ("The chart recommends no code yet: Treatment goal: ...?") stayed after the goal and
    visit were answered in the form itself (walkthrough). What these answers point to, or
    still ask, and whether the case's code is that one ("" only without a tooth to judge)."""
    from cdt_desktop.domain.cases.selection import selection_for_tooth

    selection = selection_for_tooth(case)
    if selection is None:
        return ""
    code = case.procedure.code.strip().upper()
    if surgical := surgical_hint(case):  # answers the selector does not weigh for surgery
        return surgical
    recommended = selection.recommended
    if recommended is None:
        missing = " ".join(selection.missing)
        return "These answers recommend no code yet" + (f": {missing}" if missing else ".")
    if code == recommended.code:  # said, not hidden: the form moved up under the pointer
        if selection.missing:
            return still_missing(code, selection.missing)
        return f"✓ {code} is the code these answers point to."
    if not code:
        return f"These answers point to {recommended.code}: type it under CDT code."
    # #K's successor answered No in the form: D3330, and D3240 stayed without a word
    return f"These answers point to {recommended.code}, not {code}: check the CDT code."


def surgical_hint(case: Case) -> str:
    """What the form says of a surgical code split by tooth type (D3421): whether it fits the
    case's tooth, naming the same procedure's code for it when not. The chart's answers
    recommend non-surgical codes only: "These answers point to D3330, not D3421" named
    another procedure (coding review). "" for any other code."""
    from cdt_desktop.core.text import capitalized
    from cdt_desktop.domain.cases.selection import case_tooth, tooth_misfit
    from cdt_desktop.domain.coding.rules import SURGICAL_TYPE_OF, tooth_words

    code = case.procedure.code.strip().upper()
    tooth = case_tooth(case) if code in SURGICAL_TYPE_OF else None
    if tooth is None:
        return ""
    misfit = tooth_misfit(case)
    if misfit is None:
        return f"✓ {code} fits the tooth: {tooth_words(tooth)}."
    if misfit.status is Status.EXCLUDED:
        return f"{capitalized(misfit.text)}: check the CDT code."
    return f"{capitalized(misfit.text)}."


def next_visit(case_id: int | None, open_case: Case | None, new: Case) -> tuple[Case, str] | None:
    """The new case for the next visit of the open case's apexification or regeneration series
    (same tooth, the chart's code another visit of it), with the open case's patient,
    subscriber, payer and provider copied, and what the form says first; None otherwise. The
    status bar pointed to a new case for D3356, and the new case asked for the patient again
    (walkthrough)."""
    import dataclasses

    from cdt_desktop.core.text import isolate
    from cdt_desktop.domain.cases.selection import case_tooth
    from cdt_desktop.domain.coding.rules import STEP_OF, another_visit

    if case_id is None or open_case is None:
        return None
    old, code = open_case.procedure.code, new.procedure.code
    if not another_visit(old, code) or case_tooth(open_case) != case_tooth(new):
        return None
    copied = dataclasses.replace(
        new, patient=open_case.patient, subscriber=open_case.subscriber,
        payer=open_case.payer, provider=open_case.provider,
    )  # fmt: skip
    name = isolate(open_case.patient.name.strip()) or "no patient name yet"
    return copied, (
        f"The {STEP_OF[code.strip().upper()]} visit of case {case_id}'s series ({name}, "
        f"{old.strip().upper()}): its patient, subscriber, payer and provider are copied; "
        "check the date of service. Case "
        f"{case_id} stays as it is."
    )
