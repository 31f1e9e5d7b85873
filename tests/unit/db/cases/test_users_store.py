"""Users, settings and the audit trail in the SQLite case store (the UserRepository side)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cdt_desktop.core.errors import InputError
from cdt_desktop.db.cases.sqlite.migrations import SCHEMA_VERSION, apply_migrations
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.pins import LOCKOUT, MAX_FAILED_PINS, ScryptParams, hash_pin
from cdt_desktop.domain.session import Role
from cdt_desktop.domain.users import UserNotFoundError

FAST = ScryptParams(n=2**10)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "data") as opened:
        yield opened


def test_new_store_has_no_users(store: CaseStore) -> None:
    assert store.count_users() == 0
    assert store.list_users() == []


def test_add_find_and_edit_users(store: CaseStore) -> None:
    admin = store.add_user("Ana Admin", "aa", Role.ADMIN, hash_pin("482913", FAST), operator="AA")
    assert admin.initials == "AA" and admin.active and admin.has_pin
    nurse = store.add_user("Nguyễn Lan", "NL", Role.ASSISTANT, "", operator="AA")
    assert not nurse.has_pin
    assert store.find_user("  NGUYỄN   lan ") == nurse
    assert store.count_users() == 2
    assert [u.name for u in store.list_users()] == ["Ana Admin", "Nguyễn Lan"]
    with pytest.raises(InputError, match="already has that name"):
        store.add_user("ana admin", "AB", Role.BILLING, "", operator="AA")
    changed = store.update_user(nurse.id, operator="AA", role=Role.DENTIST, active=False)
    assert changed.role is Role.DENTIST and not changed.active
    assert store.update_user(nurse.id, operator="AA", role=Role.DENTIST) == changed
    details = [e.detail for e in store.audit() if e.action == "user-edit"]
    assert details == [f"user {nurse.id}: role dentist, disabled"]
    with pytest.raises(UserNotFoundError):
        store.get_user(999)


def test_pin_hash_stays_out_of_users_and_audit(store: CaseStore) -> None:
    encoded = hash_pin("482913", FAST)
    user = store.add_user("Ana Admin", "AA", Role.ADMIN, encoded, operator="AA")
    assert store.pin_hash(user.id) == encoded
    store.set_pin_hash(user.id, hash_pin("551207", FAST), operator="AA")
    assert store.pin_hash(user.id) != encoded
    assert "scrypt" not in repr(store.list_users())
    assert all("scrypt" not in e.detail for e in store.audit())


def test_fifth_wrong_pin_locks_and_is_audited(store: CaseStore) -> None:
    user = store.add_user("Ana Admin", "AA", Role.ADMIN, "", operator="AA")
    for n in range(1, MAX_FAILED_PINS):
        state = store.record_pin_failure(user.id, T0 + timedelta(seconds=n))
        assert state.failed == n and not state.locked(T0 + timedelta(seconds=n))
    state = store.record_pin_failure(user.id, T0 + timedelta(seconds=5))
    assert state.locked(T0 + timedelta(minutes=1))
    stored = store.get_user(user.id)
    assert stored.locked_until == T0 + timedelta(seconds=5) + LOCKOUT
    actions = [e.action for e in store.audit()]
    assert actions[0] == "locked-out" and actions.count("sign-in-refused") == 4
    store.record_sign_in(user.id)
    assert store.get_user(user.id).locked_until is None


def test_audit_rows_carry_the_acting_user(store: CaseStore) -> None:
    dentist = store.add_user("Dr Diaz", "DD", Role.DENTIST, "", operator="AA")
    store.acting_user_id = dentist.id
    case_id = store.create_case(
        Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330")), operator="DD"
    )
    store.set_check(case_id, "consent", True, operator="DD")
    store.record_session_event("view", operator="DD", case_id=case_id)
    trail = store.audit_trail(user_id=dentist.id)
    assert [r.action for r in trail] == ["create", "tick", "view"]
    assert {r.user_name for r in trail} == {"Dr Diaz"}
    assert [r.action for r in store.audit_trail(case_id=case_id)] == ["create", "tick", "view"]
    first = trail[0].at
    assert store.audit_trail(since=first, until=first) == []
    assert len(store.audit_trail(since=first)) == 3


def test_settings_are_store_wide_and_audited(store: CaseStore) -> None:
    assert store.get_setting("idle_minutes") is None
    store.set_setting("idle_minutes", "10", operator="AA")
    assert store.get_setting("idle_minutes") == "10"
    assert store.audit()[0].detail == "idle_minutes = 10"


def test_audit_stays_append_only_after_the_rebuild(store: CaseStore, tmp_path: Path) -> None:
    store.record_session_event("view", operator="AA")
    conn = sqlite3.connect(tmp_path / "data" / "cases.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit SET detail = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO audit (at, operator, action) VALUES ('t', 'AA', '')")
    conn.close()


def test_older_store_keeps_its_audit_rows_and_initials(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    apply_migrations(conn, path, tmp_path / "backups", target=2)
    conn.execute(
        "INSERT INTO audit (at, operator, action, case_id, detail) "
        "VALUES ('2026-01-05T09:00:00+00:00', 'MR', 'tick', 1, 'consent')"
    )
    apply_migrations(conn, path, tmp_path / "backups")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    rows = conn.execute("SELECT operator, action, user_id FROM audit").fetchall()
    assert rows == [("MR", "tick", None)]
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"audit_no_update", "audit_no_delete"} <= triggers
    conn.close()


def test_store_role_check_matches_the_domain_roles() -> None:
    from cdt_desktop.db.cases.sqlite.migrations import _ROLES

    assert tuple(r.value for r in Role) == _ROLES
