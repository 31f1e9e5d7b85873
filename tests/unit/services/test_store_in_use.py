"""`StoreInUse`: what reads the case store on demand (the licensed code set, the office's payer
profiles) asks the start's store until the window takes over, then the window's, even after
File > Case store... switches it. Real SQLite stores."""

from __future__ import annotations

from pathlib import Path

from cdt_desktop.db.cases import open_repository
from cdt_desktop.services.store import StoreInUse


def test_nothing_is_in_use_before_the_start_opens_a_store() -> None:
    in_use = StoreInUse()
    assert in_use() is None
    assert in_use.online()  # nothing says the server is away: a lookup may ask


def test_the_start_store_is_in_use_until_the_window_follows(tmp_path: Path) -> None:
    with (
        open_repository(None, data_dir=tmp_path / "a") as first,
        open_repository(None, data_dir=tmp_path / "b") as switched,
    ):
        in_use = StoreInUse()
        assert in_use.opened(first) is first
        assert in_use() is first
        window_store = [first]
        online = [True]
        in_use.follow(lambda: window_store[0], lambda: online[0])
        window_store[0], online[0] = switched, False  # File > Case store..., then offline
        assert in_use() is switched
        assert not in_use.online()
