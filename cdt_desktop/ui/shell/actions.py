"""What the shell does when a pane or the case controller says something happened.

Kept out of ``main_window.py`` (layout) and ``wiring.py`` (which signal goes where) so each stays
short. Every function takes the window and uses its public panes and controller only.

The invariant these slots keep: while a case is open, the checklist shows that case's code,
whatever was last read in search or the detail pane; with no case open, it follows the shown code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.core.log import get_logger
from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.ui.shell.window import Shell

_log = get_logger("ui")

NO_CASE_HEADING = "No case open: ticks are saved once a case exists."


def case_heading(case_id: int, case: Case, notation: str = "") -> str:
    """One line naming the open case, so nobody ticks on the wrong patient's case; its tooth
    in this PC's ``notation`` (a case written as #19 reads "FDI 36" at an FDI PC)."""
    from cdt_desktop.core.text import isolate
    from cdt_desktop.domain.cross_notation import tooth_shown  # not at start-up

    # an Arabic or Hebrew name must not pull "#19" into its run ("19#" before the name)
    parts = [f"Case {case_id}", isolate(case.patient.name.strip()) or "(no patient name yet)"]
    # "#" is Universal: an FDI or Palmer tooth says so ("FDI 36", not "#36")
    tooth = tooth_shown(case.procedure.tooth, case.procedure.notation, notation)
    if tooth or case.procedure.code:
        parts.append(" ".join(p for p in (tooth, case.procedure.code) if p))
    if case.claim.date_of_service:
        parts.append(f"DOS {case.claim.date_of_service}")
    if case.status == "draft":  # before treatment: is the plan's approval in, or awaited?
        from cdt_desktop.domain.cases.authorization import auth_words

        parts += [words] if (words := auth_words(case.claim)) else []
    return " · ".join(parts)


def open_code(window: Shell, code: str) -> None:
    """Show a code in the detail; warn (non-modally) when it misfits the chosen tooth."""
    already_shown = window.detail.current_code() == code
    window.detail.show_code(code)
    _warn_if_misfit(window, code)
    if already_shown:  # the detail emits codeShown only for a new code
        code_shown(window, code)


def chart_changed(window: Shell) -> None:
    """Another tooth under the code shown: the banner says whether the code fits it (D3346
    opened from search, then molar #3 chosen: no word, while #3 then D3346 warned)."""
    code = window.detail.current_code()
    if code:
        _warn_if_misfit(window, code)


def _warn_if_misfit(window: Shell, code: str) -> None:
    warning = window.chart_panel.check_code(code)
    if warning:
        window.banner.show_message(str(warning))
    else:
        window.banner.clear()


def code_shown(window: Shell, code: str) -> None:
    """The checklist follows the shown code, except that an open case keeps its own code's
    checklist: ticks made while reading another code would land on the wrong items."""
    case_code = window.controller.code()
    if window.controller.case_id() is not None:
        if code != case_code:
            selection = window.chart_panel.selection()
            offered = selection is not None and selection.candidate(code) is not None
            how = (  # a code the chart does not offer (D3354, deleted) is not advised onto it
                "Double-click it in the candidates (or Edit case) to change the case's code."
                if offered
                else "Edit case changes the case's code."
            )
            window.statusBar().showMessage(
                f"Showing {code}; the checklist stays on the open case's {case_code or 'code'}. "
                + how,
                10000,
            )
        return
    window.checklist_panel.set_code(code)
    window.controller.note_shown(code)
    window.statusBar().showMessage(f"Showing {code}", 4000)


def choose_code(window: Shell, code: str) -> None:
    """A candidate was chosen (double-click or Enter): with a case open it becomes the case's
    code (risky codes asked about, undoable); then it is shown."""
    if window.controller.case_id() is not None:
        before = window.statusBar().currentMessage()
        if not window.controller.choose_code(code):
            # refused (another tooth): its reason stays in the status bar; the shown code's
            # advice to double-click the candidate replaced it. A refusal that said nothing
            # (a question cancelled) leaves the shown code's message.
            said = window.statusBar().currentMessage()
            open_code(window, code)
            if said and said != before:
                window.statusBar().showMessage(said, 15000)
            return
    else:  # no case yet: the dentist's pick is what the next new case starts with
        window.controller.pick_candidate(code)
    open_code(window, code)


def show_case(window: Shell, case_id: int, case: Case) -> None:
    """Heading and checklist for the open case (every path that opens or changes one)."""
    show_heading(window, case_id, case)
    code = case.procedure.code or None
    window.checklist_panel.show_case(case_id, code)
    if code:
        open_code(window, code)


def show_heading(window: Shell, case_id: int, case: Case) -> None:
    heading = case_heading(case_id, case, window.controller.notation())
    # a name too long for the narrow right pane is elided (FittedLabel); the tooltip has it all
    window.case_label.setText(heading)  # (its tooltip: the whole heading, literally)


def notation_changed(window: Shell, notation: str) -> None:
    """The chart's Notation box (this PC's numbering): every case's tooth reads in it."""
    window.case_list.set_notation(notation)
    window.checklist_panel.set_notation(notation)
    case_id, case = window.controller.case_id(), window.controller.case()
    if case_id is not None and case is not None:
        show_heading(window, case_id, case)


def case_opened(window: Shell, case_id: int, case: Case) -> None:
    """A case became current: its tooth and findings in the chart, then heading and checklist."""
    found = case.findings
    other_case = window.checklist_panel.case_id() != case_id  # (what was open until now)
    changed = ""  # what the chart changed by itself to show the case's tooth
    try:
        # in the case's own notation (an imported FDI "18" is Universal 1, not 18);
        # a case without a tooth clears the chart instead of keeping the last patient's
        tooth = (
            parse_tooth(case.procedure.tooth, case.procedure.notation or "universal")
            if case.procedure.tooth
            else None
        )
        changed = window.chart_panel.set_state(tooth, found.root or None, found.pulp or None,
                                     found.goal or None, found.visit or None,
                                     found.has_successor,
                                     forget_others=other_case)  # fmt: skip
    except (InvalidToothError, ValueError):  # a hand-edited case: the chart stays as it is
        _log.warning("case tooth or findings not shown in the chart")
    show_case(window, case_id, case)
    if other_case:  # its row in the Cases tab is the one selected, however it was opened
        window.case_list.select_case(case_id)  # (File > New case, an import: walkthrough)
    if other_case and not case.procedure.code:  # the last patient's code guidance goes too
        window.banner.clear()  # (it stayed under a draft with no code: new-user walkthrough)
        window.detail.show_start()
    # replaces an older line ("Case closed: ready for the next patient."); the heading names
    # the patient, so the status bar does not repeat it; a chart gone Mixed for the case's
    # tooth is said with it (screen readers hear the status bar's line)
    # and edits of its form that a crash left unsaved are named (the form offers them back)
    kept = window.controller.kept_edits(case_id)
    said = " ".join(w for w in (changed, kept) if w)
    timeout = 15000 if kept else 8000 if changed else 6000  # a longer line stays longer
    window.statusBar().showMessage(f"Case {case_id} opened. {said}".rstrip(), timeout)


def case_closed(window: Shell) -> None:
    """Close case / Next patient: heading, checklist, chart, findings, code detail and search
    start afresh, as at start-up (the detail kept the last patient's code: tour8)."""
    window.case_label.setText(NO_CASE_HEADING)
    window.case_label.setToolTip("")
    window.checklist_panel.show_case(None, None)
    window.controller.note_shown(None)
    window.chart_panel.reset()
    window.banner.clear()
    window.detail.show_start()
    window.search.set_query("")  # the search runs again on the empty text: its hint shows
    window.case_list.clear_selection()  # its row looked open still (walkthrough)


def _may_drop_answers(window: Shell, title: str, ask: str, no_keeps: str, kept: str) -> bool:
    """True when nothing is lost, or the user said Yes to ``ask`` ("... lose {lost}?"): the
    chart's answers not on the open case yet. No leaves things as they were and says so."""
    lost = window.controller.unsaved_answers()
    if lost and not msgbox.ask_yes_no(
        window.as_widget(), title, f"{ask.format(lost=lost)}\n\n{no_keeps}"
    ):
        window.statusBar().showMessage(kept, 8000)
        return False
    return True


def close_case(window: Shell) -> None:
    """Close case / Next patient (Ctrl+W). Asks first when the chart shows answers for the
    case's tooth that are not on the case yet (they reach it when its code is chosen again), as
    another user's unlock does: the chair's clicks are not dropped without a word (review9).
    Closed, the keyboard is in the code search box (keyboard walkthrough)."""
    if _may_drop_answers(
        window,
        "Close case",
        "Close the case and lose {lost}?",
        "No keeps the case open; choosing its code again saves them.",
        "Case kept open: its chart answers are not saved.",
    ):
        window.controller.close_case()
        window.case_list.clear_search()  # the last patient's name off the screen
        # the next patient starts in the code search: the keyboard stayed where it was, and
        # the first letter typed in the Notation box ("f") switched the chart to FDI
        window.search.focus_search()


def may_quit(window: Shell) -> bool:
    """Quit (Ctrl+Q) and the window's close button: asks first, as Close case does, when the
    chart shows answers not on the open case yet. The app quit without a word and the dentist's
    pulp status was gone at the next start (walkthrough)."""
    return _may_drop_answers(
        window,
        "Quit",
        "Quit and lose {lost}?",
        "No keeps the window open; choosing the case's code again saves them.",
        "Not quit: the chart's answers are not saved.",
    )


def open_case(window: Shell, case_id: int) -> None:
    """Open a case from the Cases tab (or a search, an import). Asks first, as Close case does,
    when the chart shows answers for the open case's tooth that are not on it yet: opening
    another case dropped them without a word while Ctrl+W asked (chairside walkthrough)."""
    current = window.controller.case_id()
    if current not in (None, case_id) and not _may_drop_answers(
        window,
        "Open another case",
        f"Open case {case_id} and lose {{lost}}?",
        f"No keeps case {current} open; choosing its code again saves them.",
        f"Case {current} kept open: its chart answers are not saved.",
    ):
        return
    window.controller.open_case(case_id)


def open_from_list(window: Shell, case_id: int) -> None:
    """Enter or a double-click on a row of the Cases tab: the case opens and its checklist
    comes to the front, on the first item to tick. The Cases tab stayed in front, and the
    assistant pressed Ctrl+I before every tick (walkthrough); Ctrl+O goes back to the list."""
    open_case(window, case_id)
    if window.controller.case_id() == case_id:
        window.focus_checklist()


def user_switched(window: Shell, name: str) -> None:
    """Another user unlocked (sign-in): the previous user's case closes (its ticks and saved
    forms are in the store already), so the new user starts afresh and never ticks or edits it
    under their own name by mistake (tour8). The last user's case search (a patient's name)
    goes too (walkthrough)."""
    window.case_list.new_user()
    case_id = window.controller.case_id()
    if case_id is None:
        return
    window.controller.close_case()
    window.statusBar().showMessage(
        f"Signed in as {name}: the previous user's case {case_id} was closed. "
        "Open it from the Cases tab to work on it.",
        15000,
    )


def cases_changed(window: Shell, case_id: int) -> None:
    window.case_list.refresh()
    window.case_list.select_case(case_id)


def focus_operator(window: Shell) -> None:
    window.operator_picker.focus_editor()


def completeness(window: Shell, done: int, required: int) -> None:
    """The checklist tab says how far the required items are: "Checklist 3/5"."""
    index = window.right_tabs.indexOf(window.checklist_panel)
    # with no case open the list only shows what a code asks for: nothing is done or to do
    # ("Checklist 0/6" after a code search read as six items left: new-office walkthrough)
    counted = required and window.controller.case_id() is not None
    text = "Checklist" + (f" {done}/{required}" if counted else "")  # C drawn underlined
    window.right_tabs.setTabText(index, text)


def operator_changed(window: Shell, initials: str) -> None:
    window.checklist_panel.reload()
    if initials:
        window.checklist_panel.operator_chosen()  # its "choose your initials" notice goes
        kept = window.controller.kept_forms()  # typing kept from before a crash, for them
        said = f"Operator: {initials}." + (f" {kept}" if kept else "")
        window.statusBar().showMessage(said, 15000 if kept else 4000)


def tab_changed(window: Shell, index: int) -> None:
    """A tab clicked: the keyboard lands in the tab's first field, not in the operator box
    (Alt+A / Alt+C are the Go menu's Cases and Checklist, which move it there themselves)."""
    page = window.right_tabs.widget(index)
    if not window.isActiveWindow():  # restoring the saved tab at start-up moves no focus
        return
    if page is window.case_list:
        window.case_list.search_field().setFocus()
    elif page is not None:
        page.setFocus()
