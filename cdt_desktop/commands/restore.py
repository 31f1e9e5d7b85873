"""Replace this PC's cases with a backup (File > Back up cases..., the daily backup or `backup`).

What a restore checks, keeps and records is ``services.restore``'s (the window's File > Restore
cases from backup... does the same); here: who restores (a PIN or ``--operator``), the question
before anything is replaced (or ``--yes``), and what it did, in lines a terminal shows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cdt_desktop.commands import signin
from cdt_desktop.core.errors import InputError

if TYPE_CHECKING:
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.services import restore as service


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    parser.add_argument(
        "--yes", action="store_true", help="do not ask before replacing the cases (scripts)"
    )
    signin.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.commands.backup import pc_store_file
    from cdt_desktop.services import restore as service

    backup = Path(args.backup).expanduser()
    if not backup.is_file():
        raise InputError(f"{backup} is not a file")
    path = pc_store_file(args, "restore it on the server with pg_restore")
    if backup.resolve() == path.resolve():
        raise InputError(f"{backup} is the case store itself; give a backup file")
    _clean_leftovers(path)
    with service.local_copy(backup, path.parent) as readable:
        return _restore(args, service.read_backup(readable, backup), readable, path)


def _restore(
    args: argparse.Namespace, backup: service.Backup, readable: Path, store_path: Path
) -> int:
    """Restore ``readable`` (the backup itself, or this PC's copy of one on a share) into the
    store at ``store_path``; messages and the audit name the backup."""
    from cdt_desktop.domain.session import Permission
    from cdt_desktop.services import restore as service

    if backup.edited:  # restored all the same (the cases are needed), but never without a word
        print(f"warning: the audit log in {backup.path.name} does not verify ({backup.edited}); restored, "
              "the case store's audit log will not either (doctor says so)", file=sys.stderr)  # fmt: skip

    def who(store: CaseStore) -> str:
        auth = signin.sign_in(args, store, Permission.MANAGE_STORE)
        try:  # who restores: the session ends before the store's content is replaced
            return auth.actor.initials
        finally:
            auth.sign_out()

    def sure(now: int, _users: int) -> bool:
        return bool(args.yes) or _confirm(now, store_path, backup)

    def new_store(where: Path) -> None:
        print(f"no case store at {where} yet: a new one is made for the backup")

    done = service.restore(store_path, backup, readable, who=who, sure=sure, on_new_store=new_store)
    if done is None:
        print("nothing restored")
        return 1
    print(f"restored {done.cases} case(s) from {backup.path.name}")
    if done.replaced:
        print(f"the {done.replaced} case(s) it replaced are kept in {done.kept}")
    else:
        print("the store it went into held no cases: nothing was replaced")
    print(done.users_line())
    return 0


def _clean_leftovers(store_path: Path) -> None:
    """A restore killed mid-way left its private copy of a backup beside the store: removed
    now, and said; one too recent to be surely no running restore's (another window's, another
    PC's on a shared folder) is left, and said."""
    from cdt_desktop.db.cases.sqlite import leftovers

    cleaned = leftovers.clean(store_path)
    for gone in cleaned.removed:
        print(f"removed the copy an interrupted restore left: {gone.describe()}")
    for kept in cleaned.left:
        print(f"note: left {kept.describe()}, a restore's copy: another restore may be using it "
              f"(removed once {leftovers.STALE_AFTER_S // 3600} hours old)", file=sys.stderr)  # fmt: skip


def _confirm(now: int, store: Path, backup: service.Backup) -> bool:
    """The question the window asks too: when the backup was made, and that every change made
    since is undone (it said neither: walkthrough)."""
    if not sys.stdin.isatty():
        raise InputError("restoring replaces the cases: add --yes to confirm")
    from datetime import UTC, datetime

    from cdt_desktop.services.restore import made_words

    made = ""
    if backup.made is not None:
        made = f" (made {made_words(backup.made, datetime.now(UTC))})"
    answer = input(
        f"Replace the {now} case(s) in {store} with the {backup.cases} case(s) of "
        f"{backup.path.name}{made}? Every change made since that backup is undone, the payer "
        "profiles too (the current cases are kept as a backup) [y/N] "
    )
    return answer.strip().lower() in ("y", "yes")
