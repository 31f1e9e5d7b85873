"""A list's selection in the highlight colour only while the list has the keyboard.

Why: Fusion paints a list's selected row in the same strong highlight whether the list has the
keyboard or not, and marks the focused list only by a one-pixel edge. A keyboard user who
pressed Tab could not tell whether the search results, the candidate codes or the case table
would take the next arrow key or Enter (the keyboard-only walkthrough). Desktop systems answer
this the same way: the list with the keyboard shows its selection in the highlight colour, the
others in a light tint of it with the ordinary text colour, so the selection stays readable and
the keyboard's place shows at a glance.

Only the palette's Highlight and HighlightedText of the list change (both colour groups), so the
rows' delegates, which paint from the option's palette, follow without a change of their own;
every other role stays inherited, and the tint is worked out from the palette of the moment, so
a light or dark theme gets its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from cdt_desktop.ui.common.palette import mixed

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QAbstractItemView, QWidget

TINT = 0.3
"""How much of the highlight colour the resting selection keeps (the rest is the list's
background): light blue on white, dark navy on a dark theme; its text keeps at least 4.5:1."""

_ROLES = (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText)
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def resting_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """The selection's background and text while the list does not have the keyboard."""
    group = QPalette.ColorGroup.Active
    high = palette.color(group, QPalette.ColorRole.Highlight)
    base = palette.color(group, QPalette.ColorRole.Base)
    return mixed(base, high, TINT), palette.color(group, QPalette.ColorRole.Text)


def show_selection(view: QAbstractItemView, focused: bool) -> None:
    """The selection's colours for a list with (``focused``) or without the keyboard."""
    palette = QPalette()  # no role set: the list inherits every colour...
    if not focused:  # ...but the resting selection's two
        background, text = resting_colours(QApplication.palette(view))
        for group in _GROUPS:
            palette.setColor(group, _ROLES[0], background)
            palette.setColor(group, _ROLES[1], text)
    view.setPalette(palette)


class SelectionFollowsFocus:
    """Mixin, first base of a list view class: the selection's colours follow the keyboard.

    Focus-in and focus-out overrides, not an event filter: a Python ``eventFilter`` sees every
    event of the list, and PySide6 then builds the Python classes of all QEvent subclasses
    (about 1 MiB; ``ui/common/fields.py``). A theme switched while the app runs reaches a list
    without the keyboard at its next focus change.
    """

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)  # type: ignore[misc]
        show_selection(self, True)  # type: ignore[arg-type]

    keyboard_partners: tuple[QWidget, ...] = ()
    """Widgets whose keys act on this list (the search box: Enter opens the results' current
    row), so the list shows its selection as focused while they have the keyboard."""

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)  # type: ignore[misc]
        if event.reason() == Qt.FocusReason.PopupFocusReason:  # a menu opened over the list:
            return  # the keyboard comes back
        show_selection(self, has_keyboard(self))  # type: ignore[arg-type]


def has_keyboard(view: QAbstractItemView) -> bool:
    """Whether the list's selection shows as focused: the list or a partner has the keyboard."""
    partners = getattr(view, "keyboard_partners", ())
    return view.hasFocus() or QApplication.focusWidget() in partners


def share_keyboard(view: SelectionFollowsFocus, *partners: QWidget) -> None:
    """``view`` shows its selection as focused while it or one of ``partners`` has the
    keyboard (a partner's own focus changes come by the application's focusChanged signal)."""
    view.keyboard_partners = partners
    _PartnerFocus(view, partners)


class _PartnerFocus(QObject):
    def __init__(self, view: SelectionFollowsFocus, partners: tuple[QWidget, ...]) -> None:
        super().__init__(view)  # type: ignore[arg-type]
        self._view, self._partners = view, partners
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._moved)

    def _moved(self, old: QWidget | None, now: QWidget | None) -> None:
        if now in self._partners:
            show_selection(self._view, True)  # type: ignore[arg-type]
        elif old in self._partners and now is not self._view:
            show_selection(self._view, False)  # type: ignore[arg-type]


class _NewColours(QObject):
    """The resting tint worked out again when the app's colours change (View > Dark colours,
    a new system theme): it was the old palette's. A child of its list, so it goes with it."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.paletteChanged.connect(self.refresh)

    def refresh(self) -> None:
        show_selection(self._view, has_keyboard(self._view))


def selection_follows_focus(*views: QAbstractItemView) -> None:
    """Start each list (its class has the mixin) in the colours for where the keyboard is, and
    keep them so when the app's colours change."""
    for view in views:
        show_selection(view, has_keyboard(view))
        _NewColours(view)
