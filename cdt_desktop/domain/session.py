"""Who is working: users, roles and what each role may do, PIN rules and hashing, the lockout after
wrong PINs, and the idle policy. Pure Python (no Qt, no SQL), so the store, the services, the CLI
and the lock screen share one set of rules.

Sign-in is off in a store with no users: every action is then allowed and recorded with the
operator's typed initials, as before users existed (an :class:`Actor` without a user). Once the
first admin exists, every action is done by a signed-in :class:`User` and checked against the
role's permissions here; the services layer calls :meth:`Actor.require` before it writes.

PIN rules, hashing and the wrong-PIN lockout live in ``pins``; :class:`User` carries no PIN and
no hash. The store's side (the ``UserRepository`` port, audit rows) lives in ``users``. The idle timer's clock is passed in, so tests never sleep.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple

from cdt_desktop.core.errors import InputError, UserFacingError
from cdt_desktop.core.text import capitalized

Clock = Callable[[], datetime]
"""The wall clock (aware UTC datetimes); injectable so lockout tests need no sleeping."""


def utc_now() -> datetime:
    return datetime.now(UTC)


# -- roles and permissions ----------------------------------------------------------------------
class Role(StrEnum):
    DENTIST = "dentist"
    ASSISTANT = "assistant"
    BILLING = "billing"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW_CASES = "view-cases"
    CREATE_CASE = "create-case"
    TICK = "tick"
    EDIT_CLINICAL = "edit-clinical"
    CHANGE_CODE = "change-code"
    SIGN_LETTER = "sign-letter"
    EDIT_CLAIM = "edit-claim"
    SET_STATUS = "set-status"
    EXPORT = "export"
    DELETE_CASE = "delete-case"
    MANAGE_USERS = "manage-users"
    MANAGE_PAYERS = "manage-payers"
    MANAGE_STORE = "manage-store"
    MANAGE_SETTINGS = "manage-settings"
    VIEW_AUDIT = "view-audit"
    IMPORT_CODES = "import-codes"


PERMISSION_WORDS: dict[Permission, str] = {
    Permission.VIEW_CASES: "opening cases",
    Permission.CREATE_CASE: "creating a case",
    Permission.TICK: "ticking checklist items",
    Permission.EDIT_CLINICAL: "editing the patient, tooth, findings and clinical facts",
    Permission.CHANGE_CODE: "changing a case's code",
    Permission.SIGN_LETTER: "exporting or printing an appeal letter",
    Permission.EDIT_CLAIM: "editing claim data",
    Permission.SET_STATUS: "changing a case's status",
    Permission.EXPORT: "exporting a case file",
    Permission.DELETE_CASE: "deleting a case",
    Permission.MANAGE_USERS: "managing users",
    Permission.MANAGE_PAYERS: "managing payer profiles",
    Permission.MANAGE_STORE: "managing the case store",
    Permission.MANAGE_SETTINGS: "changing settings",
    Permission.VIEW_AUDIT: "reading the audit trail",
    Permission.IMPORT_CODES: "importing the licensed CDT code set",
}

_CHAIR = frozenset(
    {Permission.VIEW_CASES, Permission.CREATE_CASE, Permission.TICK, Permission.EDIT_CLINICAL}
)
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # assistants tick and create cases
    Role.ASSISTANT: _CHAIR,
    # dentists also change a case's code and sign letters (which exports the letter)
    Role.DENTIST: _CHAIR | {Permission.CHANGE_CODE, Permission.SIGN_LETTER},
    # billing edits claim data, statuses and exports, and imports the yearly CDT file (the
    # office manager's job in most practices; the chair never needs to)
    Role.BILLING: frozenset(
        {
            Permission.VIEW_CASES,
            Permission.EDIT_CLAIM,
            Permission.SET_STATUS,
            Permission.EXPORT,
            Permission.IMPORT_CODES,
        }
    ),
    # admins manage users, payer profiles, the store and settings; in a small office the admin
    # is often the owner dentist, so the role may do everything (one account, not two)
    Role.ADMIN: frozenset(Permission),
}


def roles_with(permission: Permission) -> tuple[Role, ...]:
    """The roles that may do ``permission``, in :class:`Role` order."""
    return tuple(role for role in Role if permission in ROLE_PERMISSIONS[role])


class PermissionDeniedError(UserFacingError, PermissionError):
    """A signed-in user tried something their role may not do; the message names who may."""

    def __init__(
        self, permission: Permission, role: Role, *alternatives: Permission, hint: str = ""
    ):
        self.permission = permission
        self.role = role
        super().__init__(
            f"{_needs_words(permission, *alternatives)}; you are signed in as {role.value}."
            + (f" {hint}" if hint else "")
        )


def _needs_words(permission: Permission, *alternatives: Permission) -> str:
    """'Ticking checklist items needs the assistant, dentist or admin role'."""
    wanted = (permission, *alternatives)
    allowed = [r.value for r in Role if any(p in ROLE_PERMISSIONS[r] for p in wanted)]
    who = allowed[0] if len(allowed) == 1 else ", ".join(allowed[:-1]) + " or " + allowed[-1]
    words = PERMISSION_WORDS[permission]  # "CDT" keeps its capitals (no str.capitalize)
    return f"{capitalized(words)} needs the {who} role"


class RoleChangedError(PermissionDeniedError):
    """The store refused a write: the signed-in user's role, as the store holds it at the
    moment of the write, may not do it (an admin changed it at another workstation since this
    window read it). Nothing was saved; the message names the role they have now."""

    def __init__(
        self, permission: Permission, role: Role, *alternatives: Permission, name: str,
        hint: str = "",
    ):  # fmt: skip
        self.permission = permission
        self.role = role
        self.name = name
        UserFacingError.__init__(
            self,
            f"{_needs_words(permission, *alternatives)}; {name}'s role was changed to "
            f"{role.value} by an admin at another workstation since signing in: nothing was "
            "saved." + (f" {hint}" if hint else "") + " Lock (Ctrl+L) and sign in again, or ask "
            "an admin about the role.",
        )


Needs = tuple[tuple[str, ...], ...]
"""What one write needs: each group met by at least one of its permissions, the first named in
a refusal (a case edit: one group per changed field), by :class:`Permission` or its value
("tick": the store names them so without importing this module). Empty: anyone signed in may
(a view, signing out)."""


def field_needs(names: Iterable[str]) -> Needs:
    """What saving the changed case fields ``names`` ("section.key") needs, as
    :meth:`Actor.require_fields` checks them."""
    order = list(Permission).index
    return tuple(tuple(sorted(field_permissions(name), key=order)) for name in names)


def unmet(role: Role, wanted: Needs) -> tuple[Permission, ...]:
    """The first group of ``wanted`` that ``role`` does not meet; () when the role may."""
    have = ROLE_PERMISSIONS[role]
    for group in wanted:
        if not any(p in have for p in group):
            return tuple(map(Permission, group))
    return ()


# Which permission a change to a case field needs: by section, then by "section.key" override.
# Any one of the listed permissions suffices (patient details are fixed at the chair and by
# billing alike).
_SECTION_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "patient": frozenset({Permission.EDIT_CLINICAL, Permission.EDIT_CLAIM}),
    "subscriber": frozenset({Permission.EDIT_CLAIM}),
    "payer": frozenset({Permission.EDIT_CLAIM}),
    "claim": frozenset({Permission.EDIT_CLAIM}),
    "provider": frozenset({Permission.EDIT_CLAIM, Permission.SIGN_LETTER}),
    "procedure": frozenset({Permission.EDIT_CLINICAL}),
    "findings": frozenset({Permission.EDIT_CLINICAL}),
    # the clinical facts (diagnoses, pulp tests, film dates, canals) are the chair's record,
    # and billing copies them from the chart notes for an appeal: either (they fell to the
    # claim-data default, so an assistant could not record a pulp test)
    "facts": frozenset({Permission.EDIT_CLINICAL, Permission.EDIT_CLAIM}),
    "enclosures": frozenset({Permission.EDIT_CLAIM}),
}
_FIELD_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "procedure.code": frozenset({Permission.CHANGE_CODE}),
}


def field_permissions(name: str) -> frozenset[Permission]:
    """The permissions (any one suffices) to change the case field ``name`` ("section.key")."""
    if name in _FIELD_PERMISSIONS:
        return _FIELD_PERMISSIONS[name]
    section = name.split(".", 1)[0]
    return _SECTION_PERMISSIONS.get(section, frozenset({Permission.EDIT_CLAIM}))


# -- users --------------------------------------------------------------------------------------
MAX_NAME_LENGTH = 40
_INITIALS_RE = re.compile(r"^[^\W\d_]{1,6}$")


def normalize_initials(text: str) -> str:
    """Upper-case initials (letters of any script, 1-6) or "" when ``text`` is not initials."""
    value = text.strip().upper()
    return value if _INITIALS_RE.match(value) else ""


def valid_user_name(name: str) -> str:
    """The name as stored: blanks trimmed and runs of spaces collapsed; InputError when unusable."""
    value = " ".join(str(name).split())
    if not value:
        raise InputError("A user needs a name.")
    if len(value) > MAX_NAME_LENGTH:
        raise InputError(f"A user's name has at most {MAX_NAME_LENGTH} characters.")
    if not value.isprintable():
        raise InputError("A user's name cannot hold control characters.")
    return value


NAME_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof"})
"""Titles before a name ("Dr. Ann Lee"): not part of the initials."""
NAME_DEGREES = frozenset({"dds", "dmd", "md", "phd", "rdh", "jr", "sr"})
"""Degrees and suffixes after a name ("Ann Lee, DDS"): not part of the initials; only after the
first word of the name, since a name may begin with one (Md. = Muhammad in Bangladeshi names).
Both compared without dots and commas and case-blind, so "DR", "D.D.S." and "Dr." match."""


def initials_for(name: str) -> str:
    """Initials made from a name ("Maria del Carmen Ruiz" -> "MDCR", "Dr. Ann Lee, DDS" -> "AL",
    "Md. Abdul Karim" -> "MAK"), for a user added without; titles are skipped unless the name is
    nothing else."""
    words = [word for word in name.split() if word[:1].isalpha()]

    def bare(word: str) -> str:
        return word.replace(".", "").replace(",", "").casefold()

    start = 0
    while start < len(words) and bare(words[start]) in NAME_TITLES:
        start += 1
    named = words[start : start + 1] + [
        w for w in words[start + 1 :] if bare(w) not in NAME_DEGREES
    ]
    letters = "".join(word[0] for word in named or words)
    return normalize_initials(letters[:6])


def valid_role(role: str) -> Role:
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise InputError(f"Unknown role; use one of {names}.") from None


class User(NamedTuple):
    """A person who signs in. Carries no PIN and no hash (the store keeps the hash apart).

    NamedTuples here, not frozen dataclasses: as immutable, and cheaper to create when the
    module loads with the window."""

    id: int
    name: str
    initials: str
    role: Role
    active: bool = True
    failed_pins: int = 0
    locked_until: datetime | None = None
    has_pin: bool = True
    created_at: str = ""
    """When the store made this user (never changed): with the id, who this person is. A
    restored backup (another PC's, another office's) may hold another person under the id."""

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def same_person(self, other: User) -> bool:
        """Whether ``other`` (the store's user now) is this user: the same id, made at the same
        moment (a rename, a new role or PIN keep the person; a restored backup's user under
        the id is another). Without that moment (a user read by an older build): the name."""
        if other.id != self.id:
            return False
        if self.created_at and other.created_at:
            return other.created_at == self.created_at
        return other.name.casefold() == self.name.casefold()


class Actor(NamedTuple):
    """Who does an action: a signed-in user, or (sign-in off) just the typed initials."""

    initials: str
    user: User | None = None

    @classmethod
    def signed_in(cls, user: User) -> Actor:
        return cls(user.initials, user)

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user is not None else None

    def can(self, permission: Permission) -> bool:
        """Sign-in off (no user): everything is allowed, as before users existed."""
        return self.user is None or self.user.can(permission)

    def require(self, *permissions: Permission) -> None:
        """Raise PermissionDeniedError unless the actor has at least one of ``permissions``."""
        if self.user is None or any(self.user.can(p) for p in permissions):
            return
        raise PermissionDeniedError(permissions[0], self.user.role, *permissions[1:])

    def require_fields(self, names: Iterable[str]) -> None:
        """Raise PermissionDeniedError for the first changed case field the actor may not edit."""
        for name in names:
            needed = sorted(field_permissions(name), key=list(Permission).index)
            self.require(*needed)


# -- idle lock ----------------------------------------------------------------------------------
IDLE_DEFAULT_MINUTES = 5
IDLE_MIN_MINUTES, IDLE_MAX_MINUTES = 1, 60


def valid_idle_minutes(minutes: object) -> int:
    """The idle-lock delay in whole minutes, 1-60; InputError otherwise."""
    try:
        value = int(str(minutes).strip())
    except ValueError:
        raise InputError("The idle lock is a whole number of minutes.") from None
    if not (IDLE_MIN_MINUTES <= value <= IDLE_MAX_MINUTES):
        raise InputError(
            f"The idle lock is between {IDLE_MIN_MINUTES} and {IDLE_MAX_MINUTES} minutes."
        )
    return value


class IdleTimer:
    """Seconds since the last input against the policy; ``monotonic`` is injectable for tests."""

    def __init__(
        self, minutes: int = IDLE_DEFAULT_MINUTES, monotonic: Callable[[], float] | None = None
    ):
        self._monotonic = monotonic or time.monotonic
        self.minutes = valid_idle_minutes(minutes)
        self._last = self._monotonic()

    def touch(self) -> None:
        """Input happened: start counting again."""
        self._last = self._monotonic()

    def idle_seconds(self) -> float:
        return max(0.0, self._monotonic() - self._last)

    def remaining_seconds(self) -> float:
        return max(0.0, self.minutes * 60 - self.idle_seconds())

    def expired(self) -> bool:
        return self.remaining_seconds() <= 0
