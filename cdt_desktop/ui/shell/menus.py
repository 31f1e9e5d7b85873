"""The menus and their shortcuts, and the forwarder that lets those shortcuts work from any field.

Why a forwarder: a focused text field claims Ctrl+E, Ctrl+K, Ctrl+W... for its own editing keys
(the "shortcut override"), so the documented shortcuts did nothing while the cursor was in the
search box or the operator box. Such a key then comes to the field as a key press, and the
window's fields (ui/common/fields.py, combos.py) hand it to the window's action instead (Ctrl+Z
stays the field's own undo while typing). No event filter: ui/common/fields.py says why.
Mnemonics are unique across the window: ``tests/gui/shell/test_at_the_chair.py`` lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication

from cdt_desktop.ui.common.combos import refit_to_font
from cdt_desktop.ui.common.metrics import (
    LARGE_PROPERTY,
    LARGE_TARGET,
    TARGET,
    ZOOM_STEPS,
    apply_target,
)
from cdt_desktop.ui.common.settings import Key

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from cdt_desktop.ui.shell.window import Shell

_TEXT_KEYS = (QKeySequence.StandardKey.Undo,)
"""Shortcuts a text field keeps while it has the focus (its own undo)."""


class ShortcutPassThrough:
    """Given to the window's text fields: the window's shortcuts win over the field's keys."""

    def __init__(self, actions: Iterable[QAction]) -> None:
        kept = {k.toString() for std in _TEXT_KEYS for k in QKeySequence.keyBindings(std)}
        # A key without Ctrl, Alt or Meta is the field's own: with the Windows keyboard scheme
        # Go > Back also takes Backspace, which then went back instead of deleting a letter.
        self._actions = {
            key: action
            for action in actions
            for key in (k.toString() for k in action.shortcuts())
            if key not in kept and _has_command_modifier(key)
        }

    def keys(self) -> set[str]:
        """The shortcuts the window's fields pass on."""
        return set(self._actions)

    def forward(self, event: QKeyEvent) -> bool:
        """A key press the field was about to use itself: the window's action runs instead, as
        its shortcut would have run it (not while the action is disabled or hidden)."""
        action = self._actions.get(QKeySequence(event.keyCombination()).toString())
        if action is None or not action.isEnabled() or not action.isVisible():
            return False
        action.trigger()
        return True


def _has_command_modifier(key: str) -> bool:
    """Whether a shortcut (as ``QKeySequence.toString`` writes it) holds Ctrl, Alt or Meta."""
    return any(part in key for part in ("Ctrl+", "Alt+", "Meta+"))


def _action(
    window: Shell,
    text: str,
    name: str,
    slot: Callable[[], object],
    *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
) -> QAction:
    action = QAction(text, window.as_widget())
    action.setObjectName(name)
    keys: list[QKeySequence] = []
    for shortcut in shortcuts:
        for key in (
            QKeySequence.keyBindings(shortcut)
            if isinstance(shortcut, QKeySequence.StandardKey)
            else [QKeySequence(shortcut)]
        ):
            if not key.isEmpty() and key not in keys:
                keys.append(key)
    if keys:
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # works even with the menu bar hidden
    return action


def _help() -> ModuleType:
    """The help dialogs, loaded when first asked for (not at start-up)."""
    from cdt_desktop.ui.shell import help_dialogs

    return help_dialogs


def _backups() -> ModuleType:
    """File > Back up cases..., loaded when first asked for."""
    from cdt_desktop.ui.shell import backups

    return backups


def _payers() -> ModuleType:
    """File > Payer profiles..., loaded when first asked for."""
    from cdt_desktop.ui.shell import payers

    return payers


def _restore() -> ModuleType:
    """File > Restore cases from backup..., loaded when first asked for."""
    from cdt_desktop.ui.shell import restore

    return restore


def build(window: Shell) -> dict[str, QAction]:
    """Every menu of the window; the actions by object name (tests, the shortcut sheet)."""
    c = window.controller
    bar = window.menuBar()
    bar.setAccessibleName("Menu bar")
    made: dict[str, QAction] = {}

    def add(menu_title: str, entries: list[QAction | None]) -> None:
        menu = bar.addMenu(menu_title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            menu.addAction(entry)
            made[entry.objectName()] = entry

    add("&File", _file_actions(window))
    add("&Edit", [
        _action(window, "&Undo code change", "undoCodeAction", c.undo_code_change,
                QKeySequence.StandardKey.Undo),
    ])  # fmt: skip
    add("&Go", _go_actions(window))
    add("&View", _view_actions(window))
    add("&Help", _help_actions(window, made))
    passthrough = ShortcutPassThrough(made.values())
    # Each pane names its own fields: a findChildren walk would hand PySide6 every object Qt
    # made inside the window (popups, scroll bars, layouts), about 2% of start-up to wrap them.
    for pane in (window.search, window.detail, window.operator_picker, window.chart_panel,
                 window.case_list):  # fmt: skip
        pane.set_shortcut_forwarder(passthrough)
    return made


def _file_actions(window: Shell) -> list[QAction | None]:
    """File: the open case, its letters, the case store and its backups, Quit."""
    c = window.controller
    std = QKeySequence.StandardKey
    return [
        _action(window, "&New case…", "newCaseAction", window.new_case, std.New),
        _action(window, "&Edit case…", "editCaseAction", window.edit_case, "Ctrl+E"),
        _action(window, "&Radiographs…", "radiographsAction", window.show_radiographs),
        _action(window, "&Close case / Next patient", "closeCaseAction", window.close_case,
                "Ctrl+W"),
        _action(window, "&Void case…", "voidCaseAction", c.void_case),
        None,
        _action(window, "E&xport appeal letter…", "exportAppealAction", window.export_appeal,
                "Ctrl+Shift+E"),
        _action(window, "&Prior authorization request…", "priorAuthAction",
                window.export_prior_auth, "Ctrl+Shift+A"),  # (keyboard walk: it had none)
        None,
        _action(window, "Case &store…", "caseStoreAction", window.choose_store),
        _action(window, "&Import licensed CDT file…", "importCdtAction", window.import_codeset),
        _action(window, "Payer pro&files…", "payerProfilesAction",
                lambda: _payers().open_payer_profiles(window)),
        _action(window, "&Back up cases…", "backupAction", lambda: _backups().back_up(window)),
        _action(window, "Res&tore cases from backup…", "restoreAction",
                lambda: _restore().restore(window)),
        None,
        _action(window, "&Quit", "quitAction", window.quit, std.Quit),
    ]  # fmt: skip


def _go_actions(window: Shell) -> list[QAction | None]:
    """Go: the keyboard to each pane."""
    std = QKeySequence.StandardKey
    return [
        _action(window, "&Find a code", "findCodeAction", window.search.focus_search,
                "Ctrl+K", "Ctrl+F"),
        _action(window, "&Tooth chart", "toothChartAction", window.chart_panel.focus_chart,
                "Ctrl+T"),
        _action(window, "F&indings", "findingsAction", window.chart_panel.focus_findings,
                "Ctrl+D"),
        _action(window, "C&andidate codes", "candidatesAction",
                window.chart_panel.focus_candidates, "Ctrl+J"),
        # Alt+C / Alt+A: the tabs' underlined letters (parts.TouchTabBar), also on the tab shown
        _action(window, "Chec&klist", "checklistAction", window.focus_checklist, "Ctrl+I",
                "Alt+C"),
        _action(window, "Ca&ses", "casesAction", window.focus_cases, "Ctrl+O", "Alt+A"),
        _action(window, "&Back to the previous code", "backAction", window.detail.go_back,
                std.Back),
    ]  # fmt: skip


def _view_actions(window: Shell) -> list[QAction | None]:
    """View: large targets, zoom and the colours."""
    std = QKeySequence.StandardKey
    large = _action(window, "&Large targets", "largeTargetsAction", lambda: None,
                    "Ctrl+Shift+L")  # fmt: skip
    large.setCheckable(True)
    large.toggled.connect(lambda on: set_large_targets(window, on))
    group = QActionGroup(window.as_widget())
    colours = []
    for choice, text, name in COLOUR_ACTIONS:
        action = _action(window, text, name, partial(set_appearance, window, choice))
        action.setCheckable(True)
        action.setChecked(choice == "system")
        group.addAction(action)
        colours.append(action)
    return [
        large,
        None,
        _action(window, "Zoom &in", "zoomInAction", lambda: zoom(window, +1),
                std.ZoomIn, "Ctrl+="),
        _action(window, "Zoom &out", "zoomOutAction", lambda: zoom(window, -1), std.ZoomOut),
        _action(window, "&Actual size", "zoomResetAction", lambda: zoom(window, 0), "Ctrl+0"),
        None,
        *colours,
    ]  # fmt: skip


COLOUR_ACTIONS = (
    ("system", "&System colours", "systemColoursAction"),
    ("light", "Lig&ht colours", "lightColoursAction"),
    ("dark", "&Dark colours", "darkColoursAction"),
)


def set_appearance(window: Shell, choice: str) -> None:
    """View > System / Light / Dark colours: applied at once, remembered for the next start
    (app.py applies it before the window is built)."""
    from cdt_desktop.ui.common.appearance import apply_appearance

    apply_appearance(choice)
    percent = window.settings.get(Key.ZOOM_PERCENT)
    if percent != 100:  # a new style reloads the platform's fonts, at 100 %
        apply_zoom(window, percent)
    window.settings.set(Key.APPEARANCE, choice)
    _check_colours(window, choice)


def _check_colours(window: Shell, choice: str) -> None:
    name = next((n for c, _, n in COLOUR_ACTIONS if c == choice), "systemColoursAction")
    window.menu_actions[name].setChecked(True)


def _help_actions(window: Shell, made: dict[str, QAction]) -> list[QAction | None]:
    """Help: the user guide, the shortcut sheet (of every action ``made``), About."""
    std = QKeySequence.StandardKey
    return [
        _action(window, "&User guide", "userGuideAction",
                lambda: _help().show_user_guide(window), std.HelpContents, "F1"),
        _action(window, "&Keyboard shortcuts", "shortcutsAction",
                lambda: _help().show_shortcuts(window, made), "Ctrl+/", "Ctrl+?"),
        None,
        _action(window, "&About", "aboutAction", lambda: _help().show_about(window)),
    ]  # fmt: skip


# --- View: large targets and zoom ---------------------------------------------------------
def set_large_targets(window: Shell, on: bool) -> None:
    """40 px controls and rows (gloves, touch screens), or the usual 32 px; remembered."""
    height = LARGE_TARGET if on else TARGET
    window.as_widget().setProperty(LARGE_PROPERTY, bool(on))  # the dialogs it opens follow
    apply_target(window.as_widget(), height)
    window.set_tab_target(height)
    window.chart_panel.set_row_height(height)
    window.settings.set(Key.LARGE_TARGETS, bool(on))
    _fit_chart(window, window.settings.get(Key.ZOOM_PERCENT), on)


def zoom(window: Shell, step: int) -> None:
    """Ctrl+Plus / Ctrl+Minus / Ctrl+0: every text of the app larger or smaller; remembered."""
    current = window.settings.get(Key.ZOOM_PERCENT)
    percents = [round(f * 100) for f in ZOOM_STEPS]
    index = min(range(len(percents)), key=lambda i: abs(percents[i] - current))
    index = percents.index(100) if step == 0 else max(0, min(len(percents) - 1, index + step))
    from cdt_desktop.ui.shell import zoom_fit  # (at the first zoom, not at start-up)

    widget = window.as_widget()
    free, maximised = zoom_fit.room(widget), widget.isMaximized()  # as the window is now
    fitted = zoom_fit.fits(widget, free)
    window.statusBar().showMessage(f"Zoom {percents[index]} %", 3000)  # first: the status
    apply_zoom(window, percents[index])  # bar's new height is then in the chart's room
    if percents[index] > current and fitted and not zoom_fit.fits(widget, free):
        apply_zoom(window, current)  # past the screen's edge: not taken
        window.statusBar().showMessage(zoom_fit.refused_words(percents[index], current), 6000)
    else:
        window.settings.set(Key.ZOOM_PERCENT, percents[index])
    zoom_fit.within_screen(widget, free, maximised)


_BASE_POINT_SIZE: list[float] = []


def apply_zoom(window: Shell, percent: int) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    font = app.font()
    if not _BASE_POINT_SIZE:
        _BASE_POINT_SIZE.append(font.pointSizeF())
    font.setPointSizeF(_BASE_POINT_SIZE[0] * percent / 100)
    app.setFont(font)
    refit_to_font()  # the drop-downs measure their items again (Qt forgets to)
    window.checklist_panel.fit_title_to_font()  # the one text with a size of its own
    window.chart_panel.set_zoom(percent)
    _fit_chart(window, percent, bool(window.as_widget().property(LARGE_PROPERTY)))


def _fit_chart(window: Shell, percent: int, large: bool) -> None:
    """The chart keeps its teeth's size: it takes the height it lacks from the code detail."""
    from cdt_desktop.ui.shell.chart_room import fit_chart_panel

    fit_chart_panel(window, plain=percent == 100 and not large)


def view_on_show(window: Shell) -> None:
    """Once shown at a start with a remembered zoom or large targets: the zoom fitted to this
    screen, then the chart's room."""
    zoom_to_screen(window)
    chart_room_again(window)


def chart_room_again(window: Shell) -> None:
    """The chart's dentition changed: at a zoom or with large targets the chart's room is
    computed again for it (zoomed in on the permanent chart and switched to Mixed, twice as
    tall, the teeth stayed their 100 % size); at 100 % nothing is done."""
    if window.settings.get(Key.ZOOM_PERCENT) == 100 and not window.as_widget().property(
        LARGE_PROPERTY
    ):
        return
    from cdt_desktop.ui.shell.chart_room import refit_chart_panel

    refit_chart_panel(window)


def zoom_to_screen(window: Shell) -> None:
    """Once shown at a start with a remembered zoom: where the window would be larger than
    the screen at it (a zoom chosen on a larger screen), the largest step under it that fits
    is taken and kept, and the status bar says so. Where not even 100 % fits, the zoom stays
    (nothing to keep on screen). Before the window is shown its least size does not follow
    the font yet, so this waits for the show."""
    percent = window.settings.get(Key.ZOOM_PERCENT)
    from cdt_desktop.ui.shell import zoom_fit

    widget = window.as_widget()
    free, maximised = zoom_fit.room(widget), widget.isMaximized()
    if percent <= 100 or zoom_fit.fits(widget, free):
        return
    for step in [round(f * 100) for f in reversed(ZOOM_STEPS) if 100 <= f * 100 < percent]:
        apply_zoom(window, step)
        if zoom_fit.fits(widget, free):
            break
    else:
        apply_zoom(window, percent)
        return
    window.settings.set(Key.ZOOM_PERCENT, step)
    window.statusBar().showMessage(zoom_fit.refused_words(percent, step), 8000)
    zoom_fit.within_screen(widget, free, maximised)


def restore_view(window: Shell) -> bool:
    """The remembered zoom, target size and colours (nothing to do at the defaults). True
    when the chart's room is to be computed once the window is shown (a zoom or large
    targets: the window has no size to measure before)."""
    percent = window.settings.get(Key.ZOOM_PERCENT)
    if percent != 100:
        apply_zoom(window, percent)
    large = window.settings.get(Key.LARGE_TARGETS)
    if large:
        window.menu_actions["largeTargetsAction"].setChecked(True)
    _check_colours(window, window.settings.get(Key.APPEARANCE))  # applied before the build
    if percent == 100 and not large:
        return False
    from cdt_desktop.ui.shell.chart_room import restore_room

    restore_room(window, window.settings.get(Key.CHART_ROOM))
    return True
