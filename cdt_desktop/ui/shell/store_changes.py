"""The window and its case store: what another workstation changed, and choosing another store.

Kept out of ``main_window.py`` (layout and the window's own state) and imported at the first
change another workstation makes, or at File > Case store..., never while the window starts.
Each function takes the window and uses its public panes, controller and store only.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository, StoreChange
    from cdt_desktop.ui.shell.window import Shell

CHANGE_WORDS = {
    "tick": "checklist ticked",
    "edit": "edited",
    "create": "created",
    "import": "imported",
    "status": "claim status changed",
    "confirm-code": "code changed",
    "submit-anyway": "marked submitted despite the check",
    "export-anyway": "exported despite the check",
    "undo-code": "code change undone",
    "status-undo": "claim status change taken back",
    "incomplete": "kept as a draft",
    "void": "voided",
    "export": "exported",
    "view": "opened",
    "attach": "radiograph attached",
    "detach": "radiograph removed",
}
"""The status bar's words for another workstation's change (the audit log's action names)."""


def follow(window: Shell, changes: list[StoreChange]) -> None:
    """Another workstation ticked, edited, added or imported the CDT file: re-read what is
    on screen, in place (``[]``: this window reconnected, and missed what happened)."""
    from cdt_desktop.ui.shell import codesets

    codesets.follow(window, changes)
    session = getattr(window, "session", None)  # sign-in (app.py): an admin changed users
    # [] is a reconnect: a user disabled while this window was away is locked out too
    if session is not None and (not changes or any(c.action.startswith("user-") for c in changes)):
        session.recheck_user()
    if session is not None and (not changes or any(c.action == "settings" for c in changes)):
        session.follow_settings()  # the idle lock's minutes are the store's, every window's
    window.case_list.refresh()
    open_id = window.current_case_id()
    mine = [c for c in changes if c.case_id == open_id]
    if open_id is None or not (mine or not changes):
        return
    if mine and mine[-1].action == "delete":
        window.statusBar().showMessage(
            f"Case {open_id} was deleted by {mine[-1].operator} on another workstation."
        )
        return
    # a re-code, a new name or a void elsewhere (or while this window was offline):
    # heading, checklist and chart follow
    closed = window.controller.refresh_open_case()
    if closed == "gone":  # a backup restored (or the case deleted) meanwhile
        window.statusBar().showMessage(
            f"Case {open_id} is no longer in the case store (a backup was restored): "
            "it is closed here."
        )
        return
    if closed is not None:  # voided there: closed here, and why
        by = f" by {mine[-1].operator}" if mine else ""
        window.statusBar().showMessage(
            f"Case {open_id} was voided{by} on another workstation (entered in error): "
            "it is closed here."
        )
        _letters_follow(window, open_id)  # its letter open here says so, and sends nothing
        return
    window.checklist_panel.reload()
    _letters_follow(window, open_id)
    if mine:  # what was done, not who only looked ("view" follows an undo, say)
        acted = [c for c in mine if c.action != "view"]
        if not acted and window.statusBar().currentMessage():
            return  # a save's "view" row came a poll after its "edit": "edited" stays
        last = acted[-1] if acted else mine[-1]
        done = CHANGE_WORDS.get(last.action, last.action)
        window.statusBar().showMessage(
            f"Case {open_id}: {done} by {last.operator} on another workstation"
            + _status_now(window, last.action),
            8000,
        )


def _status_now(window: Shell, action: str) -> str:
    """ ": now Denied on Nov 20, 2026 (EOB 10455)" after a status change made elsewhere (the
    notice said only "claim status changed by BC": two-PC walk); "" for other changes."""
    case = window.controller.case()
    if action not in ("status", "status-undo") or case is None:
        return ""
    if not case.status_history:
        return ": no status recorded now"
    from cdt_desktop.domain.cases.status import history_words

    return ": now " + history_words(case.status_history[-1:], case.claim.billed_amount)[0]


def choose_store(window: Shell) -> None:
    """File > Case store...: show, test, switch now (and from the next start)."""
    from cdt_desktop.services.store import StoreChoice
    from cdt_desktop.ui.shell.store_dialog import StoreDialog

    location = window.store.location if window.store is not None else "none"
    choice = window.store_choice if window.store_choice is not None else StoreChoice()
    dialog = StoreDialog(choice, location, window.as_widget())
    if dialog.exec() != StoreDialog.DialogCode.Accepted or dialog.saved_url is None:
        return
    try:
        store = choice.open(dialog.saved_url or None)
    except UserFacingError as exc:
        msgbox.show_error(window.as_widget(), "Case store not opened", str(exc))
        return
    window.switch_store(store)


def switch_store(window: Shell, store: CaseRepository) -> None:
    """Work in another case store from now on: no case open; list, checklist, status bar
    and change feed follow it. The store left behind is closed."""
    from cdt_desktop.services.cases import CaseService

    old = window.store
    window.controller.close_case()
    window.store_status.stop()
    window.statusBar().removeWidget(window.store_status.label)
    window.store_status.label.deleteLater()
    window.store_status.deleteLater()
    window.store, window.cases = store, CaseService(store, window.library)
    window.controller.service = window.cases
    window.checklist_panel.set_service(window.cases)
    window.case_list.set_service(window.cases)
    window.watch_store()
    window.switched_stores.append(store)
    window.storeSwitched.emit(store)
    if window.licensed is not None:  # the new store's code set (a shared one) is shown
        from cdt_desktop.ui.shell import codesets

        codesets.refresh(window)
    if old is not None:
        with suppress(Exception):  # nothing uses it any more (closing twice is harmless)
            old.close()
    window.statusBar().showMessage(f"Now using the case store: {store.location}", 8000)


def _letters_follow(window: Shell, case_id: int) -> None:
    """An appeal letter or prior-authorization request open on ``case_id``: its films and
    check follow what was attached, removed and ticked elsewhere (``follow_store``)."""
    from PySide6.QtWidgets import QDialog

    for name in ("narrativeDialog", "priorAuthDialog"):
        for dialog in window.as_widget().findChildren(QDialog, name):
            if getattr(dialog, "_case_id", None) == case_id and dialog.isVisible():
                dialog.follow_store()  # type: ignore[attr-defined]
