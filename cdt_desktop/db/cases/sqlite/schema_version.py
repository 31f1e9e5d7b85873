"""The case store's schema version as a number, without its migrations: every start reads it,
and only a store older than the app needs the steps (``migrations.py``, which checks that its
last step is this version)."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 9
"""The newest schema this version of the app knows."""
AUDIT_CHAIN_VERSION = 6
"""The schema that added the audit hash chain (doctor checks it from there on)."""


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])
