"""The tests' PostgreSQL server: one for the session, up again for each test that asks for it."""

from __future__ import annotations

import psycopg

from tests.helpers.postgres import PgServer


def test_a_server_a_test_left_stopped_is_up_for_the_next_one(_pg_session_server: PgServer) -> None:
    """Under load, a test's restart after its power cut failed and every PostgreSQL test after
    it failed too (43 in one run): the next test now finds the server up."""
    server = _pg_session_server
    server.stop_immediate()  # as a test does, without its restart
    server.ensure_running()
    with psycopg.connect(server.url("postgres"), connect_timeout=5) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    server.ensure_running()  # and when it is up, nothing happens


def test_a_killed_run_s_server_is_stopped_by_the_next_run_and_a_live_one_is_left(
    _pg_session_server: PgServer,
) -> None:
    """A test run killed with kill -9 left its server running (pg_ctl's daemon outlives it):
    two such servers were found on the machine. The next run's start stops it and removes
    its folder; this run's own server, whose owner is alive, keeps running."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from tests.helpers.postgres import REPO_ROOT_FOR_CHILD, stop_orphans

    child = subprocess.Popen(
        [sys.executable, "-c",
         "from tests.helpers.postgres import running_server\n"
         "import time\n"
         "with running_server() as s:\n"
         "    print(s.base, flush=True)\n"
         "    time.sleep(600)\n"],
        cwd=REPO_ROOT_FOR_CHILD, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    base = Path(child.stdout.readline().strip())
    os.kill(child.pid, signal.SIGKILL)  # the run dies; its server does not
    child.wait()
    child.stdout.close()
    server_pid = int((base / "data" / "postmaster.pid").read_text().split()[0])
    os.kill(server_pid, 0)  # still running

    removed = stop_orphans()

    assert base in removed and not base.exists()
    deadline = time.monotonic() + 30
    while Path(f"/proc/{server_pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{server_pid}").exists(), "the orphaned server still runs"
    assert _pg_session_server.base not in removed and _pg_session_server.base.exists()
    with psycopg.connect(_pg_session_server.url("postgres"), connect_timeout=5) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
