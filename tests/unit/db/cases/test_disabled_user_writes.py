"""An admin disables a user at another workstation while that user's window is open: every write
the window makes after that is refused by the store itself, on both backends. The window learns
of the change from the change feed (PostgreSQL's LISTEN, SQLite's poll), but a write sent before
that (or while the feed is down) was saved with its audit row under the disabled user (review12).
Two stores open on one real database, as two workstations."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.pins import ScryptParams, SignInError
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService

FAST = ScryptParams(n=2**10)


def test_a_user_disabled_at_another_workstation_saves_nothing_here(
    store_url: Callable[[], str],
) -> None:
    with open_repository(store_url()) as here, open_repository(store_url()) as there:
        admin = AuthService(there, params=FAST)
        admin.create_first_admin("Ana Admin", "551207")
        ben = admin.add_user("Ben Assistant", Role.ASSISTANT, "246813")
        AuthService(here, params=FAST).sign_in(ben.id, "246813")
        case = Case(
            patient=Patient(name="Zoë Ortiz"), procedure=Procedure(code="D3330", tooth="19")
        )
        case_id = here.create_case(case, operator="BA")
        here.tick(case_id, "consent", True, operator="BA")  # still enabled: saved
        admin.update_user(ben.id, active=False)  # at the other workstation
        trail = len(there.audit_trail())
        before = there.get_case(case_id)
        with pytest.raises(SignInError, match="was disabled by an admin"):
            here.tick(case_id, "preop-radiograph", True, operator="BA")
        with pytest.raises(SignInError, match="was disabled by an admin"):
            here.create_case(case, operator="BA")
        assert len(there.audit_trail()) == trail  # nothing under Ben's id
        assert there.get_case(case_id).checks == before.checks
        admin.update_user(ben.id, active=True)  # enabled again: his window writes again
        here.tick(case_id, "preop-radiograph", True, operator="BA")
