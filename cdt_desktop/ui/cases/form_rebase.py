"""What a stale case form does when the case was saved elsewhere since it opened.

Why: on a shared store the front desk saves the payer while the chair's form is open to add a
pulp test; the store refuses the older form (optimistic concurrency), and the form used to keep
the typing but offer no way to save it ("reload the case and apply them again": Cancel, lose it,
type it again). The form now takes the newer version and puts back the fields it changed itself
(a three-way merge by field); a field both people changed keeps what this form typed and names
what the other saved. Nothing is saved until the user presses Save again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.domain.cases.case_json import Problem

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.services.cases import CaseService

Field = tuple[str, str]


class CaseForm(Protocol):
    """What :func:`rebase` uses of ``ui.cases.form.CaseForm`` (it imports this module; the
    draft on disk uses more: ``form_recovery.DraftedForm``)."""

    _service: CaseService
    _case_id: int | None
    _version: int | None
    _initial: Case
    _start: dict[str, Any]
    _editors: dict[Field, QLineEdit | QComboBox | QPlainTextEdit]
    _enclosures: QPlainTextEdit

    def case_dict(self) -> dict[str, Any]: ...

    def _show_problems(self, problems: Sequence[str], heading: str = "") -> None: ...


def changed_fields(base: Mapping[Field, str], mine: Mapping[Field, str]) -> dict[Field, str]:
    """The fields this form changed since it opened, with what it holds now."""
    return {field: value for field, value in mine.items() if value != base.get(field, "")}


def both_changed(
    base: Mapping[Field, str], mine: Mapping[Field, str], theirs: Mapping[Field, str]
) -> list[Field]:
    """Fields this form and the other save both changed, to different values."""
    return [
        field
        for field, value in changed_fields(base, mine).items()
        if theirs.get(field, "") != base.get(field, "") and theirs.get(field, "") != value
    ]


def first_sentence(message: str) -> str:
    """ "Case 1 was changed by BB at 07:07 on 2026-12-02 after you opened it" from the store's
    refusal (its advice to reload no longer applies)."""
    head = message.split(", so your edit", 1)[0].strip()
    return head.rstrip(".")


def form_fields(form: CaseForm) -> dict[Field, str]:
    """What the form holds now, by field (the enclosures as one field)."""
    data = form.case_dict()
    values = {(sec, key): str(data[sec][key]) for sec, key in form._editors}
    return {**values, ("enclosures", ""): "\n".join(data["enclosures"])}


def load(form: CaseForm, case: Case, values: Mapping[Field, str] | None = None) -> None:
    """Put ``case`` (or, per field, ``values``) into the editors."""
    for (section, key), editor in form._editors.items():
        value = str(getattr(getattr(case, section), key) or "")
        value = values.get((section, key), value) if values else value
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value.strip().lower()), 0))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        else:
            editor.setText(value)
    lines = (values or {}).get(("enclosures", ""), "\n".join(case.enclosures))
    form._enclosures.setPlainText(lines)


def start_fields(form: CaseForm) -> dict[Field, str]:
    """What the form opened with, by field (the base of a three-way merge)."""
    start = form._start
    base = {f: str(start[f[0]][f[1]]) for f in form._editors}
    base[("enclosures", "")] = "\n".join(start["enclosures"])
    return base


def name_both_changed(
    form: CaseForm, fields: Sequence[Field], theirs: Mapping[Field, str], heading: str
) -> None:
    """Show ``heading`` and, beside each of ``fields``, what the other save holds in it."""
    lines: list[Problem | str] = []
    for section, key in fields:
        editor = form._editors.get((section, key))
        shown = theirs.get((section, key), "")
        if isinstance(editor, QComboBox):
            shown = editor.itemText(max(editor.findData(shown), 0))
        lines.append(Problem(section, key, f"saved as “{shown}” meanwhile; Save keeps yours"))
    form._show_problems(lines, heading=heading)


def rebase(form: CaseForm, refusal: str) -> bool:
    """Refused as stale: the newer version in the form, this form's own changes on top, the
    notice and any field both changed shown; False when the case cannot be read now."""
    try:
        stored = form._service.get(int(form._case_id or 0))
    except UserFacingError:
        return False
    base = start_fields(form)
    mine = form_fields(form)
    form._initial, form._version = stored.case, stored.version
    load(form, stored.case)
    theirs = form_fields(form)
    form._start = form.case_dict()  # Cancel still asks: the form holds unsaved typing
    load(form, stored.case, changed_fields(base, mine))
    name_both_changed(form, both_changed(base, mine, theirs), theirs, (
        f"{first_sentence(refusal)}. The form now shows that version with your "
        "changes on top: check them and press Save again."
    ))  # fmt: skip
    return True
