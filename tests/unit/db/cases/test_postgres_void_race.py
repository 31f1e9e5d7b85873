"""A tick racing a void on the office server: the front desk voids a case (entered in error)
while the chair's tick of the same case is on its way. The tick's statement (TICK_SQL) hangs on
the case's ``UPDATE ... WHERE status <> 'void'``: it waits for the void's commit, sees the void
and writes nothing (no tick, no case time, no audit row). With the earlier ``SELECT`` of the
case, the tick was saved onto the voided case. Real PostgreSQL (pg_server)."""

from __future__ import annotations

import threading
import time

from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.cases.ports import CaseVoidedError
from tests.helpers.postgres import PgServer


def _waiting_on_a_lock(pg_server: PgServer, database: str) -> bool:
    with pg_server.admin(database) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            (database,),
        ).fetchone()
    return bool(row and row[0])


def test_a_tick_that_waited_for_a_concurrent_void_is_refused_and_writes_nothing(
    pg_server: PgServer, database: str
) -> None:
    with open_repository(pg_server.url(database)) as chair:
        case = Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330", tooth="19"))
        case_id = chair.create_case(case, operator="FD")
        before = chair.get_case(case_id)
        trail = len(chair.audit(case_id))
        outcome: list[BaseException | None] = []

        def tick() -> None:
            try:
                chair.tick(case_id, "consent", True, operator="AB")
                outcome.append(None)
            except BaseException as exc:  # handed to the test's thread
                outcome.append(exc)

        worker = threading.Thread(target=tick)
        with pg_server.admin(database) as front_desk, front_desk.transaction():
            # the void, not committed yet while the chair's tick arrives
            front_desk.execute("UPDATE cases SET status = 'void' WHERE id = %s", (case_id,))
            worker.start()
            deadline = time.monotonic() + 30
            while not _waiting_on_a_lock(pg_server, database):
                assert time.monotonic() < deadline, "the tick never waited for the void"
                assert worker.is_alive(), f"the tick did not wait: {outcome}"
                time.sleep(0.05)
        worker.join(timeout=30)  # the void committed: the tick goes on
        assert len(outcome) == 1 and isinstance(outcome[0], CaseVoidedError), outcome
        after = chair.get_case(case_id)
        assert after.status == "void"
        assert after.checks == before.checks == {}
        assert after.updated_at == before.updated_at
        assert len(chair.audit(case_id)) == trail
        assert not chair.verify_audit()
