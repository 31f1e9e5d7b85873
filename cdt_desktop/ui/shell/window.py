"""What the shell's helpers (actions, menus, wiring) may use of the main window.

A Protocol instead of the MainWindow class, so ``main_window`` imports its helpers and none of
them imports it back (no import cycle, type-only ones included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QMainWindow,
        QMenuBar,
        QPushButton,
        QSplitter,
        QStatusBar,
        QTabWidget,
    )

    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.reference import CodeLibrary
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.services.licensed_codes import LicensedCodes
    from cdt_desktop.services.store import StoreChoice
    from cdt_desktop.ui.cases.cases_tab import CasesTab
    from cdt_desktop.ui.cases.controller import CaseController
    from cdt_desktop.ui.chart.panel import ChartPanel
    from cdt_desktop.ui.checklist.panel import ChecklistPanel
    from cdt_desktop.ui.code_detail.view import CodeDetail
    from cdt_desktop.ui.common.fitted_label import FittedLabel
    from cdt_desktop.ui.common.settings import Settings
    from cdt_desktop.ui.search.pane import SearchPane
    from cdt_desktop.ui.session.operator_picker import OperatorPicker
    from cdt_desktop.ui.shell.parts import Banner
    from cdt_desktop.ui.shell.store_status import StoreStatus


class Shell(Protocol):
    library: CodeLibrary
    cases: CaseService | None
    settings: Settings
    search: SearchPane
    detail: CodeDetail
    banner: Banner
    operator_picker: OperatorPicker
    controller: CaseController
    chart_panel: ChartPanel
    checklist_panel: ChecklistPanel
    case_list: CasesTab
    export_button: QPushButton
    edit_button: QPushButton
    radiographs_button: QPushButton
    right_tabs: QTabWidget
    case_label: FittedLabel
    centre_splitter: QSplitter
    main_splitter: QSplitter
    menu_actions: dict[str, QAction]

    store: CaseRepository | None
    store_choice: StoreChoice | None
    store_status: StoreStatus
    switched_stores: list[CaseRepository]  # opened by the window (closed with it)
    licensed: LicensedCodes | None
    storeSwitched: SignalInstance

    def operator(self) -> str: ...
    def open_code(self, code: str) -> None: ...
    def choose_code(self, code: str) -> None: ...
    def open_case(self, case_id: int) -> None: ...
    def current_case_id(self) -> int | None: ...
    def new_case(self) -> int | None: ...
    def edit_case(self) -> int | None: ...
    def sync_case_buttons(self) -> None: ...
    def close_case(self) -> None: ...
    def quit(self) -> None: ...
    def export_appeal(self) -> None: ...
    def show_radiographs(self) -> None: ...

    def export_prior_auth(self) -> None: ...
    def focus_checklist(self) -> None: ...
    def focus_cases(self) -> None: ...
    def choose_store(self) -> None: ...
    def switch_store(self, store: CaseRepository) -> None: ...
    def import_codeset(self) -> None: ...
    def watch_store(self) -> None: ...
    def set_tab_target(self, height: int) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def menuBar(self) -> QMenuBar: ...
    def isActiveWindow(self) -> bool: ...
    def close(self) -> bool: ...
    def addAction(self, action: QAction) -> None: ...
    def as_widget(self) -> QMainWindow:
        """The window itself, as a parent for dialogs and actions."""
        ...
