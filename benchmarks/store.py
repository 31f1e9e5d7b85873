"""Case store on a loopback PostgreSQL server (the tests' server helper starts one).

* tick round trip: ``tick`` (saved, and the case's ticks read back in the same statement),
  p95, against a bare ``SELECT 1`` on the same connection in the same run, in turns, after the same warm-up (the floor); beside it, for
  reading the row, the least a tick can cost, each one statement like the tick: a bare one-row
  upsert read back (``bare_tick_x``: no audit row, chain link, notify or case time), and the same
  with a plain audit row (``audited_tick_x``: into a copy of ``audit`` without its triggers; the
  least a tick costs that records who ticked, docs/design-rules.md, R14);
* 10,000 cases: the first page of the case list (newest 500), and search as you type (p95 over
  the prefixes of names, chart numbers and codes);
* live refresh: from one connection's committed tick to another connection's feed handing it
  over (the window's QSocketNotifier path: select() on the socket, then drain()).
"""

from __future__ import annotations

import select
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

N_CASES = 10_000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


WARM_UP = 20
"""Rounds run before either series is recorded: the same for the floor and the measured call."""


def _paired(conn: Any, call: Callable[[int], object], runs: int) -> tuple[list[float], list[float]]:
    """``SELECT 1`` and ``call`` in turns on the same connection, after the same warm-up."""
    floor, measured = [], []
    for i in range(WARM_UP + runs):
        t0 = time.perf_counter()
        conn.execute("SELECT 1").fetchone()
        t1 = time.perf_counter()
        call(i)
        t2 = time.perf_counter()
        if i >= WARM_UP:
            floor.append(t1 - t0)
            measured.append(t2 - t1)
    return floor, measured


_BARE_TICK = """
WITH saved AS (
    INSERT INTO checks (case_id, item_id, checked, "by", at) VALUES (%(case_id)s, %(item)s,
        %(checked)s, 'BE', %(at)s)
    ON CONFLICT (case_id, item_id) DO UPDATE SET checked = excluded.checked, at = excluded.at
    RETURNING item_id, checked, "by", at, note
){audit}
SELECT item_id, checked, "by", at, note FROM checks WHERE case_id = %(case_id)s
    AND item_id <> %(item)s
UNION ALL SELECT item_id, checked, "by", at, note FROM saved ORDER BY item_id
"""
_AUDIT_ROW = """,
audited AS (
    INSERT INTO bench_audit (at, operator, action, case_id, detail, case_uuid)
    VALUES (%(at)s, 'BE', 'tick', %(case_id)s, %(item)s, '')
)"""


def _least_tick(conn: Any, case_id: int, *, audited: bool) -> Callable[[int], object]:
    """One statement like the tick: the row upserted and the ticks read back (``audited``: and a
    plain audit row, into a trigger-less copy of ``audit`` with the same columns and indexes)."""
    from cdt_desktop.db.sqlitefile.connect import now_utc

    if audited:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_audit (LIKE audit INCLUDING ALL)")
    sql = _BARE_TICK.format(audit=_AUDIT_ROW if audited else "")
    item = "bench-audited" if audited else "bench-bare"

    def call(i: int) -> object:
        params = {"case_id": case_id, "item": item, "checked": i % 2 == 0, "at": now_utc()}
        return conn.execute(sql, params, prepare=True).fetchall()

    return call


def _fill(url: str, n: int) -> None:
    """``n`` cases in one transaction (COPY), as a busy office accumulates in a few years."""
    import psycopg

    from cdt_desktop.db.cases.rows import search_text
    from cdt_desktop.db.sqlitefile.connect import now_utc

    names = ["Nguyễn Văn An", "Maria Garcia", "王小明", "John Smith", "Zoë O'Neil", "محمد علي"]
    codes = ["D3310", "D3320", "D3330", "D3346", "D3353"]
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cols = ("uuid, patient, claim, procedure, patient_name, chart_number, code, tooth, "
                "date_of_service, status, created_at, updated_at, search_text")  # fmt: skip
        with cur.copy(f"COPY cases ({cols}) FROM STDIN") as copy:
            for i in range(n):
                name = f"{names[i % len(names)]} {i}"
                chart, code, tooth = f"CH-{i:05d}", codes[i % len(codes)], str(1 + i % 32)
                at = now_utc()
                copy.write_row((
                    str(uuid.uuid4()), f'{{"name": "{i}"}}', "{}", "{}", name, chart, code, tooth,
                    "2026-03-14", "draft", at, at,
                    search_text(name, chart, "", code, tooth, "2026-03-14"),
                ))  # fmt: skip
        # a store that grew over years has its statistics (autovacuum): without them the
        # first searches measured the planner's guess on an unanalysed table (up to 20 ms)
        cur.execute("ANALYZE cases")


def measure(url: str, *, quick: bool = False) -> dict[str, Any]:
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure

    out: dict[str, Any] = {}
    runs = 30 if quick else 300
    with open_repository(url) as store, open_repository(url) as other:
        case_id = store.create_case(
            Case(patient=Patient(name="Bench"), procedure=Procedure(code="D3330")), operator="BE"
        )
        conn = store._connection()  # type: ignore[attr-defined]  # the floor: same connection

        def tick(i: int) -> None:  # the checklist's call: saved, and the ticks read back
            store.tick(case_id, "consent", i % 2 == 0, operator="BE")

        floor, ticks = _paired(conn, tick, runs)
        out["select1_p95_ms"] = _p95(floor) * 1000
        out["tick_p95_ms"] = _p95(ticks) * 1000
        out["tick_x"] = out["tick_p95_ms"] / out["select1_p95_ms"]
        # For reading the row: the least any saved-and-read-back tick costs, one row upserted on
        # its own (no audit row, no chain link, no notify, no case time) and the same read.
        for key, audited in (("bare_tick_x", False), ("audited_tick_x", True)):
            floor, least = _paired(conn, _least_tick(conn, case_id, audited=audited), runs)
            out[key] = _p95(least) / _p95(floor)

        feed = store.changes()
        assert feed is not None
        latencies = []
        for i in range(10 if quick else 50):
            other.set_check(case_id, "pulp-diagnosis", i % 2 == 0, operator="W2")
            t0 = time.perf_counter()
            got: list[Any] = []
            while not got and time.perf_counter() - t0 < 2:
                select.select([feed.fileno()], [], [], 1.0)
                got = feed.drain()
            latencies.append(time.perf_counter() - t0 if got else float("inf"))
        feed.close()
        out["refresh_median_ms"] = statistics.median(latencies) * 1000
        out["refresh_max_ms"] = max(latencies) * 1000

        _fill(url, N_CASES - store.count_cases())
        pages = []
        for _ in range(5 if quick else 20):
            t0 = time.perf_counter()
            rows = store.list_cases(limit=500)
            pages.append(time.perf_counter() - t0)
        assert len(rows) == 500
        out["list_median_ms"] = statistics.median(pages) * 1000
        typing = []
        for word in ("nguy", "maria garc", "ch-0123", "d3330 1", "王小", "zoë o"):
            for end in range(1, len(word) + 1):
                t0 = time.perf_counter()
                store.list_cases(word[:end])
                typing.append(time.perf_counter() - t0)
        out["search_p95_ms"] = _p95(typing) * 1000
        out["cases"] = store.count_cases()
    return out


def run(*, quick: bool = False) -> dict[str, Any]:
    """Start a throw-away server, measure, stop it."""
    from tests.helpers.postgres import running_server

    with running_server() as server:
        name = server.new_database("bench")
        return measure(server.url(name), quick=quick)
