"""The main window: search (left), tooth chart and code detail (centre), checklist (right).

Why it looks like this: the panes talk only through their Signals, and this class is the one
place that wires them. Every pane is part of every build: a pane that cannot be imported is a
bug that fails the tests, not a placeholder. Heavy things (the appeal dialog, ReportLab, QtPdf) are imported inside the slot that
needs them, never at start-up. Sizes fit a 1366x768 office monitor; splitter positions and the
window geometry are remembered in the typed settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop import APP_NAME, __version__
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger
from cdt_desktop.domain.reference import CodeLibrary
from cdt_desktop.domain.teeth import parse_tooth
from cdt_desktop.ui.cases import controller as case_controller
from cdt_desktop.ui.cases.list_view import CaseList
from cdt_desktop.ui.chart.panel import ChartPanel
from cdt_desktop.ui.checklist.panel import ChecklistPanel
from cdt_desktop.ui.code_detail.view import CodeDetail
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.settings import Key, Settings
from cdt_desktop.ui.search.pane import SearchPane
from cdt_desktop.ui.session.operator_picker import OperatorPicker
from cdt_desktop.ui.shell.parts import MIN_TARGET, Banner, placeholder
from cdt_desktop.ui.shell.store_status import StoreStatus

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository, StoreChange
    from cdt_desktop.services.store import StoreChoice


_log = get_logger("ui")

TOUCH_MIN = 32
"""No control of the window is shorter than this (DESIGN: touch targets of at least 32 px)."""


_HEADING_NOTATION = {"universal": "#", "fdi": "FDI ", "palmer": "Palmer "}


def case_heading(case_id: int, case: Any) -> str:
    """One line naming the open case, so nobody ticks on the wrong patient's case."""
    parts = [f"Case {case_id}", case.patient.name.strip() or "(no patient name yet)"]
    tooth = case.procedure.tooth
    if tooth:  # "#" is Universal: an FDI or Palmer tooth says so ("FDI 36", not "#36")
        tooth = _HEADING_NOTATION.get(case.procedure.notation or "universal", "#") + tooth
    if tooth or case.procedure.code:
        parts.append(" ".join(p for p in (tooth, case.procedure.code) if p))
    if case.claim.date_of_service:
        parts.append(f"DOS {case.claim.date_of_service}")
    return " · ".join(parts)


class MainWindow(QMainWindow):
    """The application window. Construct with the open reference library and case store."""

    def __init__(
        self,
        library: CodeLibrary,
        store: CaseRepository | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        store_choice: StoreChoice | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(APP_NAME)
        self.library = library
        self.store = store
        self.store_choice = store_choice  # File > Case store...: the data folder and --store
        self.case_code: str | None = None  # the open case's code (the checklist follows it)
        self.settings = settings if settings is not None else Settings.for_data_dir()

        self.search = SearchPane(library, self)
        self.search.setMinimumWidth(240)
        self.detail = CodeDetail(library, self)
        self.detail.setMinimumHeight(160)
        self.banner = Banner(self)
        self.operator_picker = self._make_operator_picker()
        self.chart_panel = self._make_chart_panel()
        self.checklist_panel = self._make_checklist_panel()
        self.case_list = self._make_case_list()
        self.export_button = QPushButton("Export appeal letter…", self)
        self.export_button.setObjectName("exportAppealButton")
        self.export_button.setAccessibleName("Export appeal letter")
        self.export_button.setToolTip("Write the appeal narrative PDF for the open case")
        self.export_button.setMinimumHeight(MIN_TARGET)
        self.export_button.clicked.connect(self.export_appeal)
        self.edit_button = QPushButton("Edit case…", self)
        self.edit_button.setObjectName("editCaseButton")
        self.edit_button.setAccessibleName("Edit case")
        self.edit_button.setToolTip("Patient, insurance, claim and denial details of the open case")
        self.edit_button.setMinimumHeight(MIN_TARGET)
        self.edit_button.clicked.connect(self.edit_case)

        self._build_layout()
        self._build_menu()
        self._wire()
        self._apply_style()
        self.statusBar().setObjectName("statusBar")
        self.statusBar().showMessage("Ready: type to search (Ctrl+K), or click a tooth.")
        self.store_status = StoreStatus(self.store, self)
        self.statusBar().addPermanentWidget(self.store_status.label)
        self.store_status.changed.connect(self._store_changed)
        self.store_status.onlineChanged.connect(self._store_online)
        if not self.store_status.online:
            self._store_online(False)
        self.restore_state()

    # --- construction ---------------------------------------------------------------------
    def _make_operator_picker(self) -> OperatorPicker:
        return OperatorPicker(self.settings.qsettings, self)

    def _make_chart_panel(self) -> ChartPanel:
        return ChartPanel(settings=self.settings.qsettings, parent=self)

    def _make_checklist_panel(self) -> ChecklistPanel:
        return ChecklistPanel(self.library, self.store, operator_source=self.operator, parent=self)

    def _make_case_list(self) -> QWidget:
        if self.store is None:  # no case store could be opened: say so where the list would be
            return placeholder("Cases", "caseListPlaceholder")
        return CaseList(
            self.store, library=self.library, operator_source=self.operator, parent=self
        )

    def _build_layout(self) -> None:
        centre = QWidget(self)
        centre.setObjectName("centrePane")
        self.centre_splitter = QSplitter(Qt.Orientation.Vertical, centre)
        self.centre_splitter.setObjectName("centreSplitter")
        self.centre_splitter.setChildrenCollapsible(False)
        # An explicit minimum keeps a long label inside a pane from widening the window past
        # a 1366 px screen (the pane then clips instead).
        self.chart_panel.setMinimumWidth(560)
        self.centre_splitter.addWidget(self.chart_panel)
        self.centre_splitter.addWidget(self.detail)
        self.centre_splitter.setStretchFactor(0, 3)
        self.centre_splitter.setStretchFactor(1, 2)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(4)
        centre_layout.addWidget(self.banner)
        centre_layout.addWidget(self.centre_splitter, 1)

        right = QWidget(self)
        right.setObjectName("rightPane")
        self.right_tabs = QTabWidget(right)
        self.right_tabs.setObjectName("rightTabs")
        self.right_tabs.setAccessibleName("Checklist and cases")
        self.right_tabs.tabBar().setAccessibleName("Checklist and cases tabs")
        self.right_tabs.addTab(self.checklist_panel, "&Checklist")
        self.right_tabs.addTab(self.case_list, "C&ases")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        if self.operator_picker is not None:
            right_layout.addWidget(self.operator_picker)
        self.case_label = QLabel("No case open: ticks are saved once a case exists.", right)
        self.case_label.setObjectName("openCaseLabel")
        self.case_label.setAccessibleName("Open case")
        self.case_label.setTextFormat(Qt.TextFormat.PlainText)  # patient names print literally
        self.case_label.setWordWrap(True)
        right_layout.addWidget(self.case_label)
        right_layout.addWidget(self.right_tabs, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.export_button, 1)
        right_layout.addLayout(buttons)
        right.setMinimumWidth(280)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.addWidget(self.search)
        self.main_splitter.addWidget(centre)
        self.main_splitter.addWidget(right)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setStretchFactor(2, 0)
        self.main_splitter.setSizes([240, 790, 336])
        self.centre_splitter.setSizes([420, 260])
        self.main_splitter.setContentsMargins(6, 6, 6, 0)
        self.setCentralWidget(self.main_splitter)

    def _build_menu(self) -> None:
        menu = self.menuBar()
        menu.setAccessibleName("Menu bar")
        file_menu = menu.addMenu("&File")
        for text, shortcut, slot in (
            ("&New case…", QKeySequence.StandardKey.New, self.new_case),
            ("&Edit case…", QKeySequence("Ctrl+E"), self.edit_case),
            ("E&xport appeal letter…", QKeySequence("Ctrl+Shift+E"), self.export_appeal),
        ):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        store_action = QAction("Case &store…", self)
        store_action.setObjectName("caseStoreAction")
        store_action.triggered.connect(self.choose_store)
        file_menu.addAction(store_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go_menu = menu.addMenu("&Go")
        self.find_action = QAction("&Find a code", self)
        self.find_action.setObjectName("findCodeAction")
        self.find_action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+F")])
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.search.focus_search)
        go_menu.addAction(self.find_action)
        back_action = QAction("&Back to the previous code", self)
        back_action.setShortcut(QKeySequence.StandardKey.Back)
        back_action.triggered.connect(self.detail.go_back)
        go_menu.addAction(back_action)
        self.addAction(self.find_action)  # works even with the menu bar hidden

        help_menu = menu.addMenu("&Help")
        about = QAction("&About", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _wire(self) -> None:
        self.search.codeActivated.connect(self.open_code)
        self.detail.codeShown.connect(self._code_shown)
        chosen = getattr(self.chart_panel, "codeChosen", None)
        if chosen is not None:
            chosen.connect(self.choose_code)
        names = getattr(self.chart_panel, "set_names", None)
        if names is not None and hasattr(self.library, "names"):
            names(self.library.names())
        for pane, signal, slot in (
            (self.checklist_panel, "createCaseRequested", self.new_case),
            (self.case_list, "newCaseRequested", self.new_case),
            (self.case_list, "caseOpened", self.open_case),
            (self.case_list, "caseImported", self.open_case),
        ):
            bound = getattr(pane, signal, None)
            if bound is not None:
                bound.connect(slot)

    def _apply_style(self) -> None:
        """Touch-friendly tabs, without a window-wide style sheet.

        Each pane sizes its own controls (targets of at least 32 px) and names them for screen
        readers, which the pane and window tests check. A sheet on the whole window would switch
        every child to the style-sheet style, slower to build and paint (about 9 ms of start-up)
        and no longer the native look of buttons and combo boxes on Windows. Only the tab bar
        gets a small sheet, since a tab's height comes from the style alone. (A pass over every
        child here used to fix sizes and names after the fact; it made PySide6 wrap all 180
        widgets, Qt's internal ones included, for about 2 % of start-up.)
        """
        self.right_tabs.tabBar().setStyleSheet(
            f"QTabBar::tab {{ min-height: {TOUCH_MIN}px; padding: 0 12px; }}"
            # the scroll arrows, shown when a narrow pane cannot fit the tabs
            f" QTabBar QToolButton {{ min-height: {TOUCH_MIN}px; min-width: {TOUCH_MIN}px; }}"
        )

    # --- behaviour ------------------------------------------------------------------------
    def operator(self) -> str:
        """The operator's initials (recorded with ticks and exports)."""
        picker = self.operator_picker
        return str(getattr(picker, "operator", str)()) if picker is not None else ""

    def open_code(self, code: str) -> None:
        """Show a code in the detail and checklist; warn (non-modally) when it misfits the tooth."""
        self.detail.show_code(code)
        check = getattr(self.chart_panel, "check_code", None)
        warning = check(code) if check is not None else None
        if warning:
            self.banner.show_message(str(warning))
        else:
            self.banner.clear()

    def choose_code(self, code: str) -> None:
        """A candidate was picked: make it the open case's code, then show it."""
        if case_controller.choose_code(self, code):
            self.case_code = code
        already_shown = self.detail.current_code() == code
        self.open_code(code)
        if already_shown:  # the detail emits codeShown only for a new code
            self._code_shown(code)

    def show_case_heading(self, case_id: int, case: Any) -> None:
        self.case_label.setText(case_heading(case_id, case))

    def _code_shown(self, code: str) -> None:
        """The checklist follows the shown code, except that an open case keeps its own code's
        checklist: ticks made while reading another code would land on the wrong items."""
        if self.current_case_id() is not None and self.case_code and code != self.case_code:
            self.statusBar().showMessage(
                f"Showing {code}; the checklist stays on the open case's {self.case_code}. "
                "Pick the code from the candidates (or Edit case) to change the case's code.",
                10000,
            )
            return
        set_code = getattr(self.checklist_panel, "set_code", None)
        if set_code is not None:
            set_code(code)
        self.statusBar().showMessage(f"Showing {code}", 4000)

    def open_case(self, case_id: int) -> None:
        """Make a case current: its tooth and findings in the chart, its code, its ticks."""
        set_case = getattr(self.checklist_panel, "set_case", None)
        if set_case is not None:
            set_case(case_id)
        if self.store is None:
            return
        try:
            case = self.store.get_case(case_id).case
        except UserFacingError as exc:
            msgbox.show_error(self, "Case not opened", str(exc))
            return
        self.show_case_heading(case_id, case)
        self.case_code = case.procedure.code or None
        set_state = getattr(self.chart_panel, "set_state", None)
        if set_state is not None:
            found = case.findings
            successor = {"yes": True, "no": False}.get(getattr(found, "successor", ""))
            try:
                # in the case's own notation (an imported FDI "18" is Universal 1, not 18);
                # a case without a tooth clears the chart instead of keeping the last patient's
                tooth = (
                    parse_tooth(case.procedure.tooth, case.procedure.notation or "universal")
                    if case.procedure.tooth
                    else None
                )
                set_state(tooth, found.root or None, found.pulp or None,
                          found.goal or None, found.visit or None, successor)  # fmt: skip
            except ValueError:  # a hand-edited case with an unknown tooth: chart stays as is
                _log.warning("case tooth or findings not shown in the chart")
        if case.procedure.code:
            self.open_code(case.procedure.code)
        elif hasattr(self.checklist_panel, "set_code"):  # not the last case's code's checklist
            self.checklist_panel.set_code(None)

    def current_case_id(self) -> int | None:
        case_id = getattr(self.checklist_panel, "case_id", None)
        return case_id() if callable(case_id) else None

    def new_case(self) -> int | None:
        """Create a case (case form, prefilled from the screen) and make it current."""
        return case_controller.new_case(self)

    def edit_case(self) -> int | None:
        """Edit the open case's patient, payer, claim and denial details."""
        return case_controller.edit_current_case(self)

    def export_appeal(self) -> None:
        """Open the appeal dialog for the open case."""
        case_controller.export_appeal(self)

    def show_about(self) -> None:
        msgbox.show_about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br/>Chairside CDT coding, documentation "
            "checklists and appeal letters.<br/>CDT is a trademark of the American Dental "
            "Association; this app ships its own guidance, not ADA descriptors.",
        )

    # --- state ----------------------------------------------------------------------------
    def restore_state(self) -> None:
        """Window geometry and splitter positions from the settings (defaults fit 1366x768)."""
        geometry = self.settings.get_bytes(Key.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(self._default_size())
        state = self.settings.get_bytes(Key.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        for key, splitter in (
            (Key.MAIN_SPLITTER, self.main_splitter),
            (Key.CENTRE_SPLITTER, self.centre_splitter),
        ):
            saved = self.settings.get_bytes(key)
            if not saved.isEmpty():
                splitter.restoreState(saved)
        tab = self.settings.get(Key.RIGHT_TAB)
        if 0 <= tab < self.right_tabs.count():
            self.right_tabs.setCurrentIndex(tab)

    def _default_size(self) -> QSize:
        """1366x768, or the screen's free area when that is smaller (taskbar on a 768p screen)."""
        size = QSize(1366, 768)
        screen = self.screen()
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size())
        return size

    def save_state(self) -> None:
        self.settings.set(Key.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(Key.WINDOW_STATE, self.saveState())
        self.settings.set(Key.MAIN_SPLITTER, self.main_splitter.saveState())
        self.settings.set(Key.CENTRE_SPLITTER, self.centre_splitter.saveState())
        self.settings.set(Key.RIGHT_TAB, self.right_tabs.currentIndex())
        self.settings.sync()

    # --- the case store: which one, reachable or not, what others changed ------------------
    def _store_changed(self, changes: list[StoreChange]) -> None:
        """Another workstation ticked, edited or added: re-read what is on screen, in place."""
        refresh = getattr(self.case_list, "refresh", None)
        if refresh is not None:
            refresh()
        open_id = self.current_case_id()
        mine = [c for c in changes if c.case_id == open_id]
        if open_id is not None and (mine or not changes):
            if mine and mine[-1].action == "delete":
                self.statusBar().showMessage(
                    f"Case {open_id} was deleted by {mine[-1].operator} on another workstation."
                )
                return
            self.checklist_panel.reload()
            if mine:
                last = mine[-1]
                self.statusBar().showMessage(
                    f"Case {open_id}: {last.action} by {last.operator} on another workstation",
                    8000,
                )

    def _store_online(self, online: bool) -> None:
        """Offline: nothing can be saved, so nothing offers to (typed forms keep their text)."""
        for widget in (self.checklist_panel, self.edit_button, self.export_button):
            widget.setEnabled(online)
        if isinstance(self.case_list, QWidget):
            self.case_list.setEnabled(online)
        if online:
            self.statusBar().showMessage("Case store reachable again.", 4000)

    def choose_store(self) -> None:
        """File > Case store...: show, test and switch (from the next start)."""
        from cdt_desktop.services.store import StoreChoice
        from cdt_desktop.ui.shell.store_dialog import StoreDialog

        location = self.store.location if self.store is not None else "none"
        choice = self.store_choice if self.store_choice is not None else StoreChoice()
        dialog = StoreDialog(choice, location, self)
        dialog.exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.store_status.stop()
        try:
            self.save_state()
        except Exception as exc:
            _log.warning("could not save window state (%s)", type(exc).__name__)
        super().closeEvent(event)
