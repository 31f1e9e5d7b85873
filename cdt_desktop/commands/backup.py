"""Write a backup of the case store (SQLite online backup; safe while the app is running)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cdt_desktop.commands import signin
from cdt_desktop.core.errors import InputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "output",
        metavar="OUT",
        help="new backup file, or an existing folder (a dated file name is chosen)",
    )
    signin.add_arguments(parser, operator_default="cli")


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore

    out = Path(args.output).expanduser()
    if not out.is_dir():
        if out.exists():
            raise InputError(f"{out} already exists; choose a new file name or a folder")
        if not out.parent.is_dir():
            raise InputError(f"folder {out.parent} does not exist")
    from cdt_desktop.domain.session import Permission

    path = pc_store_file(args, "back it up on the server with pg_dump -Fc")
    with CaseStore.open_file(path, create=False) as store:
        auth = signin.sign_in(args, store, Permission.MANAGE_STORE)
        try:
            written = store.backup(out, operator=auth.actor.initials or "cli")
        finally:
            auth.sign_out()
    print(f"backup written: {written}")
    from cdt_desktop.core import paths

    if (path.parent / paths.CODESETS_FILE).exists():  # a file of its own, not in the backup
        print("note: the licensed CDT code set is not in the backup: after a restore on another "
              "PC, import the practice's CDT file again (cdt-desktop import-cdt)")  # fmt: skip
    return 0


def pc_store_file(args: argparse.Namespace, on_server: str) -> Path:
    """The file of the case store in use (``--store``, the environment, the saved choice, the
    data folder), or InputError saying what to do (``on_server``) when it is on a server."""
    from cdt_desktop.db.cases.url import parse, resolve_store_url

    target = parse(resolve_store_url(getattr(args, "store", None), getattr(args, "data_dir", None)))
    if target.path is None:
        raise InputError(
            f"the case store is on a PostgreSQL server: {on_server} (README, 'Several "
            "workstations')"
        )
    return target.path
