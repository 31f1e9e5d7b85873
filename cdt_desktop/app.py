"""Starts the GUI. Placeholder until the main window lands (issue 4)."""

from __future__ import annotations

from pathlib import Path


def main(*, data_dir: Path | str | None = None, self_check: bool = False) -> int:
    raise SystemExit("error: the window is not built yet")
