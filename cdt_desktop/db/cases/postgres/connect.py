"""Connections to the office's PostgreSQL server, and psycopg errors in the store's terms.

libpq does the connecting, so its rules apply: the URL may leave out the password (``.pgpass``),
the host (``PGHOST``) or everything (``?service=NAME`` in ``pg_service.conf``). Messages name the
server as ``host:port/database`` (:func:`where`) and never repeat the server's own text, which
can name tables, values or users; no message, log line or exception ever holds a password.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from cdt_desktop.domain.cases.ports import (
    StoreError,
    StoreForeignFileError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
)

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("cdt.db")


def where(conninfo: str) -> str:
    """``host:port/dbname`` (or ``service NAME``) for messages: what libpq will try, no secret;
    ``h1:5432 or h2:5433 (database db)`` for a multi-host URL (``[::1]:5432`` for IPv6)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(conninfo)
    except Exception:  # a malformed URL: say so without echoing it
        return "(unreadable server address)"
    service = params.get("service") or os.environ.get("PGSERVICE")
    host = str(params.get("host") or params.get("hostaddr") or os.environ.get("PGHOST") or "")
    if service and not host:
        return f"service {service}"
    default_port = os.environ.get("PGPORT") or "5432"
    dbname = str(params.get("dbname") or os.environ.get("PGDATABASE") or "")
    hosts = (host or "localhost").split(",")
    ports = str(params.get("port") or "").split(",")
    if len(ports) == 1:  # one port (or none) for every host, as libpq reads it
        ports *= len(hosts)
    pairs = [
        f"{f'[{h}]' if ':' in h else h or 'localhost'}:{p.strip() or default_port}"
        for h, p in zip(hosts, ports, strict=False)
    ]
    if len(pairs) > 1:  # a standby beside the primary: each host libpq tries, in its order
        return " or ".join(pairs) + (f" (database {dbname})" if dbname else "")
    return pairs[0] + (f"/{dbname}" if dbname else "")


def _has_password(conninfo: str) -> bool:
    """The URL (or key=value string) holds a password itself."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        return bool(conninfo_to_dict(conninfo).get("password"))
    except Exception:  # a malformed URL: it names no password we could blame
        return False


def unavailable(conninfo: str, exc: BaseException) -> StoreUnavailableError:
    """The server could not be reached or refused the login: why, in our words."""
    text = str(exc).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        # where the password came from: one typed in the URL was blamed on .pgpass (two-PC walk)
        source = "in the URL" if _has_password(conninfo) else "in .pgpass"
        why = f"the server refused the login; check the user name and the password {source}"
    elif "does not exist" in text and "database" in text:
        why = "that database does not exist on the server"
    elif "refused" in text:
        why = "the connection was refused; is PostgreSQL running there?"
    elif "timeout" in text or "timed out" in text:
        why = "the server did not answer in time"
    elif "ssl" in text or "certificate" in text:
        why = "the secure (TLS) connection failed; check sslmode and the server certificate"
    elif "no pg_hba.conf entry" in text:
        why = "the server does not allow this workstation (pg_hba.conf)"
    else:
        why = "the connection failed"
    end = "" if why.endswith("?") else "."
    return StoreUnavailableError(
        f"Case store server {where(conninfo)} cannot be reached: {why}{end} Nothing was saved."
    )


def connect(conninfo: str, *, read_only: bool = False) -> psycopg.Connection[tuple[Any, ...]]:
    """An autocommit connection (writes open their own transactions), with keepalives and
    timeouts that notice a silent server within seconds (``liveness.py``; what the URL sets
    itself wins)."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    from cdt_desktop.db.cases.postgres.liveness import options

    try:
        conn = psycopg.connect(make_conninfo(conninfo, **options(conninfo)), autocommit=True)
    except psycopg.Error as exc:
        raise unavailable(conninfo, exc) from None
    if read_only:
        conn.execute("SET default_transaction_read_only = on")
    return conn


def translate(exc: BaseException, conninfo: str, doing: str) -> StoreError:
    """A StoreError for a psycopg error raised while ``doing`` something on the server."""
    import psycopg
    from psycopg import errors

    if isinstance(exc, psycopg.OperationalError) and not isinstance(
        exc, errors.QueryCanceled | errors.LockNotAvailable
    ):
        return unavailable(conninfo, exc)
    if isinstance(exc, errors.LockNotAvailable):  # lock_timeout (liveness.py)
        return StoreLockedError(
            f"Case store server {where(conninfo)} is busy: another workstation's change holds "
            f"this case (or the audit log) right now, so nothing was saved while {doing}. Try "
            "again in a moment; if it keeps happening, the office's administrator can see "
            "which session holds it (pg_stat_activity)."
        )
    if isinstance(exc, errors.InsufficientPrivilege | errors.ReadOnlySqlTransaction):
        return StoreReadOnlyError(
            f"Case store server {where(conninfo)}: this login may not make that change "
            f"(while {doing}). Ask the office's administrator for the store's permissions."
        )
    if isinstance(exc, errors.UndefinedTable | errors.UndefinedColumn):
        return StoreForeignFileError(
            f"Case store server {where(conninfo)} has no (or an older) case store schema. "
            "Run: cdt-desktop --store URL store init"
        )
    if isinstance(exc, errors.RaiseException):
        return StoreError(
            f"Case store server {where(conninfo)} refused the change while {doing} "
            "(the audit log is append-only)."
        )
    name = type(exc).__name__
    log.warning("server error while %s (%s)", doing, name)
    return StoreError(
        f"Case store server {where(conninfo)}: database error while {doing} ({name})."
    )
