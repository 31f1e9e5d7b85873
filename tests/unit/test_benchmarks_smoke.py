"""The benchmark suite itself runs (timings are not judged here: they are noisy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO_ROOT

ROOT = REPO_ROOT


def test_benchmark_suite_runs_and_reports_budgets(tmp_path: Path) -> None:
    out_json = tmp_path / "results.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--only",
            "selector,pdf",
            "--json",
            str(out_json),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    lines = run.stdout.strip().splitlines()
    assert lines[-1].startswith("budgets: ")
    met, total = lines[-1].removeprefix("budgets: ").removesuffix(" met").split("/")
    assert int(total) == 2
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["total"] == 2 and data["met"] == int(met)
    assert {row["name"] for row in data["rows"]} == {
        "selector median per selection",
        "appeal PDF render, warm (median)",
    }
    assert all(row["value"] == row["value"] for row in data["rows"]), run.stderr  # no NaN
    assert run.returncode == (0 if int(met) == 2 else 1)


def test_a_bundle_older_than_the_checkout_fails_its_own_row_only(tmp_path: Path) -> None:
    """After a schema step the bundle in dist/ (built before it) rightly refuses the store the
    app had just upgraded; every start-up row then read "startup failed", the app's own too.
    A bundle that cannot start is named in its row and the app is measured as usual."""
    import os

    from benchmarks import measure

    folder = tmp_path / "cdt-desktop"
    folder.mkdir()
    exe = folder / ("cdt-desktop.exe" if os.name == "nt" else "cdt-desktop")
    exe.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")  # as the old bundle does
    exe.chmod(0o755)
    result = measure.startup(runs=1, bundle=folder)
    assert result["bundle_error"] == measure.STALE_BUNDLE
    assert result["app_text_x"] > 0 and result["app_rss_text_x"] > 0
    assert "bundle_text_x" not in result


def test_a_ratio_just_over_its_budget_does_not_print_as_the_budget() -> None:
    from benchmarks.__main__ import Row

    def shown(value: float) -> str:
        return Row("peak resident memory (x one-field)", value, "x", 1.3).shown()

    assert shown(1.2996) == "1.300 x"  # met
    assert shown(1.3004) == "1.3004 x"  # missed: more places, never "1.300"
    assert shown(1.30000004) == "1.300000 x"  # missed by less than the table can print
    assert shown(1.3107) == "1.311 x"
    assert Row("bundle size, unpacked", 119.4, "MiB", 120).shown() == "119 MiB"
    assert Row("startup", float("nan"), "x", 1.5).shown() == "error"


def test_the_tick_parts_benchmark_takes_each_part_out_of_a_scratch_store(pg_store_url: str) -> None:
    """`python -m benchmarks.tick_parts` (issue 19's evidence for the store's tick row): every
    stage runs on the real server, and each part is really gone once its stage ran."""
    import psycopg

    from benchmarks.tick_parts import STAGES, measure

    rows = measure(pg_store_url, rounds=1, runs=5)
    assert [name for name, _, _ in rows] == [name for name, _ in STAGES]
    assert all(ratios[0] > 0 and medians[0] > 0 for _, ratios, medians in rows)
    with psycopg.connect(pg_store_url) as conn:
        triggers = {r[0] for r in conn.execute("SELECT tgname FROM pg_trigger")}
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes")}
    assert not triggers & {"audit_notify", "audit_chain_link", "audit_chain_lock"}
    assert not indexes & {"cases_updated_at", "cases_status", "audit_case_id", "audit_at"}
    assert "audit_no_update" in triggers  # the append-only guard is not one of the parts
