"""A hash chain over the audit rows, and the checks ``doctor`` runs on the audit log.

Why (issue 15 item 10; docs/design-rules.md, R14: the hash chain): the append-only
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

from cdt_desktop.db.cases.chain import GENESIS, ROW_COLUMNS, first_break, link

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
_ROW_SQL = f"SELECT {ROW_COLUMNS} FROM audit"


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
    """Problems of the chain, first break only (ids and counts, never row contents)."""
    links = {int(r[0]): str(r[1]) for r in conn.execute("SELECT audit_id, link FROM audit_chain")}
    return first_break(conn.execute(f"{_ROW_SQL} ORDER BY id"), links)
