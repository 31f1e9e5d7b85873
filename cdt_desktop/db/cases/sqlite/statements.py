"""The SQLite store's longer statements, apart from the repository's control flow (as
``postgres/statements.py`` is for the server)."""

from __future__ import annotations

import sqlite3
from typing import Any

CHECKS_SQL = (
    'SELECT item_id, checked, "by", at, note FROM checks WHERE case_id = ? ORDER BY item_id'
)

# One tick, inserted or replacing the item's earlier state (the case's other ticks are untouched).
TICK_SQL = (
    'INSERT INTO checks (case_id, item_id, checked, "by", at, note) '
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, item_id) DO UPDATE SET "
    'checked = excluded.checked, "by" = excluded."by", at = excluded.at, '
    "note = excluded.note"
)


def insert_row(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    """Insert a ``cases`` row under an id never used before, not even by a deleted case
    (the audit log keeps deleted cases' ids; issue 15 item 5)."""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(
        f"INSERT INTO cases (id, {names}) VALUES ((SELECT max(n) + 1 FROM ("
        "SELECT coalesce(max(id), 0) AS n FROM cases UNION ALL "
        f"SELECT coalesce(max(case_id), 0) FROM audit)), {marks})",
        [*values.values()],
    )
    return int(cursor.lastrowid or 0)


def last_change(conn: sqlite3.Connection, case_uuid: str) -> tuple[str, str]:
    """Who last edited, imported or created the case, and when ("", "" when no row says)."""
    row = conn.execute(
        "SELECT operator, at FROM audit WHERE case_uuid = ? AND action IN "
        "('edit', 'import', 'create') ORDER BY id DESC LIMIT 1",
        (case_uuid,),
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else ("", "")
