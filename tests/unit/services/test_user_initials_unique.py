"""Two users never share initials: the ticks, the audit log and the lock screen name them so.

Walkthrough: Ada Admin, then Andy Assistant added with no initials typed: both became "AA";
the lock screen showed two "AA" tiles and "Ticked by AA" could be either of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop.core.errors import InputError
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService
from tests.helpers.office import FAST


@pytest.fixture
def auth(tmp_path: Path):  # type: ignore[no-untyped-def]
    with CaseStore.open(tmp_path) as store:
        service = AuthService(store, params=FAST)
        service.create_first_admin("Ada Admin", "482913")  # initials AA
        yield service


@pytest.mark.parametrize(
    ("situation", "name", "initials"),
    [
        ("initials made from the name", "Andy Assistant", ""),
        ("the same initials typed", "Alan Archer", "aa"),
    ],
)
def test_a_second_user_with_taken_initials_is_refused_by_name(
    auth: AuthService, situation: str, name: str, initials: str
) -> None:
    with pytest.raises(InputError) as refused:
        auth.add_user(name, Role.ASSISTANT, "730184", initials=initials)
    assert str(refused.value).startswith("AA are already Ada Admin's initials"), situation
    assert [u.name for u in auth.store.list_users()] == ["Ada Admin"]


def test_other_initials_are_taken_and_a_rename_to_taken_ones_is_refused(
    auth: AuthService,
) -> None:
    andy = auth.add_user("Andy Assistant", Role.ASSISTANT, "730184", initials="AN")
    assert andy.initials == "AN"
    with pytest.raises(InputError):
        auth.update_user(andy.id, initials="AA")
    assert auth.update_user(andy.id, initials="AND").initials == "AND"
