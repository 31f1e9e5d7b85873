"""Write a backup of the case store (SQLite online backup; safe while the app is running)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cdt_desktop.core.errors import InputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "output",
        metavar="OUT",
        help="new backup file, or an existing folder (a dated file name is chosen)",
    )
    parser.add_argument(
        "--operator",
        metavar="INITIALS",
        default="cli",
        help="initials recorded in the audit log (default: cli)",
    )


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    out = Path(args.output).expanduser()
    if not out.is_dir():
        if out.exists():
            raise InputError(f"{out} already exists; choose a new file name or a folder")
        if not out.parent.is_dir():
            raise InputError(f"folder {out.parent} does not exist")
    with CaseStore.open(getattr(args, "data_dir", None), create=False) as store:
        written = store.backup(out, operator=args.operator)
    print(f"backup written: {written}")
    return 0
