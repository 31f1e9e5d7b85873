"""Case-store schema and its migrations, keyed on ``PRAGMA user_version``.

Why not ``sqlite_utils.Migrations``: it keys on its own table, while the file's schema version must
be readable before any table is trusted (a newer file is refused untouched by ``open_db``). So the
steps below are numbered; each one runs through sqlite-utils inside one ``BEGIN IMMEDIATE``
transaction together with ``PRAGMA user_version = N`` and a ``schema_history`` row, after an
integrity check and an automatic backup of an existing store (docs/design-rules.md, R6).
Two processes opening a fresh store at once are fine: the step re-reads the version under the lock.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop import __version__
from cdt_desktop.core.atomic import private_folder
from cdt_desktop.db.cases.rows import stored_search_text
from cdt_desktop.db.cases.sqlite.schema_version import (
    AUDIT_CHAIN_VERSION,
    SCHEMA_VERSION,
    user_version,
)
from cdt_desktop.db.sqlitefile.checks import integrity_check
from cdt_desktop.db.sqlitefile.connect import now_utc, random_suffix
from cdt_desktop.db.sqlitefile.errors import translate_error
from cdt_desktop.domain.cases.ports import StoreCorruptError

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger("cdt.db")

AUDIT_ACTIONS = (
    "create",
    "edit",
    "tick",
    "untick",
    "status",
    "export",
    "import",
    "backup",
    "delete",
)

_V1_SQL = f"""
CREATE TABLE checks (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    checked INTEGER NOT NULL CHECK (checked IN (0, 1)),
    "by" TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (case_id, item_id)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL CHECK (length(operator) > 0),
    action TEXT NOT NULL CHECK (action IN ({", ".join(f"'{a}'" for a in AUDIT_ACTIONS)})),
    case_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

SECTION_COLUMNS = ("patient", "subscriber", "payer", "claim", "provider", "procedure", "findings")


def _v1_initial(db: Database) -> None:
    """Cases (one JSON column per section + listing columns), checks, append-only audit."""
    db.table("schema_history").create(
        {"version": int, "applied_at": str, "app_version": str, "summary": str}, pk="version"
    )
    columns: dict[str, type] = {"id": int}
    columns.update({name: str for name in SECTION_COLUMNS})
    columns.update(
        enclosures=str,
        patient_name=str,
        chart_number=str,
        claim_number=str,
        code=str,
        tooth=str,
        date_of_service=str,
        status=str,
        created_at=str,
        updated_at=str,
        version=int,
    )
    db.table("cases").create(
        columns,
        pk="id",
        not_null={"status", "created_at", "updated_at", "version"},
        defaults={"status": "draft", "version": 1, "enclosures": "[]"},
    )
    db.executescript(_V1_SQL)


def _v2_search_and_notes(db: Database) -> None:
    """Unicode-aware search column (backfilled), a note per check, listing/audit indexes."""
    cases = db.table("cases")
    cases.add_column("search_text", str, not_null_default="")
    _fill_search_text(db)
    db.table("checks").add_column("note", str, not_null_default="")
    cases.create_index(["updated_at"], index_name="cases_updated_at")
    cases.create_index(["status"], index_name="cases_status")
    db.table("audit").create_index(["case_id"], index_name="audit_case_id")


def _fill_search_text(db: Database) -> None:
    """(Re)compute every case's search column with the current `rows.search_text`."""
    rows = db.execute("SELECT id, patient, claim, procedure FROM cases").fetchall()
    db.conn.executemany(
        "UPDATE cases SET search_text = ? WHERE id = ?",
        [
            (stored_search_text(patient, claim, procedure), i)
            for i, patient, claim, procedure in rows
        ],
    )


_ROLES = ("dentist", "assistant", "billing", "admin")  # domain.session.Role, checked by a test
_USERS_SQL = f"""
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) > 0),
    name_key TEXT NOT NULL UNIQUE,
    initials TEXT NOT NULL CHECK (length(initials) > 0),
    role TEXT NOT NULL CHECK (role IN ({", ".join(f"'{r}'" for r in _ROLES)})),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    pin_hash TEXT NOT NULL DEFAULT '',
    failed_pins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE store_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_ACTION_CHECK = re.compile(r"CHECK \(action IN \([^)]*\)\)")


def _v3_users(db: Database) -> None:
    """Users and store settings; audit rows get the signed-in user's id.

    The audit table's fixed list of actions becomes a length check: sign-in brings ten new
    actions and other features add theirs, and each new word should not cost a table rebuild.
    The store code writes the actions; the append-only triggers stay. SQLite cannot change a
    CHECK constraint in place, so the table is rebuilt with its rows, indexes and triggers
    (``DROP TABLE`` fires no DELETE trigger); whatever columns it has by now are kept."""
    db.executescript(_USERS_SQL)
    conn = db.conn
    (table_sql,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit'"
    ).fetchone()
    new_sql = _ACTION_CHECK.sub(
        "CHECK (length(action) BETWEEN 1 AND 32)", table_sql, count=1
    ).replace("CREATE TABLE audit", "CREATE TABLE audit_rebuilt", 1)
    extras = [
        row[0]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'audit' "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        )
    ]
    conn.execute(new_sql)
    conn.execute("INSERT INTO audit_rebuilt SELECT * FROM audit")
    conn.execute("DROP TABLE audit")
    conn.execute("ALTER TABLE audit_rebuilt RENAME TO audit")
    for sql in extras:
        conn.execute(sql)
    conn.execute("ALTER TABLE audit ADD COLUMN user_id INTEGER REFERENCES users(id)")
    conn.execute("CREATE INDEX audit_user_id ON audit(user_id)")
    conn.execute("CREATE INDEX audit_at ON audit(at)")


def _v4_uuid(db: Database) -> None:
    """Every case gets a uuid that never changes (merging several PCs' stores into one server
    keys on it); audit rows name their case's uuid, so a reused id can never show another
    patient's trail. Rows written before a reused id are told apart by time: a case's own rows
    are never older than the case."""
    import uuid

    db.execute("ALTER TABLE cases ADD COLUMN uuid TEXT")
    for (case_id,) in db.execute("SELECT id FROM cases").fetchall():
        db.execute("UPDATE cases SET uuid = ? WHERE id = ?", [str(uuid.uuid4()), case_id])
    db.execute("CREATE UNIQUE INDEX cases_uuid ON cases(uuid)")
    db.execute("ALTER TABLE audit ADD COLUMN case_uuid TEXT NOT NULL DEFAULT ''")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute(
        "UPDATE audit SET case_uuid = coalesce((SELECT c.uuid FROM cases c "
        "WHERE c.id = audit.case_id AND audit.at >= c.created_at), '') "
        "WHERE case_id IS NOT NULL"
    )
    db.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute("CREATE INDEX audit_case_uuid ON audit(case_uuid)")


def _v5_billing(db: Database) -> None:
    """The claim's status history and the clinical facts, each a JSON column of the case (as
    in the case file); the search column recomputed so that accents no longer matter
    ("fernandez" finds "Fernández")."""
    db.execute("ALTER TABLE cases ADD COLUMN facts TEXT NOT NULL DEFAULT '{}'")
    db.execute("ALTER TABLE cases ADD COLUMN status_history TEXT NOT NULL DEFAULT '[]'")
    _fill_search_text(db)


def _v6_audit_chain(db: Database) -> None:
    """A hash chain over the audit rows (``audit_chain``), existing rows chained in order."""
    from cdt_desktop.db.cases.sqlite import audit_chain

    db.executescript(audit_chain.CHAIN_SQL)
    audit_chain.backfill(db.conn)


def _v7_radiographs(db: Database) -> None:
    """Radiographs attached to a case (``domain/cases/radiographs.py``): the cleaned image's
    bytes with its size and digest, a uuid that ``store migrate`` copies by; gone with the case."""
    from cdt_desktop.domain.cases.radiographs import MAX_STORED_BYTES, MEDIA_TYPES

    media = ", ".join(f"'{m}'" for m in MEDIA_TYPES)
    db.executescript(f"""
CREATE TABLE radiographs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    caption TEXT NOT NULL DEFAULT '',
    taken_on TEXT NOT NULL DEFAULT '',
    media_type TEXT NOT NULL CHECK (media_type IN ({media})),
    data BLOB NOT NULL CHECK (length(data) BETWEEN 1 AND {int(MAX_STORED_BYTES)}),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    added_by TEXT NOT NULL CHECK (length(added_by) > 0),
    added_at TEXT NOT NULL
);
CREATE INDEX radiographs_case_id ON radiographs(case_id);
""")


def _v8_unmarked_search(db: Database) -> None:
    """The search column recomputed so that apostrophes, hyphens, periods and spaces in a name
    or number no longer matter ("obrien" finds "O'Brien", "smithjones" "Smith-Jones"): the
    name, chart and claim numbers are stored a second time without them (``rows.search_text``).
    """
    _fill_search_text(db)


def _v9_own_letters(db: Database) -> None:
    """The search column recomputed so that letters with their mark built in are found typed
    plainly ("soren" finds "Søren", "lukasz" "Łukasz": ``rows.search_fold``)."""
    _fill_search_text(db)


# Adding a schema change: append a numbered step here AND the same change to
# cdt_desktop/db/cases/postgres/migrations.py (see docs/architecture.md, "Adding a migration").
# PostgreSQL's step 6 (the office's shared CDT code set) has no step here: on one PC the code set
# is this PC's own file, codesets.sqlite (cdt_desktop/db/codesets.py), with its own schema.
MIGRATIONS: list[tuple[int, str, Callable[[Database], None]]] = [
    (1, "initial schema: cases, checks, append-only audit", _v1_initial),
    (2, "search column, check notes, indexes", _v2_search_and_notes),
    (3, "users, store settings; audit rows carry the user's id", _v3_users),
    (4, "case uuid; audit rows name their case's uuid", _v4_uuid),
    (5, "claim status history and clinical facts; accent-blind search", _v5_billing),
    (6, "hash chain over the audit rows", _v6_audit_chain),
    (7, "radiographs attached to a case", _v7_radiographs),
    (8, "search ignores apostrophes, hyphens, periods and spaces in names", _v8_unmarked_search),
    (9, "search finds ø, æ, œ, ł, đ, ð, þ typed as o, ae, oe, l, d, d, th", _v9_own_letters),
]
if (
    MIGRATIONS[-1][0] != SCHEMA_VERSION
    or next(v for v, _, step in MIGRATIONS if step is _v6_audit_chain) != AUDIT_CHAIN_VERSION
):  # schema_version.py names them for the starts that need no step
    raise RuntimeError("schema_version.py does not match the migrations")


def _back_up_before(
    conn: sqlite3.Connection, path: Path, backup_dir: Path, current: int, target: int
) -> None:
    """An existing store is integrity-checked and backed up into ``backup_dir`` before any
    step changes it."""
    if integrity_check(conn) != ["ok"]:
        raise StoreCorruptError(
            f"Case store {path} failed its integrity check, so it was not upgraded. "
            "Restore it from a backup, or run cdt-desktop doctor.",
            path,
        )
    private_folder(backup_dir)

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"{path.stem}-v{current}-before-v{target}-{stamp}-{random_suffix(2)}.sqlite"
    dest = backup_dir / name
    from cdt_desktop.db.sqlitefile.backup import backup_database  # not at start: no upgrade

    backup_database(conn, path, dest)
    log.info("backup before migration written (%s)", dest.name)


def apply_migrations(
    conn: sqlite3.Connection,
    path: Path,
    backup_dir: Path,
    *,
    target: int = SCHEMA_VERSION,
) -> list[int]:
    """Bring the store at ``path`` (open on ``conn``, autocommit mode) up to ``target``.

    Returns the versions applied. An existing schema is integrity-checked and backed up into
    ``backup_dir`` first; a failing step is rolled back whole and the error raised.
    """
    current = user_version(conn)
    steps = [m for m in MIGRATIONS if current < m[0] <= target]
    if not steps:
        return []
    if current > 0:
        _back_up_before(conn, path, backup_dir, current, target)
    from sqlite_utils import Database  # lazy: only a migration pays for it at start-up

    db = Database(conn)
    applied: list[int] = []
    for version, summary, step in steps:
        try:
            conn.execute("BEGIN IMMEDIATE")
            if user_version(conn) >= version:  # another process got here first
                conn.execute("ROLLBACK")
                continue
            step(db)
            conn.execute(f"PRAGMA user_version = {int(version)}")
            db.table("schema_history").insert(
                {
                    "version": version,
                    "applied_at": now_utc(),
                    "app_version": __version__,
                    "summary": summary,
                }
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_error(exc, path, f"upgrading (to schema {version})") from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(version)
        log.info("case store migrated to schema %d", version)
    return applied
