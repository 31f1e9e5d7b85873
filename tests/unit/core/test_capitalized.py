"""A service's message or a clause opens a dialog's sentence with a capital, and keeps the
rest of what it said as written (codes, abbreviations and names stay as they are)."""

from __future__ import annotations

import pytest

from cdt_desktop.core.text import capitalized


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("the CDT file is not a code set", "The CDT file is not a code set"),
        ("tooth LLE is a primary tooth", "Tooth LLE is a primary tooth"),
        ("D3330 needs a pre-op radiograph", "D3330 needs a pre-op radiograph"),
        ("été 2026", "Été 2026"),
        ("", ""),
    ],
)
def test_a_message_opens_its_sentence_and_keeps_its_words(said: str, shown: str) -> None:
    assert capitalized(said) == shown
