"""The case list's claim-status menu: right-click, the Menu key or Shift+F10 on a case offers
the statuses its claim can move to; each change is asked for in the status dialog and audited.
The menu also offers to take back the claim's last change (a status marked by mistake).

Mixed into ``CaseList`` (which supplies the table, the model, the case service, the reference
library and the operator), apart from the list's searching, filtering and import/export.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QMenu, QWidget

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QPoint, SignalInstance
    from PySide6.QtGui import QContextMenuEvent

    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.domain.reference import CodeLibrary
    from cdt_desktop.services.billing import BillingService  # loads the case model: not at start
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.ui.cases.list_model import CaseListModel
    from cdt_desktop.ui.cases.list_table import CaseTable


OFFLINE_MENU = (
    "Case store offline: reconnecting",
    "Cases cannot be opened, searched or changed until it is back",
    "Code search, the chart and code guidance still work",
)
"""The menu a right-click on the case list shows while the store cannot be reached."""


class ClaimStatusMenu:
    """The status menu of ``CaseList`` (a mixin: it needs the widget's parts below)."""

    _offline = False  # the store cannot be reached: the menu says so instead
    _sent_anyway = ""  # what Mark as submitted asked about and the clerk sent it despite

    if TYPE_CHECKING:
        _service: CaseService | None
        _library: CodeLibrary | None
        _operator_source: Callable[[], str]
        _table: CaseTable
        _model: CaseListModel

        def refresh(self, *, reorder: bool = False, hold: bool = False) -> None: ...

        def select_case(self, case_id: int) -> bool: ...

        @property
        def statusMessage(self) -> SignalInstance: ...

    def _widget(self) -> QWidget:
        """This list as the parent of its menu and questions (the mixin is a QWidget)."""
        return cast("QWidget", self)

    def billing(self) -> BillingService | None:
        if self._service is None:
            return None
        from cdt_desktop.services.billing import BillingService

        payer_profiles = getattr(self._library, "payer_profiles", None)
        profiles = payer_profiles() if callable(payer_profiles) else ()
        return BillingService(self._service.repository, tuple(profiles), self._service.auth)

    @staticmethod
    def today() -> date:
        return date.today()

    def status_actions(self, case_id: int) -> list[str]:
        """The statuses the selected case can move to (the context menu's entries)."""
        return self._menu_entries(case_id)[0]

    def last_change(self, case_id: int) -> StatusEvent | None:
        """The claim's last status change, which the menu offers to take back (None for a
        draft, or where nothing can be changed)."""
        return self._menu_entries(case_id)[1]

    def _menu_entries(self, case_id: int) -> tuple[list[str], StatusEvent | None]:
        """The statuses the claim can move to and the change it can take back, from one read
        of the case (the menu read it twice per right-click, over the network on a server);
        nothing for a voided case, kept and never changed, or on a store open read-only."""
        billing = self.billing()
        if billing is None or self._service is None or self._service.read_only:
            return [], None
        statuses, last = billing.status_choices(case_id)
        return list(statuses), last

    def _context_menu(self, event: QContextMenuEvent) -> None:
        """A right-click: the menu of the row under the pointer. The Menu key (or Shift+F10):
        the menu of the selected row. A keyboard event's position is in the table's frame, not
        the viewport's: read as a row it named the row below the selected one, so the clerk
        who selected Alice was offered, and would change, the next patient's claim."""
        from PySide6.QtGui import QContextMenuEvent as Event  # its enums, on first use

        if event.reason() == Event.Reason.Mouse:
            index = self._table.indexAt(event.pos())  # the viewport's frame, for a mouse
            if index.isValid():
                self._status_menu(index.row(), event.pos())
        else:
            self._keyboard_menu()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """While the store is offline the table is switched off, so a right-click on it comes
        to the list itself: answered with what is offline and what still works (it did
        nothing, and the clerk could not tell why)."""
        if self._offline:
            self._offline_menu(event.globalPos())

    def _offline_menu(self, at: QPoint) -> None:
        from cdt_desktop.ui.common.appearance import outlined  # (not at start)

        menu = outlined(QMenu(self._widget()))
        menu.setObjectName("caseListOfflineMenu")
        for line in OFFLINE_MENU:
            menu.addAction(line).setEnabled(False)
        menu.exec(at)
        self._table.menu_closed()

    def _keyboard_menu(self) -> None:
        current = self._table.currentIndex()
        if current.isValid():
            self._status_menu(current.row(), self._table.visualRect(current).center())

    def _status_menu(self, row: int, pos: QPoint) -> None:
        """The statuses the case on `row` can move to, at `pos` (viewport coordinates)."""
        case_id = self._model.case_id(row)
        if case_id is None:
            return
        self._table.selectRow(row)

        from cdt_desktop.ui.common.appearance import outlined  # (not at start)

        menu = outlined(QMenu(self._widget()))
        menu.setObjectName("caseStatusMenu")
        refusal = self._refusal()
        if refusal:  # a role that may not change statuses is told here, before any question
            menu.addAction(refusal).setEnabled(False)
        try:
            statuses, last = self._menu_entries(case_id) if not refusal else ([], None)
        except UserFacingError as exc:  # the store went away, or the case with a restore
            msgbox.show_warning(self._widget(), "Status not changed", str(exc))
            return
        for status in statuses:
            # the status's first letter picks it from the keyboard (s, d, a, p, c: unique)
            action = menu.addAction(status_action_words(status, last))
            action.triggered.connect(
                lambda _checked=False, s=status, c=case_id: self.change_status(c, s)
            )
        if last is not None:  # "t": no status starts with it
            from cdt_desktop.domain.cases.status import change_words

            if not menu.isEmpty():
                menu.addSeparator()
            action = menu.addAction(f"&Take back “{change_words(last)}”…")
            action.setObjectName("takeBackStatusAction")
            action.triggered.connect(lambda _checked=False, c=case_id: self.take_back_status(c))
        if menu.isEmpty():
            menu.addAction("No status change possible").setEnabled(False)
        menu.exec(self._table.viewport().mapToGlobal(pos))
        self._table.menu_closed()

    def change_status(self, case_id: int, status: str) -> bool:
        """Ask for the change's details and record it (audited); False when cancelled."""
        from cdt_desktop.domain.cases.status import StatusError
        from cdt_desktop.ui.cases import status_dialog

        billing = self.billing()
        if billing is None:
            return False
        refusal = self._refusal()
        if refusal:  # before the documentation question and the dialog, not after them
            msgbox.show_warning(self._widget(), "Status not changed", refusal)
            return False
        try:
            case = billing.repository.get_case(case_id).case  # its checklist holds the ticks
            self._sent_anyway = ""
            if status == "submitted" and not self._documented(case_id, case):
                return False
            operator = self._operator_source()

            def save(typed: StatusEvent) -> int:
                # what was asked (the documentation, the code's fit) was asked of this code and
                # tooth: re-coded at another PC meanwhile, the click sent D3310 for a molar
                # unasked (two-PC walk); so it is asked again, from the start
                now = billing.repository.get_case(case_id).case
                if (now.procedure.code, now.procedure.tooth) != opened:
                    raise StatusError(recoded_meanwhile(case_id, now, self._model.notation()))
                return billing.advance(case_id, typed, operator=operator)

            opened = (case.procedure.code, case.procedure.tooth)
            event = status_dialog.ask_status_event(
                self._widget(), case, status, today=self.today(), notation=self._model.notation(),
                save=save,
                categorize=self._categorizer(case) if status == "denied" else None,
            )  # fmt: skip
            if event is None:
                return False
            if self._sent_anyway:
                billing.repository.record_event(
                    case_id, operator=operator, action="submit-anyway", detail=self._sent_anyway
                )
        except (UserFacingError, ValueError) as exc:
            msgbox.show_warning(self._widget(), "Status not changed", str(exc))
            return False
        self.refresh(hold=True)  # the row stays where the clerk will double-click it next
        self.select_case(case_id)
        # the status bar says it was done (it went on saying "Case 1 created": walkthrough)
        last = case.status_history[-1] if case.status_history else None
        self.statusMessage.emit(status_said(case_id, status, last))
        return True

    def take_back_status(self, case_id: int) -> bool:
        """Ask, then take back the claim's last status change (audited); False when not."""
        from cdt_desktop.domain.cases.status import STATUS_WORDS, current_status, take_back
        from cdt_desktop.ui.cases.status_dialog import whose_claim

        billing = self.billing()
        if billing is None:
            return False
        refusal = self._refusal()
        if refusal:
            msgbox.show_warning(self._widget(), "Status not changed", refusal)
            return False
        try:
            stored = billing.repository.get_case(case_id)
            before, last = take_back(stored.case.status_history)
            if not msgbox.ask_yes_no(
                self._widget(), "Take back the last status change", take_back_question(
                    whose_claim(stored.case, self._model.notation()), last,
                    STATUS_WORDS[current_status(before)],
                ),
            ):  # fmt: skip
                return False
            billing.take_back(
                case_id, operator=self._operator_source(), expected_version=stored.version
            )
        except (UserFacingError, ValueError) as exc:
            msgbox.show_warning(self._widget(), "Status not changed", str(exc))
            return False
        self.refresh(hold=True)
        self.select_case(case_id)
        self.statusMessage.emit(
            taken_back_said(case_id, last, STATUS_WORDS[current_status(before)])
        )
        return True

    def _categorizer(self, case: Case) -> Callable[[str], str] | None:
        """How the denial dialog reads a typed reason: as the appeal letter will (the library's
        templates and the code's common denials); None without a library."""
        from cdt_desktop.domain.appeal.argument import category_read

        templates_of = getattr(self._library, "denial_templates", None)
        if not callable(templates_of):
            return None
        templates = templates_of()
        entry = self._library.get(case.procedure.code) if self._library else None
        return lambda reason: category_read(reason, entry, templates)

    def _refusal(self) -> str:
        """Why the signed-in user may not change a claim's status ("" when they may)."""
        if self._service is None:
            return ""
        try:
            self._service.require("set-status")
        except UserFacingError as exc:
            return str(exc)
        return ""

    def _deleted_by_the_yearly_change(self, case_id: int, case: Case) -> list[str]:
        """The list's note for the case's code when the newest imported edition deleted it and
        the date of service falls in that edition (office walkthrough: a D3348 treated after
        CDT 2027 deleted it went out without a word; the list said "(deleted)")."""
        from cdt_desktop.domain.appeal.code_fit import deleted_by_the_yearly_change

        code = case.procedure.code.strip().upper()
        note = self._model.case_note(case_id, case, "draft")
        return deleted_by_the_yearly_change(code, note, " before it is sent")

    def _documented(self, case_id: int, case: Case) -> bool:
        """Before a claim is sent: the code's required documentation not recorded yet is named
        and the clerk decides (No, the default, keeps the case as it is)."""
        from cdt_desktop.domain.appeal.answered import film_questions
        from cdt_desktop.domain.appeal.check import no_payer, submission_gaps
        from cdt_desktop.domain.appeal.code_fit import BEFORE_CLAIM, deleted_code, wrong_tooth

        entry = self._library.get(case.procedure.code) if self._library else None
        films: list[tuple[str, str]] = []
        if self._service is not None:  # a dated pre-op image on the case is the pre-op film
            with suppress(UserFacingError):
                films = self._service.film_dates(case_id)
        gaps = submission_gaps(case, entry, films)
        # D3354, D3310 on a molar: refused whatever is documented, so named first
        deleted = deleted_code(entry, BEFORE_CLAIM)
        if not deleted:  # deleted by the practice's newest CDT edition, for this date of service
            deleted = self._deleted_by_the_yearly_change(case_id, case)
        wrong = wrong_tooth(case)
        misfits = film_questions(case, films)  # as To submit says them
        series = (  # an interim visit dated before its initial one
            self._service.series_out_of_order(case_id, case) if self._service else []
        )
        payer = no_payer(case)  # as the To submit view counts it: "No payer", not ready
        if not (gaps or deleted or wrong or payer or misfits or series):
            return True
        listed = "\n".join(f"• {text}" for text in gaps)
        n = len(gaps)
        missing = (
            f"{n} required item{'s' if n != 1 else ''} for {case.procedure.code}"
            f" {'are' if n != 1 else 'is'} not recorded:\n{listed}"
        )
        said = [*deleted, *wrong, *([missing] if gaps else []), *payer, *misfits, *series]
        titles = ((deleted, "Deleted code"), (wrong, "Code does not fit the tooth"),
                  (gaps, "Required documentation missing"), (payer, "No payer"),
                  (misfits, "Check the radiographs"), (series, "Check the dates of service"))  # fmt: skip
        title = next(words for found, words in titles if found)
        deny = "sent without them" if gaps and len(said) == 1 else "sent like this"
        anyway = msgbox.ask_yes_no(
            self._widget(),
            title,
            f"Case {case_id}: "
            + "\n\n".join(said)
            + f"\n\nPayers often deny a claim {deny}. Mark it as submitted anyway?",
        )
        # what the clerk chose to send it despite, for the audit log (its headings only: the
        # texts name films by their captions; the dentist's override was logged, hers not)
        self._sent_anyway = "; ".join(words for found, words in titles if found) if anyway else ""
        return anyway


def recoded_meanwhile(case_id: int, now: Case, notation: str) -> str:
    """What a status dialog says when its case's code or tooth changed at another workstation
    since it opened."""
    from cdt_desktop.domain.cross_notation import tooth_shown

    proc = now.procedure
    tooth = tooth_shown(proc.tooth, proc.notation, notation)
    which = " ".join(p for p in (tooth, proc.code) if p) or "another code"
    return (
        f"case {case_id} was changed at another workstation since this opened: it is now "
        f"{which}. Close this and mark it again, so that what it needs is checked for it"
    )


def status_action_words(status: str, last: StatusEvent | None) -> str:
    """The status menu's entry for ``status`` after the claim's ``last`` change: "Mark as
    &denied…"; after a denial, sending it again is a corrected claim (walkthrough: "Mark as
    submitted" on a denied claim read as a slip)."""
    from cdt_desktop.domain.cases.status import STATUS_WORDS  # the case model: not at start

    if status == "submitted" and last is not None and last.status == "denied":
        return "Mark as re&submitted (corrected claim)…"
    return f"Mark as &{STATUS_WORDS[status].lower()}…"


def status_said(case_id: int, status: str, last: StatusEvent | None) -> str:
    """The status bar's line once a claim was marked ``status`` after its ``last`` change, in
    the status dialog's words ("Mark as denied"), as the letter's "marked as appealed" is."""
    from cdt_desktop.domain.cases.status import STATUS_WORDS  # the case model: not at start

    if status == "submitted" and last is not None and last.status == "denied":
        words = "resubmitted (corrected claim)"
    else:
        words = STATUS_WORDS.get(status, status).lower()
    return f"Case {case_id}: claim marked as {words}"


def taken_back_said(case_id: int, last: StatusEvent, back_to: str) -> str:
    """The status bar's line once the claim's ``last`` change was taken back."""
    from cdt_desktop.domain.cases.status import change_words

    return (
        f"Case {case_id}: \u201c{change_words(last)}\u201d taken back; the claim is {back_to} again"
    )


def take_back_question(whose: str, last: StatusEvent, back_to: str) -> str:
    """What the clerk is asked before a status change is taken back: which claim, which change,
    where the claim goes back to, and what stays."""
    from cdt_desktop.domain.cases.status import change_words

    return (
        f"{whose}\n\nTake back \u201c{change_words(last)}\u201d? The claim goes back to "
        f"{back_to}.\n\nFor a status marked by mistake. A decision the payer made stays and "
        "the next one follows it (a denial overturned on appeal is marked Paid).\n\n"
        "The audit trail keeps the change and its taking back. What the change wrote onto the "
        "claim (the claim number, the denial reason) stays: Edit case changes it."
        + _figures_leave(last)
    )


def _figures_leave(last: StatusEvent) -> str:
    """What leaves the claim with the change: its amount paid and EOB reference, kept in the
    audit trail (the question said nothing of them, and a clerk lost them: walkthrough)."""
    figures = [
        words
        for words, value in (
            ("the amount paid", last.amount),
            ("the EOB reference", last.eob_reference),
        )
        if value
    ]
    if not figures:
        return ""
    named = " and ".join(figures)
    from cdt_desktop.domain.cases.status import eob_words, paid_words

    values = ", ".join(v for v in (paid_words(last), eob_words(last.eob_reference)) if v)
    leave, them = ("leave", "them") if len(figures) > 1 else ("leaves", "it")
    return (
        f"\n\n{named[0].upper()}{named[1:]} ({values}) {leave} the claim with it; the audit "
        f"trail keeps {them}."
    )
