"""The case form's editors: one per case file field, each with its caption and the line that
shows its problem, grouped by section (the table of fields is ``form_fields.SECTIONS``).

Built here, used by ``form.py``'s dialog, which validates and saves what they hold.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.domain.cases.field_rules import field_limit
from cdt_desktop.ui.cases.form_fields import (
    DATE_FIELDS,
    GROUP_TITLES,
    PLACEHOLDERS,
    ROUGH_DATE_FIELDS,
    choice_words,
    normalized,
)
from cdt_desktop.ui.common.focus_frame import show_focus
from cdt_desktop.ui.common.metrics import TARGET, size_target
from cdt_desktop.ui.common.read_only import show_read_only
from cdt_desktop.ui.common.script_fonts import cover

Editor = QLineEdit | QComboBox | QPlainTextEdit
Field = tuple[str, str]  # (section, key) of the case file
LABEL_WIDTH = 130  # one label column across all groups
PASTE_ROOM = 5  # a line field takes this many times its bound, so Save can name the excess
ROLE_MAY_NOT = "Your role may not change this field; it is shown as saved."
STORE_READ_ONLY = "The case store is open read-only: this field is shown as saved."


class FormFields:
    """Every editor of one form by field, its problem line, its spoken name, and the field
    each editor's object name stands for."""

    def __init__(self) -> None:
        self.editors: dict[Field, Editor] = {}
        self.errors: dict[Field, QLabel] = {}
        self.labels: dict[Field, str] = {}
        self.field_of: dict[str, Field] = {}
        self.stacks: dict[Field, QVBoxLayout] = {}  # editor, then its problem line, per field
        self._locked: set[Field] = set()  # fields the signed-in user's role may not change

    def group(
        self,
        section: str,
        title: str,
        fields: Any,
        values: object,
        parent: QWidget,
        edited: Callable[..., None],
    ) -> QGroupBox:
        """The group of one section's ``fields`` holding ``values`` (that section of the case);
        ``edited`` hears what the user alone does to a field (typing, choosing)."""
        box = SectionBox(GROUP_TITLES.get(section, title), parent)  # with its Alt letter
        form = QFormLayout(box)
        for key, label, kind in fields:
            editor = make_editor(kind, str(getattr(values, key) or ""), box, key)
            if isinstance(editor, QLineEdit):
                # Room for a paste well past the case file's bound (issue 15 item 6): Save names
                # a value over it and keeps it as typed. Held at the bound, a pasted 340-letter
                # name was cut to 200 without a word (chairside walkthrough).
                editor.setMaxLength(max(PASTE_ROOM * field_limit(section, key), len(editor.text())))
                editor.textEdited.connect(cover)  # "김민준" as typed, on a PC without the font
            editor.setObjectName(f"field_{section}_{key}")
            spoken = label if label[:2].isupper() else label[0].lower() + label[1:]
            # the section's name once: "Claim number", not "Claim claim number"
            named = label if spoken.startswith(f"{title.lower()} ") else f"{title} {spoken}"
            editor.setAccessibleName(named)
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
            if caption.sizeHint().width() > LABEL_WIDTH and " " in label:  # keep the column
                head, tail = label.rsplit(" ", 1)
                caption.setText(f"{head}\n{tail}:")
            caption.setBuddy(editor)
            form.addRow(caption, holder)
            self.editors[(section, key)] = editor
            self.errors[(section, key)] = error
            self.stacks[(section, key)] = stack
            self.labels[(section, key)] = named
            self.field_of[editor.objectName()] = (section, key)
            if isinstance(editor, QComboBox):  # what the user alone sends: typing, choosing
                editor.activated.connect(edited)
            elif isinstance(editor, QLineEdit):
                editor.textEdited.connect(edited)
            if (section, key) in PLACEHOLDERS:
                editor.setPlaceholderText(PLACEHOLDERS[(section, key)])  # line or text
            if (section, key) in DATE_FIELDS and isinstance(editor, QLineEdit):
                rough = (section, key) in ROUGH_DATE_FIELDS  # an estimate: the month will do
                editor.setPlaceholderText("YYYY-MM-DD, or YYYY-MM" if rough else "YYYY-MM-DD")
                editor.editingFinished.connect(
                    lambda e=editor, f=(section, key): e.setText(normalized(f, e.text()))
                )
        return box

    def locked(self) -> frozenset[tuple[str, str]]:
        """The fields shown as saved, not editable (``limit_to``)."""
        return frozenset(self._locked)

    def limit_to(self, may_edit: Callable[[str], bool], why: str = ROLE_MAY_NOT) -> None:
        """The fields ``may_edit`` ("section.key") says no to, those the signed-in user's role
        may not change (or every field, on a store open read-only), are shown as saved, not
        editable; ``why`` is their tooltip."""
        for (section, key), editor in self.editors.items():
            if may_edit(f"{section}.{key}"):
                continue
            self._locked.add((section, key))
            if isinstance(editor, QComboBox):
                editor.setEnabled(False)
                editor.setToolTip(why)
            else:  # a read-only line looked editable (white, and it swallowed typing)
                show_read_only(editor, why)

    def follow_findings(self, changed: Callable[[], None]) -> None:
        """``changed`` after each finding, the tooth or the code the user gives in the form."""
        for (section, _key), editor in self.editors.items():
            if section == "findings" and isinstance(editor, QComboBox):
                editor.activated.connect(lambda _index: changed())
            elif section == "procedure" and isinstance(editor, QLineEdit):  # code, tooth
                editor.textEdited.connect(lambda _text: changed())

    def follow_tooth(self) -> None:
        """The successor question is for a primary tooth: greyed while the Tooth field names a
        permanent one, as the chart greys it (#30 offered "Permanent successor" in the form
        while the chart did not: chairside walkthrough). A tooth not yet readable leaves it."""
        tooth, notation = self.editors.get(SUCCESSOR_TOOTH), self.editors.get(SUCCESSOR_NOTATION)
        successor = self.editors.get(SUCCESSOR)
        if not isinstance(tooth, QLineEdit) or not isinstance(successor, QComboBox):
            return

        def update() -> None:
            from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth

            written = notation.currentData() if isinstance(notation, QComboBox) else None
            try:
                permanent = not parse_tooth(tooth.text().strip(), written or "universal").is_primary
            except (InvalidToothError, ValueError):
                permanent = False
            successor.setEnabled(not permanent and SUCCESSOR not in self._locked)
            successor.setToolTip("Only for a primary tooth" if permanent else "")

        tooth.textChanged.connect(update)
        if isinstance(notation, QComboBox):
            notation.currentIndexChanged.connect(update)
        update()


SUCCESSOR: Field = ("findings", "successor")
SUCCESSOR_TOOTH: Field = ("procedure", "tooth")
SUCCESSOR_NOTATION: Field = ("procedure", "notation")


def make_editor(kind: Any, value: str, parent: QWidget, key: str = "") -> Editor:
    """A drop-down for a tuple of choices, a short text box for "text", else a line."""
    if isinstance(kind, tuple):
        combo = QComboBox(parent)
        for choice in kind:
            combo.addItem(choice_words(key, choice), choice)
        index = combo.findData(value.strip().lower())
        combo.setCurrentIndex(max(index, 0))
        size_target(combo)
        return combo
    if kind == "text":
        text = show_focus(QPlainTextEdit(parent))
        text.setPlainText(value)
        text.setFixedHeight(64)
        text.setTabChangesFocus(True)
        return text
    line = QLineEdit(value, parent)
    size_target(line, TARGET)
    return line


def editor_value(editor: Editor) -> str:
    """What an editor holds, as the case file stores it (a choice's value, trimmed text)."""
    if isinstance(editor, QComboBox):
        return str(editor.currentData() or "")
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText().strip()
    from cdt_desktop.core.text import one_line

    return one_line(editor.text())


class SectionBox(QGroupBox):
    """A section's group whose Alt letter goes to its first field: a plain QGroupBox gives it
    to the field of the section used last (Alt+V landed on Phone, Alt+A on Denial category:
    hostile-user walkthrough), while the user guide and the title say "the section's first
    field". Only the shortcut is handled here; every other event is the group box's own."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut and not self.isCheckable():
            first = self.nextInFocusChain()
            while first is not self and first is not None:
                if (
                    self.isAncestorOf(first)
                    and first.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and first.isVisibleTo(self)
                    and first.isEnabled()
                ):
                    first.setFocus(Qt.FocusReason.ShortcutFocusReason)
                    return True
                first = first.nextInFocusChain()
        return super().event(event)
