"""View > System / Light / Dark colours: the app's colours chosen in the app, remembered.

Why: the app follows the system's light or dark colours where Qt can read them (Windows 11,
macOS, a GNOME or KDE desktop with its platform theme). Elsewhere, a Linux desktop without the
GTK platform theme or an office PC whose operatory wants a dim screen, there was no way to get
dark colours (the billing walkthrough could not). Qt's own request for a colour scheme
(``QStyleHints.setColorScheme``) does nothing on those platforms, so "Dark" sets a dark palette
on the Fusion style, which draws every control from the palette (the native Windows 10 style
would not); "Light" sets Fusion's standard light palette; "System" gives the platform's palette
and style back. The panes read their colours from the palette as they paint (the chart,
the status marks, the code detail's links), so a change shows at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

SYSTEM, LIGHT, DARK = "system", "light", "dark"
APPEARANCES = (SYSTEM, LIGHT, DARK)

_R = QPalette.ColorRole
DARK_COLOURS: dict[QPalette.ColorRole, str] = {
    _R.Window: "#2b2b2b", _R.WindowText: "#e6e6e6", _R.Base: "#1e1e1e",
    _R.AlternateBase: "#262626", _R.Text: "#e6e6e6", _R.Button: "#383838",
    _R.ButtonText: "#e6e6e6", _R.BrightText: "#ffffff", _R.Highlight: "#2f65ca",
    _R.HighlightedText: "#ffffff", _R.ToolTipBase: "#383838", _R.ToolTipText: "#e6e6e6",
    _R.PlaceholderText: "#a0a0a0", _R.Link: "#8ab4f8", _R.LinkVisited: "#c58af9",
    _R.Light: "#4a4a4a", _R.Midlight: "#404040", _R.Mid: "#303030", _R.Dark: "#1a1a1a",
    _R.Shadow: "#0a0a0a",
}  # fmt: skip
"""Grey, not black, so the panes' edges still show; text at least 4.5:1 on every surface."""
DISABLED_TEXT = "#808080"

_STYLE_AT_START: list[str] = []


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (_R.WindowText, _R.Text, _R.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


DARK_MENU_EDGE = "#6b6b6b"
"""A menu's edge in dark colours: 3:1 against the lists' base (#1e1e1e) a menu opens over."""


def outlined(menu: QMenu) -> QMenu:
    """``menu`` with an edge that shows in dark colours: Fusion draws a menu's frame from the
    window colour, near the dark lists' base, so a right-click menu on the case list had almost
    no border (walkthrough). A style sheet on the menu alone (never the application's: that
    would cost every widget at start-up); light colours keep Fusion's own."""
    from cdt_desktop.ui.common.palette import is_dark

    if is_dark(QApplication.palette()):
        menu.setStyleSheet(f"QMenu {{ border: 1px solid {DARK_MENU_EDGE}; }}")
    return menu


def apply_appearance(choice: str) -> None:
    """The app's colours for ``choice`` (one of APPEARANCES; anything else: the system's).

    Light and Dark are drawn by Fusion with its own palette, so they look the same on every
    PC: a native style (Windows 11, macOS) draws some controls in the system's scheme whatever
    the palette says, which gave dark controls with black text on a dark system set to Light.
    Where Qt can ask the platform for a scheme it is asked too (title bars, native dialogs)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _STYLE_AT_START:
        _STYLE_AT_START.append(app.style().name())
    _ask_platform(choice)
    if choice in (LIGHT, DARK):
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        app.setPalette(dark_palette() if choice == DARK else app.style().standardPalette())
        return
    if app.style().name() != _STYLE_AT_START[0]:
        app.setStyle(_STYLE_AT_START[0])
    app.setPalette(QPalette())  # no colour set: the platform's palette again


def _ask_platform(choice: str) -> None:
    from PySide6.QtCore import Qt

    hints = QApplication.styleHints()
    scheme = {LIGHT: Qt.ColorScheme.Light, DARK: Qt.ColorScheme.Dark}.get(
        choice, Qt.ColorScheme.Unknown
    )
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+; does nothing where the platform cannot
        hints.setColorScheme(scheme)
