"""A real small disk for the tests of a full disk: a tmpfs of a given size (root only)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """``folder`` (made here) with a tmpfs of ``size`` (e.g. "64k", "4m") mounted on it for the
    block; the test is skipped where mounting is not allowed (not root, a container)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@contextmanager
def read_only_mount(folder: Path) -> Iterator[Path]:
    """A read-only view of ``folder`` (a write-protected USB drive, a read-only share mount):
    a read-only bind mount beside it, for the block. Root ignores file modes, so a chmod
    cannot make one; skipped where mounting is not allowed."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a read-only mount needs root")
    view = folder.with_name(f"{folder.name}-ro")
    view.mkdir()
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(view)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode == 0:  # older util-linux ignores ro on the first bind
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=False)
    if done.returncode != 0:
        pytest.skip("cannot bind-mount here")
    try:
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=False)


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """``folder`` (made here, empty) that this process cannot write to for the block: a
    read-only tmpfs mounted on it as root (whom no file mode stops), else mode 0555. Skipped
    only where root may not mount (a container)."""
    folder.mkdir(parents=True)
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o700)
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("cannot mount a read-only tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
