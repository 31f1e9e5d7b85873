"""`app.starting()`: start-up runs without the cyclic collector, and what it built is frozen."""

from __future__ import annotations

import gc

import pytest

from cdt_desktop import app


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector can free it


def test_collector_is_paused_during_start_up_and_running_after() -> None:
    assert gc.isenabled()
    with app.starting():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_objects_built_during_start_up_are_frozen_out_of_later_collections() -> None:
    before = gc.get_freeze_count()
    with app.starting():
        built = [_Node() for _ in range(100)]
    assert gc.get_freeze_count() >= before + len(built)
    gc.unfreeze()


def test_a_failed_start_up_still_turns_the_collector_back_on() -> None:
    with pytest.raises(RuntimeError), app.starting():
        raise RuntimeError("window could not be built")
    assert gc.isenabled()
    gc.unfreeze()


def test_a_collector_the_caller_had_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with app.starting():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
