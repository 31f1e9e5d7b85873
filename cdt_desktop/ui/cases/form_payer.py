"""Under the case form's payer name: the payer profile the letters will follow for the name as
typed, and the profiles' names offered as it is typed.

A claim's letter takes the payer profile whose name the case's payer name contains (or the one
its file names by id): the appeals address when none is typed, the appeal window for the
deadline, a signature line, the enclosures. A name typed a little differently ("Delta Dental
of OH" for the office's "Delta Dental of Ohio") matched none, and nothing said so until the
letter went out with a 180-day window. The note says which profile applies, or that none does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCompleter, QLabel, QLineEdit, QWidget

from cdt_desktop.domain.appeal.profiles import PayerProfile, kept_profile_id, profile_for
from cdt_desktop.domain.cases.status import DEFAULT_APPEAL_WINDOW_DAYS
from cdt_desktop.ui.cases.form_editors import Field, FormFields

PAYER_NAME: Field = ("payer", "name")


def profile_words(profile: PayerProfile | None, typed: str) -> str:
    """What the note says for the payer name ``typed`` (shown before any is typed too: it came
    once typing started and pushed the fields below 44 px down, walkthrough)."""
    if not typed.strip():
        return (
            "Type the payer's name as on its EOBs: the letters follow the payer profile it names."
        )
    if profile is None:
        return (
            "No payer profile matches this name: the letter goes to the address typed below, "
            f"with a {DEFAULT_APPEAL_WINDOW_DAYS}-day appeal window. File > Payer profiles… "
            "keeps one for this payer."
        )
    whose = "the office's" if profile.office else "shipped with the app"
    if profile.unconfirmed:
        whose += ", not confirmed"
    address = "; its appeals address when none is typed" if profile.address else ""
    return (
        f"The letters follow the payer profile {profile.name} ({whose}): a "
        f"{profile.window_days}-day appeal window{address}."
    )


class ClickThroughCompleter(QCompleter):
    """A completer whose open list does not swallow a click elsewhere. Qt's list closes on a
    press outside it and eats that press, so a click in the Address box left the keyboard in
    the payer's name, and the address was typed onto the name ("Delta DentalPO Box 9085": two-PC
    walk). The press is handed on to what was clicked, as if no list had been open."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        popup = self.popup()
        if (
            watched is not popup
            or event.type() != QEvent.Type.MouseButtonPress
            or not isinstance(event, QMouseEvent)
            or popup.rect().contains(event.position().toPoint())
        ):
            return super().eventFilter(watched, event)
        where = event.globalPosition()
        press = (event.button(), event.buttons(), event.modifiers())
        handled = super().eventFilter(watched, event)  # the list closes
        target = QApplication.widgetAt(where.toPoint())
        if target is None or target is popup or popup.isAncestorOf(target):
            return handled
        taker: QWidget | None = target  # the keyboard, as a click gives it (a text box's
        while taker is not None and not taker.focusPolicy() & Qt.FocusPolicy.ClickFocus:
            taker = taker.parentWidget()  # viewport takes none: its box does)
        if taker is not None:
            taker.setFocus(Qt.FocusReason.MouseFocusReason)
        local = target.mapFromGlobal(where)  # the cursor where it was clicked; a button pressed
        QApplication.sendEvent(
            target, QMouseEvent(QEvent.Type.MouseButtonPress, local, where, *press)
        )
        return handled


class PayerProfileNote(QLabel):
    """The note under the payer's name, following what is typed; the name field offers the
    profiles' names (any part of the name typed)."""

    def __init__(
        self, name: QLineEdit, profiles: tuple[PayerProfile, ...], profile_id: str,
        parent: QWidget,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("payerProfileNote")
        self.setTextFormat(Qt.TextFormat.PlainText)  # payer names shown as typed
        self.setWordWrap(True)
        self._name, self._profiles, self._profile_id = name, profiles, profile_id
        self._saved_name = name.text()  # the id is the saved payer's (kept_profile_id)
        names = list(dict.fromkeys(p.name for p in profiles))
        if names and name.isEnabled() and not name.isReadOnly():
            completer = ClickThroughCompleter(names, name)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            name.setCompleter(completer)
        name.textChanged.connect(self.follow)
        self.follow()

    def profile(self) -> PayerProfile | None:
        typed = self._name.text()
        kept = kept_profile_id(self._profile_id, self._saved_name, typed)
        return profile_for(kept, typed, self._profiles)

    def follow(self, *_args: object) -> None:
        words = profile_words(self.profile(), self._name.text()) if self._profiles else ""
        self.setText(words)
        self.setVisible(bool(words))


def note_payer_profile(
    fields: FormFields, profiles: Callable[[], tuple[PayerProfile, ...]] | None, profile_id: str
) -> PayerProfileNote | None:
    """The note under the payer name field (call after `FormFields.limit_to`); none when the
    window has no profiles to offer."""
    name, stack = fields.editors.get(PAYER_NAME), fields.stacks.get(PAYER_NAME)
    if profiles is None or stack is None or not isinstance(name, QLineEdit):
        return None
    holder = stack.parentWidget()
    if holder is None:
        return None
    note = PayerProfileNote(name, tuple(profiles()), profile_id, holder)
    stack.insertWidget(1, note)  # between the field and its problem line
    return note
