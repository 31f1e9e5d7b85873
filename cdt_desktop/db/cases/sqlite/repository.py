"""The case store: patient cases, checklist ticks and the audit log in ``cases.sqlite``.

Every write is one ``BEGIN IMMEDIATE`` transaction that includes its audit row, so a crash or kill
loses nothing committed and never leaves a tick without its audit entry; ``BEGIN IMMEDIATE`` plus
the busy timeout make two windows or processes queue instead of losing an update. Ticks are rows
keyed (case, item), so two people ticking different items of one case never overwrite each other;
case edits carry a ``version`` for optimistic concurrency. Audit details hold item ids, field
names, statuses and file names, never patient data (docs/design-rules.md, R2, R14, R15).
No Qt here; the UI gets a ``CaseStore`` passed in (no global singleton). A store object belongs
to the thread that opened it (sqlite3's default check_same_thread).

It implements ``cdt_desktop.domain.cases.ports.CaseRepository`` (value types and errors live
there); the argument checks and row <-> dataclass helpers shared with the PostgreSQL backend
live in ``cdt_desktop.db.cases.rows``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdt_desktop.core import open_stores, paths
from cdt_desktop.db.cases.case_rows import CaseRows, Check, tick_wanted
from cdt_desktop.db.cases.rows import (
    case_columns,
    changed_fields,
    check_states,
    conflict_error,
    status_column,
    stored_case,
    valid_item_id,
    valid_operator,
)
from cdt_desktop.db.cases.sqlite.audit_chain import append_link
from cdt_desktop.db.cases.sqlite.backups import StoreBackups
from cdt_desktop.db.cases.sqlite.opening import BackgroundCheck, open_store_connection
from cdt_desktop.db.cases.sqlite.schema_version import user_version
from cdt_desktop.db.cases.sqlite.statements import CHECKS_SQL, TICK_SQL, insert_row, last_change
from cdt_desktop.db.sqlitefile.checks import integrity_check, is_read_only
from cdt_desktop.db.sqlitefile.connect import now_utc
from cdt_desktop.db.sqlitefile.errors import translate_error
from cdt_desktop.domain.cases.ports import (
    CaseNotFoundError,
    CaseVoidedError,
    ChangeFeed,
    CheckState,
    StoreCorruptError,
    StoredCase,
    StoreFileGoneError,
    StoreReadOnlyError,
)

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.model import Case
    from cdt_desktop.domain.session import Needs

# cdt_desktop.domain.cases.model is imported where a whole case is read or written: the window lists
# cases at start-up and opens none, and the case model's dataclasses cost ~8 ms to create.

__all__ = ["STORE_FILE_NAME", "CaseStore"]

STORE_FILE_NAME = "cases.sqlite"


class CaseStore(StoreBackups, CaseRows):
    """The user's cases in one SQLite file; open with :meth:`open`, close when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self._conn = conn
        self.path = path
        self.read_only = is_read_only(conn)
        self._check = BackgroundCheck.start_for(conn)
        self._identity = open_stores.identity(path)  # the file opened (``_still_there``)

    @property
    def check_deferred(self) -> bool:
        """Whether the quick check on open was cut short and finishes in the background."""
        return self._check is not None

    def background_check(self, timeout: float | None = None) -> list[str]:
        """The deferred quick check's rows (["ok"] when healthy, or when none was deferred);
        waits up to ``timeout`` seconds for it."""
        return self._check.result(timeout) if self._check is not None else ["ok"]

    # -- lifecycle ------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        data_dir: Path | str | None = None,
        *,
        read_only: bool = False,
        create: bool = True,
    ) -> CaseStore:
        """Open ``<data_dir>/cases.sqlite`` (default: the per-user data folder), creating the
        folder (0700) and file (0600) when missing and ``create``; upgrade an older schema after
        an automatic backup into ``<data_dir>/backups``; refuse a newer one untouched."""
        folder = paths.user_data_dir(data_dir)
        return cls.open_file(folder / STORE_FILE_NAME, read_only=read_only, create=create)

    @classmethod
    def open_file(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        create: bool = True,
        check_budget_s: float | None = None,
    ) -> CaseStore:
        """Open the store file at ``path`` (any name: a ``sqlite:///`` URL names it).

        ``check_budget_s`` (the window) bounds the quick check on open; the rest runs in the
        background (:meth:`background_check`)."""
        path = Path(path)
        conn = open_store_connection(
            path, read_only=read_only, create=create, check_budget_s=check_budget_s
        )
        return cls(conn, path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return user_version(self._conn)

    @property
    def location(self) -> str:
        return f"This PC ({self.path})"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path.absolute().as_posix().lstrip('/')}"

    def changes(self) -> ChangeFeed | None:
        """None: one PC, one window per store (the instance lock), nothing to listen to."""
        return None

    def outside_writes(self) -> int | None:
        """SQLite's ``data_version``: it moves when another connection commits (the window
        polls it to show what a ``cdt-desktop`` command or script wrote meanwhile). Raises
        StoreFileGoneError once the file opened is no longer at its path."""
        self._still_there()
        with self._read("checking") as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def ping(self) -> None:
        """StoreFileGoneError when the file opened is no longer at its path."""
        self._still_there()

    def _still_there(self) -> None:
        """The file opened is still the one at its path. Deleted or replaced while open (an
        office's clean-up, a sync tool), the connection wrote on into the deleted file: the
        ticks "saved" after were lost at the next start, which made an empty store in its
        place (reliability probe). Nothing more is written then; the window says why."""
        if self._identity is None:
            return
        now = _file_identity(self.path)
        if now is not None and now != self._identity:  # (None: not known now, e.g. I/O)
            raise StoreFileGoneError(
                f"Case store {self.path} was deleted, moved or replaced while this app had it "
                "open, so nothing more is saved to it. Quit the app, start it again and "
                "restore the cases: the copy the window made of them when it found the file "
                "gone (backups/rescued beside it), else the newest backup (File > Restore "
                "cases from backup\u2026 or cdt-desktop restore).",
                self.path,
            )

    @property
    def connected(self) -> bool:
        return True

    def probe(self) -> None:
        """A local file is always there once open."""

    @contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction (waits up to the busy timeout for other writers)."""
        self._still_there()
        if self.read_only:
            raise StoreReadOnlyError(
                f"Case store {self.path} is open read-only; the change was not saved.", self.path
            )
        if self._check is not None and self._check.result() != ["ok"]:
            raise StoreCorruptError(
                f"Case store {self.path} failed its quick check, so the change was not saved. "
                "Restore it from a backup (cdt-desktop backup makes one) or run "
                "cdt-desktop doctor.",
                self.path,
            )
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_error(exc, self.path, doing) from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _read(self, doing: str) -> Iterator[sqlite3.Connection]:
        try:
            yield self._conn
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path, doing) from None

    def _audit(
        self,
        conn: sqlite3.Connection,
        operator: str,
        action: str,
        case_id: int | None,
        detail: str,
        case_uuid: str = "",
        at: str | None = None,
        *,
        user_id: int | None = -1,
        wanted: Needs = (),
    ) -> None:
        """One audit row, naming its case's uuid; it carries the signed-in user's id
        (``acting_user_id``) unless ``user_id`` names another (a sign-in names who signed in).
        ``wanted``: what the write needs of the user's role as the store holds it now."""
        who = self.acting_user_id if user_id == -1 else user_id
        self._check_acting(conn, who, action, wanted)  # not another's id, disabled, nor demoted
        if case_id is not None and not case_uuid:
            row = conn.execute("SELECT uuid FROM cases WHERE id = ?", (int(case_id),)).fetchone()
            case_uuid = str(row[0]) if row else ""
        cursor = conn.execute(
            "INSERT INTO audit (at, operator, action, case_id, detail, case_uuid, user_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at or now_utc(), operator, action, case_id, detail, case_uuid, who),
        )
        append_link(conn, int(cursor.lastrowid or 0))  # same transaction (issue 15 item 10)

    def _require_case(
        self, conn: sqlite3.Connection, case_id: int, *, lock: bool = False, live: bool = False
    ) -> dict[str, Any]:
        """The case's row (``lock``: SQLite's write transaction already holds the file);
        ``live``: CaseVoidedError if the case was voided (nothing more is saved on it)."""
        cursor = conn.execute("SELECT * FROM cases WHERE id = ?", (int(case_id),))
        row = cursor.fetchone()
        if row is None:
            raise CaseNotFoundError(f"Case {case_id} does not exist in {self.path}.", self.path)
        data = dict(zip([d[0] for d in cursor.description], row, strict=True))
        if live and data["status"] == "void":
            raise CaseVoidedError(int(case_id), self.path)
        return data

    # -- cases ----------------------------------------------------------------------------------
    @staticmethod
    def _insert_case(conn: sqlite3.Connection, values: dict[str, Any], checks: list[Check]) -> int:
        """A ``cases`` row (under an id never used before) and its ticks; returns its id."""
        case_id = insert_row(conn, values)
        conn.executemany(
            'INSERT INTO checks (case_id, item_id, checked, "by", at, note) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(case_id, item, int(on), by, at, note) for item, on, by, at, note in checks],
        )
        return case_id

    def get_case(self, case_id: int) -> StoredCase:
        """The case with its ticks (``case.checklist`` is {item id: checked})."""
        with self._read("reading") as conn:
            data = self._require_case(conn, case_id)
            checks = self.checks(case_id)
        return stored_case(data, checks, str(data["uuid"] or ""))

    def update_case(
        self, case_id: int, case: Case, *, operator: str, expected_version: int | None = None,
        wanted: Needs = (),
    ) -> int:  # fmt: skip
        """Save the sections (not the ticks: see :meth:`set_check`); returns the new version.

        With ``expected_version`` (``StoredCase.version`` as loaded), a case changed elsewhere
        in the meantime raises StoreConflictError instead of being overwritten."""
        op = valid_operator(operator)
        with self._write("saving a case in") as conn:
            current = self.get_case(case_id)
            if current.status == "void":  # as ticks: a window not yet told writes nothing
                raise CaseVoidedError(int(case_id), self.path)
            version = current.version
            if expected_version is not None and version != expected_version:
                by, at = last_change(conn, current.uuid)
                raise conflict_error(case_id, by, at, self.path)
            changed = changed_fields(current.case, case)
            if not changed:
                return version
            status = status_column(case, current.status, current.case)
            values = case_columns(case) | {
                "status": status, "updated_at": now_utc(), "version": version + 1
            }  # fmt: skip
            assignments = ", ".join(f"{name} = ?" for name in values)
            conn.execute(
                f"UPDATE cases SET {assignments} WHERE id = ?", [*values.values(), int(case_id)]
            )
            self._audit(conn, op, "edit", int(case_id), "fields: " + ", ".join(changed),
                        wanted=wanted)  # fmt: skip
            if status != current.status:  # each status change has its own audit row
                self._audit(conn, op, "status", int(case_id), f"{current.status} -> {status}")
        return version + 1

    def delete_case(self, case_id: int, *, operator: str) -> None:
        """Remove a case and its ticks; the audit log keeps the record that it existed."""
        op = valid_operator(operator)
        with self._write("deleting a case in") as conn:
            case_uuid = str(self._require_case(conn, case_id)["uuid"])  # gone once deleted
            conn.execute("DELETE FROM checks WHERE case_id = ?", (int(case_id),))
            conn.execute("DELETE FROM cases WHERE id = ?", (int(case_id),))
            self._audit(conn, op, "delete", int(case_id), "", case_uuid)

    # -- checklist ------------------------------------------------------------------------------
    def tick(
        self, case_id: int, item_id: str, checked: bool, *, operator: str, note: str = "",
        billing_item: bool = False,
    ) -> dict[str, CheckState]:  # fmt: skip
        """Tick or untick one item, committed at once with its audit row; the case's ticks as
        stored after it are read in the same transaction. The signed-in user's role, as the
        store holds it then, must still allow it (``billing_item``: billing may too)."""
        op = valid_operator(operator)
        item = valid_item_id(item_id)
        at = now_utc()
        with self._write("saving a tick in") as conn:
            self._require_case(conn, case_id, live=True)
            conn.execute(TICK_SQL, (int(case_id), item, int(bool(checked)), op, at, note or ""))
            conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (at, int(case_id)))
            action = "tick" if checked else "untick"
            wanted = tick_wanted(billing_item)
            self._audit(conn, op, action, int(case_id), item, wanted=wanted)
            return check_states(conn.execute(CHECKS_SQL, (int(case_id),)))

    def checks(self, case_id: int) -> dict[str, CheckState]:
        with self._read("reading") as conn:
            return check_states(conn.execute(CHECKS_SQL, (int(case_id),)))

    # -- audit, files ---------------------------------------------------------------------------
    def verify_audit(self) -> list[str]:
        """The hash chain over the audit rows and its triggers (issue 15 item 10)."""
        from cdt_desktop.db.cases.sqlite import audit_chain

        with self._read("checking the audit log of") as conn:
            missing = audit_chain.missing_triggers(conn)
            problems = [f"audit trigger {name} is missing" for name in missing]
            return problems + audit_chain.verify_chain(conn)

    def check(self) -> list[str]:
        """``["ok"]``, or what is wrong: ``PRAGMA integrity_check``'s rows, then the audit
        log's chain and triggers, as the PostgreSQL store's check says them (``store check``
        on this PC's file passed an audit row edited behind the app's back, which ``doctor``
        named: office walkthrough)."""
        from cdt_desktop.db.cases.sqlite.schema_version import AUDIT_CHAIN_VERSION

        with self._read("checking") as conn:
            problems = [row for row in integrity_check(conn) if row != "ok"]
        if not problems and self.schema_version >= AUDIT_CHAIN_VERSION:
            problems = self.verify_audit()
        return problems or ["ok"]


GONE = (-1, -1)
"""``_file_identity`` of a path with no file."""


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The device and file number of ``path``: GONE when no file is there, None when it is
    not known (an I/O or access error: never taken for a file gone)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return GONE
    except OSError:
        return None
    return info.st_dev, info.st_ino
