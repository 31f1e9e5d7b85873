"""Users, store-wide settings and the audit trail: the ``UserRepository`` side of both case
store backends (mixed into the SQLite ``CaseStore`` and the ``PostgresCaseStore``).

Users live in the case store so every window on it shares them; a store with no users has
sign-in off. The tables come from each backend's migrations (SQLite ``_v3_users``, PostgreSQL
V1). The SQL here is the common subset of both dialects; each backend names its placeholder and
how it locks a row. The PIN hash is read only by :meth:`UserRows.pin_hash` (the auth service),
never put in a :class:`User`, a log line or an audit detail. A wrong PIN is counted in one
transaction that holds the user's row (SQLite ``BEGIN IMMEDIATE``, PostgreSQL ``FOR UPDATE``),
so two workstations failing at once cannot lose a count.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from cdt_desktop.core.errors import InputError
from cdt_desktop.db.cases.acting import refuse_role, roles_meeting, wants
from cdt_desktop.db.cases.rows import fold
from cdt_desktop.db.sqlitefile.connect import now_utc

if TYPE_CHECKING:
    from cdt_desktop.domain.pins import Lockout
    from cdt_desktop.domain.session import Needs, Role, User
    from cdt_desktop.domain.users import AuditRow

# cdt_desktop.domain.session and .pins (enums, dataclasses: a few ms) are imported when a user is
# first read, not when the window starts: a store with no users never needs them.


class _Cursor(Protocol):
    description: Any  # the columns' names first: (name, ...) on both drivers

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class _Connection(Protocol):
    """What both ``_Connection`` and ``psycopg.Connection`` offer here."""

    def execute(self, sql: Any, params: Any = ..., /) -> Any: ...


def _user(row: tuple[Any, ...]) -> User:
    from cdt_desktop.domain.session import Role, User

    locked = datetime.fromisoformat(row[6]) if row[6] else None
    return User(
        id=int(row[0]),
        name=row[1],
        initials=row[2],
        role=Role(row[3]),
        active=bool(row[4]),
        failed_pins=int(row[5]),
        locked_until=locked,
        has_pin=bool(row[7]),
        created_at=str(row[8]),
    )


_USER_COLUMNS = (
    "id, name, initials, role, active, failed_pins, locked_until, pin_hash != '', created_at"
)
SESSION_ENDED = (
    "The case store was restored from a backup since you signed in, and its user under your "
    "number is someone else (or no one): nothing was saved. Lock (Ctrl+L) and sign in again."
)

DISABLED_SINCE = (
    "{name} was disabled by an admin at another workstation since signing in: nothing was "
    "saved. Lock (Ctrl+L); an admin can enable them again."
)


_USERS = wants("manage-users")


class UserRows:
    """Mixed into a store: uses its transactions (``_write``/``_read``) and ``_audit``."""

    acting_user_id: int | None = None
    acting_user_created: str | None = None
    """When the signed-in user was made (``User.created_at``): an audit row goes under
    ``acting_user_id`` only while the store's user of that id is still that person."""
    _MARK = "?"
    """The backend's parameter placeholder (``%s`` for psycopg)."""
    _FOR_UPDATE = ""
    """How the backend locks the user's row inside a write (SQLite's write lock covers it)."""

    if TYPE_CHECKING:

        def _write(self, doing: str) -> AbstractContextManager[Any]: ...

        def _read(self, doing: str) -> AbstractContextManager[Any]: ...

        def _audit(
            self,
            conn: Any,
            operator: str,
            action: str,
            case_id: int | None,
            detail: str,
            case_uuid: str = "",
            at: str | None = None,
            *,
            user_id: int | None = -1,
            wanted: Needs = (),
        ) -> None: ...

    def _x(self, conn: _Connection, sql: str, params: Any = ()) -> _Cursor:
        """Run ``sql`` written with ``?`` placeholders in the backend's own style."""
        cursor: _Cursor = conn.execute(sql.replace("?", self._MARK), params)
        return cursor

    def _acting_since(self) -> str | None:
        """When the signed-in user was made, if a write must check it is still them."""
        if self.acting_user_id is None or not self.acting_user_created:
            return None
        return self.acting_user_created

    def _roles_meeting(self, wanted: Needs) -> list[str]:
        """The roles that may make a write needing ``wanted`` (for a one-statement write's
        own check of the role; [] when nobody is signed in: nothing is checked then)."""
        if self._acting_since() is None:
            return []
        return list(roles_meeting(wanted))

    def _check_acting(
        self, conn: _Connection, who: int | None, action: str = "", wanted: Needs = ()
    ) -> None:
        """Called in the audit row's transaction: SessionEndedError (the write is rolled back)
        when ``who`` is the signed-in user's id but the store's user of that id is no longer
        the person who signed in (a backup restored meanwhile, by another process); SignInError
        when an admin disabled them since (at another workstation: this window learns of it
        from the change feed, and a write sent before that, or while the feed is down, was
        saved under them). Signing in and out, and user management (an admin's own edit of
        themselves), are not refused for that. RoleChangedError when the role they have now
        lacks what the write needs (``wanted``: the permissions the services layer checked
        against the window's copy of the user, which an admin's change makes stale)."""
        since = self._acting_since()
        if who is None or who != self.acting_user_id or since is None:
            return
        sql = "SELECT created_at, active, name, role FROM users WHERE id = ?"
        row = self._x(conn, sql, (int(who),)).fetchone()
        if row is None or str(row[0]) != since:
            from cdt_desktop.domain.pins import SessionEndedError

            raise SessionEndedError(SESSION_ENDED)
        if not row[1] and not action.startswith(("sign-", "user-")):
            from cdt_desktop.core.text import isolate
            from cdt_desktop.domain.pins import SignInError

            raise SignInError(DISABLED_SINCE.format(name=isolate(str(row[2]))))
        if wanted:
            refuse_role(str(row[3]), str(row[2]), wanted)

    # -- users ----------------------------------------------------------------------------------
    def count_users(self) -> int:
        with self._read("reading the users of") as conn:
            return int(self._x(conn, "SELECT count(*) FROM users").fetchone()[0])

    def list_users(self) -> list[User]:
        with self._read("reading the users of") as conn:
            rows = self._x(conn, f"SELECT {_USER_COLUMNS} FROM users ORDER BY name_key").fetchall()
        return [_user(r) for r in rows]

    def _require_user(self, conn: _Connection, user_id: int, *, lock: bool = False) -> User:
        from cdt_desktop.domain.users import UserNotFoundError

        sql = f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?"
        row = self._x(conn, sql + (self._FOR_UPDATE if lock else ""), (int(user_id),)).fetchone()
        if row is None:
            raise UserNotFoundError(f"User {user_id} does not exist in this case store.")
        return _user(row)

    def get_user(self, user_id: int) -> User:
        with self._read("reading the users of") as conn:
            return self._require_user(conn, user_id)

    def find_user(self, name: str) -> User | None:
        key = fold(" ".join(str(name).split()))
        with self._read("reading the users of") as conn:
            row = self._x(
                conn, f"SELECT {_USER_COLUMNS} FROM users WHERE name_key = ?", (key,)
            ).fetchone()
        return _user(row) if row else None

    def _check_name_free(self, conn: _Connection, name: str, user_id: int = 0) -> str:
        key = fold(name)
        row = self._x(
            conn, "SELECT id FROM users WHERE name_key = ? AND id != ?", (key, user_id)
        ).fetchone()
        if row is not None:
            raise InputError("Another user already has that name; pick another.")
        return key

    def add_user(
        self, name: str, initials: str, role: Role, pin_hash: str, *, operator: str
    ) -> User:
        from cdt_desktop.domain.session import Role, valid_user_name

        name = valid_user_name(name)
        marks = _valid_initials(initials)
        with self._write("adding a user to") as conn:
            key = self._check_name_free(conn, name)
            now = now_utc()
            cursor = self._x(
                conn,
                "INSERT INTO users (name, name_key, initials, role, pin_hash, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (name, key, marks, Role(role).value, pin_hash, now, now),
            )
            user_id = int(cursor.fetchone()[0])
            detail = f"user {user_id}: {Role(role).value}"
            self._audit(conn, operator, "user-add", None, detail, wanted=_USERS)
            return self._require_user(conn, user_id)

    def update_user(
        self,
        user_id: int,
        *,
        operator: str,
        name: str | None = None,
        initials: str | None = None,
        role: Role | None = None,
        active: bool | None = None,
    ) -> User:
        from cdt_desktop.domain.session import Role, valid_user_name

        with self._write("saving a user in") as conn:
            # the role checked before the change: an admin may make themselves a dentist
            self._check_acting(conn, self.acting_user_id, "user-edit", _USERS)
            old = self._require_user(conn, user_id)
            values: dict[str, Any] = {}
            if name is not None and valid_user_name(name) != old.name:
                values["name"] = valid_user_name(name)
                values["name_key"] = self._check_name_free(conn, values["name"], old.id)
            if initials is not None and _valid_initials(initials) != old.initials:
                values["initials"] = _valid_initials(initials)
            if role is not None and Role(role) != old.role:
                values["role"] = Role(role).value
            if active is not None and bool(active) != old.active:
                values["active"] = bool(active)
            if not values:
                return old
            changed = [k for k in values if k != "name_key"]
            values["updated_at"] = now_utc()
            assignments = ", ".join(f"{k} = ?" for k in values)
            self._x(
                conn, f"UPDATE users SET {assignments} WHERE id = ?", [*values.values(), old.id]
            )
            detail = f"user {old.id}: " + ", ".join(
                f"{k} {values[k]}" if k in ("role",) else
                ("enabled" if values[k] else "disabled") if k == "active" else k
                for k in changed
            )  # fmt: skip
            self._audit(conn, operator, "user-edit", None, detail)
            return self._require_user(conn, old.id)

    def set_pin_hash(self, user_id: int, pin_hash: str, *, operator: str) -> None:
        with self._write("saving a PIN in") as conn:
            self._require_user(conn, user_id)
            self._x(
                conn,
                "UPDATE users SET pin_hash = ?, failed_pins = 0, locked_until = NULL, "
                "updated_at = ? WHERE id = ?",
                (pin_hash, now_utc(), int(user_id)),
            )
            own = int(user_id) == self.acting_user_id  # anyone may change their own PIN
            detail = f"user {int(user_id)}"
            self._audit(conn, operator, "pin-set", None, detail, wanted=() if own else _USERS)

    def pin_hash(self, user_id: int) -> str:
        with self._read("reading the users of") as conn:
            self._require_user(conn, user_id)
            row = self._x(conn, "SELECT pin_hash FROM users WHERE id = ?", (int(user_id),))
            return str(row.fetchone()[0])

    def record_sign_in(self, user_id: int, *, action: str = "sign-in", detail: str = "") -> None:
        with self._write("recording a sign-in in") as conn:
            user = self._require_user(conn, user_id)
            self._x(
                conn,
                "UPDATE users SET failed_pins = 0, locked_until = NULL WHERE id = ?",
                (user.id,),
            )
            self._audit(conn, user.initials, action, None, detail, user_id=user.id)

    def record_pin_failure(self, user_id: int, now: datetime) -> Lockout:
        from cdt_desktop.domain.pins import Lockout

        with self._write("recording a wrong PIN in") as conn:
            user = self._require_user(conn, user_id, lock=True)
            before = Lockout(user.failed_pins, user.locked_until)
            after = before.after_failure(now)
            locked = after.locked_until.isoformat() if after.locked_until else None
            self._x(
                conn,
                "UPDATE users SET failed_pins = ?, locked_until = ? WHERE id = ?",
                (after.failed, locked, user.id),
            )
            if after.locked(now) and not before.locked(now):
                self._audit(conn, user.initials, "locked-out", None, "", user_id=user.id)
            else:
                detail = f"wrong PIN {after.failed}"
                self._audit(conn, user.initials, "sign-in-refused", None, detail, user_id=user.id)
            return after

    # -- events, settings, trail ----------------------------------------------------------------
    def record_session_event(
        self, action: str, *, operator: str, case_id: int | None = None, detail: str = ""
    ) -> None:
        with self._write("recording an audit event in") as conn:
            self._audit(conn, operator, action, case_id, detail)

    def get_setting(self, key: str) -> str | None:
        with self._read("reading the settings of") as conn:
            row = self._x(conn, "SELECT value FROM store_settings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_setting(self, key: str, value: str, *, operator: str) -> None:
        with self._write("saving a setting in") as conn:
            self._x(
                conn,
                "INSERT INTO store_settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            # the office's payer profiles are settings too (services/payers.py)
            wanted = wants("manage-payers" if key.startswith("payer-") else "manage-settings")
            self._audit(conn, operator, "settings", None, f"{key} = {value}", wanted=wanted)

    def audit_trail(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        user_id: int | None = None,
        case_id: int | None = None,
        limit: int = 100_000,
    ) -> list[AuditRow]:
        from cdt_desktop.domain.users import AuditRow

        where, params = _trail_filter(since, until, user_id, case_id)
        sql = (
            "SELECT a.id, a.at, a.operator, a.user_id, coalesce(u.name, ''), a.action, "
            "a.case_id, a.detail FROM audit a LEFT JOIN users u ON u.id = a.user_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.at, a.id LIMIT ?"
        )
        with self._read("reading the audit log of") as conn:
            rows = self._x(conn, sql, [*params, max(0, int(limit))]).fetchall()
        return [AuditRow(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "") for r in rows]


def _trail_filter(
    since: str | None, until: str | None, user_id: int | None, case_id: int | None
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for clause, value in (
        ("a.at >= ?", since),
        ("a.at < ?", until),
        ("a.user_id = ?", user_id),
        ("a.case_id = ?", case_id),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    return where, params


def _valid_initials(initials: str) -> str:
    from cdt_desktop.domain.session import normalize_initials

    value = normalize_initials(initials)
    if not value:
        raise InputError("Initials are 1-6 letters.")
    return value
