"""The benchmark's start-up probe and the quiet offscreen output, in `cdt-desktop`'s own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cdt_desktop import app
from cdt_desktop.ui.common.qt_messages import KNOWN_NOISE
from tests.helpers import REPO_ROOT


def _cdt_desktop(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT))
    environ.pop(app.STARTUP_PROBE_ENV, None)
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        cwd=tmp_path,
    )


def test_the_probe_reports_ready_with_peak_memory_once_the_window_is_shown(
    tmp_path: Path,
) -> None:
    done = _cdt_desktop(tmp_path, **{app.STARTUP_PROBE_ENV: "1"})
    assert done.returncode == 0, done.stderr
    word, kib = done.stdout.split()
    assert word == "ready" and int(kib) > 10_000  # KiB: tens of MiB for Qt and the window
    assert not [line for line in done.stderr.splitlines() if line in KNOWN_NOISE]


def test_the_self_check_output_has_no_offscreen_noise(tmp_path: Path) -> None:
    done = _cdt_desktop(tmp_path, "--self-check")
    assert done.returncode == 0, done.stderr
    assert "self-check ok" in done.stdout
    assert not [line for line in done.stderr.splitlines() if line in KNOWN_NOISE]
