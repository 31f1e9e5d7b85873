"""The dialog that creates or edits a case: every field of the case file, validated as a whole.

Why it validates with `validate_case_dict` (the same function the import uses) and shows every
problem next to its field at once: billing staff fill this in from a denial letter, often many
fields at a time, and one round of corrections beats a dialog per mistake. Nothing is saved
until the whole case is valid. Names and notes are plain text in any script; US dates typed as
MM/DD/YYYY are turned into the case file's YYYY-MM-DD as soon as the field is left.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.cases import model as case_model
from cdt_desktop.domain.cases.model import Case, Problem, validate_case_dict

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository

_Editor = QLineEdit | QComboBox | QPlainTextEdit
_US_DATE_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
DATE_FIELDS = {("patient", "date_of_birth"), ("claim", "date_of_service")}
LABEL_WIDTH = 130  # one label column across all groups
NO_OPERATOR_TEXT = "Choose your initials in the Operator box on the toolbar first."

# (section, key, label, kind); kind: line | date | text | a tuple of choices
SECTIONS: tuple[tuple[str, str, tuple[tuple[str, str, Any], ...]], ...] = (
    ("patient", "Patient", (
        ("name", "Name", "line"),
        ("date_of_birth", "Date of birth", "date"),
        ("chart_number", "Chart number", "line"),
    )),
    ("subscriber", "Subscriber", (
        ("name", "Name", "line"),
        ("member_id", "Member ID", "line"),
        ("group_number", "Group number", "line"),
    )),
    ("payer", "Payer", (("name", "Name", "line"), ("address", "Address", "text"))),
    ("claim", "Claim", (
        ("number", "Claim number", "line"),
        ("date_of_service", "Date of service", "date"),
        ("billed_amount", "Billed amount", "line"),
        ("denial_reason", "Denial reason", "text"),
    )),
    ("provider", "Provider", (
        ("name", "Name", "line"),
        ("credentials", "Credentials", "line"),
        ("npi", "NPI", "line"),
        ("practice", "Practice", "line"),
        ("address", "Address", "text"),
        ("phone", "Phone", "line"),
    )),
    ("procedure", "Procedure", (
        ("code", "CDT code", "line"),
        ("tooth", "Tooth", "line"),
        ("notation", "Notation", case_model.NOTATION_VALUES),
    )),
    ("findings", "Findings", (
        ("root", "Root development", ("", *case_model.ROOT_VALUES)),
        ("pulp", "Pulp", ("", *case_model.PULP_VALUES)),
        ("goal", "Treatment goal", ("", *case_model.GOAL_VALUES)),
        ("visit", "Visit", ("", *case_model.VISIT_VALUES)),
        ("successor", "Permanent successor", ("", *case_model.SUCCESSOR_VALUES)),
        ("notes", "Notes", "text"),
    )),
)  # fmt: skip


def normalize_date(text: str) -> str:
    """ "03/04/1990" -> "1990-03-04" (US order); anything else is returned stripped, unchanged."""
    match = _US_DATE_RE.match(text)
    if not match:
        return text.strip()
    month, day, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return text.strip()


def extra_problems(data: dict[str, Any], today: date | None = None) -> list[Problem]:
    """Checks beyond the case file format that only make sense while typing a case."""
    today = today or date.today()
    birth = case_model.parse_case_date(str(data["patient"].get("date_of_birth", "")))
    service = case_model.parse_case_date(str(data["claim"].get("date_of_service", "")))
    problems = []
    if birth and birth > today:
        problems.append(Problem("patient", "date_of_birth", "is in the future"))
    if birth and service and service < birth:
        problems.append(Problem("claim", "date_of_service", "is before the date of birth"))
    return problems


class CaseForm(QDialog):
    """Create (no `case_id`) or edit a case; `saved_case_id` is set after a successful save."""

    def __init__(
        self,
        store: CaseRepository,
        *,
        case: Case | None = None,
        case_id: int | None = None,
        version: int | None = None,
        operator_source: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("caseForm")
        self.setWindowTitle("New case" if case_id is None else "Edit case")
        self.setAccessibleName(self.windowTitle())
        self._store = store
        self._initial = case or Case()
        self._case_id = case_id
        self._version = version
        self._operator_source = operator_source
        self.saved_case_id: int | None = None
        self._editors: dict[tuple[str, str], _Editor] = {}
        self._errors: dict[tuple[str, str], QLabel] = {}
        self._labels: dict[tuple[str, str], str] = {}

        self._problems = QLabel(self)
        self._problems.setObjectName("caseFormProblems")
        self._problems.setAccessibleName("Problems")
        self._problems.setTextFormat(Qt.TextFormat.PlainText)
        self._problems.setWordWrap(True)
        self._problems.setVisible(False)

        body = QWidget()
        column = QVBoxLayout(body)
        for section, title, fields in SECTIONS:
            column.addWidget(self._group(section, title, fields, body))
        self._enclosures = QPlainTextEdit(body)
        self._enclosures.setObjectName("field_enclosures")
        self._enclosures.setAccessibleName("Enclosures, one per line")
        self._enclosures.setPlaceholderText("One per line, e.g. Pre-op radiograph")
        self._enclosures.setPlainText("\n".join(self._initial.enclosures))
        self._enclosures.setFixedHeight(72)
        box = QGroupBox("Enclosures", body)
        QVBoxLayout(box).addWidget(self._enclosures)
        column.addWidget(box)
        scroll = QScrollArea(self)
        scroll.setAccessibleName("Case fields")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("caseFormButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_button.setObjectName("caseFormSave")
        if getattr(store, "read_only", False):
            self._save_button.setEnabled(False)
            self._show_problems(["The case store is open read-only, so nothing can be saved."])

        layout = QVBoxLayout(self)
        layout.addWidget(self._problems)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(560, 680)

    # -- building ---------------------------------------------------------------------------
    def _group(self, section: str, title: str, fields: Any, parent: QWidget) -> QGroupBox:
        box = QGroupBox(title, parent)
        form = QFormLayout(box)
        values = getattr(self._initial, section)
        for key, label, kind in fields:
            editor = self._editor(kind, str(getattr(values, key) or ""), box)
            editor.setObjectName(f"field_{section}_{key}")
            spoken = label if label[:2].isupper() else label[0].lower() + label[1:]
            editor.setAccessibleName(f"{title} {spoken}")
            error = QLabel(box)
            error.setObjectName(f"error_{section}_{key}")
            error.setTextFormat(Qt.TextFormat.PlainText)
            error.setWordWrap(True)
            error.setVisible(False)
            holder = QWidget(box)
            stack = QVBoxLayout(holder)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            stack.addWidget(editor)
            stack.addWidget(error)
            caption = QLabel(f"{label}:", box)
            caption.setMinimumWidth(LABEL_WIDTH)
            caption.setBuddy(editor)
            form.addRow(caption, holder)
            self._editors[(section, key)] = editor
            self._errors[(section, key)] = error
            self._labels[(section, key)] = f"{title} {spoken}"
            if (section, key) in DATE_FIELDS and isinstance(editor, QLineEdit):
                editor.setPlaceholderText("YYYY-MM-DD")
                editor.editingFinished.connect(lambda e=editor: e.setText(normalize_date(e.text())))
        return box

    def _editor(self, kind: Any, value: str, parent: QWidget) -> _Editor:
        if isinstance(kind, tuple):
            combo = QComboBox(parent)
            for choice in kind:
                combo.addItem(choice.replace("-", " ").capitalize() if choice else "—", choice)
            index = combo.findData(value.strip().lower())
            combo.setCurrentIndex(max(index, 0))
            combo.setMinimumHeight(32)
            return combo
        if kind == "text":
            text = QPlainTextEdit(parent)
            text.setPlainText(value)
            text.setFixedHeight(64)
            text.setTabChangesFocus(True)
            return text
        line = QLineEdit(value, parent)
        line.setMinimumHeight(32)
        return line

    # -- values -----------------------------------------------------------------------------
    def editor(self, section: str, key: str) -> _Editor:
        return self._editors[(section, key)]

    def error_text(self, section: str, key: str) -> str:
        """The problem shown under one field ("" when none)."""
        label = self._errors[(section, key)]
        return label.text() if not label.isHidden() else ""

    def _value(self, editor: _Editor) -> str:
        if isinstance(editor, QComboBox):
            return str(editor.currentData() or "")
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText().strip()
        return editor.text().strip()

    def case_dict(self) -> dict[str, Any]:
        """The case file dict of what is typed (dates normalised; ticks kept from the case).

        Starts from the case being edited, so what this form has no editor for (the clinical
        facts, the status history, a payer profile id) is kept, not dropped on save.
        """
        data: dict[str, Any] = self._initial.to_dict()
        for (section, key), editor in self._editors.items():
            value = self._value(editor)
            data[section][key] = normalize_date(value) if (section, key) in DATE_FIELDS else value
        data["procedure"]["code"] = data["procedure"]["code"].upper()
        data["checklist"] = dict(self._initial.checklist)
        lines = self._enclosures.toPlainText().splitlines()
        data["enclosures"] = [line.strip() for line in lines if line.strip()]
        return data

    def problems(self) -> list[Problem]:
        data = self.case_dict()
        return validate_case_dict(data) + extra_problems(data)

    # -- saving -----------------------------------------------------------------------------
    def accept(self) -> None:
        """Save when valid; otherwise show every problem beside its field and stay open."""
        problems: list[str] = list(self.problems())
        operator = (self._operator_source() or "").strip()
        if not problems and not operator:
            problems = [NO_OPERATOR_TEXT]
        self._show_problems(problems)
        if problems:
            return
        case = replace(Case.from_dict(self.case_dict()), checklist=dict(self._initial.checklist))
        try:
            if self._case_id is None:
                self.saved_case_id = int(self._store.create_case(case, operator=operator))
            else:
                self._store.update_case(
                    self._case_id, case, operator=operator, expected_version=self._version
                )
                self.saved_case_id = self._case_id
        except UserFacingError as exc:
            self._show_problems([str(exc)])
            return
        super().accept()

    def _show_problems(self, problems: Sequence[str]) -> None:
        """Each `Problem` beside its field's editor; anything else (a store's message) in the
        summary only."""
        for label in self._errors.values():
            label.clear()
            label.setVisible(False)
        summary: list[str] = []
        for problem in problems:
            field = (problem.section, problem.field) if isinstance(problem, Problem) else None
            if isinstance(problem, Problem) and field in self._errors:
                label = self._errors[field]
                text = problem.message
                label.setText("⚠ " + text[:1].upper() + text[1:])
                label.setVisible(True)
                summary.append(f"{self._labels[field]}: {text}")
            else:
                summary.append(problem)
        if summary:
            noun = "problem" if len(summary) == 1 else "problems"
            lines = "\n".join(f"• {line}" for line in summary)
            self._problems.setText(f"Please fix {len(summary)} {noun}:\n{lines}")
        self._problems.setVisible(bool(summary))
        first = next((f for f in self._errors if not self._errors[f].isHidden()), None)
        if first is not None:
            self._editors[first].setFocus()


def edit_case(
    parent: QWidget | None,
    store: CaseRepository,
    *,
    case: Case | None = None,
    case_id: int | None = None,
    version: int | None = None,
    operator_source: Callable[[], str] = lambda: "",
) -> int | None:
    """Run the dialog modally; the saved case's id, or None when cancelled."""
    form = CaseForm(
        store,
        case=case,
        case_id=case_id,
        version=version,
        operator_source=operator_source,
        parent=parent,
    )
    return form.saved_case_id if form.exec() == QDialog.DialogCode.Accepted else None
