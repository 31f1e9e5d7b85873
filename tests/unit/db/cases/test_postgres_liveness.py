"""A server that goes silent (a pulled cable, a dead switch: no RST) is noticed within seconds,
not after the operating system's TCP timeout; what a store URL, its service or libpq's
environment sets itself wins over our defaults. On the real server (pg_server)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from cdt_desktop.db.cases.postgres import connect as pg
from tests.helpers import REPO_ROOT
from tests.helpers.postgres import ADMIN_PASSWORD, ADMIN_USER, PgServer

LINUX = sys.platform.startswith("linux")


@contextmanager
def _connected(url: str) -> Iterator[Any]:
    conn = pg.connect(url)
    try:
        yield conn
    finally:
        conn.close()


def _options(conn: Any) -> dict[str, str]:
    """The options libpq connected with (the URL's, the service's, the environment's, ours)."""
    return {
        o.keyword.decode(): (o.val or b"").decode() for o in conn.pgconn.info if o.val is not None
    }


def _socket_says(conn: Any) -> dict[str, int]:
    """What the connection's own TCP socket is set to, as the kernel reports it."""
    sock = socket.socket(fileno=os.dup(conn.pgconn.socket))
    try:
        tcp = socket.IPPROTO_TCP
        return {
            "keepalive": sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
            "idle": sock.getsockopt(tcp, socket.TCP_KEEPIDLE),
            "interval": sock.getsockopt(tcp, socket.TCP_KEEPINTVL),
            "count": sock.getsockopt(tcp, socket.TCP_KEEPCNT),
            "user_timeout": sock.getsockopt(tcp, socket.TCP_USER_TIMEOUT),
        }
    finally:
        sock.close()


@pytest.mark.skipif(not LINUX, reason="the kernel's TCP socket options (Linux)")
def test_every_server_connection_probes_a_silent_server(pg_server: PgServer) -> None:
    with _connected(pg_server.url("postgres")) as conn:
        assert _socket_says(conn) == {
            "keepalive": 1, "idle": 10, "interval": 3, "count": 3, "user_timeout": 10_000,
        }  # fmt: skip
        options = _options(conn)
        assert options["connect_timeout"] == "5" and options["application_name"] == "cdt-desktop"


@pytest.mark.skipif(not LINUX, reason="the kernel's TCP socket options (Linux)")
def test_what_the_store_url_sets_itself_wins(pg_server: PgServer) -> None:
    url = pg_server.url("postgres") + (
        "?keepalives_idle=42&tcp_user_timeout=20000&connect_timeout=7&application_name=front-desk"
    )
    with _connected(url) as conn:
        said = _socket_says(conn)
        options = _options(conn)
        name = conn.execute("SELECT current_setting('application_name')").fetchone()[0]
    assert (said["idle"], said["user_timeout"], said["interval"]) == (42, 20_000, 3)
    assert options["connect_timeout"] == "7" and name == "front-desk"
    off = pg_server.url("postgres") + "?keepalives=0"
    with _connected(off) as conn:
        assert _socket_says(conn)["keepalive"] == 0


@pytest.mark.skipif(not LINUX, reason="the kernel's TCP socket options (Linux)")
def test_what_the_service_file_and_the_environment_set_win(
    pg_server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[office]\nhost={pg_server.host}\nport={pg_server.port}\ndbname=postgres\n"
        f"user={ADMIN_USER}\npassword={ADMIN_PASSWORD}\nkeepalives_idle=55\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "9")
    with _connected("postgresql:///?service=office") as conn:
        said = _socket_says(conn)
        options = _options(conn)
    assert (said["idle"], said["interval"], said["user_timeout"]) == (55, 3, 10_000)
    assert options["connect_timeout"] == "9"


def test_a_pulled_cable_is_told_within_seconds(pg_server: PgServer) -> None:
    """The server's cable is pulled while the window is open (no RST ever comes): the next
    read failed only after the OS's TCP timeout (about 15 minutes; over 40 s here before
    this). Now it fails within the bound with the usual message; a real half-open connection
    in a network namespace of its own (tests/helpers/halfopen.py)."""
    if not LINUX or os.geteuid() != 0:
        pytest.skip("a network namespace needs root on Linux")
    done = subprocess.run(
        [sys.executable, "-m", "tests.helpers.halfopen", pg_server.host, str(pg_server.port),
         ADMIN_USER, ADMIN_PASSWORD, "postgres"],
        capture_output=True, text=True, timeout=90, cwd=REPO_ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    said = json.loads(done.stdout.strip().splitlines()[-1])
    if "skip" in said:
        pytest.skip(said["skip"])
    assert said["error"].startswith("Case store server 127.0.0.1:")
    assert "cannot be reached: the server did not answer in time" in said["error"]
    assert said["seconds"] <= 30, said  # tcp_user_timeout: 10 s, with room for a busy machine
    assert ADMIN_PASSWORD not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("situation", "url", "environment", "left_to_us"),
    [
        ("a plain URL", "postgresql://cdt_app@office/cdt", {}, set()),
        ("the URL's keepalives", "postgresql://cdt_app@office/cdt?keepalives=0", {},
         {"keepalives"}),
        ("the URL's timeouts", "host=office dbname=cdt connect_timeout=30 tcp_user_timeout=0",
         {}, {"connect_timeout", "tcp_user_timeout"}),
        ("the environment's", "postgresql://cdt_app@office/cdt",
         {"PGCONNECT_TIMEOUT": "20", "PGAPPNAME": "front"}, {"connect_timeout", "application_name"}),
    ],
)  # fmt: skip
def test_only_what_nobody_else_sets_is_ours(
    situation: str,
    url: str,
    environment: dict[str, str],
    left_to_us: set[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cdt_desktop.db.cases.postgres.liveness import APPLICATION_NAME, LIVENESS, options

    for name in ("PGCONNECT_TIMEOUT", "PGAPPNAME", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    ours = options(url)
    everything = {**LIVENESS, "application_name": APPLICATION_NAME}
    assert ours == {k: v for k, v in everything.items() if k not in left_to_us}, situation


def test_a_write_waiting_on_a_lock_another_session_holds_gives_up_with_a_message(
    pg_store_url: str,
) -> None:
    """Office walkthrough: a session holding the audit chain's lock (a PC that died in the
    middle of a write) froze every workstation's next tick, with no message, for as long as it
    lasted. A write now waits at most the lock timeout (here the URL's own 300 ms, which wins
    over our 5 s) and says the server is busy; the tick is not half saved."""
    import time

    import psycopg

    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure
    from cdt_desktop.domain.cases.ports import StoreLockedError

    with _connected(pg_store_url) as plain:
        assert _options(plain)["options"] == (
            "-c lock_timeout=5s -c idle_in_transaction_session_timeout=30s"
        )
        settings = dict(plain.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('lock_timeout', 'idle_in_transaction_session_timeout')"
        ).fetchall())  # fmt: skip
        assert settings == {"lock_timeout": "5000", "idle_in_transaction_session_timeout": "30000"}
    quick = (
        pg_store_url + ("&" if "?" in pg_store_url else "?") + ("options=-c%20lock_timeout%3D300")
    )
    with open_repository(quick) as store:
        case_id = store.create_case(
            Case(patient=Patient(name="Ana"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
        with psycopg.connect(pg_store_url) as holder:  # BEGIN: holds the case's row lock
            holder.execute("SELECT 1 FROM cases WHERE id = %s FOR UPDATE", (case_id,))
            started = time.monotonic()
            with pytest.raises(StoreLockedError) as busy:
                store.tick(case_id, "consent", True, operator="AB")
            assert time.monotonic() - started < 5
            holder.rollback()
        assert "is busy" in str(busy.value) and "nothing was saved" in str(busy.value)
        assert store.checks(case_id) == {}  # the tick and its audit row: neither
        store.tick(case_id, "consent", True, operator="AB")  # the lock gone: saved
        assert store.checks(case_id)["consent"].checked
