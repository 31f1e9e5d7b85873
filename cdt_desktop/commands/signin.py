"""Who runs a command: ``--user NAME`` with a PIN from the terminal or stdin, never from argv.

Not a sub-command: the commands that write (``users``, ``backup``, and the case commands) share
it. A store with no users has sign-in off: the command runs as the ``--operator`` initials as
before. Once the store has users, ``--operator`` is refused and ``--user`` is required; the PIN
is read with ``getpass`` from the terminal, or, when stdin is not a terminal (scripts), one PIN
per line from stdin, in the order the command asks for them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import InputError

if TYPE_CHECKING:
    from cdt_desktop.domain.session import Permission
    from cdt_desktop.domain.users import UserRepository
    from cdt_desktop.services.auth import AuthService


def add_arguments(parser: argparse.ArgumentParser, *, operator_default: str | None = None) -> None:
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="the user running the command, once the store has users (the PIN is asked for "
        "on the terminal, or read from stdin; never give it as an argument)",
    )
    parser.add_argument(
        "--operator",
        metavar="INITIALS",
        default=operator_default,
        help="initials recorded in the audit log, only while the store has no users"
        + (f" (default: {operator_default})" if operator_default else ""),
    )


class PinReader:
    """Asks for PINs: ``getpass`` on a terminal, else one line of stdin per PIN."""

    def __init__(self) -> None:
        self._interactive = sys.stdin is not None and sys.stdin.isatty()

    def read(self, prompt: str) -> str:
        if self._interactive:
            return getpass.getpass(prompt, stream=sys.stderr).strip()
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if not line:
            raise InputError(f"no PIN on stdin ({prompt.strip().rstrip(':')})")
        return line.strip()

    def new_pin(self, whose: str) -> str:
        pin = self.read(f"New PIN for {whose} (6-12 digits): ")
        if self._interactive and self.read("Repeat the new PIN: ") != pin:
            raise InputError("the two PINs differ; nothing was changed")
        return pin


def sign_in(
    args: argparse.Namespace,
    store: UserRepository,
    *permissions: Permission,
    reader: PinReader | None = None,
) -> AuthService:
    """An AuthService for this command: the ``--user`` signed in with their PIN (checked for
    ``permissions``), or, in a store with no users, the ``--operator`` initials."""
    from cdt_desktop.services.auth import AuthService

    auth = AuthService(store)
    user_name = getattr(args, "user", None)
    operator = getattr(args, "operator", None)
    if not auth.sign_in_enabled:
        if user_name:
            raise InputError("this case store has no users yet; use --operator INITIALS")
        auth.initials = (operator or "").strip()
        return auth
    if not user_name:
        raise InputError(
            f"this case store has users: give --user NAME{_who(permissions, operator)}"
        )
    user = store.find_user(user_name)
    if user is None:
        raise InputError("no user of that name in this case store (see 'users list')")
    pin = (reader or PinReader()).read(f"PIN for {user.name}: ")
    auth.sign_in(user.id, pin)
    if permissions:
        auth.require(*permissions)
    return auth


def _who(permissions: tuple[Permission, ...], operator: str | None) -> str:
    """Whose name to give (the roles that may), and why --operator, when typed, did nothing."""
    from cdt_desktop.domain.session import roles_with

    roles = [role.value for role in roles_with(permissions[0])] if permissions else []
    named = ", ".join(roles[:-1]) + " or " + roles[-1] if len(roles) > 1 else "".join(roles)
    words = [f"a user with the {named} role"] if roles else []
    words += ["--operator no longer works"] if operator else []
    return f" ({'; '.join(words)})" if words else ""


@contextmanager
def acting(
    args: argparse.Namespace, store: UserRepository, *permissions: Permission
) -> Iterator[str]:
    """``with acting(args, store, Permission.TICK) as operator:`` the initials to record; the
    signed-in user's id goes on every audit row written inside, and they are signed out after."""
    auth = sign_in(args, store, *permissions)
    try:
        initials = auth.actor.initials
        if not initials:
            raise InputError("give --operator INITIALS (recorded in the audit log)")
        yield initials
    finally:
        auth.sign_out()
