"""tools/system-deps.sh: which system packages each set-up command asks for on a fresh machine.

Run for real with a PATH on which ``ldconfig`` knows no library and there is no apt-get, so the
script names every package it would install instead of installing it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

XCB_PACKAGES = ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0")


def _wanted(purpose: str, tmp_path: Path) -> set[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ldconfig").write_text("#!/bin/sh\nexit 0\n")  # a machine with none of them
    (bin_dir / "ldconfig").chmod(0o755)
    for tool in ("grep", "ls", "id"):
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    sh = shutil.which("sh")
    assert sh is not None
    out = subprocess.run(
        [sh, str(REPO_ROOT / "tools" / "system-deps.sh"), purpose],
        env={"PATH": str(bin_dir), "HOME": os.environ.get("HOME", "/")},
        capture_output=True, text=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    assert out.startswith("note: install these packages:"), out
    return set(out.split(":", 1)[1].split())


@pytest.mark.skipif(os.name == "nt", reason="a shell script for Debian and Ubuntu")
@pytest.mark.parametrize("purpose", ["run", "test", "bundle"])
def test_every_setup_command_asks_for_the_libraries_the_bundle_carries(
    purpose: str, tmp_path: Path
) -> None:
    # `make test` builds the bundle (the slow test), and installer/build.py refuses a bundle
    # whose xcb plugin lacks the libraries PyInstaller copies from the build machine.
    assert set(XCB_PACKAGES) <= _wanted(purpose, tmp_path)
