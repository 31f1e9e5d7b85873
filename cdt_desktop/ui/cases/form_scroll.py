"""The case form's fields kept in view as the keyboard moves through them.

Qt scrolls its scroll area only for a Tab move between the area's own fields: Shift+Tab from
Save to the enclosures, a Tab from Cancel round to a field, a section's Alt letter, or Enter's
move to the next field left the focus out of sight (keyboard walkthroughs). A click is left
where it is: nothing moves under the pointer.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

MARGIN = 24
"""Room kept around a field scrolled into view (px)."""


class FieldScroller(QObject):
    """Scrolls ``scroll``'s field that gets the keyboard's focus wholly into view; a child of
    the form, so Qt drops the application's focus signal with it."""

    def __init__(self, scroll: QScrollArea, parent: QWidget) -> None:
        super().__init__(parent)
        self._scroll = scroll
        app = QApplication.instance()
        if isinstance(app, QApplication):  # a method, not a lambda: Qt drops it with the form
            app.focusChanged.connect(self._focus_moved)

    def _field(self, widget: QWidget | None) -> QWidget | None:
        """``widget`` when it is one of the area's fields, else None (also while the form is
        being deleted: the focus moves as its fields go, after the area)."""
        try:
            body = self._scroll.widget()
            if widget is None or body is None or not body.isAncestorOf(widget):
                return None
        except RuntimeError:  # the area's C++ object is gone
            return None
        return widget

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        # a click is left where it is; so is coming back from another window (Alt+Tab: the
        # form scrolled back to the field, undoing the wheel's scrolling: review)
        if old is None or QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return
        field = self._field(new)
        if field is not None:
            self._into_view(field)
            # once more when the layout has settled (a chosen diagnosis hides its offer)
            QTimer.singleShot(0, self, self._focused_into_view)

    def _focused(self) -> QWidget | None:
        """The form's focused widget when it is one of the area's fields, else None."""
        form = self.parent()
        return self._field(form.focusWidget() if isinstance(form, QWidget) else None)

    def _focused_into_view(self) -> None:
        field = self._focused()
        if field is not None:
            self._into_view(field)

    def _into_view(self, field: QWidget) -> None:
        """The whole field in view with a margin, not only its caret (ensureWidgetVisible's
        aim for a text box: the Enclosures box stood half under the buttons)."""
        body = self._scroll.widget()
        if body is None:
            return
        centre = field.mapTo(body, field.rect().center())
        half = field.size() / 2
        self._scroll.ensureVisible(
            centre.x(), centre.y(), half.width() + MARGIN, half.height() + MARGIN
        )

    def show_focused(self) -> None:
        """Scroll the fields so the one Enter moved to is on screen (Tab's move scrolls by
        itself; Enter's did not, and the clerk typed the NPI into a field out of sight)."""
        field = self._focused()
        if field is not None:
            self._scroll.ensureWidgetVisible(field, MARGIN, MARGIN)
