"""The open case: which case it is, and what creating, editing, re-coding or closing it does.

Why a controller: "which case is open" used to live in the checklist widget, and the window's
case actions reached into the window. Now this QObject owns the open case and says what happened
with Signals; the shell connects them to the heading, the checklist, the chart and the list. The
rules (operator required, risky codes confirmed and audited, void instead of delete) live in
``services.cases``; this class asks the user and reports.

The case form is opened through the module-level :func:`edit_case` (tests patch it there); what
a new case starts with (the chart's answers, the code, the remembered provider) is ``prefill.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger
from cdt_desktop.services.cases import VOID, CaseService, CodeChange
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.script_fonts import cover
from cdt_desktop.ui.common.settings import Key, Settings

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.coding.findings import Findings, Selection

_log = get_logger("ui")


def edit_case(
    parent: QWidget | None,
    service: CaseService,
    *,
    case: Case,
    operator_source: Callable[[], str],
    case_id: int | None = None,
    version: int | None = None,
    hint: str = "",
    drafts: Path | None = None,
) -> int | None:
    """The case form, modal; the saved case's id or None (patched in tests)."""
    from cdt_desktop.ui.cases import form as case_form

    return case_form.edit_case(
        parent,
        service,
        case=case,
        case_id=case_id,
        version=version,
        operator_source=operator_source,
        hint=hint,
        drafts=drafts,
    )


WHERE_CASES_OPEN = "the Cases tab (Alt+A), or File > New case (Ctrl+N)"
"""Where a case is opened or made, for the messages of what needs an open case (a menu item
chosen with none open said "Open or create a case first." and not where)."""


class CaseController(QObject):
    """Owns the open case; every path that opens, creates, edits or re-codes a case goes here."""

    caseOpened = Signal(int, object)  # (id, Case): a case became current; the chart follows it
    caseChanged = Signal(int, object)  # (id, Case): the open case was re-coded from the chart
    caseClosed = Signal()  # no case is open (Close case / Next patient, or it was voided)
    casesChanged = Signal(int)  # a case was saved (the list refreshes and selects it)
    message = Signal(str)  # a status-bar line
    operatorRequired = Signal()  # an action needs the operator's initials (focus the picker)

    def __init__(
        self,
        service: CaseService | None,
        settings: Settings,
        *,
        operator_source: Callable[[], str],
        dialog_parent: Callable[[], QWidget | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self._settings = settings
        self._operator = operator_source
        self._dialog_parent = dialog_parent
        self._case_id: int | None = None
        self._uuid = ""  # the open case's: a restored backup may give its number to another
        self._case: Case | None = None
        self._findings: Findings | None = None
        self._selection: Selection | None = None
        self._picked: str | None = None  # a candidate chosen with no case open
        self._shown: str | None = None  # the checklist's code with no case open
        self._undo: CodeChange | None = None
        self._busy = False  # a form is open: a second activation never creates a second case
        self.drafts: Path | None = None
        """Where the case form keeps what is typed until it is saved (None: nowhere); the
        window sets it to its data folder's (form_recovery.py)."""

    # -- state ------------------------------------------------------------------------------
    def case_id(self) -> int | None:
        return self._case_id

    def case(self) -> Case | None:
        return self._case

    def code(self) -> str | None:
        """The open case's code (None without a case or code): the checklist shows this one."""
        return (self._case.procedure.code or None) if self._case is not None else None

    def can_undo(self) -> bool:
        return self._undo is not None and self._undo.case_id == self._case_id

    def set_chart(self, findings: Findings | None, selection: Selection | None) -> None:
        """The chart's current tooth, answers and candidates (the new case form starts there).

        A candidate picked for other answers no longer applies, so the pick is forgotten."""
        self._findings = findings
        self._selection = selection
        self._picked = None
        if self._case is not None and self._answers_differ(self._screen_case()):
            self.message.emit(self._unsaved_answers_advice(selection))

    def _unsaved_answers_advice(self, selection: Selection | None) -> str:
        from cdt_desktop.ui.cases.recode import unsaved_answers_advice

        assert self._case is not None
        head = f"The chart's answers for {self._tooth()} are not on case {self._case_id} yet"
        if self.service is not None and not self.service.may("edit-clinical"):
            # billing was told to choose the code to save them, then refused (month-end walk)
            return f"{head}: your role does not change the findings; the dentist or assistant does."
        return unsaved_answers_advice(head, self._case.procedure.code, selection)

    def pick_candidate(self, code: str) -> None:
        """The dentist chose a candidate with no case open: a new case starts with it (when it
        is a candidate of the chart's current answers and not excluded) instead of the
        recommendation."""
        self._picked = code.strip().upper()

    def note_shown(self, code: str | None) -> None:
        """The checklist shows ``code`` with no case open: the form says if it starts with another."""
        self._shown = code

    # -- the form ---------------------------------------------------------------------------
    def prefilled_case(self) -> tuple[Case, str]:
        """A new case from the chart's current recommendation (or the dentist's pick), and
        what the chart is missing ("" when a code is recommended): ``prefill.py``."""
        from cdt_desktop.ui.cases import prefill

        return prefill.prefilled_case(
            self._findings, self._selection, self._picked, self._settings, self._shown
        )

    # -- actions ----------------------------------------------------------------------------
    def require_operator(self) -> str | None:
        operator = (self._operator() or "").strip()
        if operator:
            return operator
        msgbox.show_info(
            self._dialog_parent(),
            "Operator needed",
            "Enter your initials (top right) first: every case and tick records who made it.",
        )
        self.operatorRequired.emit()
        return None

    def new_case(self) -> int | None:
        """The case form prefilled from the chart; on save the new case is opened."""
        if self.service is None or self._busy:
            return None
        try:  # said before the form, not after it was filled in (File > New case… as
            self.service.require("create-case")  # billing: two-PC walk)
        except UserFacingError as exc:
            msgbox.show_info(self._dialog_parent(), "Case not created", str(exc))
            return None
        if self.require_operator() is None:
            return None
        case, hint = self.prefilled_case()
        from cdt_desktop.ui.cases.form_notes import open_case_note
        from cdt_desktop.ui.cases.prefill import next_visit

        if (series := next_visit(self._case_id, self._case, case)) is not None:
            case, note = series  # the series' next visit: the same patient, a claim of its own
        else:
            note = open_case_note(self._case_id, self._case, case, self.notation())
        hint = " ".join(x for x in (note, hint) if x)
        self._busy = True
        try:
            case_id = edit_case(self._dialog_parent(), self.service, case=case,
                                operator_source=self._operator, hint=hint,
                                drafts=self.drafts)  # fmt: skip
        finally:
            self._busy = False
        if case_id is not None:
            self._after_save(int(case_id), f"Case {case_id} created")
        return case_id

    def kept_edits(self, case_id: int) -> str:
        """What to say when ``case_id`` opens with edits of its form kept (``form_notes``)."""
        if self.drafts is None or self.service is None or self.service.read_only:
            return ""
        from cdt_desktop.ui.cases.form_notes import kept_edits

        return kept_edits(self.drafts, self.service, self._operator(), case_id)

    def kept_forms(self) -> str:
        """The forms whose unsaved edits wait for this PC's operator (``form_notes``), or "".
        Most starts find no draft: the folder is looked at before anything is imported."""
        if self.drafts is None or self.service is None or self.service.read_only:
            return ""
        if not _any_draft(self.drafts):
            return ""
        from cdt_desktop.ui.cases.form_notes import kept_forms

        return kept_forms(self.drafts, self.service, self._operator())

    def edit_case(self) -> int | None:
        """The case form for the open case (patient, payer, claim, denial reason...)."""
        if self.service is None or self._case_id is None:
            msgbox.show_info(
                self._dialog_parent(),
                "No case open",
                f"Open or create a case first: {WHERE_CASES_OPEN}.",
            )
            return None
        read_only = self.service.read_only  # shown, not edited: nothing records who looked,
        if self._busy or (not read_only and self.require_operator() is None):  # so no initials
            return None
        try:
            stored = self.service.get(self._case_id)
        except UserFacingError as exc:
            msgbox.show_error(self._dialog_parent(), "Case not opened", str(exc))
            return None
        self._busy = True
        try:
            saved = edit_case(self._dialog_parent(), self.service, case=stored.case,
                              case_id=self._case_id, version=stored.version,
                              operator_source=self._operator,
                              drafts=None if read_only else self.drafts)  # fmt: skip
        finally:
            self._busy = False
        if saved is not None:
            from cdt_desktop.ui.cases import form_notes

            said, undo = form_notes.form_code_undo(self.service, stored.case, int(saved))
            if undo is not None:
                self._undo = undo
            self._after_save(int(saved), f"Case {saved} saved{said}")
            if self._case is not None:
                notes = [
                    form_notes.ticks_for_another_tooth(
                        self.service, stored.case, self._case, int(saved), self.notation()
                    ),
                    form_notes.findings_against_code(stored.case, self._case, int(saved)),
                ]
                if note := " ".join(n for n in notes if n):
                    self.message.emit(note)
        return saved

    def open_case(self, case_id: int) -> bool:
        """Make a case current (from the list, an import, or after saving)."""
        if self.service is None:
            return False
        try:
            stored = self.service.open(case_id, operator=self._operator())
        except UserFacingError as exc:
            msgbox.show_error(self._dialog_parent(), "Case not opened", str(exc))
            return False
        case = stored.case
        self._case_id, self._case = case_id, case
        self._uuid = str(getattr(stored, "uuid", "") or "")
        cover(repr(case))  # every text on it, in whatever script (the heading, form, letter)
        self.caseOpened.emit(case_id, case)
        return True

    def refresh_open_case(self) -> str | None:
        """Another workstation changed the open case: re-read it. A new code, tooth or answers
        reopen it (chart, heading and checklist follow); a new name only renames the heading;
        ticks and claim statuses change nothing on screen (the chart's unsaved answers stay).
        A case voided there, or no longer in the store (a backup restored), is closed here:
        "void" or "gone" says which (None: still open, or offline)."""
        from cdt_desktop.domain.cases.ports import CaseNotFoundError

        if self.service is None or self._case_id is None or self._case is None:
            return None
        try:
            stored = self.service.get(self._case_id)
        except CaseNotFoundError:  # a backup restored without it: nothing can go on it now
            self.close_case()
            return "gone"
        except UserFacingError:
            return None  # offline: the store status says so
        if self._uuid and stored.uuid and stored.uuid != self._uuid:
            self.close_case()  # another PC's backup restored: that number is another patient's
            return "gone"
        if stored.status == VOID:  # entered in error, voided elsewhere: nothing more goes on it
            self.close_case()
            return "void"
        case = stored.case
        cover(repr(case))
        before, self._case = self._case, case
        if (case.procedure, case.findings) != (before.procedure, before.findings):
            self._undo = None  # an undo would put back what the other PC replaced
            self.caseOpened.emit(self._case_id, case)
        elif case.patient != before.patient or _heading_claim(case) != _heading_claim(before):
            self.caseChanged.emit(self._case_id, case)
        return None

    def close_case(self) -> None:
        """Close case / Next patient: nothing is open; the chart and checklist start afresh."""
        self._case_id, self._case, self._undo, self._uuid = None, None, None, ""
        self.caseClosed.emit()
        self.message.emit("Case closed: ready for the next patient.")

    def choose_code(self, code: str, screen: Case | None = None) -> bool:
        """A candidate chosen while a case is open becomes its code (True when saved).

        An excluded, deleted or unknown code is asked about first, naming the reason; the
        message says how many ticks the new checklist does not show; Ctrl+Z undoes it.
        """
        if self.service is None or self._case_id is None:
            return False
        same_code = self.code() == code.strip().upper()
        if same_code and screen is None:
            # the case's own code again: saves the chart's answers when they changed
            screen = self._screen_case()
            if not self._answers_differ(screen):
                return True
        operator = self.require_operator()
        if operator is None:
            return False
        screen = screen if screen is not None else self._screen_case()
        from cdt_desktop.ui.cases.recode import change_code, code_change_text, same_tooth

        parent, case, case_id = self._dialog_parent(), self._case, self._case_id
        if not same_tooth(
            parent, case, case_id, screen, tell=self.message.emit, notation=self.notation()
        ):
            return False
        change = change_code(
            parent, self.service, case_id, code,
            operator=operator, screen=screen, tell=self.message.emit, notation=self.notation(),
        )  # fmt: skip
        if change is None:
            return False
        self._undo = change
        self._case = self.service.get(self._case_id).case
        self.caseChanged.emit(self._case_id, self._case)
        self.casesChanged.emit(self._case_id)
        self.message.emit(code_change_text(change))
        return True

    def unsaved_answers(self) -> str:
        """What leaving the open case would lose ("" when nothing): the chart's answers for
        its tooth that are not on the case yet (they reach it when its code is chosen)."""
        if self._case is None or not self._answers_differ(self._screen_case()):
            return ""
        return f"the chart's answers for {self._tooth()}, not on case {self._case_id} yet"

    def notation(self) -> str:
        """This PC's tooth numbering (the chart's Notation, a setting of the PC)."""
        return str(self._settings.get(Key.NOTATION))

    def _tooth(self) -> str:
        """The open case's tooth as the list writes it, in this PC's notation ("FDI 36")."""
        from cdt_desktop.domain.cross_notation import tooth_shown  # not at start-up

        proc = self._case.procedure if self._case is not None else None
        return tooth_shown(proc.tooth, proc.notation, self.notation()) if proc is not None else ""

    def _answers_differ(self, screen: Case | None) -> bool:
        """Whether the chart shows other answers for the open case's own tooth than the case
        records (the case's notes are not on the chart and do not count)."""
        import dataclasses

        case = self._case
        if screen is None or case is None:
            return False
        from cdt_desktop.ui.cases.recode import written

        if not case.procedure.tooth.strip() or written(case) != written(screen):
            return False
        return dataclasses.replace(screen.findings, notes=case.findings.notes) != case.findings

    def forget_undo(self) -> None:
        """Something else was done on the open case since its code change (a tick): Ctrl+Z
        then undoes nothing. It put back the code changed before the tick, which stayed, and
        said only "back on D3330" (hostile-user walkthrough)."""
        self._undo = None

    def undo_code_change(self) -> bool:
        """Ctrl+Z: put back the code (and tooth and answers) the last change replaced."""
        change = self._undo
        if self.service is None or change is None or change.case_id != self._case_id:
            self.message.emit(NOTHING_TO_UNDO)
            return False
        operator = self.require_operator()
        if operator is None:
            return False
        from cdt_desktop.domain.cases.ports import StoreConflictError

        try:
            self.service.undo_code_change(change, operator=operator)
        except StoreConflictError as exc:  # changed at another PC since: the undo is gone (it
            # said "your changes are kept in the form" with no form, at every Ctrl+Z: two-PC walk)
            self._undo = None
            who = f" by {exc.changed_by}" if exc.changed_by else " elsewhere"
            old = change.old_code or "the earlier code"
            msgbox.show_error(self._dialog_parent(), "Change not undone", (
                f"Case {change.case_id} was changed{who} after this code change, so the change "
                f"cannot be undone: the case stays on its code. To put {old} back, change it "
                "with Edit case (the audit trail keeps every change)."
            ))  # fmt: skip
            self.open_case(change.case_id)  # as it is now
            return False
        except UserFacingError as exc:
            msgbox.show_error(self._dialog_parent(), "Change not undone", str(exc))
            return False
        self._undo = None
        self.open_case(change.case_id)
        self.casesChanged.emit(change.case_id)
        self.message.emit(f"Case {change.case_id} is back on {change.old_code or 'no code'}.")
        return True

    def void_case(self) -> bool:
        """Void the open case after a confirmation: kept and audited, hidden from the list."""
        if self.service is None or self._case_id is None:
            msgbox.show_info(
                self._dialog_parent(),
                "No case open",
                "Open the case to void first: the Cases tab (Alt+A).",
            )
            return False
        operator = self.require_operator()
        if operator is None:
            return False
        case_id = self._case_id
        try:  # asked before the question (it asked the assistant, then refused: walkthrough)
            self.service.require("set-status", "change-code")
        except UserFacingError as exc:
            msgbox.show_error(self._dialog_parent(), "Case not voided", str(exc))
            return False
        from cdt_desktop.ui.cases.status_dialog import whose_claim

        # the question names the patient, tooth and code: "Void case 2?" alone left the user to
        # trust that the open case was the one meant (walkthrough)
        whose = f"{whose_claim(self._case, self.notation())}\n\n" if self._case is not None else ""
        if not msgbox.ask_yes_no(
            self._dialog_parent(),
            f"Void case {case_id}?",
            f"{whose}A voided case is kept with its ticks and audit log but hidden from the case "
            "list (choose the Void filter to see it). Nothing is deleted.",
        ):
            return False
        try:
            self.service.void(case_id, operator=operator, reason="voided by the user")
        except UserFacingError as exc:
            msgbox.show_error(self._dialog_parent(), "Case not voided", str(exc))
            return False
        self.close_case()
        self.casesChanged.emit(case_id)
        self.message.emit(f"Case {case_id} voided (kept, hidden from the list).")
        return True

    # -- internals --------------------------------------------------------------------------
    def _screen_case(self) -> Case | None:
        """The tooth and answers on screen as a case (None when no tooth is chosen)."""
        if self._findings is None or self._findings.tooth is None:
            return None
        from cdt_desktop.ui.cases import prefill

        case, _hint = self.prefilled_case()
        return prefill.own_spelling(case, self._case)

    def _after_save(self, case_id: int, text: str) -> None:
        self.open_case(case_id)
        if self._case is not None:
            from cdt_desktop.ui.cases import prefill

            prefill.remember_provider(self._settings, self._case.provider)
        self.casesChanged.emit(case_id)
        self.message.emit(text)


def _any_draft(drafts: Path) -> bool:
    """Whether any operator's folder under ``drafts`` holds a kept form (no pattern matching:
    this runs at every start)."""
    import os

    try:
        with os.scandir(drafts) as owners:
            for owner in owners:
                if owner.is_dir() and any(n.endswith(".json") for n in os.listdir(owner.path)):
                    return True
    except OSError:
        return False
    return False


NOTHING_TO_UNDO = (
    "Nothing to undo: Ctrl+Z puts back a code just changed, until the case is ticked or changed "
    "again (click a tick again to undo it)."
)


def _heading_claim(case: Case) -> tuple[str, ...]:
    """What of the claim the heading shows: the date of service and the prior authorization."""
    claim = case.claim
    return (claim.date_of_service, claim.prior_auth_sent, claim.prior_auth_number)
