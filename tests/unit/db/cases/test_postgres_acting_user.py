"""The office server restored from another office's dump while a workstation is signed in: the
store's user of the signed-in id is now someone else (same id, made at another moment). Every
write checks that before it puts an audit row under the id; the tick, one statement on
PostgreSQL, skipped the check and saved the tick under the other person's name. Real PostgreSQL."""

from __future__ import annotations

import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.pins import ScryptParams, SessionEndedError
from cdt_desktop.services.auth import AuthService
from tests.helpers.postgres import PgServer

FAST = ScryptParams(n=2**10)


def _another_person_under_the_same_id(pg_server: PgServer, database: str, user_id: int) -> None:
    """What a restore of another office's dump leaves: user ``user_id`` is Zed, made in 2024."""
    with pg_server.admin(database) as conn:
        conn.execute(
            "UPDATE users SET name = 'Zed Other', name_key = 'zed other', initials = 'ZO', "
            "created_at = '2024-05-01T08:00:00Z' WHERE id = %s",
            (user_id,),
        )


def test_a_tick_after_the_server_was_restored_under_the_session_writes_nothing(
    pg_server: PgServer, database: str
) -> None:
    with open_repository(pg_server.url(database)) as store:
        auth = AuthService(store, params=FAST)
        ana = auth.create_first_admin("Ana Admin", "551207")
        case_id = store.create_case(
            Case(patient=Patient(name="Zoë Ortiz"), procedure=Procedure(code="D3330", tooth="19")),
            operator="AA",
        )
        store.tick(case_id, "consent", True, operator="AA")  # the session holds: saved
        _another_person_under_the_same_id(pg_server, database, ana.id)
        trail = len(store.audit_trail())
        before = store.get_case(case_id)
        with pytest.raises(SessionEndedError, match="restored from a backup"):
            store.tick(case_id, "preop-radiograph", True, operator="AA")
        after = store.get_case(case_id)
        assert len(store.audit_trail()) == trail  # nothing under Zed's id
        assert after.checks == before.checks
        assert after.updated_at == before.updated_at
