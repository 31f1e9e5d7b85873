"""What a signed-in user's role may write in a case, field by field and tick by tick.

Why apart from the use cases (``services/cases.py``): one set of rules about the role of whoever
is working (``CaseService.auth``), asked by several use cases, that the window's start never
asks: they load, with ``domain/session.py`` they read, at the first form, save or tick. Each
changed field needs its permission (the code: a dentist's; claim data: billing's), but a new
case's code, date of service and provider anyone may fill in; billing ticks the checklist's
Billing items only. A refusal is PermissionDeniedError naming the roles that may. Without
``auth`` (the command line) ``CaseService`` asks none of this. Qt-free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.db.cases.rows import changed_fields
from cdt_desktop.domain.session import (
    ROLE_PERMISSIONS,
    Needs,
    Permission,
    PermissionDeniedError,
    Role,
    field_needs,
    field_permissions,
)

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.services.auth import AuthService
    from cdt_desktop.services.code_risk import Library

NEW_CASE_FIELDS = frozenset({"procedure.code", "claim.date_of_service"})
"""Fields a new case may hold whoever creates it (see `require_new_fields`)."""


def _anyone_fills(name: str) -> bool:
    """A field of a new case anyone may fill in: the code, the date of service, the provider."""
    return name in NEW_CASE_FIELDS or name.startswith("provider.")


def may(auth: AuthService, permission: str) -> bool:
    try:
        auth.require(Permission(permission))
    except PermissionDeniedError:
        return False
    return True


def may_edit(auth: AuthService, name: str, *, new: bool) -> bool:
    """Whether the signed-in user may change the case field ``name`` ("section.key")."""
    if new and _anyone_fills(name):
        return True
    return any(may(auth, permission.value) for permission in field_permissions(name))


def require_changed_fields(auth: AuthService, before: Case, after: Case) -> Needs:
    """Each changed field needs its permission (the code: a dentist's; claim data: billing's);
    what the store checks again against the role it holds when it writes."""
    # through require: a user an admin disabled since signing in saves no form either
    changed = changed_fields(before, after)
    auth.require().require_fields(changed)
    return field_needs(changed)


def require_new_fields(auth: AuthService, case: Case) -> None:
    """A new case's fields need what editing them would, but for what the chair's new
    case starts with: the code the dentist chose, a date of service and the provider
    (the form fills in the day's date and the practice's remembered provider). An assistant's new case saved a claim
    number that the same assistant could not type into it a minute later (new-office
    walkthrough)."""
    from cdt_desktop.domain.cases.model import Case as Blank

    filled = [name for name in changed_fields(Blank(), case) if not _anyone_fills(name)]
    auth.require().require_fields(filled)


def billing_item(
    repository: CaseRepository, library: Library | None, case_id: int, item_id: str
) -> bool:
    """Whether ``item_id`` is in the Billing group of the case's code's checklist (read
    only when the user may not tick in general: the chair's tick stays one statement)."""
    if library is None:
        return False
    code = repository.get_case(case_id).case.procedure.code
    return any(item.id == item_id and item.group == "billing" for item in library.checklist(code))


BILLING_TICKS_ONLY = "Billing ticks the checklist's Billing items only."
"""Why billing may not tick a Clinical or Imaging item (the refusal, the greyed row's tip)."""


def require_tick(
    auth: AuthService, repository: CaseRepository, library: Library | None, case_id: int,
    item_id: str,
) -> bool:  # fmt: skip
    """PermissionDeniedError unless the signed-in user may tick ``item_id`` on the case; True
    when only as billing (its own Billing items: the store checks that again)."""
    try:
        auth.require(Permission("tick"))
    except PermissionDeniedError as refused:
        if not billing_item(repository, library, case_id, item_id):
            if may(auth, "edit-claim"):  # billing: say which items are its own (tour8)
                raise PermissionDeniedError(
                    refused.permission, refused.role,
                    hint=BILLING_TICKS_ONLY,
                ) from None  # fmt: skip
            raise
        auth.require(Permission("edit-claim"))
        return True
    return False


def ticks_as_billing(
    role: Role, repository: CaseRepository, library: Library | None, case_id: int, item_id: str
) -> bool:
    """Whether ``role``, which the store holds now (made billing at another workstation since
    this user signed in), ticks ``item_id`` as one of its own Billing items (read only then:
    the chair's tick is one trip)."""
    claims = "edit-claim" in ROLE_PERMISSIONS[role]
    return claims and billing_item(repository, library, case_id, item_id)
