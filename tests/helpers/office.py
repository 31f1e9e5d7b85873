"""A small office on a real SQLite case store: an admin, a dentist, an assistant and billing,
each with a PIN; the case service checks the signed-in user's role (tests of permissions)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.pins import ScryptParams
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService
from cdt_desktop.services.cases import CaseService

FAST = ScryptParams(n=2**10)
PINS = {"Ana Admin": "482913", "Dr Diaz": "551207", "Maria Ruiz": "730184",
        "Bea Billing": "916420"}  # fmt: skip
ROLES = {"Dr Diaz": Role.DENTIST, "Maria Ruiz": Role.ASSISTANT, "Bea Billing": Role.BILLING}


@contextmanager
def office(data_dir: Path) -> Iterator[tuple[CaseService, AuthService]]:
    """The office's case service (with sign-in) and its sign-in service."""
    with CaseStore.open(data_dir) as store:
        auth = AuthService(store, params=FAST)
        auth.create_first_admin("Ana Admin", PINS["Ana Admin"])
        for name, role in ROLES.items():
            auth.add_user(name, role, PINS[name])
        service = CaseService(store)
        service.auth = auth
        yield service, auth


def as_user(auth: AuthService, name: str) -> str:
    """Sign ``name`` in with their PIN; their initials."""
    user = auth.store.find_user(name)
    assert user is not None
    return auth.sign_in(user.id, PINS[name]).initials
