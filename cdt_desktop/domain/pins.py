"""PINs: the rules (6-12 ASCII digits, not trivially guessed), hashing and the wrong-PIN lockout.

Hashed with scrypt (memory-hard, a random salt per hash); the parameters travel with the hash
(``scrypt$n$r$p$salt$hash``) so they can be raised later. A PIN is never stored, logged or shown,
and neither is its hash outside the store. Five wrong PINs in a row lock that user for five
minutes (Open Dental's rule); the caller passes the time in, so tests never sleep.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from cdt_desktop.core.errors import InputError, UserFacingError
from cdt_desktop.core.text import isolate

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
        f"{isolate(user_name)} is locked after {MAX_FAILED_PINS} wrong PINs; try again in {minutes} {unit} "
        "or ask an admin to set a new PIN."
    )


class SignInError(UserFacingError):
    """Sign-in refused: wrong PIN, locked out, disabled or unknown user (never says the PIN)."""


class SessionEndedError(SignInError):
    """The signed-in user is no longer in the store as the person who signed in (a backup was
    restored into it since): nothing is written under their id, they sign in again."""


class LockedOutError(SignInError):
    def __init__(self, user_name: str, remaining: timedelta):
        self.remaining = remaining
        super().__init__(lockout_message(user_name, remaining))
