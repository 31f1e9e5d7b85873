"""Set up, check or merge case stores: store init | check | migrate (SQLite or PostgreSQL)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, cast

from cdt_desktop.commands.migrate import MIGRATE_OPERATOR
from cdt_desktop.core.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.users import UserRepository


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    sub.required = True
    init = sub.add_parser(
        "init",
        help="create the schema in an empty database (a current one is left as it is)",
        description="Create the case store's schema in an empty database; on a current "
        "schema nothing changes. On PostgreSQL run it as the database's owner.",
    )
    init.add_argument(
        "--grant",
        metavar="ROLE",
        help="PostgreSQL: give the workstations' login ROLE least privilege (it may read and "
        "write cases and ticks, and only read and append the audit log)",
    )
    sub.add_parser("check", help="health report of the store in use (doctor for either backend)")
    migrate = sub.add_parser(
        "migrate",
        help="copy every case with its ticks, radiographs and audit rows into another store",
        description="Copy every case with its ticks, radiographs and audit rows (times and "
        "operators kept) from one store into another, e.g. each PC's cases.sqlite into the "
        "office server. A case or radiograph already there (same uuid) is skipped; counts are "
        "verified. Into a server, the PC's licensed CDT code set (codesets.sqlite beside its "
        "cases.sqlite) comes along: each edition the server does not hold yet. From a server "
        "back to one PC, the server's code set comes into codesets.sqlite beside the target's "
        "cases.sqlite; an edition the PC holds already is kept (a different one is named).",
    )
    migrate.add_argument("--from", dest="source", required=True, metavar="URL")
    migrate.add_argument("--to", dest="target", required=True, metavar="URL")


def _url(args: argparse.Namespace) -> str:
    from cdt_desktop.db.cases.url import resolve_store_url

    return resolve_store_url(getattr(args, "store", None), getattr(args, "data_dir", None))


def run(args: argparse.Namespace) -> int:
    action = {"init": _init, "check": _check, "migrate": _migrate}[args.action]
    return action(args)


def _init(args: argparse.Namespace) -> int:
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.db.cases.url import parse

    url = _url(args)
    target = parse(url)
    if args.grant and target.kind != "postgresql":
        raise InputError("--grant is for a PostgreSQL store (an SQLite file has no roles)")
    with open_repository(url) as store:
        print(f"case store ready: {store.location}, schema {store.schema_version}")
        if args.grant:
            from cdt_desktop.db.cases.postgres.repository import PostgresCaseStore

            assert isinstance(store, PostgresCaseStore)
            store.grant(args.grant)
            print(f"granted least privilege to role {args.grant}")
    return 0


def _check(args: argparse.Namespace) -> int:
    out: list[str] = []
    problems = check_report(_url(args), out)
    print("\n".join(out))
    if problems:
        # the verdict on stdout as doctor gives it, the problems on stderr (a script reading
        # stdout saw "check: FAILED" and no result line: office walkthrough)
        print(f"result: {len(problems)} problem(s) found (listed on stderr)")
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    print("result: healthy")
    return 0


def users_sharing_initials(people: list[tuple[str, str]]) -> list[str]:
    """Report lines naming users who share initials (a store from before the app refused
    that): a note, not a failure; an admin gives one of them other initials."""
    from cdt_desktop.domain.users import shared_initials

    return [
        f"  note: users sharing initials {shared}: give one of them other initials "
        "(File > Users...); ticks and the audit log name users by their initials"
        for shared in shared_initials(people)
    ]


def check_report(url: str, out: list[str]) -> list[str]:
    """The store at ``url`` checked read-only (either backend): report lines appended to
    ``out``, the problems returned (none when healthy). Also ``doctor``'s, for a server."""
    from cdt_desktop.db.cases import open_repository

    with open_repository(url, create=False, read_only=True) as store:
        problems = store.check()
        out.append(f"case store: {store.location}")
        out.append(f"  schema version: {store.schema_version}")
        out.append(f"  cases: {store.count_cases()}")
        shared = store.code_sets()
        if shared is not None:  # the office's licensed CDT code set lives here
            editions = shared.editions()
            shown = f"CDT {editions[0][0]} ({editions[0][2]} codes)" if editions else "none yet"
            out.append(f"  CDT code set: {shown}")
        out.append(f"  check: {'ok' if problems == ['ok'] else 'FAILED'}")
        list_users = getattr(store, "list_users", None)  # both backends hold users
        if list_users is not None:
            out += users_sharing_initials([(u.name, u.initials) for u in list_users()])
        out += statuses_without_history(store)
    return [] if problems == ["ok"] else problems


SENT = ("submitted", "denied", "appealed", "paid")


def statuses_without_history(store: CaseRepository) -> list[str]:
    """Note lines naming cases whose claim reads sent (submitted, denied, ...) with no status
    change recorded: before this version, taking back a claim's only change left it so, and a
    claim never sent was in no To submit list (re-walk). A note, not a failure: a store from
    before the status history also has such cases, rightly."""
    stuck = [
        f"{stored.id} ({stored.status})"
        for status in SENT
        for stored in store.cases_in_status(status, limit=100_000)
        if not stored.case.status_history
    ]
    if not stuck:
        return []
    return [
        f"  note: case(s) {', '.join(stuck)} read sent with no status change recorded (a change "
        "taken back before this version left them so): if a claim never went, Mark as "
        "submitted… and then Take back makes it a draft again"
    ]


def _migrate(args: argparse.Namespace) -> int:
    from cdt_desktop.commands.migrate import copy_cases, copy_users, user_map, verify
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.db.cases.url import parse

    source_target, dest_target = parse(args.source), parse(args.target)
    if source_target.shown == dest_target.shown:
        raise InputError("--from and --to name the same store")
    with (
        open_repository(args.source, create=False) as source,
        open_repository(args.target) as target,
    ):
        people = cast("UserRepository", source), cast("UserRepository", target)
        users = copy_users(*people)  # first: the audit rows copied next name these users
        counts = copy_cases(source, target, user_map(*people))
        problems = verify(source, target)
        editions, missing = _copy_code_sets(source_target.path, target)
        problems += missing
        problems += _code_sets_to_this_pc(source, dest_target.path, target)
    print(f"copied {counts.cases} case(s), skipped {counts.skipped} already there (same uuid)")
    if counts.radiographs or counts.radiographs_skipped:
        print(f"copied {counts.radiographs} radiograph(s), skipped "
              f"{counts.radiographs_skipped} already there (same uuid)")  # fmt: skip
    if counts.ticks:
        print(f"copied {counts.ticks} tick(s) made on the source since an earlier run")
    if counts.edits:
        print(f"copied the later edits of {counts.edits} case(s) (fields, status, a void) "
              "made on the source since an earlier run")  # fmt: skip
    for case_id in counts.kept:
        print(f"warning: case {case_id} was changed on the source and in the target since an "
              "earlier run: the target's fields and status are kept; compare them there")  # fmt: skip
    if users != (0, 0):
        print(f"copied {users[0]} user(s) with their PINs and roles, skipped {users[1]} "
              "already there (same name: the target's user and PIN are kept)")  # fmt: skip
    if editions:
        print(f"copied the CDT code set: {', '.join(f'CDT {e}' for e in editions)}")
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    print(
        f"verified: {source.location} -> {target.location}, every case, tick, radiograph and "
        "audit row"
    )
    return 0


def _copy_code_sets(source: Path | None, target: CaseRepository) -> tuple[list[str], list[str]]:
    """The licensed CDT code set of the PC whose file store is the source (``codesets.sqlite``
    beside it) into a shared target: each edition the target lacks (one it holds is kept as it
    is there). (the editions copied, problems: an edition still missing in the target)."""
    from cdt_desktop.services.codeset_import import upload_editions

    shared = target.code_sets()
    if source is None or shared is None:
        return [], []
    copied = upload_editions(source.parent, shared, MIGRATE_OPERATOR)
    from cdt_desktop.db.codesets import CodeSetStore

    local = CodeSetStore.open_existing(source.parent)
    if local is None:
        return copied, []
    with local:
        wanted = {edition for edition, _at, _count in local.editions()}
    there = {edition for edition, _at, _count in shared.editions()}
    return copied, [f"CDT {e} code set is missing in the target" for e in sorted(wanted - there)]


def _code_sets_to_this_pc(
    source: CaseRepository, target_path: Path | None, target: CaseRepository
) -> list[str]:
    """From the office server back to one PC: the server's code set into ``codesets.sqlite``
    beside the target's ``cases.sqlite`` (each edition copied is audited there). An edition
    the PC holds already is kept; when it differs from the server's, this says so and how to
    use the server's instead. Problems: an edition still missing on the PC."""
    from cdt_desktop.domain.coding.codesets import IMPORT_ACTION
    from cdt_desktop.services.codeset_import import download_editions

    shared = source.code_sets()
    if shared is None or target_path is None or not shared.editions():
        return []
    done = download_editions(shared, target_path.parent)
    for edition in done.copied:
        count = len(shared.codes(edition))
        cast("UserRepository", target).record_session_event(
            IMPORT_ACTION, operator=MIGRATE_OPERATOR,
            detail=f"CDT {edition}: {count} codes (copied from the server)",
        )  # fmt: skip
    if done.copied:
        print(f"copied the CDT code set to this PC: {', '.join(f'CDT {e}' for e in done.copied)}")
    elif not done.kept:
        print("CDT code set: this PC has every edition already")
    for edition, mine, theirs in done.kept:
        print(
            f"kept this PC's own CDT {edition} ({_codes(mine)}); the server's CDT {edition} "
            f"({_codes(theirs)}) differs and was not copied. To use the server's edition, "
            "import your licensed file again here: cdt-desktop import-cdt FILE --edition "
            f"{edition} --replace"
        )
    from cdt_desktop.db.codesets import CodeSetStore

    local = CodeSetStore.open_existing(target_path.parent)
    there: set[str] = set()
    if local is not None:
        with local:
            there = {edition for edition, _at, _count in local.editions()}
    wanted = {edition for edition, _at, _count in shared.editions()}
    return [f"CDT {e} code set is missing on this PC" for e in sorted(wanted - there)]


def _codes(count: int) -> str:
    return f"{count:,} code" + ("" if count == 1 else "s")
