"""Fields and lists that handle their owner's keys and give the window its shortcuts, without
an event filter.

Why not an event filter: a Python ``eventFilter`` (or ``event``/``changeEvent``) sees every
event of the widget, so PySide6 wraps each one in a Python object, and the first plain QEvent
makes it build the Python classes of all ~50 QEvent subclasses: about 1 MiB of memory and
several milliseconds of start-up for events nobody looks at. A ``keyPressEvent`` override is
called for key presses only.

What they do with a key press, in order:

1. The window's shortcuts win over the field (``shortcuts``, the window's
   :class:`ShortcutForwarder`): a focused text field claims keys such as Ctrl+E or Ctrl+K for
   its own editing (Qt's "shortcut override"), so the key comes to the field instead of the
   window's action; the field hands it to the action.
2. The owner's keys (``on_key``): Down from a search box into its results, Enter opens, Esc
   clears. ``on_key`` returns True when it used the key.
3. Otherwise the widget's own handling (typing, moving the cursor).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QLineEdit, QListView

from cdt_desktop.ui.common.focus_selection import SelectionFollowsFocus

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

KeyHandler = Callable[["QKeyEvent"], bool]


class ShortcutForwarder(Protocol):
    """The window's shortcuts for its fields (ui/shell/menus.py builds the one in use)."""

    def forward(self, event: QKeyEvent) -> bool:
        """Run the window's action for the pressed key; True when there was one (enabled)."""
        ...


def handled(
    event: QKeyEvent, shortcuts: ShortcutForwarder | None, on_key: KeyHandler | None
) -> bool:
    """Steps 1 and 2 above: True when the key was used (the widget must not handle it)."""
    if shortcuts is not None and shortcuts.forward(event):
        return True
    return on_key is not None and on_key(event)


class KeyLineEdit(QLineEdit):
    """A line edit that passes the window's shortcuts on and lets its owner handle keys."""

    shortcuts: ShortcutForwarder | None = None
    on_key: KeyHandler | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handled(event, self.shortcuts, self.on_key):
            super().keyPressEvent(event)


class KeyListView(SelectionFollowsFocus, QListView):
    """A list view whose owner handles some keys (Enter, Esc, Up at the top)."""

    on_key: KeyHandler | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handled(event, None, self.on_key):
            super().keyPressEvent(event)
