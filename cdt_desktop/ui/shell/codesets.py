"""The licensed CDT code set in the window: File > Import licensed CDT file..., and following an
import made on another workstation of a shared store.

Where the import goes and who may make it is the service's (``services.codeset_import``): this
PC's own file on one PC, the office server on a PostgreSQL store. On a shared store the other
windows hear of an import through the store's change feed (the audit row's action
``cdt-import`` or ``cdt-upload``) and show the new descriptors and case marks at once, with no
restart; a window that was offline reads the code set again when the server is back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.text import capitalized
from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import StoreChange
    from cdt_desktop.services.licensed_codes import LicensedCodes
    from cdt_desktop.ui.shell.window import Shell

CODE_SET_ACTIONS = frozenset({"cdt-import", "cdt-upload"})
"""The audit actions of a code-set import (``domain.coding.codesets``)."""


def licensed(window: Shell) -> LicensedCodes:
    """The window's licensed descriptors, made when the composition root gave none."""
    found = window.licensed
    if found is None:
        from cdt_desktop.core.paths import user_data_dir
        from cdt_desktop.services.licensed_codes import LicensedCodes

        choice = window.store_choice
        found = LicensedCodes(
            user_data_dir(choice.data_dir if choice else None),
            case_store=lambda: window.store,
            online=lambda: window.store_status.online,
        )
        window.licensed = found
    return found


def import_codeset(window: Shell) -> None:
    """The import dialog on this window's store; then the new descriptors and case marks."""
    from cdt_desktop.services.codeset_import import CodeSetImport
    from cdt_desktop.ui.shell.codeset_dialog import CodeSetDialog

    codes = licensed(window)
    auth = window.cases.auth if window.cases is not None else None
    target = CodeSetImport(codes.data_dir, window.store, auth=auth, operator=window.operator())
    try:
        target.check_ready()  # allowed, and recordable: who, and a case store to audit it in
    except UserFacingError as exc:
        text = str(exc)  # the command line's words start lower-case after "error:"
        msgbox.show_error(window.as_widget(), "CDT file not imported", capitalized(text))
        return
    dialog = CodeSetDialog(target, window.as_widget())
    dialog.exec()
    if dialog.imported is None and not dialog.uploaded:
        return
    refresh(window)
    if dialog.imported is None:
        window.statusBar().showMessage(
            f"This PC's CDT code set is now on {target.where}: every workstation shows it."
        )
        return
    everyone = " on every workstation" if target.shared is not None else ""
    window.statusBar().showMessage(
        f"CDT {dialog.imported} code set imported: its descriptors show beside our "
        f"guidance{everyone}."
    )


def refresh(window: Shell) -> None:
    """Read the code set again: the code detail and the Cases list's marks follow it."""
    codes = licensed(window)
    codes.reload()
    window.detail.refresh()
    try:
        notes = codes.notes()
    except UserFacingError:  # this PC's file damaged meanwhile: the marks stay as they were
        return
    show_code_notes(window, notes)


def show_code_notes(window: Shell, notes: Mapping[str, str]) -> None:
    """The codes the newest licensed CDT edition deleted or revised, marked wherever the window
    shows a code: open cases in the Cases list, the code detail, the chart's candidates."""
    window.case_list.set_code_notes(notes)
    window.detail.set_code_notes(notes)
    window.chart_panel.candidates.set_code_notes(notes)


def follow(window: Shell, changes: Sequence[StoreChange]) -> None:
    """Another workstation's changes (or [] after a reconnect): an import there, or anything
    missed while offline, reads the code set again."""
    imports = [c for c in changes if c.action in CODE_SET_ACTIONS]
    if changes and not imports:
        return
    if getattr(window, "licensed", None) is None and not imports:
        return
    refresh(window)
    if imports:
        who = imports[-1].operator
        window.statusBar().showMessage(
            f"The office's CDT code set was updated by {who} on another workstation: "
            "its descriptors show now.",
            8000,
        )
