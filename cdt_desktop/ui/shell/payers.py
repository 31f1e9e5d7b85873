"""File > Payer profiles...: the dialog on this window's case store, who may change them, and the
window's word after a change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from cdt_desktop.domain.appeal.profiles import PayerProfile
    from cdt_desktop.services.payers import SettingsStore
    from cdt_desktop.ui.appeal.payers_dialog import PayerProfilesDialog
    from cdt_desktop.ui.shell.window import Shell


def shipped_profiles(library: Any) -> tuple[PayerProfile, ...]:
    """The profiles shipped with the app (the window's library puts the office's in front)."""
    shipped = getattr(library, "shipped_payer_profiles", None) or getattr(
        library, "payer_profiles", None
    )
    return tuple(shipped()) if callable(shipped) else ()


def read_only_reason(window: Shell) -> str:
    """Why this window cannot change the profiles now ("" when it can)."""
    from cdt_desktop.domain.session import Permission, roles_with

    if window.store is None:
        return "Payer profiles are kept in the case store, and none is open: they can be read only."
    if not window.store_status.online:
        return (
            "The case store cannot be reached now: the shipped profiles are shown, and the "
            "office's come back with the case store."
        )
    auth = window.cases.auth if window.cases is not None else None
    if auth is not None and not auth.actor.can(Permission.MANAGE_PAYERS):
        user = auth.user
        who = f" ({user.name} is {user.role.value})" if user is not None else ""
        roles = " or ".join(r.value for r in roles_with(Permission.MANAGE_PAYERS))
        return f"Only {roles}s change payer profiles{who}; you can read them here."
    if not window.operator().strip():  # the Operator box is behind the modal dialog: typing
        # a profile first left no way to save it but losing it (walkthrough)
        return (
            "Enter your initials (top right) first, then open Payer profiles again to change "
            "them: every change records who made it. You can read them here."
        )
    return ""


def open_payer_profiles(window: Shell) -> PayerProfilesDialog:
    """Show the dialog (modal); after a change the status bar says every workstation follows."""
    from cdt_desktop.services.payers import PayerDirectory
    from cdt_desktop.ui.appeal.payers_dialog import PayerProfilesDialog

    reason = read_only_reason(window)
    store = window.store if window.store is not None and window.store_status.online else None
    auth = window.cases.auth if window.cases is not None else None
    directory = PayerDirectory(
        shipped_profiles(window.library), cast("SettingsStore | None", store), auth
    )
    dialog = PayerProfilesDialog(
        directory, operator=window.operator, read_only=reason, parent=window.as_widget()
    )
    dialog.exec()
    if dialog.changed:
        window.statusBar().showMessage(
            "Payer profiles changed: every workstation's letters follow them from the next one.",
            8000,
        )
    return dialog
