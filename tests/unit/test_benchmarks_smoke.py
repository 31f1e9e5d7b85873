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
