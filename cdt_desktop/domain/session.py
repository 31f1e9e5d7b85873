"""Who is working: users, roles and what each role may do, PIN rules and hashing, the lockout after
wrong PINs, and the idle policy. Pure Python (no Qt, no SQL), so the store, the services, the CLI
and the lock screen share one set of rules.

Sign-in is off in a store with no users: every action is then allowed and recorded with the
operator's typed initials, as before users existed (an :class:`Actor` without a user). Once the
first admin exists, every action is done by a signed-in :class:`User` and checked against the
role's permissions here; the services layer calls :meth:`Actor.require` before it writes.

PINs are 6-12 ASCII digits, hashed with scrypt (memory-hard, a random salt per hash; the
parameters travel with the hash so they can be raised later). A PIN is never stored, logged or
shown, and neither is its hash: :class:`User` does not carry it. Five wrong PINs lock that user
for five minutes (Open Dental's rule); the clock is passed in, so tests never sleep.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from cdt_desktop.core.errors import InputError, UserFacingError

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


PERMISSION_WORDS: dict[Permission, str] = {
    Permission.VIEW_CASES: "opening cases",
    Permission.CREATE_CASE: "creating a case",
    Permission.TICK: "ticking checklist items",
    Permission.EDIT_CLINICAL: "editing the patient, tooth and findings",
    Permission.CHANGE_CODE: "changing a case's code",
    Permission.SIGN_LETTER: "signing an appeal letter",
    Permission.EDIT_CLAIM: "editing claim data",
    Permission.SET_STATUS: "changing a case's status",
    Permission.EXPORT: "exporting a case or letter",
    Permission.DELETE_CASE: "deleting a case",
    Permission.MANAGE_USERS: "managing users",
    Permission.MANAGE_PAYERS: "managing payer profiles",
    Permission.MANAGE_STORE: "managing the case store",
    Permission.MANAGE_SETTINGS: "changing settings",
    Permission.VIEW_AUDIT: "reading the audit trail",
}

_CHAIR = frozenset(
    {Permission.VIEW_CASES, Permission.CREATE_CASE, Permission.TICK, Permission.EDIT_CLINICAL}
)
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # assistants tick and create cases
    Role.ASSISTANT: _CHAIR,
    # dentists also change a case's code and sign letters (which exports the letter)
    Role.DENTIST: _CHAIR | {Permission.CHANGE_CODE, Permission.SIGN_LETTER},
    # billing edits claim data, statuses and exports
    Role.BILLING: frozenset(
        {Permission.VIEW_CASES, Permission.EDIT_CLAIM, Permission.SET_STATUS, Permission.EXPORT}
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

    def __init__(self, permission: Permission, role: Role, *alternatives: Permission):
        self.permission = permission
        self.role = role
        wanted = (permission, *alternatives)
        allowed = [r.value for r in Role if any(p in ROLE_PERMISSIONS[r] for p in wanted)]
        who = allowed[0] if len(allowed) == 1 else ", ".join(allowed[:-1]) + " or " + allowed[-1]
        super().__init__(
            f"{PERMISSION_WORDS[permission].capitalize()} needs the {who} role; "
            f"you are signed in as {role.value}."
        )


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


def initials_for(name: str) -> str:
    """Initials made from a name ("Maria del Carmen Ruiz" -> "MDCR"), for a user added without."""
    letters = "".join(word[0] for word in name.split() if word[:1].isalpha())
    return normalize_initials(letters[:6])


def valid_role(role: str) -> Role:
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise InputError(f"Unknown role; use one of {names}.") from None


@dataclass(frozen=True)
class User:
    """A person who signs in. Carries no PIN and no hash (the store keeps the hash apart)."""

    id: int
    name: str
    initials: str
    role: Role
    active: bool = True
    failed_pins: int = 0
    locked_until: datetime | None = None
    has_pin: bool = field(default=True, compare=False)

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


@dataclass(frozen=True)
class Actor:
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


# -- PINs ---------------------------------------------------------------------------------------
PIN_MIN, PIN_MAX = 6, 12
_DIGITS = "0123456789"


class PinError(InputError):
    """A PIN that breaks the rules; the message says which rule, never the PIN."""


def validate_pin(pin: str) -> str:
    """``pin`` when it is 6-12 ASCII digits and not trivially guessed; PinError otherwise."""
    if not (PIN_MIN <= len(pin) <= PIN_MAX):
        raise PinError(f"A PIN has {PIN_MIN} to {PIN_MAX} digits.")
    if not all(c in _DIGITS for c in pin):
        raise PinError("A PIN holds digits 0-9 only.")
    if len(set(pin)) == 1:
        raise PinError("A PIN cannot repeat one digit.")
    if pin in (_DIGITS * 2) or pin in (_DIGITS[::-1] * 2):
        raise PinError("A PIN cannot be a run of digits, up or down.")
    return pin


@dataclass(frozen=True)
class ScryptParams:
    n: int = 2**15
    r: int = 8
    p: int = 1
    dklen: int = 32
    salt_bytes: int = 16

    @property
    def maxmem(self) -> int:
        return 128 * self.r * self.n * self.p * 2 + 1024 * 1024


DEFAULT_SCRYPT = ScryptParams()
"""About 32 MiB and 0.1-0.2 s per hash on an office PC: cheap at sign-in, dear to brute force."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str, params: ScryptParams = DEFAULT_SCRYPT) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) for a valid PIN; a new random salt every time."""
    validate_pin(pin)
    salt = os.urandom(params.salt_bytes)
    digest = hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=params.n, r=params.r, p=params.p,
        maxmem=params.maxmem, dklen=params.dklen,
    )  # fmt: skip
    return f"scrypt${params.n}${params.r}${params.p}${_b64(salt)}${_b64(digest)}"


def _parse(encoded: str) -> tuple[ScryptParams, bytes, bytes] | None:
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = (int(v) for v in parts[1:4])
        salt, digest = base64.b64decode(parts[4]), base64.b64decode(parts[5])
    except ValueError:
        return None
    if n < 2 or n & (n - 1) or not (0 < r <= 64 and 0 < p <= 16 and n <= 2**20):
        return None
    return ScryptParams(n, r, p, len(digest), len(salt)), salt, digest


def verify_pin(pin: str, encoded: str) -> bool:
    """True when ``pin`` matches ``encoded``; False for anything else, a malformed hash included."""
    parsed = _parse(encoded or "")
    if parsed is None or not pin or not all(c in _DIGITS for c in pin) or len(pin) > PIN_MAX:
        return False
    params, salt, digest = parsed
    candidate = hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=params.n, r=params.r, p=params.p,
        maxmem=params.maxmem, dklen=params.dklen,
    )  # fmt: skip
    return hmac.compare_digest(candidate, digest)


def needs_rehash(encoded: str, params: ScryptParams = DEFAULT_SCRYPT) -> bool:
    """True when ``encoded`` was made with weaker parameters than ``params`` (re-hash on sign-in)."""
    parsed = _parse(encoded or "")
    return parsed is None or (parsed[0].n, parsed[0].r, parsed[0].p) < (
        params.n,
        params.r,
        params.p,
    )


# -- lockout after wrong PINs -------------------------------------------------------------------
MAX_FAILED_PINS = 5
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True)
class Lockout:
    """A user's wrong-PIN count and, once it reached the limit, until when they are locked out."""

    failed: int = 0
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def remaining(self, now: datetime) -> timedelta:
        if not self.locked(now):
            return timedelta(0)
        assert self.locked_until is not None
        return self.locked_until - now

    def after_failure(self, now: datetime) -> Lockout:
        """The state after one more wrong PIN; the fifth in a row locks for :data:`LOCKOUT`.

        A lockout that has run out starts a fresh count; failures while locked do not extend it
        (they are not checked at all: a locked user's PIN is not even compared)."""
        if self.locked(now):
            return self
        failed = self.failed + 1
        if failed >= MAX_FAILED_PINS:
            return Lockout(0, now + LOCKOUT)
        return Lockout(failed, None)


def lockout_message(user_name: str, remaining: timedelta) -> str:
    minutes = max(1, -(-int(remaining.total_seconds()) // 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"{user_name} is locked after {MAX_FAILED_PINS} wrong PINs; try again in {minutes} {unit} "
        "or ask an admin to set a new PIN."
    )


class SignInError(UserFacingError):
    """Sign-in refused: wrong PIN, locked out, disabled or unknown user (never says the PIN)."""


class LockedOutError(SignInError):
    def __init__(self, user_name: str, remaining: timedelta):
        self.remaining = remaining
        super().__init__(lockout_message(user_name, remaining))


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
