"""Opening the case store on the server: connect, then upgrade an older schema or refuse a
newer or foreign one; reconnect after the server came back; and the checks of the audit log's
guards (``store check``, ``doctor``).

Split from ``repository.py`` (which holds the case rows, ticks and audit), as ``sqlite/opening.py``
is from the file's: everything here runs when the store is opened or checked, not per case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdt_desktop.db.cases.postgres import connect as pg
from cdt_desktop.db.cases.postgres.migrations import SCHEMA_VERSION, apply_migrations
from cdt_desktop.db.cases.postgres.migrations import schema_version as read_version
from cdt_desktop.domain.cases.ports import StoreError, StoreForeignFileError, StoreNewerSchemaError

if TYPE_CHECKING:
    import psycopg

AUDIT_TRIGGERS = (
    "audit_no_update",
    "audit_no_truncate",
    "audit_chain_lock",
    "audit_chain_link",
    "audit_chain_no_update",
)


def open_connection(
    conninfo: str, *, read_only: bool, create: bool
) -> psycopg.Connection[tuple[Any, ...]]:
    """A connection to a store at this app's schema: an empty database gets the schema when
    ``create``, an older one is upgraded; a newer one, or one the login may not upgrade, is
    refused (the connection closed). StoreUnavailableError when the server cannot be reached."""
    conn = pg.connect(conninfo, read_only=read_only)
    try:
        _require_schema(conn, pg.where(conninfo), read_only=read_only, create=create)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, StoreError):
            raise
        import psycopg

        if isinstance(exc, psycopg.Error):
            raise pg.translate(exc, conninfo, "opening") from None
        raise
    return conn


def _require_schema(
    conn: psycopg.Connection[tuple[Any, ...]], where: str, *, read_only: bool, create: bool
) -> None:
    version = read_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreNewerSchemaError(
            f"Case store {where} has schema {version}, newer than this app knows "
            f"({SCHEMA_VERSION}). Update the app on this workstation."
        )
    if version < SCHEMA_VERSION:
        state = (
            "has no case store schema yet"
            if version == 0
            else f"has schema {version}; this app needs {SCHEMA_VERSION}"
        )
        upgrade = StoreForeignFileError(
            f"Case store {where} {state}. Run (as the database's owner): "
            "cdt-desktop --store URL store init"
        )
        if read_only or (version == 0 and not create):
            raise upgrade
        try:
            apply_migrations(conn, where)
        except Exception as exc:  # the workstations' login may not alter the schema
            from psycopg.errors import InsufficientPrivilege

            if isinstance(exc, InsufficientPrivilege):
                raise upgrade from None  # not "ask for permissions": upgrade it
            raise


def reconnect(conninfo: str, *, read_only: bool, where: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A new connection once the server is back; the schema must be this app's (the first
    contact of a window that started offline), else StoreForeignFileError."""
    conn = pg.connect(conninfo, read_only=read_only)
    version = read_version(conn)
    if version != SCHEMA_VERSION:
        conn.close()
        raise StoreForeignFileError(
            f"Case store {where} has schema {version}; this app needs "
            f"{SCHEMA_VERSION}. Run: cdt-desktop --store URL store init"
        )
    return conn


def audit_problems(conn: psycopg.Connection[tuple[Any, ...]]) -> list[str]:
    """The audit log's guards (its triggers) and the hash chain over its rows (issue 15 item
    10); [] when both are whole."""
    from cdt_desktop.db.cases.chain import ROW_COLUMNS, first_break

    triggers = {
        str(r[0])
        for r in conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid IN "
            "(to_regclass('audit'), to_regclass('audit_chain'))"
        ).fetchall()
    }
    problems = [
        f"audit trigger {name} is missing" for name in AUDIT_TRIGGERS if name not in triggers
    ]
    links = {int(r[0]): str(r[1]) for r in conn.execute(
        "SELECT audit_id, link FROM audit_chain").fetchall()}  # fmt: skip
    rows = conn.execute(f"SELECT {ROW_COLUMNS} FROM audit ORDER BY id").fetchall()
    return problems + first_break(rows, links)
