"""The dialog that moves a claim to its next status, asking only what that status needs.

Submitted: the date sent and the claim number; denied: the EOB's date, reference, the denial
reason as the EOB words it and its category (recognised from the wording, changeable); appealed:
the date mailed and the level (1, or 2 after a level 1); paid / closed: the date. A change the
workflow does not allow is explained in the dialog, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.text import capitalized
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import (
    DENIAL_CATEGORIES,
    STATUS_WORDS,
    StatusError,
    StatusEvent,
    amount_value,
    event_bounds,
    event_problems,
    history_words,
    payment_problem,
    service_problems,
)
from cdt_desktop.domain.cross_notation import tooth_shown
from cdt_desktop.ui.common.date_field import DateField
from cdt_desktop.ui.common.fitted_label import FittedLabel
from cdt_desktop.ui.common.focus_frame import move_on, show_focus
from cdt_desktop.ui.common.metrics import (
    TARGET,
    fit_title,
    follow_window_targets,
    size_target,
)

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
        self._categorize = categorize
        self._chosen = False  # the clerk chose the denial category herself: no more guessing
        self.setWindowTitle(f"Mark as {STATUS_WORDS.get(status, status).lower()}")
        fit_title(self)
        self._case, self._status = case, status
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
        form = QFormLayout()
        # Typed (YYYY-MM-DD or MM/DD/YYYY) or picked: Qt's date box changed an impossible typed
        # date into another one (2026-02-31 saved as 2026-02-03); this one refuses it, as typed.
        # Every status records something that has happened: a denial dated next week would put
        # the appeal deadline a week late and a future date on the letter (the calendar greys
        # out the days after today; a typed one is refused).
        self.date_edit = DateField(today, self, latest=today)
        self._today = today  # a date typed over it is asked about on Escape, as other typing
        self.date_edit.setObjectName("statusDate")
        self.date_edit.setAccessibleName(_date_label(status).replace("&", ""))
        self.date_edit.button.setObjectName("statusDateCalendar")
        _add_row(form, _date_label(status), _beside(self.date_edit, self.date_edit.button))
        self._make_fields(case)
        self._ask_for(form, status)
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
        layout.addLayout(form)
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

    def _make_fields(self, case: Case) -> None:
        """Every field a status change may ask for (the claim's number and reason filled in)."""
        self.claim_number = self._line("statusClaimNumber", case.claim.number)
        self.eob = self._line("statusEobReference", "")
        self.amount = self._line("statusAmountPaid", "")
        billed = amount_value(case.claim.billed_amount)
        # the billed amount beside it, to compare with the EOB (walkthrough: the clerk had to
        # open Edit case to see what was billed)
        self.amount.setPlaceholderText(
            f"billed ${billed:,.2f}; e.g. 980.00 (optional)"
            if billed is not None
            else "e.g. 980.00 (optional)"
        )
        if billed is not None:
            self.amount.setToolTip(f"Billed on this claim: ${billed:,.2f}")
        # a decision on an appeal has its own wording: the claim's first denial was prefilled
        # and selected, and the level-2 letter quoted it (keyboard walkthrough)
        appealed = bool(case.status_history) and case.status_history[-1].status == "appealed"
        self.reason = show_focus(QPlainTextEdit("" if appealed else case.claim.denial_reason, self))
        self.reason.selectAll()  # typing replaces the earlier reason (it went in mid-word)
        self.reason.setObjectName("statusReason")
        self.reason.setFixedHeight(64)
        self.reason.setTabChangesFocus(True)  # Tab goes on to the category, as in every field
        self.category = QComboBox(self)
        self.category.setObjectName("statusCategory")
        for key, words in DENIAL_CATEGORIES.items():
            self.category.addItem(words, key)
        self.level = QComboBox(self)
        self.level.setObjectName("statusLevel")
        self.level.addItem("Level 1", "1")
        self.level.addItem("Level 2", "2")
        if any(e.status == "appealed" for e in case.status_history):
            self.level.setCurrentIndex(1)
        self.note = self._line("statusNote", "")

    def _ask_for(self, form: QFormLayout, status: str) -> None:
        """The fields this status asks for, in the form; the others hidden."""
        # Alt+letter reaches each field (keyboard-only billing: Alt+M typed an "m" in the Note)
        if status == "submitted":
            _add_row(form, "Claim &number", self.claim_number)
        elif status == "denied":
            _add_row(form, "&EOB reference", self.eob)
            _add_row(form, "Denial &reason (as the EOB words it)", self.reason)
            _add_row(form, "Denial &category", self.category)
            self._guess_category()
            self.reason.textChanged.connect(self._guess_category)
            self.category.activated.connect(self._category_chosen)
        elif status == "appealed":
            _add_row(form, "Appeal &level", self.level)
        elif status == "paid":  # what was not paid is what an appeal of a paid claim asks for
            _add_row(form, "&EOB reference", self.eob)  # the next letter cites the payment's
            _add_row(form, "&Amount paid", self.amount)
        _add_row(form, "N&ote", self.note)
        for widget in (
            self.claim_number, self.eob, self.amount, self.reason, self.category, self.level,
        ):  # fmt: skip
            if form.indexOf(widget) < 0:  # not asked for this status: never drawn at 0,0
                widget.setVisible(False)

    def _line(self, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        return edit

    def _category_chosen(self, _index: int) -> None:
        """The clerk chose the category: what she types next no longer changes it (a reason
        edited after the choice put the box back to its guess, unseen)."""
        self._chosen = True

    def _guess_category(self) -> None:
        if self._chosen:
            return
        typed = self.reason.toPlainText().strip()
        saved = self._case.claim
        # the category saved with the reason on the case was chosen by someone: kept while the
        # reason is the saved one (it was put back to what the wording reads as); a new reason
        # is read again
        if saved.denial_category and typed in ("", saved.denial_reason.strip()):
            key = saved.denial_category
        else:
            key = self._categorize(typed) if self._categorize is not None else ""
        index = self.category.findData(key or "other")
        if index >= 0:
            self.category.setCurrentIndex(index)

    def event_value(self) -> StatusEvent:
        """The status change as typed."""
        from cdt_desktop.core.text import one_line, reference_text, without_controls

        day = self.date_edit.value()
        status = self._status
        return StatusEvent(
            status=status,
            date=day.isoformat() if day else self.date_edit.text().strip(),
            claim_number=reference_text(self.claim_number.text()) if status == "submitted" else "",
            eob_reference=reference_text(self.eob.text()) if status in ("denied", "paid") else "",
            reason=without_controls(self.reason.toPlainText()).strip()
            if status == "denied"
            else "",
            category=str(self.category.currentData() or "") if status == "denied" else "",
            level=str(self.level.currentData() or "") if status == "appealed" else "",
            note=one_line(self.note.text()),
            amount=self.amount.text().strip() if status == "paid" else "",
        )

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
        if wrong_date := self.date_edit.problem():  # as typed: never saved as another date
            self._say(wrong_date[0].upper() + wrong_date[1:] + ".")
            self.date_edit.take_focus()
            return
        problems = event_bounds(event) + event_problems(self._case.status_history, event)
        if event.status == "denied" and not event.reason:  # the letter quotes and answers it
            problems.insert(0, "type the denial reason as the EOB words it (the appeal "
                               "letter quotes and answers it)")  # fmt: skip
        problems += service_problems(self._case.claim.date_of_service, event)
        over = payment_problem(self._case.claim.billed_amount, event)
        if over and not problems and self._overpaid != event.amount:  # asked once, then kept
            self._overpaid = event.amount
            words = self._mark.text().replace("&", "")
            self._say(f"{capitalized(over)}. Press {words} again to keep it.")
            return
        if problems:
            said = "; ".join(problems)  # not capitalize(): it lowercased "EOB" and "NPI"
            self._say(capitalized(said) + ".")
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

        if self._typed() and not msgbox.ask_yes_no(
            self,
            "Discard what you typed?",
            "Close without marking the claim and lose what was typed here?",
        ):
            return
        super().reject()

    def _typed(self) -> bool:
        typed = self.event_value()
        claim = self._case.claim
        return bool(
            self.date_edit.value() != self._today
            or typed.note
            or typed.eob_reference
            or typed.amount
            or (typed.status == "denied" and typed.reason != claim.denial_reason.strip())
            or (typed.status == "submitted" and typed.claim_number != claim.number.strip())
        )


def _add_row(form: QFormLayout, text: str, field: QWidget) -> None:
    """A row whose label is centred on a touch-sized box (not on the box's top edge)."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setMinimumHeight(TARGET)
    label.setBuddy(field.focusProxy() or field)
    form.addRow(label, field)


def _beside(field: QWidget, button: QWidget) -> QWidget:
    """The date field with its calendar button to its right, as one row of the form."""
    row = QWidget(field.parentWidget())
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    field.setParent(row)
    button.setParent(row)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    row.setFocusProxy(field)  # the row's label (its buddy) and Tab reach the field
    return row


def _date_label(status: str) -> str:
    return {
        "submitted": "&Date sent",
        "denied": "&Date of the denial (EOB)",
        "appealed": "&Date the appeal was sent",
        "paid": "&Date paid",
        "closed": "&Date closed",
    }.get(status, "&Date")


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
