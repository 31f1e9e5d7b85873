"""The office server takes a statement in and never answers (its virtual machine paused, its
process stopped, a disk stalling every write): the kernel still acknowledges the query, so no
TCP timeout fires, and the window's thread waited until the server came back, every pane frozen
and no message. Now the statement gives up after the store's watchdog limit with a message, and
the next one, once the server answers again, reconnects. Real server, its session process
really stopped (SIGSTOP) and resumed."""

from __future__ import annotations

import os
import signal
import time

import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cases.postgres.watchdog import ANSWER_WITHIN_S
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.cases.ports import StoreUnavailableError

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="POSIX signals")


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGSTOP)
    except PermissionError:
        pytest.skip("the server's processes belong to another user")


@pytest.mark.parametrize("doing", ["tick", "read"])
def test_a_frozen_server_is_told_within_the_limit_and_the_next_statement_reconnects(
    pg_store_url: str, doing: str
) -> None:
    with open_repository(pg_store_url) as store:
        assert store.watchdog.limit_s == ANSWER_WITHIN_S == 20
        store.watchdog.limit_s = 0.5  # the window's 20 s, shortened for the test
        case_id = store.create_case(
            Case(patient=Patient(name="Ana"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AB",
        )
        backend = store._conn.info.backend_pid  # the server process of this store's session
        _stop(backend)
        try:
            started = time.monotonic()
            with pytest.raises(StoreUnavailableError) as frozen:
                if doing == "tick":
                    store.tick(case_id, "consent", True, operator="AB")
                else:
                    store.get_case(case_id)
            waited = time.monotonic() - started
        finally:
            os.kill(backend, signal.SIGCONT)
        assert 0.5 <= waited < 5  # forever before
        message = str(frozen.value)
        assert "did not answer for 0.5 seconds, so the connection was closed" in message
        assert pg_store_url.split("@")[-1].split("?")[0].split("/")[0] in message  # host:port
        store.watchdog.limit_s = ANSWER_WITHIN_S
        store.tick(case_id, "consent", True, operator="AB")  # the server back: reconnected
        assert store.checks(case_id)["consent"].checked
        ticks = [r for r in store.audit_trail() if r.action in ("tick", "check")]
        assert len(ticks) == 1  # the cut tick left no row


def test_a_slow_statement_within_the_limit_is_left_alone(pg_store_url: str) -> None:
    with open_repository(pg_store_url) as store:
        store.watchdog.limit_s = 2.0
        with store._read("waiting") as conn:
            conn.execute("SELECT pg_sleep(0.8)")
        assert not store.watchdog.tripped
        assert store.connected


def test_a_film_or_the_whole_audit_log_may_take_longer_than_the_limit(pg_store_url: str) -> None:
    """A 30 MB film over an office's Wi-Fi, or `doctor` checking the whole audit log, can take
    longer than the limit while the server works fine: those are not cut."""
    from cdt_desktop.db.cases.postgres.watchdog import UNWATCHED

    assert {"attaching a radiograph in", "checking the audit log of"} <= UNWATCHED
    with open_repository(pg_store_url) as store:
        store.watchdog.limit_s = 0.3
        with store._read("attaching a radiograph in") as conn:
            conn.execute("SELECT pg_sleep(1)")
        assert not store.watchdog.tripped and store.connected
        with pytest.raises(StoreUnavailableError), store._read("reading") as conn:
            conn.execute("SELECT pg_sleep(1)")  # the same wait on a chairside read is cut
        assert store.watchdog.tripped
