"""A date field that keeps what was typed: YYYY-MM-DD or MM/DD/YYYY, or a day picked from a
calendar (F4, Alt+Down or the calendar button beside it).

Why not Qt's date box: it turns an impossible typed date into another one without a word
(2026-02-31 became 2026-02-03; the 31st typed in November became the 30th; a month typed over
March 31 made February 28). A claim's date saved that way is a wrong date on the appeal and a
wrong deadline. Here an impossible date stays as typed and ``problem()`` says why it is refused.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QMenu, QToolButton, QWidget, QWidgetAction

from cdt_desktop.domain.dates import US_DATE, date_problem, typed_date
from cdt_desktop.ui.common.fields import KeyLineEdit

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QKeyEvent


class DateField(KeyLineEdit):
    """A typed date, no later than ``latest`` when given (a status records what happened)."""

    def __init__(self, day: date, parent: QWidget | None = None, *, latest: date | None = None):
        super().__init__(day.isoformat(), parent)
        self._latest = latest
        self._entered = False  # the first focus (the dialog opening) selects the date
        self.setPlaceholderText(f"YYYY-MM-DD or {US_DATE}")
        # No 10-character limit: a full field then took no more keys, so a date typed over
        # today's (cursor at the end) was lost without a word and OK saved today's date.
        self.setMaxLength(40)
        self.setToolTip(f"Type the date (YYYY-MM-DD or {US_DATE}); F4 opens a calendar")
        self.editingFinished.connect(self._normalize)
        self.button = QToolButton(parent)
        self.button.setText("Calendar…")
        self.button.setAccessibleName("Pick the date from a calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the next field
        self.button.clicked.connect(self.show_calendar)

    def value(self) -> date | None:
        """The date typed; None while it is not a real date (never a nearby one)."""
        return typed_date(self.text())

    def set_date(self, day: date) -> None:
        self.setText(day.isoformat())

    def problem(self) -> str:
        """Why the typed date cannot be taken ("" when it can)."""
        return date_problem(self.text(), latest=self._latest)

    def show_calendar(self) -> QMenu:
        """A month calendar under the field; the day clicked (or Enter) is typed in."""
        menu = QMenu(self)
        menu.setObjectName("dateCalendar")
        menu.aboutToHide.connect(menu.deleteLater)  # a new one each time
        picker = QCalendarWidget(menu)
        picker.setGridVisible(True)
        if self._latest is not None:
            picker.setMaximumDate(_qdate(self._latest))
        shown = self.value() or self._latest or date.today()
        picker.setSelectedDate(_qdate(shown))
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(picker)
        menu.addAction(holder)

        def picked(day: QDate) -> None:
            self.set_date(date(day.year(), day.month(), day.day()))
            menu.close()

        picker.activated.connect(picked)
        picker.clicked.connect(picked)
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        picker.setFocus()
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if event.key() == Qt.Key.Key_F4 or alt_down:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Arriving other than by a click (the dialog opening here, Tab, a refused date, the
        calendar closing) selects the date, so the one typed replaces it, as in a date box;
        coming back from another window (the EOB read in a PDF) keeps the cursor where it was."""
        super().focusInEvent(event)
        reason = event.reason()
        back = reason == Qt.FocusReason.ActiveWindowFocusReason and self._entered
        self._entered = True
        if reason != Qt.FocusReason.MouseFocusReason and not back:
            self.selectAll()

    def take_focus(self) -> None:
        """Back to the field (a refused date) with the date selected: the next one typed
        replaces it."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.selectAll()

    def _normalize(self) -> None:
        """11/30/2026 reads back as 2026-11-30 (a date that is not real stays as typed)."""
        if (day := typed_date(self.text())) is not None:
            self.setText(day.isoformat())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
