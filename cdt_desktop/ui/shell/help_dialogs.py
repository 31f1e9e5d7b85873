"""Help menu: the bundled user guide, the keyboard shortcut sheet, and About.

The shortcut sheet is built from the window's own actions, so it can never list a key that does
nothing; the keys that belong to one pane (arrows in the chart, Enter in the candidates) are added
from :data:`PANE_KEYS`. The user guide is ``docs/user-guide.md`` shipped with the app and shown in
a text browser (no web browser or Markdown viewer needed on the office PC).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from cdt_desktop import APP_NAME, __version__
from cdt_desktop.core import paths
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

PANE_KEYS: tuple[tuple[str, str], ...] = (
    ("Tooth chart", "Arrow keys move; type a tooth number (19, K, 36) and it is chosen"),
    ("Candidate codes", "Up/Down move and unfold a row; Enter or double-click chooses the code"),
    ("Search results", "Down moves into the results; Enter opens the code"),
    (
        "Case list",
        "Down from the search field; Enter opens the selected case; the Menu key or Shift+F10"
        " changes its claim status or takes its last change back",
    ),
    (
        "Case form",
        "Enter moves to the next field; Ctrl+S or Ctrl+Enter saves from any field; Escape asks"
        " before discarding edits",
    ),
    ("Claim status", "Enter moves to the next field; Ctrl+Enter or Alt+M marks the claim"),
    ("Drop-downs", "Type a letter again to move to the next item starting with it"),
)


class _GuideBrowser(QTextBrowser):
    """The guide's text, its pictures no wider than ``picture_width`` (scaled down, sharp on a
    high-DPI screen): the window shots are 1366 px wide, and ran off the dialog's right edge
    behind a horizontal scroll bar (walkthrough)."""

    picture_width = 0

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        if kind != QTextDocument.ResourceType.ImageResource.value or self.picture_width <= 0:
            return super().loadResource(kind, name)
        from PySide6.QtGui import QImage

        image = QImage(self.source().resolved(QUrl(name)).toLocalFile())
        if image.isNull():
            return super().loadResource(kind, name)
        ratio = self.devicePixelRatioF()
        if image.width() > self.picture_width:
            image = image.scaledToWidth(
                round(self.picture_width * ratio), Qt.TransformationMode.SmoothTransformation
            )
            image.setDevicePixelRatio(ratio)
        return image


def _wrap_code_blocks(document: QTextDocument) -> None:
    """The guide's command lines wrap as its text does: one 157-character command widened the
    whole page behind a horizontal scroll bar."""
    from PySide6.QtGui import QTextCursor

    block = document.begin()
    while block.isValid():
        if block.blockFormat().nonBreakableLines():
            style = block.blockFormat()
            style.setNonBreakableLines(False)
            QTextCursor(block).setBlockFormat(style)
        block = block.next()


_Browser = TypeVar("_Browser", bound=QTextBrowser)


def _dialog(
    parent: QWidget, title: str, name: str, browser_class: type[_Browser]
) -> tuple[QDialog, _Browser]:
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    browser = browser_class(dialog)
    browser.setObjectName(f"{name}Text")
    browser.setOpenExternalLinks(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser, 1)
    layout.addWidget(buttons)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog, browser


def _fit(dialog: QDialog, width: int, height: int) -> None:
    screen = dialog.screen()
    size = dialog.size()
    size.setWidth(width)
    size.setHeight(height)
    if screen is not None:
        size = size.boundedTo(screen.availableGeometry().size() * 0.9)
    dialog.resize(size)


_PC_KEYS = frozenset(
    {
        *(getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13)),
        *(getattr(Qt.Key, f"Key_{name}") for name in (
            "Escape", "Tab", "Backtab", "Backspace", "Return", "Enter", "Insert", "Delete",
            "Home", "End", "Left", "Up", "Right", "Down", "PageUp", "PageDown", "Space",
        )),
    }
)  # fmt: skip


def on_pc_keyboard(sequence: QKeySequence) -> bool:
    """Whether every key of `sequence` is on a PC keyboard: a character key, F1-F12 or the
    editing and arrow keys. Platform alternates that Qt adds to standard shortcuts (the Undo,
    New and Help keys of some keyboards, F14 on a Sun keyboard) are not."""
    if sequence.isEmpty():
        return False
    for index in range(sequence.count()):
        key = sequence[index].key()  # type: ignore[index]  # QKeySequence.operator[]
        if key.value >= Qt.Key.Key_Escape.value and key not in _PC_KEYS:
            return False  # a named key beyond the PC keyboard's
    return True


def shortcut_rows(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(what, keys) for every action with a shortcut, in menu order, then the pane keys.

    Only what the user can press on the office PC's keyboard is listed (`on_pc_keyboard`);
    the other alternates still work where such a key exists.
    """
    rows = []
    for action in actions.values():
        keys = [
            k.toString(QKeySequence.SequenceFormat.NativeText)
            for k in action.shortcuts()
            if on_pc_keyboard(k)
        ]
        keys = list(dict.fromkeys(keys))
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…"), " or ".join(keys)))
    return rows + list(PANE_KEYS)


def in_menu_order(parent: QWidget, actions: dict[str, QAction]) -> dict[str, QAction]:
    """``actions`` and every other action of the window's menus, in the menus' order: File >
    Lock (Ctrl+L), which sign-in adds to the menu, was missing from the sheet (office
    walkthrough), though the user guide tells staff to press it whenever they step away."""
    from PySide6.QtWidgets import QMainWindow, QMenu

    found: dict[str, QAction] = {}
    given = set(actions.values())

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub)
            elif not action.isSeparator() and (action in given or action.isEnabled()):
                # another part's action while it works (Lock only with sign-in on: it was
                # listed, greyed in the File menu, with sign-in off: verification walk)
                found.setdefault(action.objectName() or action.text(), action)

    if isinstance(parent, QMainWindow):
        for action in parent.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu):
                walk(menu)
    listed = set(found.values())
    return {**found, **{k: a for k, a in actions.items() if a not in listed}}


def show_shortcuts(parent: QWidget, actions: dict[str, QAction]) -> QDialog:
    dialog, browser = _dialog(parent, "Keyboard shortcuts", "shortcutSheet", QTextBrowser)
    body = "".join(
        f"<tr><td style='padding:4px 16px 4px 0'>{escape(what)}</td>"
        f"<td style='padding:4px 0'><b>{escape(keys)}</b></td></tr>"
        for what, keys in shortcut_rows(in_menu_order(parent, actions))
    )
    browser.setHtml(
        "<p>Every shortcut works wherever the cursor is (in a text field Ctrl+Z undoes typing)."
        f"</p><table>{body}</table>"
    )
    _fit(dialog, 620, 640)
    dialog.open()
    return dialog


def user_guide_path() -> str:
    return str(paths.docs_path("user-guide.md"))


def show_user_guide(parent: QWidget) -> QDialog | None:
    path = paths.docs_path("user-guide.md")
    if not path.is_file():
        msgbox.show_info(parent, "User guide", "The user guide is not part of this build.")
        return None
    dialog, browser = _dialog(parent, f"{APP_NAME} user guide", "userGuide", _GuideBrowser)
    _fit(dialog, 900, 760)
    # the dialog's width less its margins, the text's and a scroll bar's
    browser.picture_width = max(240, dialog.width() - 80)
    browser.setSearchPaths([str(path.parent)])
    browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
    _wrap_code_blocks(browser.document())
    dialog.open()
    return dialog


def show_about(parent: QWidget) -> None:
    msgbox.show_about(
        parent,
        f"About {APP_NAME}",
        f"<b>{APP_NAME}</b> {__version__}<br/>Chairside CDT coding, documentation "
        "checklists and appeal letters.<br/>CDT is a trademark of the American Dental "
        "Association; this app ships its own guidance, not ADA descriptors.<br/>"
        "Help &gt; Keyboard shortcuts (Ctrl+/) lists every key.",
    )
