"""The note under the appeal dialog's Enclosures field: the billing clerk edited the pre-op line
the checklist made, and the letter printed the attached film's own line instead. The note says
which lines the attached films replace, so what she edits is what prints."""

from __future__ import annotations

import pytest

from cdt_desktop.domain.appeal.films import enclosures_note

PREOP_TICK = "Diagnostic pre-operative periapical radiograph of the tooth, dated November 2, 2026"
POSTOP_TICK = "Post-operative periapical radiograph taken after treatment was completed"
NARRATIVE = "Clinical notes of November 2, 2026"


@pytest.mark.parametrize(
    ("situation", "listed", "captions", "expected"),
    [
        ("no film attached: the field is the list", (PREOP_TICK, NARRATIVE), (), ""),
        (
            "the pre-op film attached: its ticked line is replaced",
            (PREOP_TICK, NARRATIVE),
            ("Pre-operative periapical radiograph, tooth #19",),
            f"The attached film prints as its own line, with the date taken, in place of "
            f"“{PREOP_TICK}”.",
        ),
        (
            "both films attached: both ticked lines are replaced",
            (PREOP_TICK, POSTOP_TICK, NARRATIVE),
            ("Pre-operative periapical radiograph", "Post-operative periapical radiograph"),
            f"The attached films print as their own lines, with the date taken, in place of "
            f"“{PREOP_TICK}”; “{POSTOP_TICK}”.",
        ),
        (
            "a film whose line the clerk already deleted: printed after the list",
            (NARRATIVE,),
            ("Pre-operative periapical radiograph",),
            "The attached film prints as its own line, with the date taken, after these.",
        ),
        (
            "the post-op film attached, the pre-op only ticked: the pre-op line stays",
            (PREOP_TICK, POSTOP_TICK),
            ("Post-operative periapical radiograph",),
            f"The attached film prints as its own line, with the date taken, in place of "
            f"“{POSTOP_TICK}”.",
        ),
    ],
)
def test_the_note_names_the_lines_the_attached_films_replace(
    situation: str, listed: tuple[str, ...], captions: tuple[str, ...], expected: str
) -> None:
    assert enclosures_note(listed, captions) == expected, situation
