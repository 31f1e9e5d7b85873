"""List, add, disable or enable users and set their PINs (an admin's PIN is asked for).

``users add`` on a store with no users creates its first admin and turns sign-in on for every
window on that store. PINs are read from the terminal, or one per line from stdin: first the
admin's (``--user``), then the new one. Never from the command line.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from cdt_desktop.commands import signin
from cdt_desktop.core.errors import InputError

if TYPE_CHECKING:
    from cdt_desktop.domain.session import User
    from cdt_desktop.domain.users import UserRepository
    from cdt_desktop.services.auth import AuthService

ROLES = ("dentist", "assistant", "billing", "admin")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="the store's users, their roles and whether active")
    listing.add_argument("--json", action="store_true", help="JSON list of users")
    add = sub.add_parser("add", help="add a user (the first one is the admin)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--initials", default="", help="1-6 letters (default: from the name)")
    for name, summary in (
        ("disable", "stop a user from signing in (kept in the audit trail)"),
        ("enable", "let a disabled user sign in again"),
        ("set-pin", "set a user's PIN (admins: anyone's; a user: their own)"),
    ):
        action = sub.add_parser(name, help=summary)
        action.add_argument("name", metavar="NAME")
    for action in sub.choices.values():
        action.add_argument(
            "--user", metavar="NAME", help="the admin running this (their PIN is asked for)"
        )


def run(args: argparse.Namespace) -> int:
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.db.cases.url import resolve_store_url

    url = resolve_store_url(getattr(args, "store", None), getattr(args, "data_dir", None))
    with open_repository(url, create=True) as opened:
        store = cast("UserRepository", opened)
        auth = _session(args, store)
        try:
            return _ACTIONS[args.action](args, auth)
        finally:
            auth.sign_out()


def _session(args: argparse.Namespace, store: UserRepository) -> AuthService:
    from cdt_desktop.domain.session import Permission
    from cdt_desktop.services.auth import AuthService

    if store.count_users() == 0:
        if args.action != "add" and args.action != "list":
            raise InputError("this case store has no users yet; add the first admin with 'add'")
        return AuthService(store)
    if args.action == "set-pin" and args.user and _same(args.user, args.name):
        return signin.sign_in(args, store)  # a user changing their own PIN
    permission = Permission.MANAGE_USERS
    return signin.sign_in(args, store, permission)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _target(auth: AuthService, name: str) -> User:
    user = auth.store.find_user(name)
    if user is None:
        raise InputError("no user of that name in this case store (see 'users list')")
    return user


def _list(args: argparse.Namespace, auth: AuthService) -> int:
    users = auth.store.list_users()
    rows = [
        {
            "id": u.id,
            "name": u.name,
            "initials": u.initials,
            "role": u.role.value,
            "active": u.active,
            "locked_until": u.locked_until.isoformat() if u.locked_until else None,
        }
        for u in users
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no users: sign-in is off (add the first admin with 'cdt-desktop users add')")
    for row in rows:
        state = "active" if row["active"] else "disabled"
        print(f"{row['id']:>4}  {row['name']:<40}  {row['initials']:<6}  {row['role']:<9}  {state}")
    return 0


def _add(args: argparse.Namespace, auth: AuthService) -> int:
    from cdt_desktop.domain.session import Role

    reader = signin.PinReader()
    role = Role(args.role)
    if not auth.sign_in_enabled:
        if role is not Role.ADMIN:
            raise InputError("the first user of a store is its admin: use --role admin")
        user = auth.create_first_admin(args.name, reader.new_pin(args.name), args.initials)
        print(f"added {user.name} ({user.initials}), admin; sign-in is now on for this store")
        return 0
    user = auth.add_user(args.name, role, reader.new_pin(args.name), args.initials)
    print(f"added {user.name} ({user.initials}), {user.role.value}")
    return 0


def _set_active(active: bool) -> Callable[[argparse.Namespace, AuthService], int]:
    def action(args: argparse.Namespace, auth: AuthService) -> int:
        user = auth.update_user(_target(auth, args.name).id, active=active)
        print(f"{user.name} is {'active' if user.active else 'disabled'}")
        return 0

    return action


def _set_pin(args: argparse.Namespace, auth: AuthService) -> int:
    user = _target(auth, args.name)
    auth.set_pin(user.id, signin.PinReader().new_pin(user.name))
    print(f"PIN set for {user.name}")
    return 0


_ACTIONS = {
    "list": _list,
    "add": _add,
    "disable": _set_active(False),
    "enable": _set_active(True),
    "set-pin": _set_pin,
}
