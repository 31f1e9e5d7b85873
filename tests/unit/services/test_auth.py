"""Sign-in, switching, lockout, user management and the audit trail, on a real case store."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cdt_desktop.core.errors import InputError
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.pins import LockedOutError, PinError, ScryptParams, SignInError
from cdt_desktop.domain.session import Permission, PermissionDeniedError, Role
from cdt_desktop.services.auth import AuthService

FAST = ScryptParams(n=2**10)
ADMIN_PIN, DENTIST_PIN, ASSISTANT_PIN, BILLING_PIN = "482913", "551207", "730184", "916420"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "data") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def office(store: CaseStore, clock: FakeClock) -> AuthService:
    """An office with one user per role, the admin signed in."""
    auth = AuthService(store, clock=clock, params=FAST)
    auth.create_first_admin("Ana Admin", ADMIN_PIN)
    auth.add_user("Dr Diaz", Role.DENTIST, DENTIST_PIN)
    auth.add_user("Maria Ruiz", Role.ASSISTANT, ASSISTANT_PIN)
    auth.add_user("Bea Billing", Role.BILLING, BILLING_PIN)
    return auth


def uid(auth: AuthService, name: str) -> int:
    user = auth.store.find_user(name)
    assert user is not None
    return user.id


def test_store_without_users_works_as_before(store: CaseStore) -> None:
    auth = AuthService(store, params=FAST)
    auth.initials = "MR"
    assert not auth.sign_in_enabled
    assert auth.actor.initials == "MR" and auth.actor.user is None
    auth.require(*Permission)


def test_first_admin_turns_sign_in_on_and_is_signed_in(store: CaseStore) -> None:
    auth = AuthService(store, params=FAST)
    admin = auth.create_first_admin("Ana Admin", ADMIN_PIN)
    assert auth.sign_in_enabled and auth.user == admin and admin.role is Role.ADMIN
    assert store.acting_user_id == admin.id
    with pytest.raises(InputError, match="has users already"):
        auth.create_first_admin("Eve", "663018")


def test_first_admin_needs_a_valid_pin(store: CaseStore) -> None:
    with pytest.raises(PinError):
        AuthService(store, params=FAST).create_first_admin("Ana Admin", "1234")
    assert store.count_users() == 0


def test_switch_at_the_chair(office: AuthService) -> None:
    maria = office.sign_in(uid(office, "Maria Ruiz"), ASSISTANT_PIN)
    assert office.user == maria and office.actor.initials == "MR"
    dentist = office.sign_in(uid(office, "Dr Diaz"), DENTIST_PIN)
    assert office.store.acting_user_id == dentist.id
    last = office.store.audit_trail()[-1]
    assert (last.action, last.user_id) == ("sign-in", dentist.id)
    assert last.detail == f"switched from user {maria.id}"


def test_wrong_pin_says_how_many_tries_are_left(office: AuthService) -> None:
    with pytest.raises(SignInError, match="4 more wrong PINs"):
        office.sign_in(uid(office, "Maria Ruiz"), "000001")


def test_five_wrong_pins_lock_for_five_minutes(office: AuthService, clock: FakeClock) -> None:
    maria = uid(office, "Maria Ruiz")
    for _ in range(4):
        with pytest.raises(SignInError):
            office.sign_in(maria, "999999")
    with pytest.raises(LockedOutError, match="try again in 5 minutes"):
        office.sign_in(maria, "999999")
    clock.now += timedelta(minutes=4)
    with pytest.raises(LockedOutError, match="1 minute"):
        office.sign_in(maria, ASSISTANT_PIN)  # even the right PIN waits
    clock.now += timedelta(minutes=1)
    assert office.sign_in(maria, ASSISTANT_PIN).failed_pins == 0
    actions = [r.action for r in office.store.audit_trail(user_id=maria)]
    assert actions == ["sign-in-refused"] * 4 + ["locked-out", "sign-in"]


def test_a_lock_is_shared_by_every_workstation(
    office: AuthService, store: CaseStore, clock: FakeClock
) -> None:
    maria = uid(office, "Maria Ruiz")
    other = AuthService(store, clock=clock, params=FAST)
    for auth in (office, other, office, other, office):
        with pytest.raises(SignInError):
            auth.sign_in(maria, "999999")
    with pytest.raises(LockedOutError):
        other.sign_in(maria, ASSISTANT_PIN)


def test_disabled_user_cannot_sign_in(office: AuthService) -> None:
    maria = uid(office, "Maria Ruiz")
    office.update_user(maria, active=False)
    assert "Maria Ruiz" not in [u.name for u in office.active_users()]
    with pytest.raises(SignInError, match="disabled"):
        office.sign_in(maria, ASSISTANT_PIN)
    with pytest.raises(SignInError, match="disabled"):
        office.sign_in_trusted("Maria Ruiz")


def test_last_admin_cannot_be_disabled_or_demoted(office: AuthService) -> None:
    admin = uid(office, "Ana Admin")
    with pytest.raises(InputError, match="only active admin"):
        office.update_user(admin, active=False)
    with pytest.raises(InputError, match="only active admin"):
        office.update_user(admin, role=Role.DENTIST)
    office.add_user("Second Admin", Role.ADMIN, "660431")
    assert office.update_user(admin, role=Role.DENTIST).role is Role.DENTIST


ROLE_CASES = [
    # (situation, who, action, allowed)
    ("assistant may not add a user", "Maria Ruiz", "add_user", False),
    ("billing may not add a user", "Bea Billing", "add_user", False),
    ("dentist may not add a user", "Dr Diaz", "add_user", False),
    ("admin adds a user", "Ana Admin", "add_user", True),
    ("assistant may not set the idle lock", "Maria Ruiz", "idle", False),
    ("admin sets the idle lock", "Ana Admin", "idle", True),
    ("dentist may not read the audit trail", "Dr Diaz", "audit", False),
    ("billing may not read the audit trail", "Bea Billing", "audit", False),
    ("admin reads the audit trail", "Ana Admin", "audit", True),
    ("assistant may not set another's PIN", "Maria Ruiz", "other_pin", False),
    ("assistant changes her own PIN", "Maria Ruiz", "own_pin", True),
    ("billing may not disable a user", "Bea Billing", "disable", False),
]
PINS = {"Ana Admin": ADMIN_PIN, "Dr Diaz": DENTIST_PIN, "Maria Ruiz": ASSISTANT_PIN,
        "Bea Billing": BILLING_PIN}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "action", "allowed"),
    [row[1:] for row in ROLE_CASES],
    ids=[row[0] for row in ROLE_CASES],
)
def test_permissions_are_enforced_in_the_service(
    office: AuthService, who: str, action: str, allowed: bool
) -> None:
    office.sign_in(uid(office, who), PINS[who])
    run = {
        "add_user": lambda: office.add_user("New Hire", Role.ASSISTANT, "371950"),
        "idle": lambda: office.set_idle_minutes(10),
        "audit": lambda: office.audit_trail(),
        "other_pin": lambda: office.set_pin(uid(office, "Dr Diaz"), "371950"),
        "own_pin": lambda: office.set_pin(uid(office, who), "371950"),
        "disable": lambda: office.update_user(uid(office, "Dr Diaz"), active=False),
    }[action]
    if allowed:
        run()
    else:
        with pytest.raises(PermissionDeniedError, match=f"signed in as {office.user.role}"):  # type: ignore[union-attr]
            run()


def test_idle_minutes_default_and_setting(office: AuthService) -> None:
    assert office.idle_minutes() == 5
    assert office.set_idle_minutes("15") == 15
    assert AuthService(office.store).idle_minutes() == 15
    with pytest.raises(InputError):
        office.set_idle_minutes(0)


def test_audit_csv_by_user_and_date(office: AuthService, clock: FakeClock) -> None:
    dentist = uid(office, "Dr Diaz")
    office.sign_in(dentist, DENTIST_PIN)
    office.record_view(7)
    office.sign_in(uid(office, "Ana Admin"), ADMIN_PIN)
    start = datetime.now(UTC) - timedelta(hours=1)
    rows = office.audit_trail(user_id=dentist, since=start)
    assert [r.action for r in rows] == ["sign-in", "view"]
    assert office.audit_trail(case_id=7)[0].user_name == "Dr Diaz"
    text = office.export_audit_csv(rows, "trail.csv")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["at", "user", "user_id", "initials", "action", "case_id", "detail"]
    assert [p[4] for p in parsed[1:]] == ["sign-in", "view"]
    assert office.store.audit_trail()[-1].detail == "2 rows: trail.csv"


def test_csv_cells_never_run_as_formulas(office: AuthService) -> None:
    office.add_user("=HYPERLINK(1)", Role.ASSISTANT, "371950", initials="HY")
    office.sign_in_trusted("=HYPERLINK(1)")
    office.sign_in_trusted("Ana Admin")
    text = office.export_audit_csv(office.audit_trail())
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text


def test_no_pin_or_hash_in_logs_or_audit(
    office: AuthService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    maria = uid(office, "Maria Ruiz")
    with pytest.raises(SignInError):
        office.sign_in(maria, "246813")
    office.sign_in(maria, ASSISTANT_PIN)
    office.sign_in(uid(office, "Ana Admin"), ADMIN_PIN)
    office.set_pin(maria, "805716")
    hashes = [office.store.pin_hash(u.id) for u in office.store.list_users()]
    audit_text = "\n".join(repr(r) for r in office.store.audit_trail())
    secrets = [ADMIN_PIN, DENTIST_PIN, ASSISTANT_PIN, BILLING_PIN, "246813", "805716"]
    for secret in secrets + hashes + ["scrypt$"]:
        assert secret not in caplog.text
        assert secret not in audit_text
