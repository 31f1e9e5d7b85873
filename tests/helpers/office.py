"""A small office on a real SQLite case store: an admin, a dentist, an assistant and billing,
each with a PIN; the case service checks the signed-in user's role (tests of permissions)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@contextmanager
def office_on_server(server: Any, *names: str) -> Iterator[str]:
    """A new database on ``server`` (tests/helpers/postgres.py's PgServer) holding the office's
    admin, the users ``names`` (ROLES) and one D3330 case on #19; its URL, dropped afterwards."""
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure

    database = server.new_database()
    url = server.url(database)
    with open_repository(url) as store:
        auth = AuthService(store, params=FAST)
        auth.create_first_admin("Ana Admin", PINS["Ana Admin"])
        for name in names:
            auth.add_user(name, ROLES[name], PINS[name])
        store.create_case(
            Case(
                patient=Patient(name="Jordan Reyes"), procedure=Procedure(code="D3330", tooth="19")
            ),
            operator="AA",
        )
    try:
        yield url
    finally:
        server.drop_database(database)


def tap_pin(qtbot: Any, session: Any, user_id: int, pin: str) -> None:
    """On ``session``'s lock screen: tap the user's tile (unless their PIN pad is up), the
    digits on the pad, and Unlock (the gloved-hand path)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton, QToolButton

    screen = session.lock_screen
    assert screen is not None
    if screen.page() != "pin":
        tile = screen.findChild(QToolButton, f"userTile_{user_id}")
        assert tile is not None, "no tile for that user"
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    for digit in pin:
        key = screen.findChild(QPushButton, f"pinKey_{digit}")
        assert key is not None
        qtbot.mouseClick(key, Qt.MouseButton.LeftButton)
    unlock = screen.findChild(QPushButton, "unlockButton")
    assert unlock is not None
    qtbot.mouseClick(unlock, Qt.MouseButton.LeftButton)
