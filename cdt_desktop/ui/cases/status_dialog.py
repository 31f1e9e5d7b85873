"""The dialog that moves a claim to its next status, asking only what that status needs.

Submitted: the date sent and the claim number; denied: the EOB's date, reference, the denial
reason as the EOB words it and its category (recognised from the wording, changeable); appealed:
the date mailed and the level (1, or 2 after a level 1); paid / closed: the date. A change the
workflow does not allow is explained in the dialog, which stays open.

The boxes themselves (which a status asks for, their labels, the category guessed, the change
as typed): ``status_fields.py``. This module is the dialog around them: whose claim and its
history, the checks before a change is saved, the problem line, Enter, Ctrl+Enter and Escape.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.text import capitalized
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import (
    STATUS_WORDS,
    StatusError,
    StatusEvent,
    event_bounds,
    event_problems,
    history_words,
    payment_problem,
    service_problems,
)
from cdt_desktop.domain.cross_notation import tooth_shown
from cdt_desktop.ui.cases.status_fields import StatusFields
from cdt_desktop.ui.common.fitted_label import FittedLabel
from cdt_desktop.ui.common.focus_frame import move_on
from cdt_desktop.ui.common.metrics import fit_title, follow_window_targets, size_target

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QShowEvent


class StatusDialog(QDialog):
    """Ask for the details of one status change; `event()` is the result once accepted."""

    def __init__(
        self,
        case: Case,
        status: str,
        *,
        today: date,
        parent: QWidget | None = None,
        notation: str = "",
        save: Callable[[StatusEvent], object] | None = None,
        categorize: Callable[[str], str] | None = None,
    ) -> None:
        """``categorize``: the denial category a typed denial reason reads as, with the
        reference library's templates (``argument.category_read``); none: nothing is guessed."""
        super().__init__(parent)
        self.setObjectName("statusDialog")
        self._save = save  # records the change; a refusal keeps the dialog and what is typed
        self.setWindowTitle(f"Mark as {STATUS_WORDS.get(status, status).lower()}")
        fit_title(self)
        self._case = case
        # whose claim: the row the menu was opened on need not be the open case (tour9)
        # wrapped; a claim number or name too long for the dialog is elided in its middle
        self.whose = FittedLabel(whose_claim(case, notation), self)
        self.whose.setObjectName("statusCase")
        # the changes so far, with their figures: the window showed the history nowhere
        so_far = history_words(case.status_history, case.claim.billed_amount)
        if len(so_far) > 8:  # up to 20 changes: the dialog stays on a 768 px screen
            so_far = [f"… {len(so_far) - 7} earlier changes", *so_far[-7:]]
        self.history = QLabel("\n".join(so_far), self)
        self.history.setObjectName("statusHistory")
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setWordWrap(True)
        self.history.setAccessibleName("Status so far")
        self.history.setVisible(bool(case.status_history))
        # the boxes this status asks for, in their form (status_fields.py)
        fields = self.fields = StatusFields(self, case, status, today=today, categorize=categorize)
        self.date_edit, self.claim_number = fields.date_edit, fields.claim_number
        self.eob, self.amount, self.reason = fields.eob, fields.amount, fields.reason
        self.category, self.level, self.note = fields.category, fields.level, fields.note
        self.problem = QLabel(self)
        self.problem.setObjectName("statusProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            f"&Mark as {STATUS_WORDS.get(status, status).lower()}"  # Alt+M, as the menu's item
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._mark = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # Enter moves on here, so the keys that mark are said where the clerk looks for them
        self._mark.setToolTip("Alt+M, or Ctrl+Enter from any field")
        self._mark.setAccessibleDescription(self._mark.toolTip())
        self._unreachable = False  # the last mark could not reach the case store
        self._overpaid = ""  # a payment over the billed amount, said once (then kept)
        for button in buttons.buttons():  # Enter moves on, as in the case form; only a
            if isinstance(button, QPushButton):  # focused button (or Alt+M) marks the claim
                button.setAutoDefault(False)
                button.setDefault(False)
        mark_anywhere = QAction(self)  # Ctrl+Enter marks from any field, as Save in the form
        mark_anywhere.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        mark_anywhere.triggered.connect(self.accept)
        self.addAction(mark_anywhere)
        for box in (
            self.date_edit,
            self.date_edit.button,
            self.claim_number,
            self.eob,
            self.amount,
            self.category,
            self.level,
            self.note,
            *buttons.buttons(),
        ):
            size_target(box)  # the window's 32 px touch target
        layout = QVBoxLayout(self)
        layout.addWidget(self.whose)
        layout.addWidget(self.history)
        layout.addLayout(fields.form)
        # a one-line problem takes room kept for it: the buttons moved down a line under the
        # pointer as it came (walkthrough 43: Mark as appealed, level 2 before a level 1)
        room = QWidget(self)
        room.setObjectName("statusProblemRoom")
        room.setMinimumHeight(self.problem.fontMetrics().lineSpacing())
        kept = QVBoxLayout(room)
        kept.setContentsMargins(0, 0, 0, 0)
        kept.addWidget(self.problem)
        layout.addWidget(room)
        # the room a problem line leaves as it goes stays under it: the dialog keeps its grown
        # height and spread that room over its rows, so every field moved down under the
        # pointer and a note went into the date field (walkthrough)
        layout.addStretch(1)
        layout.addWidget(buttons)
        follow_window_targets(self)  # View > Large targets: the window's size
        # a message about what was typed goes once it is typed again (it went on saying "(it
        # has 5000)" after the reason was shortened, until the next try: billing walkthrough)
        for line in (self.claim_number, self.eob, self.amount, self.note):
            line.textEdited.connect(self._typed_again)
        self.date_edit.textChanged.connect(self._typed_again)  # typed or picked (Calendar...)
        self.reason.textChanged.connect(self._typed_again)

    def event_value(self) -> StatusEvent:
        """The status change as typed."""
        return self.fields.event_value()

    def showEvent(self, event: QShowEvent) -> None:
        """The button box makes its Ok the default as it is shown: it stays an ordinary button,
        so Enter in a field moves on (a date and Enter had marked a claim denied with no
        reason: keyboard walkthrough)."""
        super().showEvent(event)
        self._mark.setDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves to the next field (never marks the claim by accident: the status and
        its date go into the audit log for good); on a focused button it presses it."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            else:
                move_on(self)
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        event = self.event_value()
        # a date as typed is never saved as another; said with the other fields' problems (one
        # at a time, the emoji in the claim number came only after the date was put right)
        wrong_date = self.date_edit.problem()
        problems = [wrong_date] if wrong_date else []
        problems += event_bounds(event)
        dates: list[str] = []  # a real date in the wrong place: the keyboard goes back to it
        if not wrong_date:  # (the order of the claim's dates needs a real date)
            dates += event_problems(self._case.status_history, event)
            dates += service_problems(self._case.claim.date_of_service, event)
        problems += dates
        if event.status == "denied" and not event.reason:  # the letter quotes and answers it
            problems.insert(bool(wrong_date), "type the denial reason as the EOB words it (the appeal "
                               "letter quotes and answers it)")  # fmt: skip
        over = payment_problem(self._case.claim.billed_amount, event, self._case.status_history)
        if over and not problems and self._overpaid != event.amount:  # asked once, then kept
            self._overpaid = event.amount
            words = self._mark.text().replace("&", "")
            self._say(f"{capitalized(over)}. Press {words} again to keep it.")
            return
        if problems:
            said = "; ".join(problems)  # not capitalize(): it lowercased "EOB" and "NPI"
            self._say(capitalized(said) + ".")
            if wrong_date or dates:  # (it stayed in Note after "before the date of service")
                self.date_edit.take_focus()
            return
        if self._save is not None:
            from cdt_desktop.core.errors import UserFacingError
            from cdt_desktop.domain.cases.ports import StoreUnavailableError

            try:  # the store may refuse (offline, or another clerk changed the status): the
                self._save(event)  # dialog stays, with what was typed (office walkthrough:
            except (UserFacingError, ValueError) as exc:  # a claim number typed was lost)
                self._unreachable = isinstance(exc, StoreUnavailableError)
                self._say(f"Not saved: {exc}")
                return
        super().accept()

    def store_reachable(self) -> None:
        """The case store answers again (the window hears it): after a mark that could not
        reach it, the dialog says the button works now; it went on saying "cannot be reached"
        (walkthrough on a shared store)."""
        if self._unreachable and self.problem.isVisible():
            self._unreachable = False
            words = self._mark.text().replace("&", "")
            self._say(f"The case store is reachable again: {words} saves it now (nothing typed "
                      "was lost).")  # fmt: skip

    def _typed_again(self, *_args: object) -> None:
        self.problem.setVisible(False)

    def _say(self, text: str) -> None:
        """Show what is wrong under the fields, the dialog made tall enough for it: it kept its
        size, and the message squeezed the date field and its Calendar button to half their
        height (billing walkthrough, at 125 % in dark colours)."""
        self.problem.setText(text)
        self.problem.setVisible(True)
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = self.width()
        needed = (
            layout.totalHeightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(width, needed)

    def reject(self) -> None:
        """Escape or Cancel: what was typed (the EOB's wording, a note) goes only after a
        question (tour9: an Escape lost a denial reason typed from the EOB)."""
        from cdt_desktop.ui.common import msgbox

        if self.fields.typed() and not msgbox.ask_yes_no(
            self,
            "Discard what you typed?",
            "Close without marking the claim and lose what was typed here?",
        ):
            return
        super().reject()


def whose_claim(case: Case, notation: str = "") -> str:
    """ "Claim CLM-1032 · Sara Cohen · #5 D3320": the claim (its number, once it has one),
    patient, tooth (in this PC's ``notation``: "FDI 14" at an FDI PC) and code the change is
    for."""
    from cdt_desktop.core.text import isolate

    proc = case.procedure
    tooth = tooth_shown(proc.tooth, proc.notation, notation)
    parts = [
        f"Claim {case.claim.number.strip()}" if case.claim.number.strip() else "",
        isolate(case.patient.name.strip()) or "(no patient name yet)",
        " ".join(p for p in (tooth, proc.code) if p),
    ]
    return " · ".join(p for p in parts if p)


def ask_status_event(
    parent: QWidget | None,
    case: Case,
    status: str,
    *,
    today: date,
    notation: str = "",
    save: Callable[[StatusEvent], object] | None = None,
    categorize: Callable[[str], str] | None = None,
) -> StatusEvent | None:
    """Run the dialog modally (module-level so tests can replace it); None when cancelled.
    ``notation``: this PC's tooth numbering, in which the dialog names the case's tooth;
    ``save``: records the change before the dialog closes (a refusal is said in it)."""
    dialog = StatusDialog(
        case, status, today=today, parent=parent, notation=notation, save=save,
        categorize=categorize,
    )  # fmt: skip
    return dialog.event_value() if dialog.exec() == QDialog.DialogCode.Accepted else None


__all__ = ["StatusDialog", "StatusError", "ask_status_event"]
