"""The office's payer profiles (appeal address, window, what the payer wants): payers list | set | remove.

Kept in the case store in use, so every workstation's letters follow them; an office profile
wins over a shipped one of the same id or name.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, cast

from cdt_desktop.commands import signin
from cdt_desktop.commands.cases import _store
from cdt_desktop.core.errors import InputError

if TYPE_CHECKING:
    from cdt_desktop.domain.appeal.profiles import PayerProfile
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.users import UserRepository
    from cdt_desktop.services.payers import PayerDirectory

FLAGS = {
    "signed_letter": "the payer wants a letter signed by the treating dentist",
    "contemporaneous_records": "the payer wants records made at the time of treatment",
    "separate_mailing": "the appeal goes in its own envelope",
    "brief": "a short letter (no general description of the code)",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    sub.required = True
    listing = sub.add_parser("list", help="every payer profile: the office's, then the shipped")
    listing.add_argument("--json", action="store_true", help="print JSON")
    put = sub.add_parser("set", help="add or change one of the office's payer profiles")
    put.add_argument("id", metavar="ID", help="short id, e.g. acme-dental")
    put.add_argument("--name", required=True, help="the payer's name as on its EOBs")
    put.add_argument("--address", default="", help="appeals address (use \\n between lines)")
    put.add_argument(
        "--window-days", type=int, default=180, metavar="N", help="appeal window (default 180)"
    )
    for flag, text in FLAGS.items():
        put.add_argument(f"--{flag.replace('_', '-')}", choices=("yes", "no"), default="no",
                         help=text)  # fmt: skip
    put.add_argument("--enclose", action="append", default=[], metavar="TEXT",
                     help="something this payer wants enclosed (repeat for more)")  # fmt: skip
    put.add_argument("--instructions", default="", help="a note for the billing desk")
    signin.add_arguments(put)
    drop = sub.add_parser("remove", help="forget one of the office's payer profiles")
    drop.add_argument("id", metavar="ID")
    signin.add_arguments(drop)


def _directory(store: CaseRepository) -> PayerDirectory:
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.services.payers import PayerDirectory

    with ReferenceLibrary() as library:
        shipped = library.payer_profiles()
    return PayerDirectory(shipped, cast("UserRepository", store))


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.domain.session import Permission

    if args.action == "list":
        _print(_listing(args), as_json=args.json)
        return 0
    with _store(args, create=args.action == "set") as store:
        directory = _directory(store)
        with signin.acting(args, cast("UserRepository", store), Permission.MANAGE_PAYERS) as who:
            if args.action == "remove":
                if not directory.remove(args.id, operator=who):
                    raise InputError(f"the office has no payer profile '{args.id}'")
                print(f"removed the office's payer profile {args.id}")
                return 0
            saved = directory.save(_profile(args), operator=who)
            print(f"saved payer profile {saved.id} ({saved.name}, {saved.window_days} days)")
    return 0


def _listing(args: argparse.Namespace) -> tuple[PayerProfile, ...]:
    """Every profile; with no case store yet (a new PC), the shipped ones."""
    from cdt_desktop.core.errors import UserFacingError

    try:
        with _store(args) as store:
            return _directory(store).profiles()
    except UserFacingError:
        from cdt_desktop.db.reference.library import ReferenceLibrary

        with ReferenceLibrary() as library:
            return library.payer_profiles()


def _profile(args: argparse.Namespace) -> PayerProfile:
    from cdt_desktop.domain.appeal.profiles import PayerProfile

    return PayerProfile(
        id=args.id.strip(),
        name=args.name,
        address=args.address.replace("\\n", "\n"),
        window_days=args.window_days,
        enclose=tuple(e.strip() for e in args.enclose if e.strip()),
        instructions=args.instructions,
        office=True,
        signed_letter=args.signed_letter == "yes",
        contemporaneous_records=args.contemporaneous_records == "yes",
        separate_mailing=args.separate_mailing == "yes",
        brief=args.brief == "yes",
    )


def _print(profiles: tuple[PayerProfile, ...], *, as_json: bool) -> None:
    """Each profile; ``in_use`` false for a shipped one whose id the office's version took (the
    list showed both with no word of which the letters follow: walkthrough)."""
    office = {p.id for p in profiles if p.office}
    rows = [
        {
            "id": p.id,
            "name": p.name,
            "address": p.address,
            "window_days": p.window_days,
            "source": "office" if p.office else "shipped",
            "in_use": p.office or p.id not in office,
            **{flag: bool(getattr(p, flag)) for flag in FLAGS},
            "enclose": list(p.enclose),
            "instructions": p.instructions,
        }
        for p in profiles
    ]
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        address = str(row["address"]).replace("\n", ", ") or "(no address)"
        replaced = "" if row["in_use"] else "  [replaced by the office's version]"
        print(
            f"{row['id']:<24} {row['source']:<7} {row['window_days']:>4} d  {row['name']}: "
            f"{address}{replaced}"
        )
