"""The store's side of users (pure Python): the ``UserRepository`` port every case store backend
implements (``db/cases/users.py``), the audit trail's rows as an admin reads them, and the audit
actions that came with users. The rules (roles, permissions, names, the idle policy) are in
``session``; PINs and the lockout in ``pins``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple, Protocol

from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.session import Role, User

if TYPE_CHECKING:
    from cdt_desktop.domain.pins import Lockout

SESSION_ACTIONS = (
    "view",
    "sign-in",
    "sign-out",
    "sign-in-refused",
    "locked-out",
    "user-add",
    "user-edit",
    "pin-set",
    "settings",
    "audit-export",
)
"""Audit actions added with users (beside create, edit, tick, export, ...)."""


def shared_initials(people: list[tuple[str, str]]) -> list[str]:
    """Each set of initials more than one user has, with their names: ``(name, initials)``
    pairs in, "AA: Ada Admin, Andy Assistant" out. The app refuses a new one, but a store made
    before it did may hold two (``doctor`` names them: the ticks and the audit log cannot tell
    those users apart)."""
    by_marks: dict[str, list[str]] = {}
    for name, initials in people:
        by_marks.setdefault(initials.strip().upper(), []).append(name)
    return [
        f"{marks}: {', '.join(names)}"
        for marks, names in sorted(by_marks.items())
        if len(names) > 1
    ]


class AuditRow(NamedTuple):
    """One line of the audit trail as an admin reads it: who (user and initials), what, when."""

    id: int
    at: str
    operator: str
    user_id: int | None
    user_name: str
    action: str
    case_id: int | None
    detail: str


class UserNotFoundError(InputError, KeyError):
    """No such user in this store."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UserRepository(Protocol):
    """Users, their PIN hashes and lockout state, store-wide settings and the audit trail.

    Implemented by each case store backend, so every workstation on a store shares its users.
    ``acting_user_id`` is the signed-in user whose id every audit row written through this
    store object carries (None: sign-in off, rows carry initials only); ``acting_user_created``
    is when that user was made (their identity with the id): a row under the id is refused
    (SessionEndedError) once the store's user of that id is someone else (a backup restored)."""

    acting_user_id: int | None
    acting_user_created: str | None

    def count_users(self) -> int: ...

    def list_users(self) -> list[User]: ...

    def get_user(self, user_id: int) -> User: ...

    def find_user(self, name: str) -> User | None:
        """The user of that name, in any letter case (names are unique that way)."""
        ...

    def add_user(
        self, name: str, initials: str, role: Role, pin_hash: str, *, operator: str
    ) -> User: ...

    def update_user(
        self,
        user_id: int,
        *,
        operator: str,
        name: str | None = None,
        initials: str | None = None,
        role: Role | None = None,
        active: bool | None = None,
    ) -> User: ...

    def set_pin_hash(self, user_id: int, pin_hash: str, *, operator: str) -> None:
        """Replace the PIN hash (audited as ``pin-set``) and clear any lockout."""
        ...

    def pin_hash(self, user_id: int) -> str: ...

    def record_sign_in(self, user_id: int, *, action: str = "sign-in", detail: str = "") -> None:
        """Audit a sign-in (or sign-out) of that user and clear their wrong-PIN count."""
        ...

    def record_pin_failure(self, user_id: int, now: datetime) -> Lockout:
        """Count one wrong PIN in one transaction (two workstations cannot lose a count), audit
        it, and audit ``locked-out`` when it locks the user; returns the new state."""
        ...

    def record_session_event(
        self, action: str, *, operator: str, case_id: int | None = None, detail: str = ""
    ) -> None:
        """An audit row for something that changes nothing stored (a case viewed, the trail
        exported)."""
        ...

    def get_setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str, *, operator: str) -> None: ...

    def audit_trail(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        user_id: int | None = None,
        case_id: int | None = None,
        limit: int = 100_000,
    ) -> list[AuditRow]:
        """Audit rows oldest first, ``since <= at < until`` (ISO 8601 UTC text)."""
        ...
