"""What a write needs of the signed-in user's role, checked by the store itself in the write's
own transaction (``UserRows._check_acting``; PostgreSQL's one-statement tick checks it in SQL).

The services layer checks the same permissions first, against the window's copy of the user;
an admin may have changed the role at another workstation since, and the window hears of that
only from the change feed. A write sent before then, or while the feed is down, is refused here
with :class:`~cdt_desktop.domain.session.RoleChangedError`, nothing saved. Permissions are named
by their values ("tick"), so a store without users never imports ``domain.session``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdt_desktop.domain.session import Needs


def wants(*permissions: str) -> Needs:
    """What a write needs: any one of ``permissions`` (their values: "tick", "edit-claim"; a
    refusal names the first)."""
    return (permissions,)


@cache
def roles_meeting(wanted: Needs) -> tuple[str, ...]:
    """The roles (their values) whose permissions meet ``wanted``."""
    from cdt_desktop.domain.session import Role, unmet

    return tuple(role.value for role in Role if not unmet(role, wanted))


def refuse_role(role: str, name: str, wanted: Needs) -> None:
    """RoleChangedError unless the user's ``role`` as the store holds it meets ``wanted``."""
    from cdt_desktop.domain.session import Role, RoleChangedError, unmet

    missing = unmet(Role(role), wanted)
    if missing:
        from cdt_desktop.core.text import isolate

        raise RoleChangedError(missing[0], Role(role), *missing[1:], name=isolate(name))
