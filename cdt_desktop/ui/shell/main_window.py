"""The main window: search (left), tooth chart and code detail (centre), checklist (right).

Why it looks like this: the panes talk only through their Signals; ``wiring.py`` is the one place
that connects them, ``menus.py`` builds the menus and shortcuts, ``store_changes.py`` follows
what other workstations change in the case store and asks which store to use, and the open case
belongs to the ``CaseController`` (ui/cases). Heavy things (the appeal dialog, ReportLab, QtPdf)
are imported inside the slot that needs them, never at start-up. Sizes fit a 1366x768 office
monitor with a taskbar; splitter positions and the window geometry are remembered in the typed
settings.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop import APP_NAME
from cdt_desktop.core.log import get_logger
from cdt_desktop.domain.reference import CodeLibrary
from cdt_desktop.ui.cases.cases_tab import CasesTab
from cdt_desktop.ui.cases.controller import CaseController
from cdt_desktop.ui.chart.panel import ChartPanel
from cdt_desktop.ui.checklist.panel import ChecklistPanel
from cdt_desktop.ui.code_detail.view import CodeDetail
from cdt_desktop.ui.common.fitted_label import FittedLabel
from cdt_desktop.ui.common.focus_selection import selection_follows_focus
from cdt_desktop.ui.common.metrics import TARGET, ButtonRows
from cdt_desktop.ui.common.settings import Key, Settings
from cdt_desktop.ui.search.pane import SearchPane
from cdt_desktop.ui.session.operator_picker import OperatorPicker
from cdt_desktop.ui.shell import actions, menus, parts, wiring
from cdt_desktop.ui.shell.parts import NO_CASE_TIP, NO_LETTER, Banner, TouchTabBar, case_button
from cdt_desktop.ui.shell.store_status import StoreStatus

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent

    from cdt_desktop.domain.cases.ports import CaseRepository, StoreChange
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.services.licensed_codes import LicensedCodes
    from cdt_desktop.services.store import StoreChoice


_log = get_logger("ui")

DAILY_BACKUP_FIRST_CHECK_MS = 2 * 60 * 1000
"""When the window first checks whether the daily backup is due (then hourly)."""
FOCUS_RING_AFTER_MS = 300
"""When the keyboard's focus ring (``ui/common/focus_ring.py``) is installed after the window
first shows: out of the start's way (its module and Qt's proxy style class cost some 8 ms). A
Tab pressed sooner gets its ring then."""
RIGHT_PANE_WIDTH = 380  # at 1366 px: the case list shows patient, date, tooth and code


class MainWindow(QMainWindow):
    """The application window. Construct with the reference library and the case store (the
    case service over it is built here unless the composition root passes one)."""

    storeSwitched = Signal(object)
    """The window now works in another case store (sign-in follows it; emitted before the old
    store is closed)."""
    shown = Signal()
    """The window is shown (sign-in locks a store with users then, over the window)."""
    closing = Signal()
    """The window is closing (sign-in signs out). Signals, so that no one needs an event filter
    on the window (ui/common/fields.py says why not)."""

    def __init__(
        self,
        library: CodeLibrary,
        store: CaseRepository | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        store_choice: StoreChoice | None = None,
        cases: CaseService | None = None,
        licensed: LicensedCodes | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(APP_NAME)
        self.library = library
        self.store = store
        self.store_choice = store_choice  # File > Case store...: the data folder and --store
        self.licensed = licensed  # the imported CDT descriptors the library shows
        if cases is None and store is not None:
            from cdt_desktop.services.cases import CaseService

            cases = CaseService(store, library)
        self.cases = cases
        self.settings = settings if settings is not None else Settings.for_data_dir()

        self._build_panes(library, cases)
        self._build_layout()
        self.menu_actions = menus.build(self)
        wiring.connect(self)
        self.sync_case_buttons()  # no case open yet
        self.statusBar().setObjectName("statusBar")
        ready = "Ready: type to search (Ctrl+K), or click a tooth (Ctrl+T)."
        kept = self.controller.kept_forms()  # typing kept from before a crash
        self.statusBar().showMessage(f"{kept} {ready}" if kept else ready)
        self.switched_stores: list[CaseRepository] = []  # opened here (closed with the window)
        self.watch_store()
        self.first_start = False  # no window size saved yet (restore_state says)
        self._room_on_show = False  # a saved zoom: the chart's room once shown (restore_state)
        self._focus_ring_asked = False  # installed once the window is first shown (showEvent)
        self.restore_state()
        # the daily backup (ui/shell/backups.py), checked out of the way of the first patient
        QTimer.singleShot(DAILY_BACKUP_FIRST_CHECK_MS, self, self._daily_backup)

    def as_widget(self) -> QMainWindow:
        return self

    # --- construction ---------------------------------------------------------------------
    def _build_panes(self, library: CodeLibrary, cases: CaseService | None) -> None:
        """The panes and the open case's buttons, in the order their focus follows."""
        self.search = SearchPane(library, self)
        self.search.setMinimumWidth(200)
        self.chart_panel = ChartPanel(settings=self.settings, parent=self)
        self.banner = Banner(self)  # above the detail (its close button between, for Tab)
        self.detail = CodeDetail(library, self)
        self.detail.setMinimumHeight(parts.DETAIL_MIN_HEIGHT)
        self.banner.take_room_from(self.detail)  # the chart never moves when it opens
        self.operator_picker = OperatorPicker(self.settings, self)
        self.controller = CaseController(
            cases, self.settings, operator_source=self.operator, dialog_parent=lambda: self,
            parent=self,
        )  # fmt: skip
        if self.store_choice is not None:  # the app's window: the form's drafts in its folder
            from cdt_desktop.core import paths  # (form_recovery.DRAFTS_FOLDER: not imported at
            # start, it imports json)

            self.controller.drafts = paths.user_data_dir(self.store_choice.data_dir) / "drafts"
        self.checklist_panel = ChecklistPanel(
            library, cases, operator_source=self.operator, parent=self
        )
        self.case_list = CasesTab(  # the list inside is built when first needed
            cases, library=library, operator_source=self.operator, parent=self
        )
        self.edit_button = case_button(
            self, "Edit case…", "editCaseButton",
            "Patient, insurance, claim and denial details of the open case",
        )  # fmt: skip
        self.radiographs_button = case_button(
            self, "Radiographs…", "radiographsButton",
            "The open case's radiographs: attach the films taken at the chair",
        )  # fmt: skip
        self.export_button = case_button(
            self, "Export appeal letter…", "exportAppealButton",
            "Write the appeal narrative PDF for the open case",
        )  # fmt: skip
        self._online = True  # the case store (offline: nothing offers to save)
        self._case_tips = {
            b: b.toolTip() for b in (self.edit_button, self.radiographs_button, self.export_button)
        }
        selection_follows_focus(self.search.results, self.chart_panel.candidates.list_widget())

    def _build_layout(self) -> None:
        self.centre_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.centre_splitter.setObjectName("centreSplitter")
        self.centre_splitter.setChildrenCollapsible(False)
        # No explicit minimum: the splitter then keeps the panel at least as wide and tall as
        # its layout needs (a smaller one squeezed the chart under the candidates and cut it
        # off after tooth 13 at 125 % scaling); the panel's own minimum fits a 1093 px screen.
        self.centre_splitter.addWidget(self.chart_panel)
        # The code's misfit warning opens above the code's detail, whose words it is about:
        # above the chart it pushed the chart and the findings down under the pointer, and
        # the next click chose another answer (walkthrough).
        lower = QWidget(self.centre_splitter)
        lower.setObjectName("detailPane")
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(4)
        lower_layout.addWidget(self.banner)
        lower_layout.addWidget(self.detail, 1)
        self.centre_splitter.addWidget(lower)
        self.centre_splitter.setStretchFactor(0, 3)
        self.centre_splitter.setStretchFactor(1, 2)

        buttons = ButtonRows()
        right = parts.RightPane(buttons, self)
        self.right_tabs = QTabWidget(right)
        self.tab_bar = TouchTabBar(TARGET, self.right_tabs)
        self.right_tabs.setTabBar(self.tab_bar)
        self.right_tabs.setObjectName("rightTabs")
        self.right_tabs.setAccessibleName("Checklist and cases")
        self.right_tabs.tabBar().setAccessibleName("Checklist and cases tabs")
        # Alt+C / Alt+A are the Go menu's Checklist and Cases (menus.py), underlined here
        self.right_tabs.addTab(self.checklist_panel, "Checklist")
        self.right_tabs.addTab(self.case_list, "Cases")
        self.tab_bar.set_letter(0, "c")
        self.tab_bar.set_letter(1, "a")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.operator_picker)
        # plain text, wrapped; a name too long for the pane is elided in its middle
        self.case_label = FittedLabel(actions.NO_CASE_HEADING, right)
        self.case_label.setObjectName("openCaseLabel")
        self.case_label.setAccessibleName("Open case")
        right_layout.addWidget(self.case_label)
        right_layout.addWidget(self.right_tabs, 1)
        right_layout.addLayout(buttons)
        buttons.add(self.edit_button)  # one row, or two on a small screen (never clipped)
        buttons.add(self.radiographs_button)
        buttons.add(self.export_button, 1)
        right.setMinimumWidth(300)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.addWidget(self.search)
        self.main_splitter.addWidget(self.centre_splitter)
        self.main_splitter.addWidget(right)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setStretchFactor(2, 0)
        self.main_splitter.setSizes([210, 776, RIGHT_PANE_WIDTH])
        self.centre_splitter.setSizes([440, 200])
        self.main_splitter.setContentsMargins(6, 6, 6, 0)
        self.setCentralWidget(self.main_splitter)
        # Tab follows the columns: search; the chart panel, then the detail; the operator,
        # the right pane's tabs, the tab shown, the case's buttons. The panes are built in that
        # order; the tab bar, built with its tab widget, goes before the tabs' pages.
        QWidget.setTabOrder(self.operator_picker.editor(), self.right_tabs)

    def sync_case_buttons(self) -> None:
        """Edit case, Radiographs and Export act on the open case: greyed with none open (their
        tips say how to open one; the menu's items explain too) or with the store offline."""
        has_case = self.controller.case_id() is not None
        why = "" if has_case else NO_CASE_TIP
        if has_case and not self._online:
            why = "The case store is offline: nothing can be saved until it is back."
        for button, tip in self._case_tips.items():
            button.setEnabled(has_case and self._online)
            button.setToolTip(f"{tip}.\n{why}" if why else tip)
        cases = self.cases
        if has_case and cases is not None and not (cases.may("sign-letter") or cases.may("export")):
            # greyed with the reason, as the status changes are (hand-over walk: the
            # assistant's Export appeal letter... opened only to be refused in a dialog)
            self.export_button.setEnabled(False)
            self.export_button.setToolTip(f"{self._case_tips[self.export_button]}.\n{NO_LETTER}")

    def set_tab_target(self, height: int) -> None:
        """Touch-sized tabs (View > Large targets): each pane sizes its own controls (targets
        of at least 32 px, ``ui.common.metrics``); no style sheet anywhere in the window, which
        would switch every child to the slower style-sheet style."""
        self.tab_bar.set_target(height)

    # --- behaviour (the public API tests and the menus use) ------------------------------
    def operator(self) -> str:
        """The operator's initials (recorded with cases, ticks and exports)."""
        return self.operator_picker.operator()

    def open_code(self, code: str) -> None:
        """Show a code in the detail; warn (non-modally) when it misfits the tooth."""
        actions.open_code(self, code)

    def choose_code(self, code: str) -> None:
        """A candidate was chosen: the open case's code (asked and undoable), then shown."""
        actions.choose_code(self, code)

    def open_case(self, case_id: int) -> None:
        """Open a case (asks first about chart answers not on the open case yet)."""
        actions.open_case(self, case_id)

    def current_case_id(self) -> int | None:
        return self.controller.case_id()

    def new_case(self) -> int | None:
        """Create a case (case form, prefilled from the chart's recommendation); once it is
        saved, the keyboard is on its checklist's first item, the assistant's next step (it
        went back to the candidate list or the button the form was opened from)."""
        case_id = self.controller.new_case()
        if case_id is not None:
            self.focus_checklist()
            # a window manager hands activation back when the form closes; without one
            # (a kiosk session) the window stayed inactive and Space ticked nothing
            self.activateWindow()
        return case_id

    def edit_case(self) -> int | None:
        """Edit the open case's patient, payer, claim and denial details."""
        from PySide6.QtWidgets import QApplication

        before = QApplication.focusWidget()
        saved = self.controller.edit_case()
        self.activateWindow()  # as after a new case: without a window manager it stayed inactive
        # the keyboard goes back where it was (it landed in the code search, and the next
        # keys typed searched codes: keyboard walkthrough), else to the Edit case button
        with suppress(RuntimeError):  # the widget was rebuilt meanwhile (a checklist row)
            if before is not None and self.isAncestorOf(before) and before.isVisible():
                before.setFocus(Qt.FocusReason.OtherFocusReason)
                return saved
        if self.edit_button.isVisible() and self.edit_button.isEnabled():
            self.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return saved

    def close_case(self) -> None:
        """Close case / Next patient (asks first about chart answers not on the case yet)."""
        actions.close_case(self)

    def unsaved_work(self) -> str:
        """What another user's unlock would discard in this window ("" when nothing): the
        lock screen asks before it (the chart's answers not on the open case yet)."""
        return self.controller.unsaved_answers()

    def user_switched(self, name: str) -> None:
        """Another user unlocked the window: the previous user's case closes."""
        actions.user_switched(self, name)

    def signed_in(self) -> None:
        """Someone unlocked the window: the case list, the checklist and the open case's
        buttons offer what their role may do (a case open before sign-in came kept its letter
        button for the assistant who signed in: verification walk)."""
        self.case_list.refresh()
        self.checklist_panel.reload()
        self.sync_case_buttons()

    def export_appeal(self) -> None:
        """Open the appeal dialog for the open case."""
        from cdt_desktop.ui.shell import letter_actions  # (the letters load on first use)

        letter_actions.export_appeal(self)

    def show_radiographs(self) -> None:
        """The open case's radiographs (the chair attaches the films it took)."""
        from cdt_desktop.ui.shell import letter_actions  # (the letters load on first use)

        letter_actions.show_radiographs(self)

    def focus_checklist(self) -> None:
        """Go > Checklist: its tab, on the first item to tick (else its first control)."""
        self.right_tabs.setCurrentWidget(self.checklist_panel)
        self.checklist_panel.focus_first()

    def focus_cases(self) -> None:
        """Go > Cases: its tab, in the case search with its text selected."""
        self.right_tabs.setCurrentWidget(self.case_list)
        field = self.case_list.search_field()
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()

    def export_prior_auth(self) -> None:
        """Open the prior-authorization request for the open case (before treatment)."""
        from cdt_desktop.ui.shell import letter_actions  # (the letters load on first use)

        letter_actions.export_appeal(self, prior_auth=True)

    # --- state ----------------------------------------------------------------------------
    def restore_state(self) -> None:
        """Window geometry and splitter positions from the settings (defaults fit 1366x768)."""
        geometry = self.settings.get_bytes(Key.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(self._default_size())
            self.first_start = True
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
            elif splitter is self.centre_splitter and parts.short_screen(self):
                # the chart and its questions keep their height; the detail (it scrolls) gives
                splitter.setSizes([440, parts.SHORT_SCREEN_DETAIL])
        tab = self.settings.get(Key.RIGHT_TAB)
        if 0 <= tab < self.right_tabs.count():
            self.right_tabs.setCurrentIndex(tab)
        self._room_on_show = menus.restore_view(self)

    def _default_size(self) -> QSize:
        """1366x768, or the screen's free area when that is smaller (taskbar on a 768p screen)."""
        size = QSize(1366, 768)
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry().size()
            frame = self.frameGeometry().size() - self.geometry().size()  # title bar, borders
            size = size.boundedTo(free - frame)
        return size

    def show_first(self) -> None:
        """Show the window at the app's start: maximised on a first start (no size saved yet)
        on a screen whose free area cannot hold the 1366x768 window with a title bar (a 768p
        laptop). Before the window is shown its frame is not known, so the default size alone
        left the status bar (the case store, the sign-in) below the screen's edge or under the
        taskbar (tour9)."""
        if self.first_start and parts.small_screen(self):
            self.showMaximized()
        else:
            self.show()

    def save_state(self) -> None:
        """Size, place, splitters and tab for the next start (``window_state.py``)."""
        from cdt_desktop.ui.shell.window_state import save_state  # (at closing, not at start)

        save_state(self)

    # --- the case store: which one, reachable or not, what others changed ------------------
    def _store_changed(self, changes: list[StoreChange]) -> None:
        """Another workstation ticked, edited, added or imported the CDT file (or this window
        reconnected: ``[]``): what is on screen is re-read in place."""
        from cdt_desktop.ui.shell import store_changes  # at the first change, not at start-up

        store_changes.follow(self, changes)

    def _store_online(self, online: bool) -> None:
        """Offline: nothing can be saved, so nothing offers to (typed forms keep their text)."""
        self._online = online
        self.checklist_panel.set_online(online)  # greyed, and its banner says why
        self.sync_case_buttons()
        self.case_list.set_online(online)  # its right-click says what is offline
        if online:
            self.statusBar().showMessage("Case store reachable again.", 4000)
            for name in ("caseForm", "statusDialog"):  # a Save or a mark it refused, open
                for dialog in self.findChildren(QWidget, name):
                    dialog.store_reachable()  # type: ignore[attr-defined]

    def choose_store(self) -> None:
        """File > Case store...: show, test, switch now (and from the next start)."""
        from cdt_desktop.ui.shell import store_changes

        store_changes.choose_store(self)

    def import_codeset(self) -> None:
        """File > Import licensed CDT file...: the dialog (this PC's file, or the office server
        on a shared store); then the code detail shows the new descriptors and the Cases list
        marks open cases whose code changed."""
        from cdt_desktop.ui.shell import codesets

        codesets.import_codeset(self)

    def switch_store(self, store: CaseRepository) -> None:
        """Work in another case store from now on (``store_changes.switch_store``)."""
        from cdt_desktop.ui.shell import store_changes

        store_changes.switch_store(self, store)

    def _daily_backup(self) -> None:
        """Start the daily backup checks (the first now, then hourly)."""
        from cdt_desktop.ui.shell.backups import DailyBackup

        self.daily_backup = DailyBackup(self)
        self.daily_backup.check()

    def watch_store(self) -> None:
        """The status bar's store label and the change feed follow ``self.store``."""
        self.store_status = StoreStatus(self.store, self)
        self.statusBar().addPermanentWidget(self.store_status.label)
        self.store_status.changed.connect(self._store_changed)
        self.store_status.onlineChanged.connect(self._store_online)
        if not self.store_status.online:
            self._store_online(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.chart_panel.set_compact(event.size().height() < parts.COMPACT_BELOW)
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._room_on_show:  # a start at a saved zoom or large targets: the chart's room,
            self._room_on_show = False  # measured once the window has its size
            QTimer.singleShot(0, self, lambda: menus.view_on_show(self))
        if not self._focus_ring_asked:
            self._focus_ring_asked = True
            QTimer.singleShot(FOCUS_RING_AFTER_MS, self, _install_focus_ring)
        self.shown.emit()

    def quit(self) -> None:
        """File > Quit: closes the window unless the chart's answers would be lost unasked."""
        if actions.may_quit(self):
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # the close button asks (a spontaneous event); a close from code (Quit, the app's end,
        # tests) has asked already or must not wait for an answer
        if event.spontaneous() and not actions.may_quit(self):
            event.ignore()
            return
        self.closing.emit()
        self.store_status.stop()
        for store in self.switched_stores:  # the store the app opened is closed by the app
            with suppress(Exception):
                store.close()
        try:
            self.save_state()
        except Exception as exc:
            _log.warning("could not save window state (%s)", type(exc).__name__)
        super().closeEvent(event)


def _install_focus_ring() -> None:
    """The ring around the widget the keyboard reached, in this window and its dialogs."""
    from cdt_desktop.ui.common.focus_ring import install

    install()
