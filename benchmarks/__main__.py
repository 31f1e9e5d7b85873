"""Run the performance suite: `make bench` (or `python -m benchmarks`).

Prints a table with each budget (docs/design-rules.md, Performance budgets), the measured value, the
floor measured in the same run and PASS/FAIL; writes benchmarks/results.json; the last line is
`budgets: M/N met`. Exits 1 when a budget is missed, so the command can guard a release.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import measure

HERE = Path(__file__).resolve().parent


@dataclass
class Row:
    name: str
    value: float
    unit: str
    budget: float
    floor: str = ""
    note: str = ""

    @property
    def passed(self) -> bool:
        return not math.isnan(self.value) and self.value <= self.budget

    def shown(self) -> str:
        """The value as the table prints it: ratios to three decimals (at 3 significant digits
        1.2996x and 1.3004x both read "1.3 x" beside a 1.3x budget), with more where three would
        round a miss onto its budget."""
        if math.isnan(self.value):
            return "error"
        if self.unit != "x":
            return f"{self.value:.3g} {self.unit}"
        for places in (3, 4, 5, 6):
            text = f"{self.value:.{places}f}"
            if self.passed or float(text) > self.budget:
                break
        return f"{text} x"

    def line(self) -> str:
        value = self.shown()
        budget = f"<= {self.budget:g} {self.unit}"
        status = "PASS" if self.passed else "FAIL"
        return f"{self.name:<38} {value:>12} {budget:>14}  {status:<4}  {self.floor}  {self.note}"


def _guard(name: str, func, *args, **kwargs) -> tuple[dict, str]:  # type: ignore[no-untyped-def]
    try:
        return func(*args, **kwargs), ""
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        return {}, f"{name} failed: {type(exc).__name__}"


BUNDLE_BUDGET_MIB = 120


def _startup_rows(quick: bool) -> list[Row]:
    """Start-up and memory against the one-text-field window (docs/design-rules.md, Performance
    budgets), the bare window beside it; the bundled app's start and size when `make bundle` has
    built one."""
    nan = float("nan")
    bundle = measure.bundle_dir()
    r, err = _guard("startup", measure.startup, runs=2 if quick else 15, bundle=bundle)

    def ms(name: str) -> str:
        return f"{r[name + '_s'] * 1000:.0f} ms"

    floor = (
        f"one-field {ms('text')}, app {ms('app')}, bare {ms('bare')} (medians);"
        f" x bare: app {r['app_x']:.2f}, one-field {r['text_x']:.2f}"
        if r
        else ""
    )
    mfloor = (
        f"one-field {r['text_rss_mib']:.0f} MiB, app {r['app_rss_mib']:.0f} MiB,"
        f" bare {r['bare_rss_mib']:.0f} MiB; x bare: app {r['app_rss_x']:.2f},"
        f" one-field {r['text_rss_x']:.2f}"
        if r
        else ""
    )
    rows = [
        Row("startup to shown+idle (x one-field)", r.get("app_text_x", nan), "x", 1.5, floor, err),
        Row(
            "peak resident memory (x one-field)",
            r.get("app_rss_text_x", nan),
            "x",
            1.3,
            mfloor,
            err,
        ),
    ]
    rows.append(
        Row(
            "large-store start (x empty-store start)",
            r.get("large_app_x", nan),
            "x",
            1.3,
            f"app on 10,000 cases and 200,000 ticks {ms('large')}, on an empty store {ms('app')}"
            if r
            else "",
            err,
        )
    )
    if bundle is not None:
        stale = r.get("bundle_error", "")
        bfloor = (
            f"bundle {ms('bundle')}, {r['bundle_rss_mib']:.0f} MiB;"
            f" x bare {r['bundle_x']:.2f}; memory x one-field {r['bundle_rss_text_x']:.2f}"
            if r and not stale
            else ""
        )
        rows.append(
            Row(
                "bundled app startup (x one-field)",
                r.get("bundle_text_x", nan),
                "x",
                1.5,
                bfloor,
                err or stale,
            )
        )
        rows.append(
            Row(
                "bundle size, unpacked",
                measure.folder_mib(bundle),
                "MiB",
                BUNDLE_BUDGET_MIB,
                f"{bundle}",
            )
        )
    return rows


def _store_rows(quick: bool) -> list[Row]:
    """The shared PostgreSQL case store (issue 17): a loopback server started for the run."""
    from benchmarks import store

    nan = float("nan")
    r, err = _guard("store", store.run, quick=quick)
    floor = (
        f"SELECT 1 p95 {r['select1_p95_ms']:.3f} ms, tick p95 {r['tick_p95_ms']:.3f} ms; "
        f"least tick (one statement): upsert + read {r['bare_tick_x']:.1f}x, "
        f"with a plain audit row {r['audited_tick_x']:.1f}x"
        if r
        else ""
    )
    cases = f"{r['cases']} cases; SELECT 1 p95 {r['select1_p95_ms']:.1f} ms" if r else ""
    return [
        Row("store: tick saved+read p95 (x SELECT 1)", r.get("tick_x", nan), "x", 3, floor, err),
        Row("store: case list first page, 10k", r.get("list_median_ms", nan), "ms", 100, cases, err),
        Row("store: case search p95, 10k", r.get("search_p95_ms", nan), "ms", 16, cases, err),
        Row("store: live refresh median", r.get("refresh_median_ms", nan), "ms", 100,
            f"max {r['refresh_max_ms']:.1f} ms (budget 1000)" if r else "", err),
        Row("store: live refresh max", r.get("refresh_max_ms", nan), "ms", 1000, "", err),
    ]  # fmt: skip


def run(quick: bool, only: set[str] | None) -> list[Row]:
    nan = float("nan")
    rows: list[Row] = []

    def wanted(key: str) -> bool:
        return only is None or key in only

    if wanted("startup"):
        rows.extend(_startup_rows(quick))
    if wanted("search"):
        from cdt_desktop.core.paths import reference_db_path

        r, err = _guard("search", measure.search, reference_db_path(), repeat=1 if quick else 3)
        floor = f"floor (code lookup) {r['floor_ms']:.3f} ms; {r['queries']} queries" if r else ""
        rows.append(
            Row("search median, shipped library", r.get("median_ms", nan), "ms", 2, floor, err)
        )
        rows.append(Row("search p95, shipped library", r.get("p95_ms", nan), "ms", 10, floor, err))
        from benchmarks.synthetic import ensure_library

        lib, err = _guard("synthetic", ensure_library, HERE / "_generated")
        r, err2 = _guard("search-100k", measure.search, lib, repeat=1) if lib else ({}, err)
        floor = f"floor (code lookup) {r['floor_ms']:.3f} ms; {r['queries']} queries" if r else ""
        rows.append(
            Row(
                "search p95, 100,000-code library",
                r.get("p95_ms", nan),
                "ms",
                16,
                floor,
                err or err2,
            )
        )
    if wanted("selector"):
        r, err = _guard("selector", measure.selector)
        floor = (
            f"floor (build findings) {r['floor_ms'] * 1000:.1f} us; {r['selections']} selections"
            if r
            else ""
        )
        rows.append(
            Row("selector median per selection", r.get("median_ms", nan), "ms", 1, floor, err)
        )
    if wanted("pdf"):
        r, err = _guard("pdf", measure.appeal_pdf, runs=5 if quick else 20)
        floor = f"floor (1-paragraph PDF) {r['floor_ms']:.1f} ms; {r['pages']} pages" if r else ""
        rows.append(
            Row("appeal PDF render, warm (median)", r.get("median_ms", nan), "ms", 150, floor, err)
        )
    if wanted("store"):
        rows.extend(_store_rows(quick))
    if wanted("gui"):
        r, err = _guard("gui", measure.gui_latency)
        rows.append(
            Row("keystroke to results, p95", r.get("keystroke_p95_ms", nan), "ms", 16, "", err)
        )
        rows.append(
            Row(
                "tooth click to candidates, median", r.get("click_median_ms", nan), "ms", 5, "", err
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke test)")
    parser.add_argument("--only", help="comma list of: startup,search,selector,pdf,store,gui")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="results file")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    started = time.perf_counter()
    rows = run(args.quick, only)
    elapsed = time.perf_counter() - started
    print(f"{'budget':<38} {'measured':>12} {'limit':>14}  result  floor / notes")
    for row in rows:
        print(row.line())
    met = sum(row.passed for row in rows)
    args.json.write_text(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                },
                "seconds": round(elapsed, 1),
                "rows": [asdict(row) | {"passed": row.passed} for row in rows],
                "met": met,
                "total": len(rows),
            },
            indent=2,
            default=str,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"suite took {elapsed:.1f} s; results in {args.json}")
    print(f"budgets: {met}/{len(rows)} met")
    return 0 if met == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
