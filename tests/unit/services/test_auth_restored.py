"""A backup restored into the store under a signed-in session (another process: the CLI's
``restore``): the session holds only while the store's user of that id is still that person."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.pins import ScryptParams, SessionEndedError
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService

FAST = ScryptParams(n=2**10)


def _backup_of_an_office(folder: Path, *names: str) -> Path:
    """Another PC's store (its users made now, so at other moments than ours), backed up."""
    with CaseStore.open(folder) as other:
        auth = AuthService(other, params=FAST)
        if names:
            auth.create_first_admin(names[0], "482913")
            for name in names[1:]:
                auth.add_user(name, Role.ASSISTANT, "730184")
            auth.sign_out()
        other.create_case(Case(patient=Patient(name="Other Patient"),
                               procedure=Procedure(code="D3330", tooth="19")), operator="ZO")  # fmt: skip
        return other.backup(folder, operator="ZO")


def _restore(data: Path, backup: Path) -> None:
    """As ``cdt-desktop restore`` does it: its own store object (another process)."""
    with CaseStore.open(data) as store:
        store.restore_from(backup, keep_in=data / "kept", operator="IT")


@pytest.fixture
def signed_in(tmp_path: Path) -> tuple[AuthService, int]:
    store = CaseStore.open(tmp_path / "pc")
    auth = AuthService(store, params=FAST)
    auth.create_first_admin("Ana Admin", "551207")
    case_id = store.create_case(Case(patient=Patient(name="Zoë Ortiz"),
                                     procedure=Procedure(code="D2740", tooth="3")), operator="AA")  # fmt: skip
    return auth, case_id


def test_another_office_s_user_under_the_same_id_is_not_the_signed_in_user(
    signed_in: tuple[AuthService, int], tmp_path: Path
) -> None:
    """Ana (user 1) is signed in at the front desk when the office restores the old PC's backup,
    whose user 1 is Zed. The window went on as Zed (by id), with Zed's role, and wrote its rows
    under Zed's id. Now nothing is written under the id and the session ends, saying why."""
    auth, case_id = signed_in
    store = auth.store
    assert isinstance(store, CaseStore)
    backup = _backup_of_an_office(tmp_path / "old-pc", "Zed Other", "Yan Assist")
    _restore(tmp_path / "pc", backup)
    rows_before = len(store.audit_trail())
    with pytest.raises(SessionEndedError, match="restored from a backup"):
        store.tick(1, "pa_xray", True, operator="AA")
    assert len(store.audit_trail()) == rows_before  # nothing under Zed's id, nothing saved
    assert store.checks(1) == {}
    assert auth.refresh_user() is None
    assert auth.user is None and auth.ended is not None and auth.ended.name == "Ana Admin"
    assert "Ana Admin" in auth.ended_reason and "Zed Other" in auth.ended_reason
    assert store.acting_user_id is None
    auth.sign_out()  # nothing to record: nobody is signed in
    assert len(store.audit_trail()) == rows_before
    del case_id
    store.close()


def test_a_backup_without_that_user_ends_the_session_too(
    signed_in: tuple[AuthService, int], tmp_path: Path
) -> None:
    auth, _ = signed_in
    backup = _backup_of_an_office(tmp_path / "old-pc")  # sign-in off there: no users
    _restore(tmp_path / "pc", backup)
    assert auth.refresh_user() is None
    assert "has no such user" in auth.ended_reason
    assert not auth.sign_in_enabled
    auth.store.close()  # type: ignore[attr-defined]


def test_the_office_s_own_older_backup_keeps_the_session(
    signed_in: tuple[AuthService, int], tmp_path: Path
) -> None:
    """Its own backup holds the same user (same id, made at the same moment), even renamed."""
    auth, _ = signed_in
    store = auth.store
    assert isinstance(store, CaseStore)
    backup = store.backup(tmp_path, operator="AA")
    user = auth.user
    assert user is not None
    auth.update_user(user.id, name="Ana Admin-Reyes")
    _restore(tmp_path / "pc", backup)
    fresh = auth.refresh_user()
    assert fresh is not None and fresh.name == "Ana Admin" and auth.ended is None
    store.tick(1, "pa_xray", True, operator="AA")
    assert store.audit_trail()[-1].user_id == user.id
    store.close()


def test_a_sign_out_after_the_restore_writes_nothing_under_the_other_person(
    signed_in: tuple[AuthService, int], tmp_path: Path
) -> None:
    """The window closes before it noticed the restore: its sign-out row went under Zed."""
    auth, _ = signed_in
    store = auth.store
    assert isinstance(store, CaseStore)
    _restore(tmp_path / "pc", _backup_of_an_office(tmp_path / "old-pc", "Zed Other"))
    before = len(store.audit_trail())
    auth.sign_out()
    assert len(store.audit_trail()) == before and store.acting_user_id is None
    store.close()
