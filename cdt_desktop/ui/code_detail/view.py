"""The code detail view: everything we know about one code, readable at a glance.

Why generated HTML in a QTextBrowser: the sections vary per code (a diagnostic code has no denial
list), the text wraps and scrolls for free, and links between codes are ordinary anchors. Every
value from the library or an imported code set goes through ``html.escape`` (an imported CDT file
is user data); links use the private ``code:`` scheme, ``setOpenLinks(False)`` keeps Qt from
following them, and ``anchorClicked`` opens the code here. Colours come from the palette, so light
and dark system themes both read well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from cdt_desktop.domain.reference import CodeEntry
from cdt_desktop.ui.common.palette import readable_on

if TYPE_CHECKING:  # a link click hands over a QUrl; importing it at start builds 5 enum classes
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QKeyEvent

    from cdt_desktop.ui.common.fields import ShortcutForwarder

CODE_RE = re.compile(r"^D[0-9]{4}$")  # ASCII digits: \d takes any script's too
SCHEME = "code"


class CodeSource(Protocol):
    def get(self, code: str) -> CodeEntry | None: ...

    def names(self) -> dict[str, str]: ...


@cache
def _html_escape() -> Callable[[str], str]:
    from html import escape as html_escape

    return html_escape


MAX_DESCRIPTOR_SHOWN = 10_000


def _displayable(text: str) -> str:
    """A licensed descriptor comes from the practice's file: elided and with long runs broken,
    so a 1 MB token cannot freeze the window (issue 15 item 13)."""
    from cdt_desktop.core.text import break_long_runs, elide

    return break_long_runs(elide(text, MAX_DESCRIPTOR_SHOWN))


def escape(text: str) -> str:
    """``html.escape``, imported on first use: the start-up page needs none, and importing
    ``html`` loads its 2,000-entry entity table (~2 ms)."""
    return _html_escape()(text)


def code_link(code: str, names: Mapping[str, str]) -> str:
    """``D3320 Root canal, premolar`` as a ``code:`` link (plain text if the code is malformed)."""
    name = names.get(code, "")
    label = f"<b>{escape(code)}</b>" + (f" {escape(name)}" if name else "")
    if not CODE_RE.match(code):
        return label
    return f'<a href="{SCHEME}:{escape(code)}">{label}</a>'


def _items(values: Iterable[str]) -> str:
    return "".join(f"<li>{escape(value)}</li>" for value in values)


def _section(title: str, body: str) -> str:
    return f"<h3>{escape(title)}</h3>{body}" if body else ""


def _list_section(title: str, values: Iterable[str]) -> str:
    items = _items(values)
    return _section(title, f"<ul>{items}</ul>") if items else ""


def style_sheet(palette: QPalette) -> str:
    """CSS for the document from the palette (light and dark themes)."""
    base = palette.color(QPalette.ColorRole.Base)
    # a dark theme often keeps the light theme's blue link and grey text: at least 4.5:1 here
    muted = readable_on(palette.color(QPalette.ColorRole.PlaceholderText), base).name()
    link = readable_on(palette.color(QPalette.ColorRole.Link), base).name()
    warn = "#b3261e" if palette.color(QPalette.ColorRole.Base).lightness() > 128 else "#ff8a80"
    return (
        "body { line-height: 140%; }"
        "h1 { font-size: x-large; margin: 0 0 2px 0; }"
        "h3 { font-size: medium; margin: 14px 0 4px 0; }"
        f".muted {{ color: {muted}; }}"
        f".warn {{ color: {warn}; font-weight: bold; }}"
        f"a {{ color: {link}; text-decoration: none; }}"
        "ul { margin: 0 0 0 -18px; }"
        "li { margin-bottom: 3px; }"
        "td { padding: 2px 8px 4px 0; vertical-align: top; }"
    )


def render_entry_html(entry: CodeEntry, names: Mapping[str, str], change: str = "") -> str:
    """The detail page of one code as HTML; every value escaped. ``change``: what the
    practice's licensed code set changes of it (``editions.licensed_change_words``)."""
    parts: list[str] = []
    parts.append(f"<h1>{escape(entry.code)} · {escape(entry.name)}</h1>")
    where = " › ".join(escape(p) for p in (entry.category, entry.subcategory) if p)
    edition = f" · reviewed for {escape(entry.edition)}" if entry.edition else ""
    parts.append(f'<p class="muted">{where}{edition}</p>')
    if entry.is_deleted:
        replaced = ", ".join(code_link(c, names) for c in entry.replaced_by)
        instead = f" Report {replaced} instead." if replaced else ""
        parts.append(f'<p class="warn">Deleted code: do not report it.{instead}</p>')
    if change:
        parts.append(f'<p class="warn">{escape(change)}</p>')
    if entry.series:
        step = f", {escape(entry.series_step)} visit" if entry.series_step else ""
        parts.append(f'<p class="muted">Part of the {escape(entry.series)} series{step}.</p>')

    overview = f"<p>{escape(entry.summary)}</p>"
    if entry.licensed_descriptor:
        overview += (
            '<p class="muted">Descriptor from your licensed CDT code set:</p>'
            # its paragraphs (the nomenclature, then the descriptor) apart: one run-on line
            # read "...(excluding final restoration) Practice licensed text" (office walk)
            + "".join(
                f"<blockquote>{escape(_displayable(part))}</blockquote>"
                for part in entry.licensed_descriptor.split("\n\n")
                if part.strip()
            )
        )
    if entry.synonyms:
        overview += f'<p class="muted">Also found as: {escape(", ".join(entry.synonyms))}</p>'
    parts.append(_section("Overview", overview))
    parts.append(_list_section("When to use", entry.when_to_use))
    parts.append(_list_section("When not to use", entry.when_not_to_use))
    if entry.comparisons:
        rows = "".join(
            f"<tr><td>{code_link(c.code, names)}</td><td>{escape(c.difference)}</td></tr>"
            for c in entry.comparisons
        )
        parts.append(_section("Similar codes and how they differ", f"<table>{rows}</table>"))
    parts.append(_list_section("Documentation requirements", entry.documentation))
    if entry.checklist:
        required = [
            f"{item.text}" + ("" if item.required else " (if applicable)")
            for item in entry.checklist
        ]
        parts.append(_list_section("Checklist", required))
    parts.append(_list_section("Billing tips", entry.billing_tips))
    parts.append(_list_section("Prior authorization", entry.prior_auth_tips))
    if entry.denials:
        rows = "".join(
            f"<li><b>{escape(d.reason)}</b><br/>"
            f'<span class="muted">Counter:</span> {escape(d.counter)}</li>'
            for d in entry.denials
        )
        parts.append(_section("Common denials and how to answer them", f"<ul>{rows}</ul>"))
    if entry.faq:
        rows = "".join(
            f"<p><b>{escape(f.question)}</b><br/>{escape(f.answer)}</p>" for f in entry.faq
        )
        parts.append(_section("Questions", rows))
    if entry.related:
        links = "".join(f"<li>{code_link(c, names)}</li>" for c in entry.related)
        parts.append(_section("Related and co-billed codes", f"<ul>{links}</ul>"))
    if entry.verify:
        parts.append(_list_section("Check against your licensed CDT file", entry.verify))
    return "".join(parts)


def welcome_html() -> str:
    return (
        "<h1>Find a code</h1>"
        '<p class="muted">Search on the left (Ctrl+K) or click a tooth in the chart. '
        "The code's guidance, documentation needs, denial counters and similar codes "
        "appear here.</p>"
    )


def unknown_html(code: str) -> str:
    return (
        f"<h1>{escape(code)}</h1>"
        '<p class="warn">This code is not in the reference library.</p>'
        '<p class="muted">Check the number, or import your licensed CDT code set.</p>'
    )


class CodeDetail(QTextBrowser):
    """Shows one code; ``code:`` links open the linked code; ``codeShown`` says which."""

    codeShown = Signal(str)

    def __init__(self, library: CodeSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeDetail")
        self.setAccessibleName("Code detail")
        self.setAccessibleDescription(
            "Guidance for the selected code; links open similar codes (a click, or type the "
            "code in search)."
        )
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # One Tab stop, as every pane: with its links open to the keyboard, a code's page (some
        # twenty links) took twenty Tabs before the operator and the checklist
        flag = Qt.TextInteractionFlag
        self.setTextInteractionFlags(
            flag.TextSelectableByMouse | flag.LinksAccessibleByMouse | flag.TextSelectableByKeyboard
        )
        self._library = library
        self._names: dict[str, str] | None = None
        self._code: str | None = None
        self._history: list[str] = []
        self._code_notes: Mapping[str, str] = {}
        self.anchorClicked.connect(self._follow)
        self.shortcuts: ShortcutForwarder | None = None
        # A new system theme (dark mode) changes the application's palette. The signal, not a
        # changeEvent override: an override sees every change event of the widget in Python
        # (ui/common/fields.py says what that costs at start).
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.paletteChanged.connect(self._palette_changed)
        self._css = ""
        self._apply_style()
        self._show_html(welcome_html())

    def names(self) -> dict[str, str]:
        if self._names is None:  # loaded on first use, not at start-up
            self._names = dict(self._library.names())
        return self._names

    def set_shortcut_forwarder(self, shortcuts: ShortcutForwarder) -> None:
        """The window's shortcuts win over the text's own keys."""
        self.shortcuts = shortcuts

    def current_code(self) -> str | None:
        return self._code

    def set_code_notes(self, notes: Mapping[str, str]) -> None:
        """Codes the practice's newest licensed CDT edition deleted or revised ("deleted in
        CDT 2027"): their pages say so. The page shown now follows."""
        if dict(notes) != dict(self._code_notes):
            self._code_notes = dict(notes)
            self.refresh()

    def _change(self, code: str) -> str:
        note = self._code_notes.get(code, "")
        if not note:  # (the editions' module loads only for a code the licensed set changed)
            return ""
        from cdt_desktop.domain.coding.editions import licensed_change_words

        return licensed_change_words(note)

    def show_code(self, code: str) -> bool:
        """Show ``code``; returns False (and says so in the view) when it is unknown."""
        code = code.strip().upper()
        if code == self._code:
            return True
        entry = self._library.get(code) if CODE_RE.match(code) else None
        if self._code:
            self._history.append(self._code)
        self._code = code
        if entry is None:
            self._show_html(unknown_html(code))
            self.codeShown.emit(code)
            return False
        self._show_html(render_entry_html(entry, self.names(), self._change(code)))
        self.verticalScrollBar().setValue(0)
        self.codeShown.emit(code)
        return True

    def show_start(self) -> None:
        """The start page ("Find a code") with no Back history: Close case / Next patient, so
        the next patient's coding never starts under the last one's code (tour8)."""
        self._code = None
        self._history = []
        self._show_html(welcome_html())

    def go_back(self) -> bool:
        """Back to the previously shown code (Alt+Left / mouse back button)."""
        if not self._history:
            return False
        previous = self._history.pop()
        self._code = None
        self.show_code(previous)  # with no current code, nothing is pushed onto the history
        return True

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == SCHEME and CODE_RE.match(url.path()):
            self.show_code(url.path())

    def _apply_style(self, palette: QPalette | None = None) -> None:
        """The style sheet of the pages shown from now on (light or dark palette)."""
        self._css = style_sheet(palette or self.palette())

    def page_style(self) -> str:
        """The CSS the pages are shown with."""
        return self._css

    def _show_html(self, html: str) -> None:
        # The page carries its style sheet: the document's default style sheet would need the
        # QTextDocument wrapper at start (one more Qt class and 5 enum classes to build).
        self.setHtml(f"<style>{self._css}</style>{html}")

    def _palette_changed(self, palette: QPalette) -> None:
        """The application's new palette (the widgets follow it right after this signal)."""
        self._apply_style(palette)
        self.refresh()

    def refresh(self) -> None:
        """Show the current code again, read afresh (a new palette, a newly imported CDT
        file); the Back history stays as it was."""
        code, self._code = self._code, None
        if code:
            history = list(self._history)
            self.show_code(code)
            self._history = history
        else:  # the start page too: its grey text kept the old palette's (walkthrough: black
            self._show_html(welcome_html())  # on the dark background after View > Dark)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.shortcuts is not None and self.shortcuts.forward(event):
            return
        if event.key() == Qt.Key.Key_Left and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.go_back()
            return
        super().keyPressEvent(event)
