"""Sign-in, switching users, managing users and reading the audit trail: the use cases the lock
screen, the Users dialog and ``cdt-desktop users`` share.

Who is working is decided here, not in widgets: :attr:`AuthService.actor` is what every write
is done as. A store with no users has sign-in off (``actor`` is the typed initials and every
action is allowed, as before users existed); the first admin turns it on for every window on
that store. PINs are checked against the stored scrypt hash; a wrong one is counted in the store
(five lock that user for five minutes, audited); a disabled user cannot sign in. No PIN or hash
is ever put in a message, a log line or an audit detail. Qt-free; the store is passed in.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import InputError

if TYPE_CHECKING:
    from types import ModuleType

    from cdt_desktop.domain.pins import ScryptParams, SignInError
    from cdt_desktop.domain.session import Actor, Clock, Permission, Role, User
    from cdt_desktop.domain.users import AuditRow, UserRepository

# The domain rules (cdt_desktop.domain.session: enums, tuples) load when a user is first read,
# and cdt_desktop.domain.pins (hashlib, OpenSSL) at the first PIN: a window on a store without
# users, most windows at start-up, needs neither.


def _rules() -> ModuleType:
    from cdt_desktop.domain import session

    return session


log = logging.getLogger("cdt.auth")

IDLE_SETTING = "idle_minutes"
AUDIT_CSV_HEADER = ("at", "user", "user_id", "initials", "action", "case_id", "detail")


class AuthService:
    """The signed-in user of one window (or one CLI command) on one store."""

    def __init__(
        self,
        store: UserRepository,
        *,
        clock: Clock | None = None,
        params: ScryptParams | None = None,
    ) -> None:
        self.store = store
        self._clock = clock
        self._params = params
        self._user: User | None = None
        self._kept_pin: tuple[int, str] | None = None
        """The signed-in user's id and stored PIN hash, read at their last sign-in with a PIN:
        they alone unlock their own window while the store cannot be reached (never the PIN;
        forgotten at sign-out and after five wrong PINs offline)."""
        self._offline_misses = 0
        self._offline_unlocks: list[datetime] = []
        """When the user unlocked offline: written to the audit log once the store is back."""
        self.ended: User | None = None
        """Who was signed in until the store stopped holding them (see :meth:`refresh_user`)."""
        self.ended_reason = ""
        self.initials = ""
        """The typed operator initials, used while sign-in is off."""

    # -- who is working -------------------------------------------------------------------------
    @property
    def sign_in_enabled(self) -> bool:
        """True once the store has users: every window then opens locked."""
        return self.store.count_users() > 0

    @property
    def user(self) -> User | None:
        return self._user

    @property
    def actor(self) -> Actor:
        if self._user is not None:
            return _rules().Actor.signed_in(self._user)
        return _rules().Actor(self.initials)

    def require(self, *permissions: Permission) -> Actor:
        """The current actor, or PermissionDeniedError naming the roles that may (SignInError
        for a user an admin disabled since they signed in). No permission: only the latter."""
        actor = self.actor
        if self._user is not None and not self._user.active:
            from cdt_desktop.domain.pins import SignInError

            raise SignInError(f"{self._user.name} is disabled; an admin can enable them again.")
        if permissions:
            actor.require(*permissions)
        return actor

    def refresh_user(self) -> User | None:
        """The signed-in user as the store has them now (an admin at another workstation may
        have changed their role or disabled them); None when nobody is signed in.

        A backup restored into the store since (another PC's, another office's) may hold no
        user under their id, or another person: the session ends then, with no audit row (it
        would go under that other person), :attr:`ended` names who it was and
        :attr:`ended_reason` says why, and None comes back: they sign in again."""
        from cdt_desktop.domain.users import UserNotFoundError

        user = self._user
        if user is None:
            return None
        try:
            fresh: User | None = self.store.get_user(user.id)
        except UserNotFoundError:
            fresh = None
        if fresh is not None and user.same_person(fresh):
            self._user = fresh
            self._record_offline_unlocks(fresh)
            return fresh
        self._end(user, fresh)
        return None

    def _end(self, user: User, other: User | None) -> None:
        self._kept_pin = None
        self._offline_unlocks.clear()  # that user is not in the store any more
        from cdt_desktop.core.text import isolate

        whose = f"its user {user.id} is {isolate(other.name)}" if other else "it has no such user"
        self.ended = user
        self.ended_reason = (
            f"The case store was restored from a backup in which {isolate(user.name)} is not a "
            f"user ({whose}): {isolate(user.name)} was signed out. Sign in again."
        )
        self._user = None
        self.store.acting_user_id = None
        self.store.acting_user_created = None
        log.info("user %d signed out: the store's user of that id is another now", user.id)

    def active_users(self) -> list[User]:
        """The lock screen's tiles: every user who may sign in."""
        return [u for u in self.store.list_users() if u.active]

    def sign_in(self, user_id: int, pin: str) -> User:
        """Check ``pin`` for that user and make them the signed-in user (switching from whoever
        was). SignInError (LockedOutError when locked) otherwise; the message never holds the PIN."""
        from cdt_desktop.domain.cases.ports import StoreUnavailableError
        from cdt_desktop.domain.pins import (
            MAX_FAILED_PINS,
            LockedOutError,
            Lockout,
            SignInError,
            verify_pin,
        )

        try:
            user = self.store.get_user(user_id)
        except StoreUnavailableError as exc:
            return self._unlock_offline(user_id, pin, exc)
        now = self._clock() if self._clock is not None else _rules().utc_now()
        if not user.active:
            raise SignInError(f"{user.name} is disabled; an admin can enable them again.")
        lockout = Lockout(user.failed_pins, user.locked_until)
        if lockout.locked(now):  # the PIN is not even compared while locked
            raise LockedOutError(user.name, lockout.remaining(now))
        encoded = self.store.pin_hash(user.id)
        if not encoded:
            raise SignInError(f"{user.name} has no PIN yet; an admin can set one.")
        if not verify_pin(pin, encoded):
            after = self.store.record_pin_failure(user.id, now)
            log.info("wrong PIN for user %d (%d of %d)", user.id, after.failed, MAX_FAILED_PINS)
            if after.locked(now):
                raise LockedOutError(user.name, after.remaining(now))
            left = MAX_FAILED_PINS - after.failed
            raise _wrong_pin(user.name, left, "{lock} this user for 5 minutes.")
        self._kept_pin, self._offline_misses = (user.id, encoded), 0
        return self._begin(user, "")

    def now(self) -> datetime:
        """The time sign-in rules are kept by (UTC; a test's clock where one is given)."""
        return self._clock() if self._clock is not None else _rules().utc_now()

    def _unlock_offline(self, user_id: int, pin: str, unreachable: Exception) -> User:
        """The store cannot be reached: the user who is signed in (the window is locked over
        their work) unlocks with their PIN, checked against the hash read at their sign-in.
        Anyone else waits for the store: the users, their lockouts and a switch are its."""
        from cdt_desktop.core.text import isolate
        from cdt_desktop.domain.pins import MAX_FAILED_PINS, SignInError, verify_pin

        user, kept = self._user, self._kept_pin
        if user is not None and user.id == user_id and self._offline_misses >= MAX_FAILED_PINS:
            raise _offline_lockout(user.name)
        if user is None or user.id != user_id or kept is None or kept[0] != user_id:
            log.info("sign-in refused: the store is unreachable (%s)", type(unreachable).__name__)
            who = f"only {isolate(user.name)} can unlock" if user is not None else "nobody can"
            raise SignInError(f"The case store cannot be reached, so {who} until it is back.")
        if not verify_pin(pin, kept[1]):
            self._offline_misses += 1
            log.info("wrong PIN for user %d while the store is unreachable", user.id)
            left = MAX_FAILED_PINS - self._offline_misses
            if left <= 0:
                raise _offline_lockout(user.name)
            raise _wrong_pin(
                user.name, left, "and the window stays locked until the case store is back."
            )
        self._offline_misses = 0
        self._offline_unlocks.append(
            self._clock() if self._clock is not None else _rules().utc_now()
        )
        log.info("user %d unlocked while the store is unreachable", user.id)
        return user

    def _record_offline_unlocks(self, user: User) -> None:
        """The unlocks made while the store could not be reached, on the record now."""
        while self._offline_unlocks:
            when = self._offline_unlocks[0]
            self.store.record_sign_in(
                user.id,
                detail=f"unlocked at {when:%Y-%m-%d %H:%M} UTC while the server was down",
            )
            self._offline_unlocks.pop(0)

    def sign_in_trusted(self, name: str) -> User:
        """Sign ``name`` in without a PIN: tests, benchmarks and the bundle's self-check only
        (``build_main_window(user=...)``); never reachable from the command line or the UI."""
        from cdt_desktop.domain.pins import SignInError

        user = self.store.find_user(name)
        if user is None:
            raise SignInError("No user of that name in this case store.")
        if not user.active:
            raise SignInError(f"{user.name} is disabled; an admin can enable them again.")
        return self._begin(user, "without PIN (self-check)")

    def _begin(self, user: User, detail: str) -> User:
        previous = self._user
        if previous is not None and previous.id != user.id:
            detail = (detail + "; " if detail else "") + f"switched from user {previous.id}"
        self.store.acting_user_id = user.id
        self.store.acting_user_created = user.created_at
        if previous is not None:  # theirs, before this sign-in's row
            self._record_offline_unlocks(previous)
        self.store.record_sign_in(user.id, detail=detail)
        self._user = self.store.get_user(user.id)
        self.ended, self.ended_reason = None, ""
        log.info("user %d signed in", user.id)
        return self._user

    def sign_out(self) -> None:
        """End the session (the window locks, or the command ends)."""
        user = self._user
        if user is None:
            return
        from cdt_desktop.domain.pins import SessionEndedError
        from cdt_desktop.domain.users import UserNotFoundError

        self._kept_pin = None
        try:
            self._record_offline_unlocks(user)
            self.store.record_sign_in(user.id, action="sign-out")
            log.info("user %d signed out", user.id)
        except (SessionEndedError, UserNotFoundError):  # a backup restored since: that id is
            # someone else's now, or no one's
            log.info("user %d signed out (no row: the store's user of that id changed)", user.id)
        finally:
            self._user = None
            self._offline_unlocks.clear()  # unwritable now: the log has them
            self.store.acting_user_id = None
            self.store.acting_user_created = None

    # -- users ----------------------------------------------------------------------------------
    def create_first_admin(self, name: str, pin: str, initials: str = "") -> User:
        """The store's first user, an admin: turns sign-in on, and signs them in."""
        if self.sign_in_enabled:
            raise InputError("This case store has users already; an admin adds the next ones.")
        user = self._add(name, initials, _rules().Role.ADMIN, pin, operator=self.initials)
        return self._begin(user, "first admin")

    def add_user(self, name: str, role: Role, pin: str, initials: str = "") -> User:
        actor = self.require(_rules().Permission.MANAGE_USERS)
        return self._add(name, initials, role, pin, operator=actor.initials)

    def _add(self, name: str, initials: str, role: Role, pin: str, *, operator: str) -> User:
        name = _rules().valid_user_name(name)
        marks = initials or _rules().initials_for(name)
        self._check_initials_free(marks, name)
        encoded = self._hash(pin)
        return self.store.add_user(name, marks, role, encoded, operator=operator or marks)

    def _hash(self, pin: str) -> str:
        from cdt_desktop.domain.pins import DEFAULT_SCRYPT, hash_pin, validate_pin

        return hash_pin(validate_pin(pin), self._params or DEFAULT_SCRYPT)

    def set_pin(self, user_id: int, pin: str) -> None:
        """An admin sets anyone's PIN; a signed-in user may change their own."""
        actor = self.require()  # a user disabled since signing in sets no PIN
        if actor.user_id != user_id:
            actor.require(_rules().Permission.MANAGE_USERS)
        encoded = self._hash(pin)
        self.store.set_pin_hash(user_id, encoded, operator=actor.initials)

    def update_user(
        self,
        user_id: int,
        *,
        name: str | None = None,
        initials: str | None = None,
        role: Role | None = None,
        active: bool | None = None,
    ) -> User:
        """Rename, re-initial, change the role or disable/enable a user (admins only). The last
        active admin can be neither disabled nor demoted: nobody could manage users after."""
        admin = _rules().Role.ADMIN
        actor = self.require(_rules().Permission.MANAGE_USERS)
        target = self.store.get_user(user_id)
        loses_admin = target.role is admin and target.active and (
            active is False or (role is not None and role is not admin)
        )  # fmt: skip
        if loses_admin and self._active_admins() <= 1:
            raise InputError(f"{target.name} is the only active admin; add another admin first.")
        if initials:
            self._check_initials_free(initials, name or target.name, user_id)
        updated = self.store.update_user(
            user_id, operator=actor.initials, name=name, initials=initials, role=role,
            active=active,
        )  # fmt: skip
        if self._user is not None and self._user.id == user_id:
            self._user = updated
        return updated

    def _check_initials_free(self, initials: str, name: str, user_id: int = 0) -> None:
        """Two users with one set of initials could not be told apart: ticks, the audit log
        and the lock screen name users by them (Ada Admin and Andy Assistant were both "AA":
        walkthrough). A disabled user's keep theirs: their ticks are still in the records."""
        from cdt_desktop.db.cases.rows import fold

        marks = initials.strip().upper()
        taken = next(
            (u for u in self.store.list_users()
             if u.id != user_id and u.initials.strip().upper() == marks
             and fold(u.name) != fold(name)),  # the same name: the store says that
            None,
        )  # fmt: skip
        if taken is not None:
            raise InputError(
                f"{marks} are already {taken.name}'s initials: type other initials for {name} "
                "(ticks and the audit log name each user by their initials)."
            )

    def _active_admins(self) -> int:
        return sum(1 for u in self.store.list_users() if u.active and u.role is _rules().Role.ADMIN)

    # -- store-wide settings --------------------------------------------------------------------
    def idle_minutes(self) -> int:
        """Minutes without input before a window locks (admin setting, default 5)."""
        raw = self.store.get_setting(IDLE_SETTING)
        try:
            return int(_rules().valid_idle_minutes(raw)) if raw is not None else 5
        except InputError:
            return int(_rules().IDLE_DEFAULT_MINUTES)

    def set_idle_minutes(self, minutes: object) -> int:
        actor = self.require(_rules().Permission.MANAGE_SETTINGS)
        value = int(_rules().valid_idle_minutes(minutes))
        self.store.set_setting(IDLE_SETTING, str(value), operator=actor.initials)
        return value

    # -- audit ----------------------------------------------------------------------------------
    def record_view(self, case_id: int) -> None:
        """Opening a case is audited (a view), as Open Dental does."""
        actor = self.actor
        if actor.initials:
            self.store.record_session_event("view", operator=actor.initials, case_id=case_id)

    def audit_trail(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        user_id: int | None = None,
        case_id: int | None = None,
    ) -> list[AuditRow]:
        """Audit rows oldest first in ``[since, until)``, for admins."""
        self.require(_rules().Permission.VIEW_AUDIT)
        return self.store.audit_trail(
            since=_iso(since), until=_iso(until), user_id=user_id, case_id=case_id
        )

    def export_audit_csv(self, rows: Sequence[AuditRow], filename: str = "") -> str:
        """The rows as CSV text (audited as ``audit-export`` with the row count, for admins).

        A cell that starts with ``=``, ``+``, ``-`` or ``@`` gets a leading apostrophe, so a
        spreadsheet shows it instead of running it as a formula."""
        import csv
        import io

        actor = self.require(_rules().Permission.VIEW_AUDIT)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(AUDIT_CSV_HEADER)
        for r in rows:
            writer.writerow(
                [_cell(v) for v in (r.at, r.user_name, r.user_id, r.operator, r.action,
                                    r.case_id, r.detail)]
            )  # fmt: skip
        detail = f"{len(rows)} rows" + (f": {filename}" if filename else "")
        self.store.record_session_event("audit-export", operator=actor.initials, detail=detail)
        return out.getvalue()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="microseconds") if moment is not None else None


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _wrong_pin(name: str, left: int, then: str) -> SignInError:
    """A wrong PIN, with the server up or down: the same words for the tries left, then what
    they lead to. Both paths wrote them out, and only the offline one isolated the name: a
    right-to-left name turned "Wrong PIN for ... 4 more wrong PINs" around on the online one."""
    from cdt_desktop.core.text import isolate
    from cdt_desktop.domain.pins import SignInError

    tries = f"{left} more wrong PIN{'s' if left != 1 else ''}"
    verb = "locks" if left == 1 else "lock"  # "1 more wrong PIN lock this user": office walk
    return SignInError(f"Wrong PIN for {isolate(name)}. {tries} {then.format(lock=verb)}")


def _offline_lockout(name: str) -> SignInError:
    """The fifth wrong PIN while the store is down, and every try after it: the same words."""
    from cdt_desktop.core.text import isolate
    from cdt_desktop.domain.pins import SignInError

    return SignInError(
        f"Too many wrong PINs for {isolate(name)}: unlock once the case store is back."
    )
