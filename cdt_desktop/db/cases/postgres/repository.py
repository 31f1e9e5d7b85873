"""The case store on a PostgreSQL server: one store for every workstation of the office.

The same behaviour as the SQLite file (tests/contract runs both): every write is one transaction
with its audit row; ticks are rows keyed (case, item), so two people ticking different items
never conflict; case edits carry ``version`` and a stale one is refused naming who changed the
case and when. Ids come from an identity column (never reused); every case has a ``uuid``.

When the server goes away, a call raises StoreUnavailableError (nothing was written, and a write
is never reported saved unless it committed); the next call reconnects by itself. Other
workstations' writes arrive through :meth:`changes` (LISTEN/NOTIFY on a second connection).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cdt_desktop.db.cases.case_rows import CaseRows, Check, tick_wanted
from cdt_desktop.db.cases.postgres import connect as pg
from cdt_desktop.db.cases.postgres.migrations import schema_problems
from cdt_desktop.db.cases.postgres.migrations import schema_version as read_version
from cdt_desktop.db.cases.postgres.opening import audit_problems, open_connection, reconnect
from cdt_desktop.db.cases.postgres.statements import CHECKS_SQL, TICK_SQL, insert_row
from cdt_desktop.db.cases.postgres.watchdog import Watchdog
from cdt_desktop.db.cases.rows import (
    case_columns,
    case_from_row,
    changed_fields,
    check_states,
    conflict_error,
    status_column,
    stored_case,
    valid_item_id,
    valid_operator,
)
from cdt_desktop.db.cases.url import redact
from cdt_desktop.db.sqlitefile.connect import now_utc
from cdt_desktop.domain.cases.ports import (
    CaseNotFoundError,
    CaseVoidedError,
    ChangeFeed,
    CheckState,
    StoredCase,
    StoreError,
    StoreReadOnlyError,
    StoreUnavailableError,
)

if TYPE_CHECKING:
    import psycopg

    from cdt_desktop.db.cases.postgres.codesets import PostgresCodeSets
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.session import Needs


class PostgresCaseStore(CaseRows):
    """Cases on a PostgreSQL server; open with :meth:`open`, close when done."""

    _MARK = "%s"
    _FOR_UPDATE = " FOR UPDATE"
    _UUID = "uuid::text"
    _NOTATION = "(procedure::jsonb ->> 'notation')"

    def __init__(
        self, conn: psycopg.Connection[tuple[Any, ...]] | None, conninfo: str, read_only: bool
    ):
        self._conn = conn
        self._conninfo = conninfo
        self.read_only = read_only
        self.where = pg.where(conninfo)
        self.watchdog = Watchdog()  # a server that takes a statement in and never answers

    # -- lifecycle ------------------------------------------------------------------------------
    @classmethod
    def open(
        cls, conninfo: str, *, read_only: bool = False, create: bool = True,
        offline_ok: bool = False,
    ) -> PostgresCaseStore:  # fmt: skip
        """Connect; create the schema in an empty database when ``create`` (``store init``),
        upgrade an older one, refuse a newer one or a database that holds something else.

        With ``offline_ok`` (the window) a server that cannot be reached now gives a store that
        connects on first use: every call raises StoreUnavailableError until it can."""
        from cdt_desktop.domain.cases.ports import StoreUnavailableError

        try:
            conn = open_connection(conninfo, read_only=read_only, create=create)
        except StoreUnavailableError:
            if not offline_ok:
                raise
            return cls(None, conninfo, read_only)
        return cls(conn, conninfo, read_only)

    def close(self) -> None:
        self.watchdog.stop()
        if self._conn is not None:
            self._conn.close()

    def __enter__(self) -> PostgresCaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        return f"server {self.where}"

    @property
    def url(self) -> str:
        return redact(self._conninfo)

    @property
    def schema_version(self) -> int:
        with self._read("reading") as conn:
            return read_version(conn)

    def _connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        """The open connection, or a new one after the server went away and came back."""
        if self._conn is None or self._conn.closed or self._conn.broken:
            if self._conn is not None:
                self._conn.close()
            conn = reconnect(self._conninfo, read_only=self.read_only, where=self.where)
            self._conn = conn
        return self._conn

    def ping(self) -> None:
        with self._read("reaching") as conn:
            conn.execute("SELECT 1")

    @property
    def connected(self) -> bool:
        conn = self._conn
        return conn is not None and not conn.closed and not conn.broken

    def probe(self) -> None:
        pg.connect(self._conninfo).close()

    def code_sets(self) -> PostgresCodeSets:
        """The office's licensed CDT code sets, on this server (schema step 6)."""
        from cdt_desktop.db.cases.postgres.codesets import PostgresCodeSets

        return PostgresCodeSets(self)

    def outside_writes(self) -> int | None:
        """None: other workstations' writes come through the change feed (:meth:`changes`)."""
        return None

    def changes(self) -> ChangeFeed | None:
        from cdt_desktop.db.cases.postgres.feed import NotifyFeed

        self._connection()  # (opened now, so that the first own write is known as such)
        return NotifyFeed.open(self._conninfo, own_pid=self._backend_pid)

    def _backend_pid(self) -> int:
        """The server process of this window's own connection now (0: none open)."""
        conn = self._conn
        return 0 if conn is None or conn.closed else int(conn.info.backend_pid)

    @contextmanager
    def _write(self, doing: str) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
        import psycopg

        if self.read_only:
            raise StoreReadOnlyError(
                f"Case store {self.where} is open read-only; the change was not saved."
            )
        conn = self._connection()
        try:
            with self.watchdog.watching(conn.fileno(), doing), conn.transaction():
                yield conn
        except psycopg.Error as exc:
            raise self._translate(exc, doing) from None

    @contextmanager
    def _read(self, doing: str) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
        import psycopg

        conn = self._connection()
        try:
            with self.watchdog.watching(conn.fileno(), doing):
                yield conn
        except psycopg.Error as exc:
            raise self._translate(exc, doing) from None

    def _translate(self, exc: Exception, doing: str) -> StoreError:
        if self.watchdog.tripped:  # the server took the statement in and never answered
            return StoreUnavailableError(
                f"Case store server {self.where} cannot be reached: it did not answer for "
                f"{self.watchdog.limit_s:g} seconds, so the connection was closed (is the "
                "server's computer paused, asleep or overloaded?). A change being saved may "
                "not have been: look at it again once the server answers."
            )
        return pg.translate(exc, self._conninfo, doing)

    def _audit(
        self, conn: psycopg.Connection[tuple[Any, ...]], operator: str, action: str,
        case_id: int | None, detail: str, case_uuid: str = "", at: str | None = None,
        *, user_id: int | None = -1, wanted: Needs = (),
    ) -> None:  # fmt: skip
        """One audit row; it carries the signed-in user's id (``acting_user_id``) unless
        ``user_id`` names another (a sign-in names who signed in). ``wanted``: what the write
        needs of the user's role as the store holds it now."""
        who = self.acting_user_id if user_id == -1 else user_id
        self._check_acting(conn, who, action, wanted)  # not another's id, disabled, nor demoted
        if case_id is not None and not case_uuid:
            row = conn.execute("SELECT uuid::text FROM cases WHERE id = %s", (case_id,)).fetchone()
            case_uuid = str(row[0]) if row else ""
        conn.execute(
            "INSERT INTO audit (at, operator, action, case_id, detail, case_uuid, user_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (at or now_utc(), operator, action, case_id, detail, case_uuid, who),
        )

    def _require_case(
        self,
        conn: psycopg.Connection[tuple[Any, ...]],
        case_id: int,
        *,
        lock: bool = False,
        live: bool = False,
    ) -> dict[str, Any]:
        """The case's row (``lock``: held until commit); ``live``: CaseVoidedError if voided."""
        cursor = conn.execute(
            "SELECT *, uuid::text AS uuid_text FROM cases WHERE id = %s"
            + (" FOR UPDATE" if lock else ""),
            (int(case_id),),
        )
        row = cursor.fetchone()
        if row is None:
            raise CaseNotFoundError(f"Case {case_id} does not exist in {self.location}.")
        data = dict(zip([d.name for d in cursor.description or ()], row, strict=True))
        if live and data["status"] == "void":
            raise CaseVoidedError(int(case_id))
        return data

    # -- cases ----------------------------------------------------------------------------------
    @staticmethod
    def _insert_case(
        conn: psycopg.Connection[tuple[Any, ...]], values: dict[str, Any], checks: list[Check]
    ) -> int:
        """A ``cases`` row (its id from the identity column) and its ticks; returns its id."""
        case_id = insert_row(conn, values)
        with conn.cursor() as cur:
            cur.executemany(
                'INSERT INTO checks (case_id, item_id, checked, "by", at, note) '
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [(case_id, *check) for check in checks],
            )
        return case_id

    def get_case(self, case_id: int) -> StoredCase:
        with self._read("reading") as conn, conn.transaction():
            data = self._require_case(conn, case_id)
            checks = self._checks(conn, case_id)
        return stored_case(data, checks, str(data["uuid_text"]))

    def update_case(
        self, case_id: int, case: Case, *, operator: str, expected_version: int | None = None,
        wanted: Needs = (),
    ) -> int:  # fmt: skip
        op = valid_operator(operator)
        with self._write("saving a case in") as conn:
            data = self._require_case(conn, case_id, lock=True, live=True)  # waits for a void
            version = int(data["version"])
            if expected_version is not None and version != expected_version:
                last = conn.execute(
                    "SELECT operator, at FROM audit WHERE case_uuid = %s AND action IN "
                    "('edit', 'import', 'create') ORDER BY id DESC LIMIT 1",
                    (data["uuid_text"],),
                ).fetchone()
                by, at = (str(last[0]), str(last[1])) if last else ("", "")
                raise conflict_error(case_id, by, at, None)
            current = case_from_row(data, {})
            changed = changed_fields(current, case)
            if not changed:
                return version
            old_status = str(data["status"])
            status = status_column(case, old_status, current)
            values = case_columns(case) | {
                "status": status, "updated_at": now_utc(), "version": version + 1
            }  # fmt: skip
            assignments = ", ".join(f"{name} = %s" for name in values)
            conn.execute(
                f"UPDATE cases SET {assignments} WHERE id = %s", [*values.values(), int(case_id)]
            )
            self._audit(conn, op, "edit", int(case_id), "fields: " + ", ".join(changed),
                        wanted=wanted)  # fmt: skip
            if status != old_status:  # each status change has its own audit row
                self._audit(conn, op, "status", int(case_id), f"{old_status} -> {status}")
        return version + 1

    def delete_case(self, case_id: int, *, operator: str) -> None:
        op = valid_operator(operator)
        with self._write("deleting a case in") as conn:
            case_uuid = self._require_case(conn, case_id, lock=True)["uuid_text"]
            conn.execute("DELETE FROM checks WHERE case_id = %s", (int(case_id),))
            conn.execute("DELETE FROM cases WHERE id = %s", (int(case_id),))
            self._audit(conn, op, "delete", int(case_id), "", case_uuid)

    # -- checklist ------------------------------------------------------------------------------
    def tick(
        self, case_id: int, item_id: str, checked: bool, *, operator: str, note: str = "",
        billing_item: bool = False,
    ) -> dict[str, CheckState]:  # fmt: skip
        op = valid_operator(operator)
        item = valid_item_id(item_id)
        wanted = tick_wanted(billing_item)
        # One statement, so one round trip and one implicit transaction: the tick, the case's
        # time and the audit row commit together, or (no such case) nothing is written; the
        # case's ticks as stored after it come back in the same trip.
        with self._read("saving a tick in") as conn:
            if self.read_only:
                raise StoreReadOnlyError(
                    f"Case store {self.where} is open read-only; the change was not saved."
                )
            rows = conn.execute(TICK_SQL, {
                "case_id": int(case_id), "item": item, "checked": bool(checked), "by": op,
                "at": now_utc(), "note": note or "", "action": "tick" if checked else "untick",
                "user_id": self.acting_user_id, "user_since": self._acting_since(),
                "roles": self._roles_meeting(wanted),
            }, prepare=True).fetchall()  # fmt: skip
        if not rows:  # nothing written: say why (no such case, voided, another person's id,
            # disabled, or a role that may not now)
            with self._read("saving a tick in") as conn:
                self._require_case(conn, case_id, live=True)
                self._check_acting(conn, self.acting_user_id, "tick", wanted)
            raise CaseNotFoundError(f"Case {case_id} does not exist in {self.location}.")
        return check_states(rows)

    def checks(self, case_id: int) -> dict[str, CheckState]:
        with self._read("reading") as conn:
            return self._checks(conn, case_id)

    @staticmethod
    def _checks(conn: psycopg.Connection[tuple[Any, ...]], case_id: int) -> dict[str, CheckState]:
        return check_states(conn.execute(CHECKS_SQL, (int(case_id),), prepare=True).fetchall())

    # -- audit, files ---------------------------------------------------------------------------
    def verify_audit(self) -> list[str]:
        """The hash chain over the audit rows and its guards (issue 15 item 10)."""
        with self._read("checking the audit log of") as conn:
            return audit_problems(conn)

    def grant(self, role: str) -> None:
        """Least privilege for the workstations' login ``role`` (``store init --grant``)."""
        from cdt_desktop.db.cases.postgres.migrations import grant_app_role

        with self._read("granting rights in") as conn:
            grant_app_role(conn, role)

    def check(self) -> list[str]:
        """["ok"], or what is wrong: schema version, the audit log's guards, orphaned ticks."""
        with self._read("checking") as conn:
            problems = [p for p in schema_problems(conn) if p != "ok"]
        if not any(p.startswith("schema version") for p in problems):
            problems += [p for p in self.verify_audit() if p not in problems]
        return problems or ["ok"]
