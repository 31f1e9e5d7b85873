"""The boxes of the claim-status dialog: what each status asks for, and the change as typed.

Submitted asks for the claim number; denied for the EOB's reference, the denial reason as the
EOB words it and its category (guessed from the wording until the clerk chooses one); appealed
for the level; paid for the EOB's reference and the amount; every status for its date and a
note. ``StatusFields`` makes every box, lays out in its form the ones this status asks for
(hiding the others), and reads them back as a ``StatusEvent``.

Why apart from ``StatusDialog`` (status_dialog.py): which boxes a status has, their labels and
what they read change with the claim workflow's data; the dialog around them (whose claim, the
history, the checks before a change is saved, the problem line, Enter and Escape) changes for
its own reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.status import (
    DENIAL_CATEGORIES,
    StatusEvent,
    amount_value,
    paid_so_far,
)
from cdt_desktop.ui.common.date_field import DateField
from cdt_desktop.ui.common.focus_frame import show_focus
from cdt_desktop.ui.common.metrics import TARGET


class StatusFields:
    """The status dialog's boxes, parented to it, and their form (``form``) for its layout."""

    def __init__(
        self,
        parent: QWidget,
        case: Case,
        status: str,
        *,
        today: date,
        categorize: Callable[[str], str] | None = None,
    ) -> None:
        self._case, self._status = case, status
        self._categorize = categorize
        self._chosen = False  # the clerk chose the denial category herself: no more guessing
        self.form = QFormLayout()
        # Typed (YYYY-MM-DD or MM/DD/YYYY) or picked: Qt's date box changed an impossible typed
        # date into another one (2026-02-31 saved as 2026-02-03); this one refuses it, as typed.
        # Every status records something that has happened: a denial dated next week would put
        # the appeal deadline a week late and a future date on the letter (the calendar greys
        # out the days after today; a typed one is refused).
        self.date_edit = DateField(today, parent, latest=today)
        self._today = today  # a date typed over it is asked about on Escape, as other typing
        self.date_edit.setObjectName("statusDate")
        self.date_edit.setAccessibleName(_date_label(status).replace("&", ""))
        self.date_edit.button.setObjectName("statusDateCalendar")
        _add_row(self.form, _date_label(status), _beside(self.date_edit, self.date_edit.button))
        self._make_fields(parent, case)
        self._ask_for(self.form, status)

    def _make_fields(self, parent: QWidget, case: Case) -> None:
        """Every field a status change may ask for (the claim's number and reason filled in)."""
        self.claim_number = _line(parent, "statusClaimNumber", case.claim.number)
        self.eob = _line(parent, "statusEobReference", "")
        self.amount = _line(parent, "statusAmountPaid", "")
        billed = amount_value(case.claim.billed_amount)
        # the billed amount beside it, to compare with the EOB (walkthrough: the clerk had to
        # open Edit case to see what was billed)
        # a second payment (an appeal answered with more) is this payment alone: the letter
        # adds the payments up (keyboard walk: $150.00 typed after $980.00 read as all paid)
        before = paid_so_far(case.status_history)
        if before is not None:  # the words that matter first: the field is narrow (walk)
            hint = f"this payment alone; ${before:,.2f} paid so far"
        elif billed is not None:
            hint = f"billed ${billed:,.2f}; e.g. 980.00 (optional)"
        else:
            hint = "e.g. 980.00 (optional)"
        self.amount.setPlaceholderText(hint)
        tips = [f"Billed on this claim: ${billed:,.2f}"] if billed is not None else []
        if before is not None:
            tips.append(f"Paid so far: ${before:,.2f}. Type this payment alone, as its EOB says.")
        if tips:
            self.amount.setToolTip("\n".join(tips))
        # a decision on an appeal has its own wording: the claim's first denial was prefilled
        # and selected, and the level-2 letter quoted it (keyboard walkthrough)
        appealed = bool(case.status_history) and case.status_history[-1].status == "appealed"
        self.reason = show_focus(
            QPlainTextEdit("" if appealed else case.claim.denial_reason, parent)
        )
        self.reason.selectAll()  # typing replaces the earlier reason (it went in mid-word)
        self.reason.setObjectName("statusReason")
        self.reason.setFixedHeight(64)
        self.reason.setTabChangesFocus(True)  # Tab goes on to the category, as in every field
        self.category = QComboBox(parent)
        self.category.setObjectName("statusCategory")
        for key, words in DENIAL_CATEGORIES.items():
            self.category.addItem(words, key)
        self.level = QComboBox(parent)
        self.level.setObjectName("statusLevel")
        self.level.addItem("Level 1", "1")
        self.level.addItem("Level 2", "2")
        if any(e.status == "appealed" for e in case.status_history):
            self.level.setCurrentIndex(1)
        self.note = _line(parent, "statusNote", "")

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
            # why the EOB paid less, as it words it: the appeal for the balance quotes and
            # answers it (billing walk: there was no field for it where the payment is marked)
            self.reason.setPlainText("")
            self.reason.setPlaceholderText("optional: why the EOB paid less, as it words it")
            _add_row(form, "&Reason for the reduction", self.reason)
        _add_row(form, "N&ote", self.note)
        for widget in (
            self.claim_number, self.eob, self.amount, self.reason, self.category, self.level,
        ):  # fmt: skip
            if form.indexOf(widget) < 0:  # not asked for this status: never drawn at 0,0
                widget.setVisible(False)

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
            if status in ("denied", "paid")
            else "",
            category=str(self.category.currentData() or "") if status == "denied" else "",
            level=str(self.level.currentData() or "") if status == "appealed" else "",
            note=one_line(self.note.text()),
            amount=self.amount.text().strip() if status == "paid" else "",
        )

    def typed(self) -> bool:
        """Something was typed or chosen that the dialog did not start with (Escape asks)."""
        typed = self.event_value()
        claim = self._case.claim
        return bool(
            self.date_edit.value() != self._today
            or typed.note
            or typed.eob_reference
            or typed.amount
            or (typed.status == "denied" and typed.reason != claim.denial_reason.strip())
            or (typed.status == "paid" and bool(typed.reason))
            or (typed.status == "submitted" and typed.claim_number != claim.number.strip())
        )


def _line(parent: QWidget, name: str, text: str) -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(name)
    return edit


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
