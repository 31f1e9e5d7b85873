"""The toolbar's "who is working" picker: an editable combo of operator initials.

Why it exists: every checklist tick and every export is recorded in the audit log with the
initials of whoever did it (docs/design-rules.md, R14). Offices share PCs, so the picker is quick to
switch (type or pick from the recent list) and remembers the last choice across restarts in the
typed settings (``Key.OPERATOR_INITIALS``; the recent list under ``Key.OPERATOR_RECENT``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from cdt_desktop.ui.common.combos import GuardedComboBox
from cdt_desktop.ui.common.metrics import size_target
from cdt_desktop.ui.common.settings import Key, Settings

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent

    from cdt_desktop.ui.common.fields import ShortcutForwarder

MAX_RECENT = 8
MAX_LENGTH = 6
REFUSED_TEXT = f"Initials: up to {MAX_LENGTH} letters, no digits, spaces or punctuation."
_INITIALS_RE = re.compile(r"^[^\W\d_]{1,6}$")
_WORD_RE = re.compile(r"[^\W\d_]+")


def normalize_initials(text: str) -> str:
    """Upper-case initials with surrounding blanks removed; "" when they are not initials.

    Letters of any script are accepted (an office may use Ж or É); digits, spaces and
    punctuation are not, so the audit log holds something a person recognises.
    """
    value = text.strip().upper()
    return value if _INITIALS_RE.match(value) else ""


class InitialsValidator(QValidator):
    """While typing: what ``normalize_initials`` will accept, up to six letters of any script
    once upper-cased ("ß" becomes "SS", so four of them are eight letters: refused as typed,
    not silently cleared later). No regular-expression engine of Qt's is loaded for the box."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        ok = not text or bool(_INITIALS_RE.match(text.upper()))
        return (QValidator.State.Acceptable if ok else QValidator.State.Invalid), text, pos


class InitialsEdit(QLineEdit):
    """The box's text field: a click into it selects the initials it shows, so that the next
    person at a shared PC types theirs over them. Qt put the cursor where the click fell, and
    "MR" typed after "BL" was recorded as "BLMR" (billing walkthrough)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.MouseFocusReason:
            QTimer.singleShot(0, self.selectAll)  # after the press has placed the cursor


class OperatorPicker(QWidget):
    """Label + editable combo; emits `operatorChanged(initials)` when the operator changes."""

    operatorChanged = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("operatorPicker")
        self.setAccessibleName("Operator initials")
        self._settings = settings
        self._current = ""

        label = QLabel("&Operator:", self)
        self._combo = GuardedComboBox(self)
        self._combo.setObjectName("operatorCombo")
        self._combo.setEditable(True)
        self._combo.setLineEdit(InitialsEdit(self._combo))
        self._combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._combo.setAccessibleName("Operator initials")
        self._combo.setToolTip("Your initials: recorded with every checklist tick and export")
        size_target(self._combo)
        self._combo.setMinimumContentsLength(4)
        line_edit = self._line_edit()
        line_edit.setPlaceholderText("Initials")
        line_edit.setMaxLength(MAX_LENGTH)
        line_edit.setValidator(InitialsValidator(line_edit))
        label.setBuddy(self._combo)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(label)
        layout.addWidget(self._combo)

        # initials are letters only, so a comma-separated text holds the list (an older list
        # value reads back as its text, from which the same words are taken)
        for item in _WORD_RE.findall(self._settings.get(Key.OPERATOR_RECENT)):
            value = normalize_initials(item)
            if value and self._combo.findText(value) < 0:
                self._combo.addItem(value)
        saved = normalize_initials(self._settings.get(Key.OPERATOR_INITIALS))
        self._combo.setCurrentText(saved)
        self._current = saved

        line_edit.editingFinished.connect(self._commit_text)
        line_edit.inputRejected.connect(self._say_what_fits)
        self._combo.activated.connect(lambda _index: self._commit_text())

    # -- public API -------------------------------------------------------------------------
    def operator(self) -> str:
        """The current operator's initials, or "" when nobody has been chosen. What the box
        shows counts at once: initials typed and then Ctrl+N straight away (the cursor still in
        the box, so its editing had not finished) were refused as none, or the previous
        operator's were recorded (chairside walkthrough)."""
        if self._combo.currentText() != self._current:
            self._commit_text()
        return self._current

    def set_operator(self, initials: str) -> None:
        """Choose an operator programmatically (also remembered), e.g. from a prompt."""
        self._combo.setCurrentText(normalize_initials(initials))
        self._commit_text()

    def editor(self) -> QWidget:
        """The initials box (the window's Tab order goes from it to the right pane's tabs)."""
        return self._combo

    def focus_editor(self) -> None:
        """Put the cursor in the initials box (used when an action needs an operator)."""
        self.activateWindow()  # after the notice's dialog closed, typing must reach this window
        self._combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self._line_edit().selectAll()

    def set_shortcut_forwarder(self, shortcuts: ShortcutForwarder) -> None:
        """The window's shortcuts win over the initials box (its text field's keys come to the
        box: the field's focus proxy)."""
        self._combo.shortcuts = shortcuts

    def recent(self) -> list[str]:
        """The remembered initials, most recent first."""
        return [self._combo.itemText(i) for i in range(self._combo.count())]

    # -- internals --------------------------------------------------------------------------
    def _say_what_fits(self) -> None:
        """A key or a paste the box refused says why, beside the box (a pasted name or a digit
        was dropped without a word: chairside walkthrough)."""
        from PySide6.QtWidgets import QToolTip

        edit = self._line_edit()
        QToolTip.showText(
            edit.mapToGlobal(edit.rect().bottomLeft()),
            REFUSED_TEXT,
            edit,
            edit.rect(),
            4000,
        )

    def _line_edit(self) -> QLineEdit:
        edit = self._combo.lineEdit()
        assert edit is not None  # the combo is editable
        return edit

    def _commit_text(self) -> None:
        value = normalize_initials(self._combo.currentText())
        if self._combo.currentText() != value:
            self._combo.setCurrentText(value)
        if value == self._current:
            return
        self._current = value
        self._settings.set(Key.OPERATOR_INITIALS, value)
        if value:
            self._remember(value)
        self.operatorChanged.emit(value)

    def _remember(self, value: str) -> None:
        recent = [value] + [v for v in self.recent() if v != value]
        recent = recent[:MAX_RECENT]
        self._combo.blockSignals(True)
        try:
            self._combo.clear()
            self._combo.addItems(recent)
            self._combo.setCurrentText(value)
        finally:
            self._combo.blockSignals(False)
        self._settings.set(Key.OPERATOR_RECENT, ",".join(recent))
