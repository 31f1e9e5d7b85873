"""Several real processes on one case store: SIGKILL mid-write, concurrent tickers, live backup.

Children are ``sys.executable -c`` processes that print one line *after* each commit returns, so
every printed line is a promise the parent checks on reopen (docs/design-rules.md, R2 and R3).
Waits are bounded by line reads, never by timing assertions.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient
from tests.helpers import REPO_ROOT

REPO_ROOT = REPO_ROOT

TICKER = """
import sys
from cdt_desktop.db.cases.sqlite.repository import CaseStore
folder, case_id, prefix, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store = CaseStore.open(folder)
print("ready", flush=True)
sys.stdin.readline()  # wait for "go" so both tickers really overlap
n = 0
while count < 0 or n < count:
    item = f"{prefix}-{n}"
    store.set_check(case_id, item, True, operator=prefix[:4])
    print(item, flush=True)
    n += 1
store.close()
"""


def _spawn(folder: Path, case_id: int, prefix: str, count: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", TICKER, str(folder), str(case_id), prefix, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def _new_case(folder: Path) -> int:
    with CaseStore.open(folder) as store:
        return store.create_case(Case(patient=Patient(name="Multi Process")), operator="P")


# RELIABILITY req. 2
def test_sigkill_at_a_random_moment_loses_no_committed_tick(tmp_path: Path) -> None:
    rng = random.Random()
    for _round in range(3):
        folder = tmp_path / f"round{_round}"
        case_id = _new_case(folder)
        proc = _spawn(folder, case_id, "kill", -1)
        _go(proc)
        assert proc.stdout is not None
        promised = [proc.stdout.readline().strip() for _ in range(rng.randint(1, 150))]
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        rest, _ = proc.communicate()  # lines printed before the kill; closes the pipes
        promised += [line.strip() for line in rest.splitlines() if line.strip()]
        assert proc.returncode == (-signal.SIGKILL if os.name == "posix" else 1)
        with CaseStore.open(folder) as store:
            assert store.check() == ["ok"]
            checks = store.checks(case_id)
            ticks = [e.detail for e in store.audit(case_id, limit=100_000) if e.action == "tick"]
        assert set(promised) <= set(checks)
        # no partial write: every stored tick has its audit row and vice versa
        assert sorted(ticks) == sorted(checks)


def test_two_processes_ticking_the_same_case_lose_no_update(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    case_id = _new_case(folder)
    procs = [_spawn(folder, case_id, prefix, 200) for prefix in ("alpha", "beta")]
    for proc in procs:
        _go(proc)
    outputs = [proc.communicate(timeout=300)[0].split() for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]
    assert [len(lines) for lines in outputs] == [200, 200]
    with CaseStore.open(folder) as store:
        checks = store.checks(case_id)
        audit = store.audit(case_id, limit=10_000)
        assert store.check() == ["ok"]
    expected = {f"{p}-{n}" for p in ("alpha", "beta") for n in range(200)}
    assert set(checks) == expected
    assert all(state.checked for state in checks.values())
    ticks = [e for e in audit if e.action == "tick"]
    assert len(ticks) == 400
    assert {e.operator for e in ticks} == {"alph", "beta"}


# RELIABILITY req. 3
def test_backup_while_a_writer_is_active_has_every_committed_row(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    case_id = _new_case(folder)
    proc = _spawn(folder, case_id, "live", -1)
    _go(proc)
    assert proc.stdout is not None
    committed = [proc.stdout.readline().strip() for _ in range(60)]
    with CaseStore.open(folder) as store:
        backup = store.backup(tmp_path / "live-backup.sqlite", operator="BK")
    proc.kill()
    proc.communicate()
    raw = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        in_backup = {
            r[0] for r in raw.execute("SELECT item_id FROM checks WHERE case_id = ?", (case_id,))
        }
        tick_rows = raw.execute("SELECT count(*) FROM audit WHERE action = 'tick'").fetchone()[0]
    finally:
        raw.close()
    assert set(committed) <= in_backup
    assert tick_rows == len(in_backup)
    assert not Path(f"{backup}-wal").exists()
