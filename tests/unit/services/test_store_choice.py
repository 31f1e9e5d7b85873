"""File > Case store... > Test connection tells the office what switching to that store means
for the people at this PC: whether sign-in is on there (then the window locks and each person
needs their own PIN) or off. Real SQLite files and a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

from cdt_desktop.db.cases import open_repository
from cdt_desktop.services.auth import AuthService
from cdt_desktop.services.store import StoreChoice
from tests.helpers.office import FAST, office


def test_a_store_with_sign_in_on_says_staff_will_need_their_pin(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    with office(shared) as (_service, auth):
        user = auth.store.find_user("Maria Ruiz")
        assert user is not None
        auth.store.update_user(user.id, active=False, operator="AA")  # 3 of 4 may sign in
    outcome = StoreChoice(tmp_path / "pc").test(str(shared / "cases.sqlite"))
    assert outcome.ok
    assert (
        "Sign-in is on for this store (3 users): after Use this store the window locks, and "
        "each person signs in with their own PIN (an admin of this store sets it)."
    ) in outcome.message


def test_a_store_without_users_says_sign_in_is_off(tmp_path: Path) -> None:
    with open_repository(None, data_dir=tmp_path / "shared"):
        pass
    outcome = StoreChoice(tmp_path / "pc").test(str(tmp_path / "shared" / "cases.sqlite"))
    assert outcome.ok and outcome.message.endswith(
        "Sign-in is off for this store: whoever works at this PC types their initials."
    )


def test_the_office_server_with_sign_in_on_says_so(pg_store_url: str, tmp_path: Path) -> None:
    with open_repository(pg_store_url) as store:
        AuthService(store, params=FAST).create_first_admin("Ana Admin", "482913")  # type: ignore[arg-type]
    outcome = StoreChoice(tmp_path / "pc").test(pg_store_url)
    assert outcome.ok and "Sign-in is on for this store (1 user):" in outcome.message
