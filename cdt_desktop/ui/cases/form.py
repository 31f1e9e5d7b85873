"""The dialog that creates or edits a case: every field of the case file, validated as a whole.

Why it validates with `validate_case_dict` (the same function the import uses) and shows every
problem next to its field at once: billing staff fill this in from a denial letter, often many
fields at a time, and one round of corrections beats a dialog per mistake. Nothing is saved
until the whole case is valid. Names and notes are plain text in any script; US dates typed as
MM/DD/YYYY are turned into the case file's YYYY-MM-DD as soon as the field is left.

At the chair: a complete case needs the patient's name and a code (or the explicit "Keep as
incomplete draft" button); a risky code is confirmed by name (``services.code_risk``); Enter
moves to the next field instead of saving the whole form (Ctrl+S or Ctrl+Enter saves from any
field); Escape asks before throwing edits away; drop-downs ignore the wheel unless focused.

Around this dialog: ``form_editors.py`` builds the editors (and shows the fields the role may not
change as read-only), ``form_buttons.py`` the buttons and their keys; ``form_fields.py`` holds the
table of fields and finds the problems of what is typed, ``form_problems.py`` shows them beside
their fields; ``form_suggest.py`` offers the chart's pulp status for a blank pulpal diagnosis;
``form_recovery.py`` keeps the draft on disk, ``form_rebase.py`` merges a case saved
elsewhere meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.appeal.profiles import kept_profile_id
from cdt_desktop.domain.cases.case_json import Problem
from cdt_desktop.domain.cases.model import Case, validate_case_dict
from cdt_desktop.domain.cases.ports import StoreConflictError, StoreUnavailableError
from cdt_desktop.domain.cross_notation import in_notation
from cdt_desktop.services.cases import CaseService, IncompleteCaseError, required_problems
from cdt_desktop.services.code_risk import CodeRisk, ConfirmationNeededError
from cdt_desktop.ui.cases.confirm import confirm_risk
from cdt_desktop.ui.cases.form_buttons import form_buttons
from cdt_desktop.ui.cases.form_editors import (
    ROLE_MAY_NOT,
    STORE_READ_ONLY,
    Editor,
    FormFields,
    editor_value,
)
from cdt_desktop.ui.cases.form_fields import (
    GROUP_TITLES,
    SECTIONS,
    normalized,
    typed_problems,
)
from cdt_desktop.ui.cases.form_payer import note_payer_profile
from cdt_desktop.ui.cases.form_problems import ProblemSummary
from cdt_desktop.ui.cases.form_recovery import FormDraft, owner_for
from cdt_desktop.ui.cases.form_scroll import FieldScroller
from cdt_desktop.ui.cases.form_suggest import offer_chart_diagnosis
from cdt_desktop.ui.common import combos, msgbox
from cdt_desktop.ui.common.focus_frame import move_on, show_focus
from cdt_desktop.ui.common.metrics import follow_window_targets
from cdt_desktop.ui.common.read_only import show_read_only

NO_OPERATOR_TEXT = "Choose your initials in the Operator box on the toolbar first."
STORED_PROBLEMS_TEXT = "Saved earlier with something Save now refuses; please correct it:"
STORE_BACK_TEXT = (
    "The case store is reachable again: Save saves the case now (nothing typed was lost)."
)


class CaseForm(QDialog):
    """Create (no `case_id`) or edit a case; `saved_case_id` is set after a successful save."""

    def __init__(
        self,
        service: CaseService,
        *,
        case: Case | None = None,
        case_id: int | None = None,
        version: int | None = None,
        operator_source: Callable[[], str] = lambda: "",
        hint: str = "",
        parent: QWidget | None = None,
        drafts: Path | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("caseForm")
        title = "New case" if case_id is None else "Edit case"
        if service.read_only and case_id is not None:  # shown, not edited
            title = f"Case {case_id} (read-only)"
        self.setWindowTitle(title)
        self.setAccessibleName(self.windowTitle())
        self._service = service
        self._initial = case or Case()
        self._initial_kept: set[Problem] | None = None
        self._case_id = case_id
        self._version = version
        self._operator_source = operator_source
        self.saved_case_id: int | None = None
        self._unreachable = False  # the last Save could not reach the case store
        fields = self._fields = FormFields()  # built from the table: form_editors.py
        self._editors = fields.editors
        self._problems = ProblemSummary(fields, self)  # form_problems.py
        self._problems.set_recheck(self._problems_now)
        self._hint = QLabel(hint, self)
        self._hint.setObjectName("caseFormHint")
        self._hint.setAccessibleName("What the chart is missing")
        self._hint.setTextFormat(Qt.TextFormat.PlainText)
        self._hint.setWordWrap(True)
        self._hint.setVisible(bool(hint))

        scroll = self._scroll = self._build_fields(fields)
        buttons = form_buttons(self, save_incomplete=self.save_incomplete)  # form_buttons.py
        self._save_button, self._draft_button = buttons.save, buttons.draft
        new = case_id is None  # the fields the role may not change are shown, not editable
        if service.read_only:  # all of them: nothing typed could be saved (it looked editable)
            fields.limit_to(lambda _name: False, STORE_READ_ONLY)
            show_read_only(self._enclosures, STORE_READ_ONLY)
        else:
            fields.limit_to(lambda name: service.may_edit(name, new=new))
            if not service.may_edit("enclosures", new=new):  # claim data: an assistant's
                show_read_only(self._enclosures, ROLE_MAY_NOT)  # line refused the whole Save
        fields.follow_tooth()  # the successor question only for a primary tooth
        if case_id is None and hint:  # the chart's words follow the answers given here
            fields.follow_findings(self._findings_changed)
        # a blank pulpal diagnosis offers the chart's pulp status, never saves it (form_suggest)
        self._diagnosis_offer = offer_chart_diagnosis(fields)
        # the payer profile the letters follow for the payer's name as typed (form_payer)
        profiles = getattr(service.library, "payer_profiles", None)
        self._payer_note = note_payer_profile(
            fields, profiles if callable(profiles) else None, self._initial.payer.profile_id
        )
        # a claim that went out is no draft: the button saved it as Save does, under a label
        # that told the billing clerk otherwise (keyboard walkthrough, an appealed claim)
        # and a complete saved case is none either: what the button would do there was
        # unclear (hostile-user walkthrough); a new case or a saved incomplete one keeps it
        started = self._initial.patient.name.strip() and self._initial.procedure.code.strip()
        complete_saved = case_id is not None and bool(started)
        self._draft_button.setVisible(not self._initial.status_history and not complete_saved)
        if service.read_only:
            self._save_button.setEnabled(False)
            self._draft_button.setEnabled(False)
            cancel = buttons.box.button(QDialogButtonBox.StandardButton.Cancel)
            cancel.setText("Close")  # nothing typed to cancel: the form only shows the case
            # a notice, not a problem to fix ("Please fix 1 problem:" over it read as one)
            self._show_problems(
                [], heading="The case store is open read-only, so nothing can be saved."
            )
        elif case_id is not None:  # what an earlier version stored and Save now refuses (a
            # symbol in a claim number), named when the form opens, not after the typing
            self._show_stored_problems()

        layout = QVBoxLayout(self)
        layout.addWidget(self._hint)
        layout.addWidget(self._problems)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons.box)
        combos.guard_all(self)
        self._start = self.case_dict()
        self._draft: FormDraft | None = None
        if drafts is not None:  # what is typed outlives a crash (form_recovery.py)
            self._draft = FormDraft(self, drafts, self._draft_owner())
        # as wide as the fields need in the text size shown (View > Zoom at 160 %: at 560 px
        # every field was cut at the right behind a sideways scroll bar), else 560
        inner = scroll.widget()
        needed = (inner.sizeHint().width() if inner is not None else 0) + 48  # bar, margins
        self.resize(max(560, needed), 680)
        screen = self.screen()
        if screen is not None:  # a 768 px screen with a taskbar: the buttons stay on screen
            self.resize(self.size().boundedTo(screen.availableGeometry().size() * 0.95))
        follow_window_targets(self)  # View > Large targets: the window's size

    # -- the draft on disk (form_recovery.py) -------------------------------------------------
    def offer_draft(self) -> bool:
        """Ask to put back what was typed here before the app ended without saving it; True
        when the fields were put back."""
        return self._draft is not None and self._draft.offer()

    def keeps_draft(self) -> bool:
        """Whether what is typed here is kept for its typist until Save or Cancel (the lock
        says so when another user takes the window over)."""
        return self._draft is not None

    def _draft_owner(self) -> str:
        """Whose typing the draft keeps: the signed-in user's, else the operator's initials."""
        return owner_for(self._service.auth, self._operator_source())

    def _drop_draft(self) -> None:
        if self._draft is not None:
            self._draft.drop()

    def _findings_changed(self) -> None:
        from cdt_desktop.ui.cases.prefill import findings_hint

        try:
            case = Case.from_dict(self.case_dict())
        except (ValueError, TypeError, KeyError):  # a value Save will name
            return
        text = findings_hint(case)
        if self._hint.isVisible():  # a shorter text keeps the height: nothing moves up
            self._hint.setMinimumHeight(self._hint.height())
        self._hint.setText(text)
        self._hint.setVisible(bool(text))

    # -- building ---------------------------------------------------------------------------
    def _build_fields(self, fields: FormFields) -> QScrollArea:
        """Every section's editors (``form_editors.py``) and the enclosures, in a scroll area."""
        body = QWidget()
        column = QVBoxLayout(body)
        for section, title, rows in SECTIONS:
            values = getattr(self._initial, section)
            edited = self._problems.field_edited
            column.addWidget(fields.group(section, title, rows, values, body, edited))
        self._enclosures = show_focus(QPlainTextEdit(body))
        self._enclosures.setObjectName("field_enclosures")
        self._enclosures.setAccessibleName("Enclosures, one per line")
        self._enclosures.setPlaceholderText("One per line, e.g. Pre-op radiograph")
        self._enclosures.setPlainText("\n".join(self._initial.enclosures))
        self._enclosures.setFixedHeight(72)
        self._enclosures.setTabChangesFocus(True)  # Tab leaves it, as every field of the form
        box = QGroupBox(GROUP_TITLES["enclosures"], body)  # Alt+E: the field
        QVBoxLayout(box).addWidget(self._enclosures)
        column.addWidget(box)
        scroll = QScrollArea(self)
        scroll.setAccessibleName("Case fields")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard starts in the name (tour7)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self._scroller = FieldScroller(scroll, self)  # the focused field kept in view
        return scroll

    # -- values -----------------------------------------------------------------------------
    def editor(self, section: str, key: str) -> Editor:
        return self._editors[(section, key)]

    def error_text(self, section: str, key: str) -> str:
        """The problem shown under one field ("" when none, or once it was changed)."""
        return self._problems.problem_text((section, key))

    def case_dict(self) -> dict[str, Any]:
        """The case file dict of what is typed (dates normalised; ticks kept from the case).

        Starts from the case being edited, so what this form has no editor for (the clinical
        facts, the status history, a payer profile id) is kept, not dropped on save.
        """
        data: dict[str, Any] = self._initial.to_dict()
        for (section, key), editor in self._editors.items():
            value = editor_value(editor)
            data[section][key] = normalized((section, key), value)
        data["procedure"]["code"] = data["procedure"]["code"].upper()
        # another payer typed: the letters follow the profile its name picks, not the old one's
        saved = self._initial.payer
        data["payer"]["profile_id"] = kept_profile_id(
            saved.profile_id, saved.name, str(data["payer"]["name"])
        )
        data["checklist"] = dict(self._initial.checklist)
        lines = self._enclosures.toPlainText().splitlines()
        data["enclosures"] = [line.strip() for line in lines if line.strip()]
        return data

    def _problems_now(self) -> list[str]:
        """What Save would find in the fields (the summary checks its lines against it)."""
        return [*self._required(), *self.problems()]

    def problems(self) -> list[Problem]:
        """Every problem of what is typed (``form_fields.typed_problems``)."""
        return typed_problems(self.case_dict(), self._initial.to_dict(), self._kept_as_stored())

    def _kept_as_stored(self) -> set[Problem]:
        """The problems the case's status history already had: the form keeps the history as
        stored (it has no editor for it), so they are not this save's to fix and nothing in the
        form could fix them. (An earlier version stored a status note over 200 characters;
        refusing it here made the case unsaveable on every PC.)"""
        if self._initial_kept is None:
            # and the fields the role may not change, shown as saved: a claim number an
            # earlier version stored with a symbol ("CLM-1234 🦷") stopped an assistant saving
            # the rest of the case, though only billing may type it again
            locked = self._fields.locked()
            self._initial_kept = {
                p
                for p in validate_case_dict(self._initial.to_dict())
                if p.section == "status_history" or (p.section, p.field) in locked
            }
        return self._initial_kept

    def _show_stored_problems(self) -> None:
        """The stored case's problems in fields this user may change: Save would refuse them."""
        stored = self._initial.to_dict()
        problems = typed_problems(stored, stored, self._kept_as_stored())
        if problems:
            self._show_problems(problems, heading=STORED_PROBLEMS_TEXT)

    # -- saving -----------------------------------------------------------------------------
    def accept(self) -> None:
        """Save when valid and complete; otherwise show every problem beside its field."""
        self._save(incomplete=False)

    def save_incomplete(self) -> None:
        """Save without the patient name or code, explicitly (the list marks it Incomplete)."""
        self._save(incomplete=True)

    def _save(self, *, incomplete: bool) -> None:
        if self.saved_case_id is not None:  # a second Save or Enter never saves twice
            return
        problems: list[str] = list(self.problems())
        if not incomplete:  # shown with the others: one round of corrections
            problems = self._required() + problems
        operator = (self._operator_source() or "").strip()
        if not operator:
            problems = [*problems, NO_OPERATOR_TEXT]
        self._show_problems(problems)
        if problems:
            return
        data = self.case_dict()
        del data["status_history"]  # kept as stored, below: the form has no editor for it
        case = replace(
            Case.from_dict(data),
            checklist=dict(self._initial.checklist),
            status_history=self._initial.status_history,
        )
        confirmed: CodeRisk | None = None
        while True:
            try:
                self.saved_case_id = self._write(case, operator, incomplete, confirmed)
                self._drop_draft()
                break
            except ConfirmationNeededError as exc:
                notation = case.procedure.notation  # the form writes the tooth this way
                if not confirm_risk(self, exc.risk, notation):
                    reason = in_notation(exc.risk.reason, notation)
                    # beside the field the question was about (a tooth's was under CDT code)
                    field = "tooth" if exc.risk.kind == "billed-tooth" else "code"
                    self._show_problems([Problem("procedure", field, reason)])
                    return
                confirmed = exc.risk
            except IncompleteCaseError as exc:
                self._show_problems(exc.problems)
                return
            except StoreConflictError as exc:  # saved elsewhere meanwhile: take it, keep ours
                if self._case_id is None or not self._rebase(str(exc)):
                    self._show_problems([str(exc)], heading="Not saved:")
                return
            except UserFacingError as exc:  # the store's (disk full, server down): not a typo
                self._unreachable = isinstance(exc, StoreUnavailableError)
                self._show_problems([str(exc)], heading="Not saved:")
                return
        super().accept()

    def _required(self) -> list[str]:
        data = self.case_dict()
        case = Case()
        case = replace(
            case,
            patient=replace(case.patient, name=str(data["patient"].get("name", ""))),
            procedure=replace(case.procedure, code=str(data["procedure"].get("code", ""))),
        )
        return list(required_problems(case))

    def _write(
        self, case: Case, operator: str, incomplete: bool, confirmed: CodeRisk | None
    ) -> int:
        if self._case_id is None:
            return self._service.create(
                case, operator=operator, incomplete=incomplete, confirmed=confirmed
            )
        self._service.edit(self._case_id, case, operator=operator,
                           expected_version=self._version, incomplete=incomplete,
                           confirmed=confirmed)  # fmt: skip
        return self._case_id

    def _rebase(self, refusal: str) -> bool:
        """The newer version in the form with this form's own changes on top (form_rebase)."""
        from cdt_desktop.ui.cases import form_rebase

        return form_rebase.rebase(self, refusal)

    def is_dirty(self) -> bool:
        return self.case_dict() != self._start

    def reject(self) -> None:
        """Escape or Cancel: edits are thrown away only after a question."""
        if (
            self.saved_case_id is None
            and self.is_dirty()
            and not msgbox.ask_yes_no(
                self, "Discard changes?", "Close the form and lose what was typed in it?"
            )
        ):
            return
        self._drop_draft()
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        """The button box makes Save the default button as it is shown (Fusion then frames it
        in the highlight colour for good, the frame a focused button gets): Save stays an
        ordinary button, so Enter's moving on is not contradicted and its focus shows."""
        super().showEvent(event)
        self._save_button.setDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves to the next field (it never saves the whole form by accident); on a
        focused button it presses that button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            else:
                move_on(self)
                self._scroller.show_focused()
            return
        super().keyPressEvent(event)

    def store_reachable(self) -> None:
        """The case store answers again (the window hears it): after a Save that could not
        reach it, the summary says Save works now; it went on saying "cannot be reached"."""
        if self._unreachable:
            self._unreachable = False
            self._show_problems([], heading=STORE_BACK_TEXT)

    def _show_problems(self, problems: Sequence[str], heading: str = "") -> None:
        """Each `Problem` beside its field's editor, all in the summary (form_problems)."""
        self._problems.show_problems(problems, heading)


def edit_case(
    parent: QWidget | None,
    service: CaseService,
    *,
    case: Case | None = None,
    case_id: int | None = None,
    version: int | None = None,
    operator_source: Callable[[], str] = lambda: "",
    hint: str = "",
    drafts: Path | None = None,
) -> int | None:
    """Run the dialog modally; the saved case's id, or None when cancelled. ``drafts``: the
    folder where what is typed is kept until it is saved (form_recovery.py)."""
    form = CaseForm(
        service,
        case=case,
        case_id=case_id,
        version=version,
        operator_source=operator_source,
        hint=hint,
        parent=parent,
        drafts=drafts,
    )
    form.offer_draft()
    try:
        accepted = form.exec() == QDialog.DialogCode.Accepted
        return form.saved_case_id if accepted else None
    finally:  # (parented to the window, every form closed stayed, its focus hook too: review)
        form.deleteLater()
