"""Users, sign-in, lockout and the audit trail behave the same on both case-store backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.pins import LockedOutError, ScryptParams, SignInError
from cdt_desktop.domain.session import PermissionDeniedError, Role
from cdt_desktop.domain.users import UserNotFoundError
from cdt_desktop.services.auth import AuthService

FAST = ScryptParams(n=2**10)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def office(repository: Any, clock: Clock) -> AuthService:
    auth = AuthService(repository, clock=clock, params=FAST)
    auth.create_first_admin("Ana Admin", "482913")
    auth.add_user("Nguyễn Lan", Role.ASSISTANT, "730184")
    auth.add_user("Bea Billing", Role.BILLING, "916420")
    return auth


def uid(auth: AuthService, name: str) -> int:
    user = auth.store.find_user(name)
    assert user is not None
    return user.id


def test_a_new_store_has_sign_in_off(repository: Any) -> None:
    auth = AuthService(repository, params=FAST)
    assert not auth.sign_in_enabled and repository.list_users() == []


def test_users_round_trip(office: AuthService) -> None:
    store = office.store
    assert [u.name for u in store.list_users()] == ["Ana Admin", "Bea Billing", "Nguyễn Lan"]
    lan = store.find_user("NGUYỄN LAN")
    assert lan is not None and lan.role is Role.ASSISTANT and lan.active and lan.has_pin
    assert store.get_user(lan.id) == lan
    with pytest.raises(InputError, match="already has that name"):
        office.add_user("ana admin", Role.DENTIST, "660431")
    with pytest.raises(UserNotFoundError):
        store.get_user(10_000)


def test_disabled_user_cannot_sign_in(office: AuthService) -> None:
    lan = uid(office, "Nguyễn Lan")
    office.update_user(lan, active=False)
    with pytest.raises(SignInError, match="disabled"):
        office.sign_in(lan, "730184")
    office.update_user(lan, active=True)
    assert office.sign_in(lan, "730184").name == "Nguyễn Lan"


def test_five_wrong_pins_lock_for_five_minutes(office: AuthService, clock: Clock) -> None:
    lan = uid(office, "Nguyễn Lan")
    for _ in range(4):
        with pytest.raises(SignInError, match="Wrong PIN"):
            office.sign_in(lan, "999999")
    with pytest.raises(LockedOutError):
        office.sign_in(lan, "999999")
    with pytest.raises(LockedOutError):
        office.sign_in(lan, "730184")
    clock.now += timedelta(minutes=5)
    assert office.sign_in(lan, "730184").failed_pins == 0
    actions = [r.action for r in office.store.audit_trail(user_id=lan)]
    assert actions == ["sign-in-refused"] * 4 + ["locked-out", "sign-in"]


def test_audit_rows_carry_the_signed_in_user(office: AuthService) -> None:
    lan = uid(office, "Nguyễn Lan")
    office.sign_in(lan, "730184")
    store = office.store
    case_id = store.create_case(
        Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330")),
        operator=office.actor.initials,
    )
    office.record_view(case_id)
    store.tick(case_id, "consent", True, operator=office.actor.initials)
    rows = store.audit_trail(case_id=case_id)
    assert [(r.action, r.user_id, r.user_name) for r in rows] == [
        ("create", lan, "Nguyễn Lan"),
        ("view", lan, "Nguyễn Lan"),
        ("tick", lan, "Nguyễn Lan"),  # PostgreSQL's one-statement tick had left it out
    ]
    with pytest.raises(PermissionDeniedError, match="admin role"):
        office.audit_trail()


def test_idle_setting_is_shared(office: AuthService, repository: Any) -> None:
    office.set_idle_minutes(12)
    assert AuthService(repository).idle_minutes() == 12


def test_store_migrate_copies_the_users_so_the_office_can_still_sign_in(
    repository: Any, tmp_path: Any
) -> None:
    """A PC's SQLite store with sign-in on, merged into the office store (either backend):
    the same people sign in with the same PINs, a disabled user stays disabled, the idle lock
    and the office's payer profiles come along; a second merge copies nothing twice."""
    from cdt_desktop.commands.migrate import copy_users
    from cdt_desktop.db.cases import open_repository

    pc_file = (tmp_path / "pc1" / "cases.sqlite").as_posix().lstrip("/")
    with open_repository(f"sqlite:///{pc_file}") as pc:
        clock = Clock()
        auth = AuthService(pc, clock=clock, params=FAST)
        admin = auth.create_first_admin("Ana Admin", "482913")
        auth.sign_in(admin.id, "482913")
        auth.add_user("Nguyễn Lan", Role.ASSISTANT, "730184")
        gone = auth.add_user("Old Temp", Role.ASSISTANT, "555123")
        auth.update_user(gone.id, active=False)
        auth.set_idle_minutes(7)
        pc.set_setting("payer-profile-ids", "acme", operator="AA")
        pc.set_setting("payer-profile:acme", '{"id": "acme", "name": "Acme"}', operator="AA")

        assert copy_users(pc, repository) == (3, 0)
        assert copy_users(pc, repository) == (0, 3)

    office = AuthService(repository, params=FAST)
    lan = repository.find_user("nguyễn lan")
    assert lan is not None and lan.role is Role.ASSISTANT
    assert office.sign_in(lan.id, "730184").name == "Nguyễn Lan"  # the PIN came along
    temp = repository.find_user("Old Temp")
    assert temp is not None and not temp.active
    assert office.idle_minutes() == 7
    assert repository.get_setting("payer-profile-ids") == "acme"
    assert "Acme" in (repository.get_setting("payer-profile:acme") or "")
