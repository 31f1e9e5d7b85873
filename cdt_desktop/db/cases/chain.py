"""The audit hash chain, the same for every backend (issue 15 item 10).

Each audit row gets a link ``sha256(previous link, the row's fields)`` in the same transaction
(SQLite: ``db/cases/sqlite/audit_chain.py``; PostgreSQL: ``db/cases/postgres/repository.py``).
Both backends hash the same fields the same way, so a store moved between them verifies the same.
"""

from __future__ import annotations

from collections.abc import Iterable

GENESIS = "0" * 64
ROW_COLUMNS = "id, at, operator, action, case_id, detail, case_uuid, user_id"
"""The audit columns a link covers, in this order."""
CHAIN_KEY = 0x43445441  # "CDTA": PostgreSQL advisory lock serialising audit appends


def link(previous: str, row: Iterable[object]) -> str:
    """The link of one audit row (the values of ``ROW_COLUMNS``)."""
    import hashlib  # lazy: start-up never writes an audit row

    fields = "\x1f".join("" if value is None else str(value) for value in row)
    return hashlib.sha256(f"{previous}\x1e{fields}".encode()).hexdigest()


def first_break(rows: Iterable[tuple[object, ...]], links: dict[int, str]) -> list[str]:
    """Problems of a chain: ``rows`` in id order (``ROW_COLUMNS``), ``links`` by audit id.
    Reports the first break only; ids and counts, never row contents."""
    previous = GENESIS
    links = dict(links)
    for row in rows:
        audit_id = int(str(row[0]))
        stored = links.pop(audit_id, None)
        if stored is None:
            return [f"audit row {audit_id} has no chain link (added outside the app)"]
        previous = link(previous, row)
        if stored != previous:
            return [f"audit row {audit_id} (or one before it) was changed or removed"]
    if links:
        return [f"{len(links)} chain link(s) have no audit row (audit rows were deleted)"]
    return []
