"""Where the case form shows what is wrong: each problem beside its field and every one in the
summary above the fields, at once (one round of corrections beats a dialog per mistake).

The summary label owns that display: the lines shown, the heading, clearing a field's message
when the user edits that field, and scrolling the first field in error into view. ``form.py``
decides what the problems are; this module only shows them.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

from cdt_desktop.core.text import capitalized
from cdt_desktop.domain.cases.case_json import Problem
from cdt_desktop.ui.cases.form_editors import Field, FormFields

CHANGED = "✓ Changed: Save checks it again."
"""The line under a field in error once it was edited and left: it keeps the line's place, so
nothing below moves under the pointer before Save checks the form again (walkthrough: the
fields moved up as the next one was clicked, and what was typed next landed a row off)."""


class ProblemSummary(QLabel):
    """The summary above the form's fields; it also shows and clears the line under each field
    of ``fields`` (filled as the form builds them)."""

    def __init__(self, fields: FormFields, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("caseFormProblems")
        self.setAccessibleName("Problems")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setVisible(False)
        self._fields = fields
        self._shown: list[tuple[Field | None, str]] = []  # the summary's lines
        self._heading = ""  # the summary's own heading (else "Please fix N problems:")
        self._fixed: set[Field] = set()  # edited while in error; marked once the field is left
        self._changed: set[Field] = set()  # marked CHANGED until Save checks again
        self._messages: dict[Field, str] = {}  # each field's problem as Save found it
        self._recheck: weakref.WeakMethod[Callable[[], Sequence[str]]] | None = None
        self._others_edited = False  # a field without a problem edited: check the rest again
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def set_recheck(self, recheck: Callable[[], Sequence[str]]) -> None:
        """What Save would find in the fields now (no store, no operator): a problem that one
        field's value gives another ("date of service is before the date of birth") goes from
        the summary once the field actually mistyped is corrected. ``recheck`` is a method of
        the form, held weakly: a strong one kept the deleted form's wrapper alive, and the
        test harness's close of it crashed."""
        self._recheck = weakref.WeakMethod(recheck)

    def show_problems(self, problems: Sequence[str], heading: str = "") -> None:
        """Each `Problem` beside its field's editor; anything else (a store's message) in the
        summary only."""
        errors = self._fields.errors
        for label in errors.values():
            label.clear()
            label.setVisible(False)
            label.setMinimumHeight(0)
        self._shown, self._heading = [], heading
        self.setMinimumHeight(0)  # Save checked again: the summary takes the height it needs
        self._fixed.clear()  # Save checked them again: what it shows now stays
        self._changed.clear()
        self._messages.clear()
        self._others_edited = False
        # only what the fields' check itself says can be found gone by it: a notice ("saved as
        # X meanwhile", a code's risk) is not rechecked (review: it vanished on another edit)
        checked = self._recheck() if self._recheck is not None else None
        checkable = (
            {((p.section, p.field), p.message) for p in checked() if isinstance(p, Problem)}
            if checked is not None
            else set()
        )
        for problem in problems:
            field = (problem.section, problem.field) if isinstance(problem, Problem) else None
            if isinstance(problem, Problem) and field in errors:
                label = errors[field]
                text = problem.message
                label.setText("⚠ " + capitalized(text))
                label.setVisible(True)
                if (field, text) in checkable:
                    self._messages[field] = text
                self._shown.append((field, f"{self._fields.labels[field]}: {text}"))
            else:
                self._shown.append((None, str(problem)))
        self._show_summary()
        first = next((f for f in errors if not errors[f].isHidden()), None)
        if first is not None:
            self._fields.editors[first].setFocus()
            self._reveal(first)

    def field_edited(self, *_args: object) -> None:
        """The user changed a field shown in error: its message and summary line go (they
        stayed, naming a date already corrected, until the next Save); Save checks again. A
        method of a widget of the form, not a lambda: Qt drops the connection with the form."""
        sender = self.sender()
        field = self._fields.field_of.get(sender.objectName()) if sender is not None else None
        label = self._fields.errors.get(field) if field is not None else None
        if field is None or label is None:
            return
        editor = self._fields.editors.get(field)
        if label.isHidden():  # no problem of its own: it may settle another field's
            if self._messages:
                self._others_edited = True
                if editor is None or not editor.hasFocus():
                    self._check_others()
            return
        if editor is not None and editor.hasFocus():
            # the message goes as the keyboard leaves the field, not at the first key: the
            # fields below moved up under the pointer as a name was pasted, and the click
            # aimed at the next field landed on a label (new-user walkthrough)
            self._fixed.add(field)
            return
        self._clear(field)
        if self._messages:  # changed without the keyboard in it: the others at once too
            self._check_others()

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        left = [f for f in self._fixed if self._fields.editors.get(f) is old]
        for field in left:
            self._fixed.discard(field)
            self._clear(field)
        if left and self._messages:  # a field corrected may settle another's problem too
            self._others_edited = True  # (the date of service "before" a birth date in 2030)
        # by identity: ``in`` compares the wrappers, which reaches into a widget being deleted
        if self._others_edited and any(old is e for e in self._fields.editors.values()):
            self._check_others()

    def _check_others(self) -> None:
        """Mark changed each field's problem the fields no longer have (``set_recheck``)."""
        self._others_edited = False
        recheck = self._recheck() if self._recheck is not None else None
        if recheck is None:
            return
        found = {((p.section, p.field), p.message) for p in recheck() if isinstance(p, Problem)}
        for field, message in list(self._messages.items()):
            if (field, message) not in found and field not in self._fixed:
                self._clear(field)

    def problem_text(self, field: Field) -> str:
        """The problem shown under ``field`` ("" when none, or once it was changed)."""
        label = self._fields.errors[field]
        return "" if label.isHidden() or field in self._changed else label.text()

    def _clear(self, field: Field) -> None:
        """The field's problem is marked changed, in place: its line and the summary keep
        their height until Save checks again."""
        label = self._fields.errors.get(field)
        if label is None or label.isHidden() or field in self._changed:
            return
        label.setMinimumHeight(label.height())
        label.setText(CHANGED)
        self._changed.add(field)
        if self.isVisible():  # a shorter line ("✓ ...: changed") moved the form up under the
            self.setMinimumHeight(max(self.minimumHeight(), self.height()))  # pointer (walk)
        self._show_summary()

    def _show_summary(self) -> None:
        if self._shown:
            left = [field for field, _line in self._shown if field not in self._changed]
            noun = "problem" if len(left) == 1 else "problems"
            lines = "\n".join(
                f"✓ {self._fields.labels[field]}: changed"
                if field is not None and field in self._changed
                else f"• {line}"
                for field, line in self._shown
            )
            fix = f"Please fix {len(left)} {noun}:" if left else "Changed: Save checks again."
            heading = self._heading or fix
            self.setText(f"{heading}\n{lines}")
        elif self._heading:  # a notice without a line (a stale form took the newer case)
            self.setText(self._heading)
        self.setVisible(bool(self._shown or self._heading))

    def _reveal(self, field: Field) -> None:
        """Scroll the form so the field in error and its message are on screen.

        The message labels just appeared, so the fields' layout is settled first; once more on
        the next pass of the event loop, after the scroll area has resized its body.
        """
        holder = self._fields.errors[field].parentWidget()
        scroll = _scroll_area_of(holder)
        body = scroll.widget() if scroll is not None else None
        if holder is None or scroll is None or body is None:
            return
        if (column := body.layout()) is not None:
            column.activate()
        body.resize(body.width(), max(body.height(), body.sizeHint().height()))
        margin = 24
        scroll.ensureWidgetVisible(holder, margin, margin)
        QTimer.singleShot(0, self, lambda: scroll.ensureWidgetVisible(holder, margin, margin))


def _scroll_area_of(widget: QWidget | None) -> QScrollArea | None:
    """The scroll area ``widget`` sits in (the form's fields), if any."""
    while widget is not None and not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    return widget
