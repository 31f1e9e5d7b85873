"""File > Payer profiles...: the office's payer profiles, read and changed in the window.

A profile says what one payer wants with an appeal: where it goes (the appeals address), how
long the office has (the appeal window), a signed letter, records made at the time, a letter
of its own, a brief letter, what to enclose, and a note for the billing desk. The letters, the
check before export and the appeal deadlines follow it on every workstation (the profiles live
in the case store). The shipped profiles are listed too: saving one keeps the office's version,
which wins; removing that version brings the shipped one back. Who may change them is the
service's rule (admins, once sign-in is on); the dialog only shows its answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.text import capitalized
from cdt_desktop.domain.appeal.profiles import PayerProfile
from cdt_desktop.domain.cases.status import DEFAULT_APPEAL_WINDOW_DAYS
from cdt_desktop.services.payers import MAX_TEXT, MAX_WINDOW_DAYS, PayerDirectory, new_profile_id
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.check_boxes import RingedCheckBox
from cdt_desktop.ui.common.metrics import TARGET, follow_window_targets

FLAGS = (
    ("signed_letter", "A letter signed by the treating &dentist", "payerSignedLetter"),
    ("contemporaneous_records", "&Records made at the time of treatment, not a narrative alone",
     "payerRecords"),
    ("separate_mailing", "The appeal in an envelope of its &own", "payerSeparateMailing"),
    ("brief", "A &brief letter (no general description of the code)", "payerBrief"),
)  # fmt: skip
"""What a payer may want, as the form's check boxes: profile field, label, object name. Each
Alt letter of the dialog is its own (N New profile, M Name, V Remove: a shared one only moves
the focus between its owners, and Alt+N then typing "Delta" clicked New profile with the
space)."""

NO_OPERATOR = "Enter your initials (top right) first: every change records who made it."
UNSAVED = "Not saved yet: Save, or Discard changes, before choosing another payer."
_SHIPPED_NOTE = re.compile(r"^Unconfirmed \(see verify\):\s*")
"""How a shipped profile's note starts: the form lists what is not confirmed under it."""
OFFICE_ORIGIN = (
    "The office's own profile, kept in the case store: every workstation's letters use it."
)
SHIPPED_ORIGIN = (
    "Shipped with the app. Save keeps your version as the office's own, which the letters use "
    "instead."
)
NEW_ORIGIN = "A new profile for the office: type the payer's name as on its EOBs, then Save."


def _plain_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # payer names and notes shown as typed
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _text_box(parent: QWidget, name: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)  # Tab goes on to the next field, as in the case form
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class PayerProfilesDialog(QDialog):
    """The profiles on the left (the office's, then the shipped ones), the chosen one's form on
    the right; ``read_only``: why this user cannot change them ("" when they can)."""

    def __init__(
        self,
        directory: PayerDirectory,
        *,
        operator: Callable[[], str],
        read_only: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("payerProfilesDialog")
        self.setWindowTitle("Payer profiles")
        self.setAccessibleName("Payer profiles")
        self.directory = directory
        self._operator = operator
        self._read_only = read_only
        self._profiles: list[PayerProfile] = []
        self._current: PayerProfile | None = None  # None: a new profile
        self._shown: PayerProfile | None = None  # the form as shown (what "unsaved" compares to)
        self.changed = False  # a profile was saved or removed (the window says so)
        self._loading = False  # the form is being filled: no edit to follow
        self._current_was_new = False  # the profile Save saves was a new one
        layout = QVBoxLayout(self)
        layout.addWidget(_plain_label(
            "What each payer wants with an appeal. The letters, the check before export and "
            "the appeal deadlines follow these on every workstation.", self,
        ))  # fmt: skip
        columns = QHBoxLayout()
        columns.addLayout(self._build_list(), 2)
        # the form scrolls rather than squeeze its rows: a shipped profile's list of what is
        # not confirmed moved every row 14-54 px from one payer to the next (walkthrough)
        holder = QWidget(self)
        holder.setLayout(self._build_form())
        self._scroll = scroll = QScrollArea(self)
        scroll.setObjectName("payerFormScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        columns.addWidget(scroll, 5)
        layout.addLayout(columns, 1)
        self.message = _plain_label("", self, "payerMessage")
        # two lines kept for it and for the origin line: a longer text moved the form and the
        # buttons 6-14 px under the pointer (walkthrough)
        self.message.setMinimumHeight(2 * self.message.fontMetrics().lineSpacing())
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons())
        self.resize(980, 680)  # within a 768-line screen with its title bar and a taskbar
        follow_window_targets(self)  # View > Large targets: the window's size
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_width)  # once laid out at the zoom in use

    def _fit_width(self) -> None:
        """Wider, within the screen, while the form would scroll sideways: at 140 % zoom the
        wants' words were cut ("…not a nar") beside room the screen had (office manager walk).
        The form takes 5 of every 7 pixels the window grows (the columns' stretch)."""
        form = self._scroll.widget()
        lack = form.minimumSizeHint().width() - self._scroll.viewport().width() if form else 0
        if lack <= 0:
            return
        free = self.screen().availableGeometry()
        grow = min(free.width() - self.frameGeometry().width(), lack * 7 // 5 + 4)
        if grow <= 0:
            return
        self.resize(self.width() + grow, self.height())
        frame = self.frameGeometry()
        if frame.right() > free.right():  # grown past the screen's edge: back onto it
            self.move(max(free.left(), free.right() + 1 - frame.width()), frame.top())

    # -- construction ---------------------------------------------------------------------------
    def _build_list(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName("payerList")
        self.list.setAccessibleName("Payer profiles")
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._row_chosen)
        column.addWidget(self.list, 1)
        self.new_button = QPushButton("&New profile", self)
        self.new_button.setObjectName("payerNew")
        self.new_button.setMinimumHeight(TARGET)
        self.new_button.clicked.connect(self.new_profile)
        column.addWidget(self.new_button)
        return column

    def _build_form(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.origin = _plain_label("", self, "payerOrigin")
        self.origin.setMinimumHeight(2 * self.origin.fontMetrics().lineSpacing())
        column.addWidget(self.origin)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("payerName")
        self.name.setMaxLength(MAX_TEXT)
        self.name.setMinimumHeight(TARGET)
        form.addRow("Na&me:", self.name)
        form.addRow("", _plain_label(
            "A claim's letter uses this profile when its payer's name contains this name.", self,
        ))  # fmt: skip
        self.address = _text_box(self, "payerAddress", 4)
        form.addRow("Appeals &address:", self.address)
        self.window_days = QSpinBox(self)
        self.window_days.setObjectName("payerWindowDays")
        self.window_days.setRange(1, MAX_WINDOW_DAYS)
        self.window_days.setSuffix(f" days from the denial (1 to {MAX_WINDOW_DAYS})")
        self.window_days.setMinimumHeight(TARGET)
        form.addRow("Appeal &window:", self.window_days)
        self.flags: dict[str, QCheckBox] = {}
        wants = QVBoxLayout()
        for field, text, name in FLAGS:
            box = RingedCheckBox(text, self)
            box.setObjectName(name)
            box.setMinimumHeight(TARGET)
            self.flags[field] = box
            wants.addWidget(box)
        form.addRow("The payer wants:", wants)
        self.enclose = _text_box(self, "payerEnclose", 3)
        self.enclose.setPlaceholderText("One per line, e.g. Copy of the EOB")
        form.addRow("&Enclose:", self.enclose)
        self.instructions = _text_box(self, "payerInstructions", 3)
        form.addRow("Note for the b&illing desk:", self.instructions)
        for label, editor in (("Name", self.name), ("Appeals address", self.address),
                              ("Appeal window", self.window_days), ("Enclose", self.enclose),
                              ("Note for the billing desk", self.instructions)):  # fmt: skip
            editor.setAccessibleName(label)
        column.addLayout(form)
        self.name.textChanged.connect(self._edited)
        for text_box in (self.address, self.enclose, self.instructions):
            text_box.textChanged.connect(self._edited)
        self.window_days.valueChanged.connect(self._edited)
        for flag in self.flags.values():
            flag.toggled.connect(self._edited)
        self.verify = _plain_label("", self, "payerVerify")
        column.addWidget(self.verify)
        column.addStretch(1)
        return column

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.remove_button = QPushButton("Remo&ve the office's version", self)
        self.remove_button.setObjectName("payerRemove")
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.discard_button = QPushButton("Discard chan&ges", self)
        self.discard_button.setObjectName("payerDiscard")
        self.discard_button.clicked.connect(self.discard)
        row.addWidget(self.discard_button)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setObjectName("payerSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        close = QPushButton("&Close", self)
        close.setObjectName("payerClose")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        for button in (self.remove_button, self.discard_button, self.save_button, close):
            button.setMinimumHeight(TARGET)
        return row

    # -- reading --------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """The profiles as the store has them now; ``select``: the id to show (else the first)."""
        try:
            office = sorted(self.directory.office(), key=lambda p: p.name.casefold())
        except UserFacingError as exc:  # the store cannot be read now: the shipped ones serve
            office = []
            self._read_only = self._read_only or (
                f"{capitalized(str(exc))} The shipped profiles are shown; the office's come back "
                "with the case store."
            )
        ids = {p.id for p in office}
        self._profiles = [*office, *(p for p in self.directory.shipped if p.id not in ids)]
        self.list.blockSignals(True)
        self.list.clear()
        # two lines of the tallest script a name may be in (a Chinese name's fallback font is
        # taller: its row, sized for Latin, showed "德尔塔牙科保险公司…" and no second line)
        row_height = max(TARGET, round(2.6 * self.list.fontMetrics().lineSpacing()) + 4)
        for profile in self._profiles:
            where = "the office's" if profile.office else "shipped with the app"
            if profile.unconfirmed:
                where += ", not confirmed"
            item = QListWidgetItem(f"{profile.name}\n    {where}", self.list)
            item.setSizeHint(QSize(1, row_height))
            item.setToolTip(profile.address or "No appeals address")
        row = next((i for i, p in enumerate(self._profiles) if p.id == select), 0)
        if self._profiles:
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)  # the form is shown anew, whatever it held
        self._show(self._profiles[row] if self._profiles else None)

    def _apply_read_only(self) -> None:
        editable = not self._read_only
        for widget in (self.name, self.address, self.window_days, self.enclose,
                       self.instructions, self.save_button, *self.flags.values()):  # fmt: skip
            widget.setEnabled(editable)
        self._edited()
        if self._read_only:
            self.message.setText(self._read_only)

    def _edited(self, *_args: object) -> None:
        """While the form holds changes not saved, the list and New profile wait (a question on
        each click of the list asked again and again after No, and the list showed another
        payer than the form: walkthrough); Discard changes puts the form back."""
        if self._loading:
            return
        unsaved = self.unsaved()
        editable = not self._read_only
        self.list.setEnabled(not unsaved)
        self.new_button.setEnabled(editable and not unsaved)
        self.discard_button.setEnabled(unsaved)
        self.remove_button.setEnabled(
            editable and not unsaved and self._current is not None and self._current.office
        )
        if unsaved:
            self.message.setText(UNSAVED)  # never a "Saved ..." over changes not saved
        elif self.message.text() == UNSAVED:
            self.message.clear()

    def _show(self, profile: PayerProfile | None) -> None:
        self._current = profile
        self._loading = True
        shown = profile or PayerProfile(id="", name="", window_days=DEFAULT_APPEAL_WINDOW_DAYS)
        shipped_note = ""
        if not shown.office:  # the app's note on a shipped profile is its claims, unconfirmed:
            # shown under the form, not in the office's note field (saved as the office's
            # version it said "said to allow 90 days" beside the office's 365: walkthrough)
            note = _SHIPPED_NOTE.sub("", shown.instructions).strip()
            shipped_note = note[:1].upper() + note[1:]
            shown = shown._replace(instructions="")
        self.name.setText(shown.name)
        self.address.setPlainText(shown.address)
        self.window_days.setValue(shown.window_days)
        for field, flag in self.flags.items():
            flag.setChecked(bool(getattr(shown, field)))
        self.enclose.setPlainText("\n".join(shown.enclose))
        self.instructions.setPlainText(shown.instructions)
        if profile is None:
            self.origin.setText(NEW_ORIGIN)
        else:
            self.origin.setText(OFFICE_ORIGIN if profile.office else SHIPPED_ORIGIN)
        checks = shown.verify if shown.unconfirmed else ()
        lines = [f"The app's note: {shipped_note}"] if shipped_note else []
        if checks:
            lines.append("Not confirmed: check these in the payer's manual or on its EOB:")
            lines += [f"- {v}" for v in checks]
        self.verify.setText("\n".join(lines))
        self.verify.setVisible(bool(lines))
        replaces = profile is not None and any(p.id == profile.id for p in self.directory.shipped)
        self.remove_button.setText(
            "Remo&ve the office's version" if replaces else "Remo&ve this profile"
        )
        self._shown = self._typed()
        self._loading = False
        self._apply_read_only()

    def _typed(self) -> PayerProfile:
        """The profile as the form holds it (the id: the shown one's; a new one gets its own)."""
        current = self._current
        lines = self.enclose.toPlainText().splitlines()
        return PayerProfile(
            id=current.id if current is not None else "",
            name=self.name.text().strip(),
            address=self.address.toPlainText().strip(),
            window_days=self.window_days.value(),
            enclose=tuple(line.strip() for line in lines if line.strip()),
            instructions=self.instructions.toPlainText().strip(),
            signed_letter=self.flags["signed_letter"].isChecked(),
            contemporaneous_records=self.flags["contemporaneous_records"].isChecked(),
            separate_mailing=self.flags["separate_mailing"].isChecked(),
            brief=self.flags["brief"].isChecked(),
        )

    def unsaved(self) -> bool:
        """True when the form holds changes not saved (never for a user who cannot save)."""
        return not self._read_only and self._typed() != self._shown

    def _may_leave(self) -> bool:
        if not self.unsaved():
            return True
        name = self._typed().name or "the new profile"
        return msgbox.ask_yes_no(
            self, "Unsaved payer profile",
            f"Your changes to {name} are not saved. Discard them?",
        )  # fmt: skip

    def _row_chosen(self, row: int) -> None:
        """Another payer chosen (the list waits while the form holds changes not saved)."""
        was = self._profiles.index(self._current) if self._current in self._profiles else -1
        if row == was or self.unsaved():
            return
        self.message.clear()
        self._show(self._profiles[row] if 0 <= row < len(self._profiles) else None)

    # -- changing -------------------------------------------------------------------------------
    def new_profile(self) -> None:
        if self.unsaved():  # the button waits meanwhile; never lose what is typed
            return
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.message.clear()
        self._show(None)
        self.name.setFocus()

    def save(self) -> bool:
        """Save the form as the office's profile; False, with the reason shown, when it is not."""
        if self._read_only:
            return False
        operator = (self._operator() or "").strip()
        if not operator:
            self.message.setText(NO_OPERATOR)
            return False
        typed = self._typed()
        self._current_was_new = self._current is None
        office = [p for p in self._profiles if p.office]
        same_name = next((p for p in office if p.id != typed.id
                          and p.name.casefold() == typed.name.casefold()), None)  # fmt: skip
        if typed.name and same_name is not None:
            self.message.setText(
                f"The office already has a profile named {same_name.name}: Discard changes, "
                "then choose it in the list to change it."
            )
            return False
        if not typed.id:
            typed = typed._replace(id=new_profile_id(typed.name, {p.id for p in office}))
        try:
            saved = self.directory.save(typed, operator=operator)
        except UserFacingError as exc:  # the service's word: a field, a role, the store
            self.message.setText(capitalized(str(exc)).rstrip(".") + ". Nothing was saved.")
            return False
        self.changed = True
        replaced = next((p for p in self.directory.shipped if p.id == saved.id), None)
        self.reload(select=saved.id)
        instead = (
            f" It takes the place of the profile of {replaced.name} shipped with the app "
            "(Remove the office's version brings that back)."
            if replaced is not None and self._current_was_new else ""
        )  # fmt: skip
        self.message.setText(
            f"Saved {saved.name}: every workstation's letters to this payer use it from now on."
            + instead
        )
        return True

    def remove(self) -> None:
        """Forget the office's version of the shown profile (a shipped one applies again)."""
        current = self._current
        if self._read_only or current is None or not current.office:
            return
        operator = (self._operator() or "").strip()
        if not operator:
            self.message.setText(NO_OPERATOR)
            return
        shipped = next((p for p in self.directory.shipped if p.id == current.id), None)
        after = (
            f"The shipped profile of {shipped.name} applies again." if shipped is not None
            else "Letters to this payer use no profile then."
        )  # fmt: skip
        if not msgbox.ask_yes_no(
            self, "Remove payer profile", f"Remove the office's profile of {current.name}? {after}"
        ):
            return
        try:
            self.directory.remove(current.id, operator=operator)
        except UserFacingError as exc:
            self.message.setText(capitalized(str(exc)).rstrip(".") + ". Nothing was removed.")
            return
        self.changed = True
        self.reload(select=current.id)
        self.message.setText(f"Removed the office's profile of {current.name}. {after}")

    def discard(self) -> None:
        """Put the form back as the chosen profile (or an empty new one) is stored."""
        self._show(self._current)
        self.message.clear()

    def reject(self) -> None:
        """Close (Esc, the Close button, the title bar's x): unsaved changes are asked about."""
        if self._may_leave():
            super().reject()
