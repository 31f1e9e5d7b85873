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
