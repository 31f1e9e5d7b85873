"""Other workstations' writes as they happen: LISTEN on a connection of its own.

Every audit row NOTIFYs ``cdt_cases`` (a trigger, see ``migrations``), so a tick, an edit or a
new case anywhere reaches every listening window at commit. The feed never blocks: the window
watches :meth:`NotifyFeed.fileno` (a QSocketNotifier) and calls :meth:`NotifyFeed.drain`, which
reads only what already arrived. A window's own writes come back too; they are dropped by the
sending connection's backend pid.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cdt_desktop.db.cases.postgres import connect as pg
from cdt_desktop.db.cases.postgres.migrations import CHANNEL
from cdt_desktop.domain.cases.ports import StoreChange

if TYPE_CHECKING:
    from collections.abc import Callable

    import psycopg


class NotifyFeed:
    """A LISTEN connection; ``own_pid()`` is the backend of this window's own writes, asked at
    each notification: the window's connection is a new one after the server hung or went
    away, and its own ticks then read "ticked by AO on another workstation" (two-PC walk)."""

    def __init__(
        self, conn: psycopg.Connection[tuple[Any, ...]], conninfo: str, own_pid: Callable[[], int]
    ):
        self._conn = conn
        self._conninfo = conninfo
        self.own_pid = own_pid

    @classmethod
    def open(cls, conninfo: str, *, own_pid: Callable[[], int] = lambda: 0) -> NotifyFeed:
        conn = pg.connect(conninfo)
        conn.execute(f"LISTEN {CHANNEL}")
        return cls(conn, conninfo, own_pid)

    def fileno(self) -> int:
        return int(self._conn.pgconn.socket)

    def drain(self) -> list[StoreChange]:
        """What arrived so far (never waits). StoreUnavailableError when the server is gone."""
        import psycopg

        pgconn = self._conn.pgconn
        changes: list[StoreChange] = []
        try:
            pgconn.consume_input()
        except psycopg.Error as exc:
            raise pg.unavailable(self._conninfo, exc) from None
        own = self.own_pid()
        while (note := pgconn.notifies()) is not None:
            if note.be_pid == own:
                continue
            change = _parse(note.extra)
            if change is not None:
                changes.append(change)
        if pgconn.status != 0:  # CONNECTION_OK == 0: the socket closed under us
            raise pg.unavailable(self._conninfo, ConnectionError("connection lost"))
        return changes

    def close(self) -> None:
        self._conn.close()


def _parse(payload: bytes) -> StoreChange | None:
    try:
        data = json.loads(payload.decode("utf-8"))
        return StoreChange(
            case_id=int(data.get("case_id") or 0),
            action=str(data.get("action") or ""),
            operator=str(data.get("operator") or ""),
            case_uuid=str(data.get("uuid") or ""),
        )
    except (ValueError, AttributeError, TypeError):
        return None
