"""The PostgreSQL store's longer statements, apart from the repository's control flow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

# A tick saved and read back in one statement: one round trip, one implicit transaction. The
# checklist comes back as stored after the tick (the other rows from the statement's snapshot, the
# ticked row from RETURNING), so the window also shows ticks another workstation made meanwhile.
# The case's time is set first and everything else hangs on its RETURNING: no such case, or a case
# voided (at another workstation, perhaps a moment ago: the UPDATE waits for that commit and checks
# the status again), and nothing is written and no row comes back (a saved tick always returns its
# row). So too when the signed-in user (``user_since``: when they were made) is no longer the
# store's user of that id (a dump restored meanwhile), or was disabled since, or their role now is
# none of ``roles`` (the roles that may make this tick: an admin changed it at another
# workstation since the window read it): no audit row goes under another person, nor under
# someone an admin disabled, nor a tick their role no longer allows.
# Prepared on the server from the first call (``prepare=True``): a window's first ticks skip
# planning too.
TICK_SQL = """
WITH target AS (
    UPDATE cases SET updated_at = %(at)s WHERE id = %(case_id)s AND status <> 'void'
        AND (%(user_since)s::text IS NULL OR EXISTS (
            SELECT FROM users WHERE id = %(user_id)s AND created_at = %(user_since)s::text
                AND active AND role = ANY(%(roles)s::text[])))
    RETURNING id, uuid::text AS case_uuid
),
saved AS (
    INSERT INTO checks (case_id, item_id, checked, "by", at, note)
    SELECT id, %(item)s, %(checked)s, %(by)s, %(at)s, %(note)s FROM target
    ON CONFLICT (case_id, item_id) DO UPDATE SET checked = excluded.checked,
        "by" = excluded."by", at = excluded.at, note = excluded.note
    RETURNING item_id, checked, "by", at, note
),
audited AS (
    INSERT INTO audit (at, operator, action, case_id, detail, case_uuid, user_id)
    SELECT %(at)s, %(by)s, %(action)s, id, %(item)s, case_uuid, %(user_id)s FROM target
)
SELECT item_id, checked, "by", at, note FROM checks
    WHERE case_id = %(case_id)s AND item_id <> %(item)s AND EXISTS (SELECT FROM target)
UNION ALL SELECT item_id, checked, "by", at, note FROM saved
ORDER BY item_id
"""
CHECKS_SQL = (
    'SELECT item_id, checked, "by", at, note FROM checks WHERE case_id = %s ORDER BY item_id'
)
"""A case's ticks (opening a case; after a tick they come back with it)."""


def insert_row(conn: psycopg.Connection[tuple[Any, ...]], values: dict[str, Any]) -> int:
    """Insert a ``cases`` row; its id comes from the identity column (never reused)."""
    names = ", ".join(values)
    marks = ", ".join("%s" for _ in values)
    row = conn.execute(
        f"INSERT INTO cases ({names}) VALUES ({marks}) RETURNING id".encode(), [*values.values()]
    ).fetchone()
    assert row is not None
    return int(row[0])
