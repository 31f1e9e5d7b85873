"""Long unbroken text gets break points before it reaches a widget (issue 15 item 13;
RELIABILITY req. 27: every text widget is protected from unbroken megabyte tokens)."""

from __future__ import annotations

import re

import pytest

from cdt_desktop.core.text import ZWSP, break_long_runs, elide, without_breaks


def _longest_run(text: str) -> int:
    return max((len(m) for m in re.findall(rf"[^\s{ZWSP}]+", text)), default=0)


def test_a_megabyte_token_is_broken_every_60_characters() -> None:
    token = "x" * 1_000_000
    broken = break_long_runs(token)
    assert _longest_run(broken) == 60
    assert without_breaks(broken) == token


def test_ordinary_text_is_unchanged() -> None:
    text = "Necrotic pulp, complete root; Nguyễn 王小明 محمد. " * 20
    assert break_long_runs(text) == text


def test_elide_says_how_much_was_left_out() -> None:
    assert elide("abc", 5) == "abc"
    assert elide("x" * 12, 5) == "xxxxx… (7 more characters not shown)"


@pytest.mark.parametrize(
    ("name", "isolated"),
    [
        ("Maria Ruiz", False),
        ("Zoë <b>&amp;</b> Núñez 😀", False),
        ("王小明", False),
        ("مريم حداد", True),
        ("Nguyễn O'Brien محمد", True),
        ("שרה כהן", True),
        ("A\u202eB C", True),  # a case saved before tour7 with a pasted override: kept in
        ("Zoë\u2067", True),  # the name's own run, not reversing "#19 D3330" after it
    ],
)
def test_only_names_with_right_to_left_letters_become_bidi_isolates(
    name: str, isolated: bool
) -> None:
    from cdt_desktop.core.text import FSI, PDI, isolate

    assert isolate(name) == (f"{FSI}{name}{PDI}" if isolated else name)
