"""A wrong PIN says the same words with the case store up and while it cannot be reached (the
window locked over the signed-in user's work): one message, the name isolated in both, on a
real SQLite store. Only what follows the tries left differs (what they lead to)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cdt_desktop.core.text import isolate
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.ports import StoreUnavailableError
from cdt_desktop.domain.pins import ScryptParams, SignInError
from cdt_desktop.domain.session import Role
from cdt_desktop.services.auth import AuthService

FAST = ScryptParams(n=2**10)
NAME, PIN = "مريم حداد", "730184"  # a right-to-left name: its words must keep their order


class _ServerDown:
    """The real store, but reading a user fails as a server that went away does (``down``)."""

    def __init__(self, store: CaseStore) -> None:
        self._store, self.down = store, False

    def get_user(self, user_id: int) -> Any:
        if self.down:
            raise StoreUnavailableError("The case store cannot be reached.")
        return self._store.get_user(user_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _wrong_pin(auth: AuthService, user_id: int) -> str:
    with pytest.raises(SignInError) as caught:
        auth.sign_in(user_id, "000001")
    return str(caught.value)


def test_a_wrong_pin_says_the_same_words_online_and_offline(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "data") as real:
        store = _ServerDown(real)
        auth = AuthService(store, params=FAST)  # type: ignore[arg-type]
        auth.create_first_admin("Ana Admin", "482913")
        maria = auth.add_user(NAME, Role.ASSISTANT, PIN)
        auth.sign_in(maria.id, PIN)  # signed in: she alone may unlock while the server is down

        online = _wrong_pin(auth, maria.id)
        auth.sign_in(maria.id, PIN)  # the count starts again
        store.down = True
        offline = _wrong_pin(auth, maria.id)

    same = f"Wrong PIN for {isolate(NAME)}. 4 more wrong PINs "
    assert online.startswith(same), online
    assert offline.startswith(same), offline
    assert online.endswith("lock this user for 5 minutes.")
    assert offline.endswith("the window stays locked until the case store is back.")


def test_the_last_try_before_the_lockout_says_locks(tmp_path: Path) -> None:
    """Office walkthrough: "1 more wrong PIN lock this user for 5 minutes."."""
    with CaseStore.open(tmp_path / "data") as store:
        auth = AuthService(store, params=FAST)
        auth.create_first_admin("Ana Admin", "482913")
        maria = auth.add_user(NAME, Role.ASSISTANT, PIN)
        said = [_wrong_pin(auth, maria.id) for _ in range(4)]
    assert said[-2].endswith(". 2 more wrong PINs lock this user for 5 minutes."), said
    assert said[-1].endswith(". 1 more wrong PIN locks this user for 5 minutes."), said
