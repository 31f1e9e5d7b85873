"""What each part of a PostgreSQL tick costs: `python -m benchmarks.tick_parts` (about a minute).

The store row of `make bench` times the checklist's tick against a bare ``SELECT 1`` (issue 17's
budget: p95 at most 3x). This breaks the tick down, for the decision on that row (issue 19): on a
throw-away loopback server, the store's own tick statement (``TICK_SQL``) is timed, in turns with
``SELECT 1`` as the benchmark does, while the parts it does not need to save a tick are taken out
of a scratch database one after another:

1. the store as shipped;
2. without the live-refresh NOTIFY trigger (the other workstations see ticks by it);
3. without the audit hash chain's triggers (issue 15: tamper evidence of the audit log);
4. without the case list's indexes on ``cases`` (newest first, by status);
5. without the audit log's secondary indexes (a case's history, a user's, by time).

What is left after step 5 is the tick itself: the case's time, the checklist row and the audit
row of who ticked, read back in one statement. Nothing here changes a real store.
"""

from __future__ import annotations

import statistics
import sys
from typing import Any

from benchmarks.store import _p95, _paired

STAGES = (
    ("the store as shipped", ""),
    ("- live-refresh NOTIFY", "DROP TRIGGER audit_notify ON audit"),
    (
        "- audit hash chain",
        "DROP TRIGGER audit_chain_link ON audit; DROP TRIGGER audit_chain_lock ON audit",
    ),
    ("- case list indexes", "DROP INDEX cases_updated_at; DROP INDEX cases_status"),
    (
        "- audit secondary indexes",
        "DROP INDEX audit_case_id; DROP INDEX audit_user_id; DROP INDEX audit_at; "
        "DROP INDEX audit_case_uuid",
    ),
)
ROUNDS = 4
RUNS = 400


def measure(
    url: str, rounds: int = ROUNDS, runs: int = RUNS
) -> list[tuple[str, list[float], list[float]]]:
    """Each stage's p95 ratios to ``SELECT 1`` and median tick times (ms), one per round."""
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.db.cases.postgres.statements import TICK_SQL
    from cdt_desktop.db.sqlitefile.connect import now_utc
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure

    results = []
    with open_repository(url) as store:
        case = Case(patient=Patient(name="Bench"), procedure=Procedure(code="D3330"))
        case_id = store.create_case(case, operator="BE")
        conn: Any = store._connection()  # type: ignore[attr-defined]

        def tick(i: int) -> object:  # the store's statement, as store.tick sends it
            params = {
                "case_id": case_id, "item": "consent", "checked": i % 2 == 0, "by": "BE",
                "at": now_utc(), "note": "", "action": "tick", "user_id": None,
                "user_since": None, "roles": [],
            }  # fmt: skip
            return conn.execute(TICK_SQL, params, prepare=True).fetchall()

        for name, sql in STAGES:
            if sql:
                conn.execute(sql)
                conn.commit()
            ratios, medians = [], []
            for _ in range(rounds):
                floor, ticks = _paired(conn, tick, runs)
                ratios.append(_p95(ticks) / _p95(floor))
                medians.append(statistics.median(ticks) * 1000)
            results.append((name, ratios, medians))
    return results


def main() -> int:
    from tests.helpers.postgres import running_server

    with running_server() as server:
        rows = measure(server.url(server.new_database("parts")))
    print(f"{'tick, p95 x SELECT 1 (rounds)':<28} {'':<24} median tick (ms)")
    for name, ratios, medians in rows:
        shown = " ".join(f"{r:.2f}" for r in ratios)
        print(f"{name:<28} {shown:<24} {statistics.median(medians):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
