"""A hash chain over the audit rows, and the checks ``doctor`` runs on the audit log.

Why (issue 15 item 10; RELIABILITY.md requirement 14, "optional hash chain"): the append-only
triggers stop the app and careless tools, but anyone with the file can drop them, edit a row and
put them back, and ``doctor`` said healthy. Every audit row now gets a link in ``audit_chain``:
``sha256(previous link + the row's fields)``, written in the same transaction as the row. An
edited, deleted or inserted-in-between row breaks every link from there on, so ``doctor`` can say
which row first disagrees. The chain carries no key: someone who rewrites the whole chain after
an edit is not caught, which a key held outside the file (a later step) would add.

The PostgreSQL backend must write the same links (same fields, same order) so a store moved
between backends verifies the same.
"""

from __future__ import annotations

import sqlite3

GENESIS = "0" * 64
CHAIN_SQL = """
CREATE TABLE audit_chain (
    audit_id INTEGER PRIMARY KEY REFERENCES audit(id),
    link TEXT NOT NULL CHECK (length(link) = 64)
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
REQUIRED_TRIGGERS = (
    "audit_no_update",
    "audit_no_delete",
    "audit_chain_no_update",
    "audit_chain_no_delete",
)
_ROW_SQL = "SELECT id, at, operator, action, case_id, detail, case_uuid, user_id FROM audit"


def link(previous: str, row: tuple[object, ...]) -> str:
    """The link of one audit row (id, at, operator, action, case_id, detail, case_uuid,
    user_id)."""
    import hashlib  # lazy: start-up never writes an audit row

    fields = "\x1f".join("" if value is None else str(value) for value in row)
    return hashlib.sha256(f"{previous}\x1e{fields}".encode()).hexdigest()


def last_link(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT link FROM audit_chain ORDER BY audit_id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else GENESIS


def append_link(conn: sqlite3.Connection, audit_id: int) -> None:
    """Chain the audit row ``audit_id`` (just inserted, in the caller's transaction)."""
    row = conn.execute(f"{_ROW_SQL} WHERE id = ?", (audit_id,)).fetchone()
    conn.execute(
        "INSERT INTO audit_chain (audit_id, link) VALUES (?, ?)",
        (audit_id, link(last_link(conn), tuple(row))),
    )


def backfill(conn: sqlite3.Connection) -> None:
    """Chain every existing row, oldest first (the migration that adds the chain)."""
    previous = GENESIS
    links = []
    for row in conn.execute(f"{_ROW_SQL} ORDER BY id"):
        previous = link(previous, tuple(row))
        links.append((row[0], previous))
    conn.executemany("INSERT INTO audit_chain (audit_id, link) VALUES (?, ?)", links)


def missing_triggers(conn: sqlite3.Connection) -> list[str]:
    present = {
        str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    return [name for name in REQUIRED_TRIGGERS if name not in present]


def verify_chain(conn: sqlite3.Connection) -> list[str]:
    """Problems of the chain, first break only ("" rows of patient data: ids and counts)."""
    links = dict(conn.execute("SELECT audit_id, link FROM audit_chain").fetchall())
    previous = GENESIS
    for row in conn.execute(f"{_ROW_SQL} ORDER BY id"):
        stored = links.pop(row[0], None)
        if stored is None:
            return [f"audit row {row[0]} has no chain link (added outside the app)"]
        previous = link(previous, tuple(row))
        if stored != previous:
            return [f"audit row {row[0]} (or one before it) was changed or removed"]
    if links:
        return [f"{len(links)} chain link(s) have no audit row (audit rows were deleted)"]
    return []
