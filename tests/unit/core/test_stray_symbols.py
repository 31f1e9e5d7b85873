"""A payer's number typed or pasted with an emoji or a symbol in it is named by the code point
(walkthrough 43: "CLM-1234 🦷" was kept and printed on the letter); the numbers offices really
type pass, in any script."""

from __future__ import annotations

import pytest

from cdt_desktop.core.text import stray_symbols


@pytest.mark.parametrize(
    ("situation", "typed", "found"),
    [
        ("a tooth emoji after the claim number", "CLM-1234 \U0001f9b7", ["U+1F9B7"]),
        ("a thumbs-up with its skin tone", "88431\U0001f44d\U0001f3fd", ["U+1F44D", "U+1F3FD"]),
        ("a euro sign pasted from a price", "A\u20ac1", ["U+20AC"]),
        ("a private-use glyph from a PDF font", "EOB\ue000 77", ["U+E000"]),
        ("a heavy check mark, twice", "\u2714 77 \u2714", ["U+2714"]),
        ("the claim number as the EOB prints it", "2026-0915-88431", []),
        ("ASCII separators and a hash", "CLM#12/3_A.b:4", []),
        ("a German member id", "M\u00fcller-7", []),
        ("Arabic-Indic digits", "\u0661\u0662\u0663", []),
        ("a no-break space from a portal", "CLM\u00a01", []),
    ],
)
def test_only_symbols_no_payer_matches_are_named(
    situation: str, typed: str, found: list[str]
) -> None:
    assert stray_symbols(typed) == found, situation
