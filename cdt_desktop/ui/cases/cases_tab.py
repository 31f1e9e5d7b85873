"""The Cases tab's page (object name ``caseList``): the case list, built when first needed.

A chair PC works in the Checklist tab; the Cases tab is the billing desk's. The page is there
from the start, with its object name, accessible name and signals, but the list inside it
(``list_view.CaseList``: search field, status filter, table, buttons, and the modules behind
them) is built the first time the tab is shown or someone asks for its table, model, fields or
cases: the window starts about 2 % sooner and 0.4 MiB lighter (docs/performance.md). Until then
the page keeps what the window tells it (the store, the tooth numbering, the CDT edition's notes,
offline, the case to select) and hands it to the list when it is built, with View > Large
targets' size when that is on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView

    from cdt_desktop.domain.reference import CodeLibrary
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.ui.cases.list_model import CaseListModel
    from cdt_desktop.ui.cases.list_view import CaseList
    from cdt_desktop.ui.common.fields import ShortcutForwarder


class CasesTab(QWidget):
    """The Cases tab: the saved cases (``list_view.CaseList``), built on first need."""

    caseOpened = Signal(int)
    newCaseRequested = Signal()
    caseImported = Signal(int)
    caseExported = Signal(int, str)
    statusMessage = Signal(str)

    def __init__(
        self,
        service: CaseService | None,
        *,
        library: CodeLibrary | None = None,
        operator_source: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("caseList")  # the Cases list's name (docs/design-rules.md, Contracts)
        self.setAccessibleName("Case list")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._service = service
        self._library = library
        self._operator_source = operator_source
        self._list: CaseList | None = None
        self._notation: str | None = None
        self._code_notes: Mapping[str, str] | None = None
        self._shortcuts: ShortcutForwarder | None = None
        self._online = True
        self._select_later: int | None = None

    # -- the list, built when first needed -------------------------------------------------
    def is_built(self) -> bool:
        return self._list is not None

    def view(self) -> CaseList:
        """The case list (built now if it was not yet)."""
        if self._list is None:
            self._list = self._build()
        return self._list

    def _build(self) -> CaseList:
        from cdt_desktop.ui.cases.list_view import CaseList
        from cdt_desktop.ui.common.focus_selection import selection_follows_focus
        from cdt_desktop.ui.common.metrics import follow_window_targets

        listing = CaseList(
            self._service, library=self._library, operator_source=self._operator_source,
            parent=self,
        )  # fmt: skip
        listing.setObjectName("caseListView")  # "caseList" is this page's
        listing.caseOpened.connect(self.caseOpened)
        listing.newCaseRequested.connect(self.newCaseRequested)
        listing.caseImported.connect(self.caseImported)
        listing.caseExported.connect(self.caseExported)
        listing.statusMessage.connect(self.statusMessage)
        if self._shortcuts is not None:
            listing.set_shortcut_forwarder(self._shortcuts)
        if self._notation is not None:
            listing.set_notation(self._notation)
        if self._code_notes is not None:
            listing.set_code_notes(self._code_notes)
        if not self._online:
            listing.set_online(False)
        if self._select_later is not None:
            listing.select_case(self._select_later)
            self._select_later = None
        selection_follows_focus(listing.table())
        follow_window_targets(listing)  # View > Large targets, turned on before it was built
        self._layout.addWidget(listing)
        if self.isVisible():  # built as the tab shows: shown and laid out now, not at the next
            listing.show()  # event (a click or a key at once would find it without a size)
            self._layout.activate()
        self._follow_in_tab_order(listing)
        return listing

    def _follow_in_tab_order(self, listing: CaseList) -> None:
        """Tab goes from the tab bar into the list's fields, then on to the case's buttons.
        Widgets made after the window go to the end of its focus chain; ``setTabOrder`` needs
        a focusable first widget, so the page is one for the moment it takes."""
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        before: QWidget = self
        for part in listing.focus_order():
            QWidget.setTabOrder(before, part)
            before = part
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def showEvent(self, event: QShowEvent) -> None:
        self.view()
        super().showEvent(event)

    # -- what the window asks of the list ---------------------------------------------------
    def model(self) -> CaseListModel:
        return self.view().model()

    def table(self) -> QTableView:
        return self.view().table()

    def search_field(self) -> QLineEdit:
        return self.view().search_field()

    def status_filter(self) -> QComboBox:
        return self.view().status_filter()

    def refresh(self, *, reorder: bool = False, hold: bool = False) -> None:
        """Read the cases again (a list not built yet reads them when it is)."""
        if self._list is not None:
            self._list.refresh(reorder=reorder, hold=hold)

    def select_case(self, case_id: int) -> bool:
        """Select the case's row; False when it is not listed. A list not built yet selects
        it when it is built (a case just created is the one selected in the tab)."""
        if self._list is None:
            self._select_later = case_id
            return False
        return self._list.select_case(case_id)

    def selected_case_id(self) -> int | None:
        """The selected case (in a list not built yet, the one it will select)."""
        return self._list.selected_case_id() if self._list is not None else self._select_later

    def clear_selection(self) -> None:
        """No row looks open (the case was closed)."""
        self._select_later = None
        if self._list is not None:
            self._list.table().clearSelection()

    def set_service(self, service: CaseService | None) -> None:
        self._service = service
        self._select_later = None  # a case id of the store left behind
        if self._list is not None:
            self._list.set_service(service)

    def set_online(self, online: bool) -> None:
        self._online = online
        if self._list is not None:
            self._list.set_online(online)

    def set_notation(self, notation: str) -> None:
        self._notation = notation
        if self._list is not None:
            self._list.set_notation(notation)

    def set_code_notes(self, notes: Mapping[str, str]) -> None:
        self._code_notes = notes
        if self._list is not None:
            self._list.set_code_notes(notes)

    def set_shortcut_forwarder(self, shortcuts: ShortcutForwarder) -> None:
        self._shortcuts = shortcuts
        if self._list is not None:
            self._list.set_shortcut_forwarder(shortcuts)

    def clear_search(self) -> None:
        """Close case / Next patient: the last patient's name leaves the case search, on screen
        while the next patient sits in the chair (verification walk)."""
        if self._list is not None:
            self._list.new_user()

    def new_user(self) -> None:
        """Someone else signed in: the last user's case search goes (see ``CaseList``)."""
        if self._list is not None:
            self._list.new_user()
