"""LazyPattern: a regular expression compiled on first use matches as re.compile's would."""

from __future__ import annotations

import re

import pytest

from cdt_desktop.core.patterns import LazyPattern


@pytest.mark.parametrize(
    ("pattern", "flags", "text"),
    [
        (r"^[a-z0-9][a-z0-9-]{0,39}$", 0, "delta-dental"),
        (r"^[a-z0-9][a-z0-9-]{0,39}$", 0, "-no"),
        (r"^[#A-Za-z0-9 .\-]{1,5}$", 0, "#19"),
        (r"\w+", re.UNICODE, "molar RCT Größe"),
    ],
)
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: str, flags: int, text: str) -> None:
    lazy = LazyPattern(pattern, flags)
    assert not lazy.is_compiled()  # nothing is compiled when the module is imported
    eager = re.compile(pattern, flags)
    assert bool(lazy.match(text)) == bool(eager.match(text))
    assert lazy.is_compiled()
    assert bool(lazy.fullmatch(text)) == bool(eager.fullmatch(text))
    assert bool(lazy.search(text)) == bool(eager.search(text))
    assert lazy.findall(text) == eager.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.sub("_", text) == eager.sub("_", text)
