"""View > Zoom on a small screen: the window stays within the screen.

Why: at 125 % scaling a 1366x768 laptop has 1093 logical px across. Each Zoom in step makes
the panes' text, and so the window's least width, larger: two steps made the window 1430 px
wide on that screen, the checklist and the case buttons went off its right edge, and Zoom out
left the window that wide (office manager walkthrough at 125 %). Now a Zoom in step that would
make the window larger than the screen's free area is not taken (the status bar says so and
which zoom is kept), a start with a zoom remembered from a larger screen takes the largest
step that fits, and after any zoom a window that leaves the screen is brought back within it.

Where the window does not fit even at 100 % (a screen smaller than any step) a step is not
refused: there is nothing to keep on screen. Imported at the first zoom, never at start-up
at 100 %.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize

from cdt_desktop.ui.shell.parts import free_size

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow


def room(widget: QMainWindow) -> QSize:
    """The size the window may have: the screen's free area less the window's frame; for a
    maximised window less its title bar only (its side borders lie off the screen: Windows)."""
    free = free_size(widget)
    if widget.isMaximized() or widget.isFullScreen():
        return QSize(free.width(), free.height() - (widget.y() - widget.frameGeometry().y()))
    return free - (widget.frameGeometry().size() - widget.geometry().size())


def fits(widget: QMainWindow, free: QSize) -> bool:
    """The window's least size (its panes' text at the zoom applied now) fits in ``free``."""
    least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return least.width() <= free.width() and least.height() <= free.height()


def within_screen(widget: QMainWindow, free: QSize, maximised: bool) -> None:
    """After a zoom: a window whose frame leaves the screens (the zoom grew it, or it stood
    near the right edge: review) is brought back within its screen, resized down to its least
    size and moved, where its least size fits; a window spanning two screens is left as it is.
    A window maximised before the zoom is so again (growing past the screen had made it a
    normal one)."""
    screen = widget.screen()
    if screen is not None and fits(widget, free):
        frame = widget.frameGeometry()
        if not screen.availableVirtualGeometry().contains(frame):
            if widget.width() > free.width() or widget.height() > free.height():
                widget.resize(widget.size().boundedTo(free))
                frame = widget.frameGeometry()
            area = screen.availableGeometry()
            x = max(area.left(), min(frame.x(), area.right() + 1 - frame.width()))
            y = max(area.top(), min(frame.y(), area.bottom() + 1 - frame.height()))
            if (x, y) != (frame.x(), frame.y()):
                widget.move(x, y)  # (a window's position is its frame's)
    if maximised and not widget.isMaximized():
        widget.showMaximized()


def refused_words(wanted: int, kept: int) -> str:
    """The status bar's words for a Zoom in step that does not fit."""
    return f"Zoom {wanted} % would make the window larger than this screen: kept {kept} %"
