"""Build the standalone bundle with PyInstaller and start it offscreen with --self-check.

Slow (a few minutes on two cores): marked `slow`; CI runs it as part of `make test`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

ROOT = REPO_ROOT

pytestmark = pytest.mark.slow


def test_bundle_builds_and_passes_its_self_check(tmp_path: Path) -> None:
    dist, work = tmp_path / "dist", tmp_path / "work"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--dist",
            str(dist),
            "--work",
            str(work),
            "--no-check",
        ],
        check=True,
        cwd=ROOT,
        timeout=1200,
    )
    bundle = dist / "cdt-desktop"
    exe = bundle / "cdt-desktop-cli"
    assert exe.is_file() and (bundle / "cdt-desktop").is_file()
    if os.name != "nt":  # one program; the console twin only differs on Windows
        assert exe.is_symlink()
    assert list(bundle.rglob("cdt.sqlite")), "the reference library is missing from the bundle"
    assert not list(bundle.rglob("translations/*.qm")), "Qt translations the app never loads"
    # what the window imports to start is plain bytecode, not inside the compressed archive
    assert (bundle / "_internal" / "cdt_desktop" / "app.pyc").is_file()
    assert not list(bundle.rglob("reportlab/*.pyc")), "ReportLab stays in the archive"
    support = bundle / "_internal" / "shiboken6" / "files.dir" / "shibokensupport"
    assert (support / "__init__.pyc").is_file(), "shiboken would compile its support modules"
    if sys.platform.startswith("linux") and shutil.which("cc") and shutil.which("nm"):
        icu = [f for f in bundle.rglob("libicu*.so.*") if not f.is_symlink()]
        assert len(icu) == 3 and all(f.stat().st_size < 2**20 for f in icu)  # the stand-ins
    if sys.platform.startswith("linux"):  # one OpenSSL, psycopg's, for hashlib too
        assert (bundle / "_internal" / "libcrypto.so.3").is_symlink()
        assert not (bundle / "_internal" / "libstdc++.so.6").exists()  # the system's
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CDT_DESKTOP_DATA_DIR"] = str(tmp_path / "user-data")
    check = subprocess.run(
        [str(exe), "--self-check"], capture_output=True, text=True, env=env, timeout=180
    )
    assert check.returncode == 0, check.stderr[-2000:]
    assert "self-check ok" in check.stdout
    search = subprocess.run(
        [str(exe), "search", "molar", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert search.returncode == 0, search.stderr[-2000:]
    assert '"D3330"' in search.stdout
    # a PIN is hashed (scrypt, OpenSSL) and checked, right and wrong
    users = [
        (["users", "add", "Ann Smith", "--role", "admin"], "482913\n482913\n", 0),
        (["users", "add", "Bo Lee", "--role", "assistant", "--user", "Ann Smith"],
         "482913\n551177\n551177\n", 0),
        (["users", "add", "Cy Dee", "--role", "assistant", "--user", "Ann Smith"],
         "000000\n551177\n551177\n", 1),
    ]  # fmt: skip
    for arguments, pins, status in users:
        run = subprocess.run(
            [str(exe), *arguments], input=pins, capture_output=True, text=True, env=env, timeout=60
        )
        assert run.returncode == status, run.stderr[-2000:]
