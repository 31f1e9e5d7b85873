"""A case's tooth as the viewing PC numbers teeth (tooth_shown): a case written at a Universal PC
on #19 showed as "#19" at an FDI PC (case list, heading, status dialog) instead of "FDI 36"."""

from __future__ import annotations

import itertools

import pytest

from cdt_desktop.domain.cross_notation import tooth_shown
from cdt_desktop.domain.teeth import (
    ALL_TEETH,
    NO_TOOTH_TEXT,
    Notation,
    tooth,
    tooth_elsewhere,
    tooth_label,
    tooth_texts,
)


@pytest.mark.parametrize(
    ("stored", "notation", "viewer", "shown"),
    [
        # one permanent molar in every direction: Universal 19 = FDI 36 = Palmer LL6
        ("19", "universal", "fdi", "FDI 36"),
        ("19", "universal", "palmer", "Palmer LL6"),
        ("19", "universal", "universal", "#19"),
        ("36", "fdi", "universal", "#19"),
        ("36", "fdi", "palmer", "Palmer LL6"),
        ("LL6", "palmer", "universal", "#19"),
        ("LL6", "palmer", "fdi", "FDI 36"),
        ("46", "fdi", "universal", "#30"),
        ("46", "fdi", "fdi", "FDI 46"),
        ("UL6", "palmer", "fdi", "FDI 26"),
        # written as users type: sign, blanks, small letters, the case file's empty default
        ("#19", "universal", "fdi", "FDI 36"),
        (" 19 ", "universal", "fdi", "FDI 36"),
        ("19", "", "fdi", "FDI 36"),
        ("ll6", "Palmer", "FDI", "FDI 36"),
        # primary teeth A-T
        ("A", "universal", "fdi", "FDI 55"),
        ("K", "universal", "fdi", "FDI 75"),
        ("k", "universal", "palmer", "Palmer LLE"),
        ("T", "universal", "palmer", "Palmer LRE"),
        ("85", "fdi", "universal", "#T"),
        ("URA", "palmer", "universal", "#E"),
        # the viewer's own notation: as stored, exactly as before
        ("07", "universal", "universal", "#07"),
        ("4-6", "fdi", "fdi", "FDI 4-6"),
        # supernumerary: Palmer has a form for it, FDI has no number (no "36s" invented)
        ("69", "universal", "palmer", "Palmer LL6s"),
        ("69", "universal", "fdi", "#69"),
        ("KS", "universal", "fdi", "#KS"),
        # not a tooth in its notation, or an unknown notation: shown as stored, never guessed
        ("99", "universal", "fdi", "#99"),
        ("19", "fdi", "universal", "FDI 19"),
        ("36", "", "palmer", "#36"),
        ("19", "iso", "fdi", "#19"),
        ("19", "universal", "", "#19"),
        ("46", "fdi", "klingon", "FDI 46"),
        ("", "universal", "fdi", ""),
        ("  ", "fdi", "universal", ""),
    ],
)
def test_a_case_s_tooth_in_the_viewer_s_notation(
    stored: str, notation: str, viewer: str, shown: str
) -> None:
    assert tooth_shown(stored, notation, viewer) == shown


def test_a_mixed_dentition_chart_reads_in_one_notation() -> None:
    """A child's cases written at three PCs (mixed dentition: permanent first molars and primary
    teeth), read at an FDI PC, then at a Universal one."""
    cases = [("3", "universal"), ("75", "fdi"), ("URD", "palmer"), ("30", "universal"),
             ("J", "universal"), ("36", "fdi")]  # fmt: skip
    assert [tooth_shown(t, n, "fdi") for t, n in cases] == [
        "FDI 16", "FDI 75", "FDI 54", "FDI 46", "FDI 65", "FDI 36"
    ]  # fmt: skip
    assert [tooth_shown(t, n, "universal") for t, n in cases] == [
        "#3", "#K", "#B", "#30", "#J", "#19"
    ]  # fmt: skip


def test_every_tooth_reads_the_same_from_every_notation() -> None:
    for found, written, viewer in itertools.product(ALL_TEETH, Notation, Notation):
        stored = found.format(written)
        expected = tooth_label(found.format(viewer), viewer)
        assert tooth_shown(stored, written, viewer) == expected, (found.universal, written)


@pytest.mark.parametrize(
    ("universal", "notation", "shown", "full"),
    [
        (
            "19",
            "universal",
            "Tooth 19: mandibular left first molar (#19 · FDI 36 · Palmer LL6)",
            "Tooth 19: #19, mandibular left first molar, FDI 36, Palmer LL6",
        ),
        (
            "19",
            "fdi",
            "Tooth 36: mandibular left first molar (#19 · FDI 36 · Palmer LL6)",
            "Tooth 36: #19, mandibular left first molar, FDI 36, Palmer LL6",
        ),
        ("51", "universal", "Tooth #51, supernumerary near #1", "Tooth #51, supernumerary near #1"),
        (None, "universal", NO_TOOTH_TEXT, NO_TOOTH_TEXT),
    ],
)
def test_the_line_under_the_chart_leads_with_the_tooth_in_the_pc_s_notation(
    universal: str | None, notation: str, shown: str, full: str
) -> None:
    assert tooth_texts(tooth(universal) if universal else None, notation) == (shown, full)


@pytest.mark.parametrize(
    ("situation", "typed", "notation", "said"),
    [
        (
            "a Universal 30 kept after the form's Notation was switched to FDI",
            "30", "fdi", "is not a tooth in FDI numbering (11-48, primary 51-85): Universal #30 is FDI 46",
        ),
        (
            "an FDI number typed at a Universal PC",
            "46", "universal",
            "is not a tooth in Universal numbering (1-32, A-T, supernumerary 51-82 or AS-TS): "
            "FDI 46 is Universal #30",
        ),
        ("a Palmer tooth with the FDI notation", "LL6", "fdi", "Palmer LL6 is FDI 36"),
        ("a primary tooth letter with FDI", "K", "fdi", "Universal #K is FDI 75"),
        ("a Universal molar in Palmer", "19", "palmer", "Universal #19 is Palmer LL6"),
        ("no tooth in any numbering", "99", "fdi", "is not a tooth in FDI numbering (11-48, primary 51-85)"),
        ("a supernumerary has no FDI number", "AS", "fdi", "is not a tooth in FDI numbering (11-48, primary 51-85)"),
    ],
)  # fmt: skip
def test_a_tooth_that_is_not_one_in_the_case_s_numbering_says_what_it_is_in_another(
    situation: str, typed: str, notation: str, said: str
) -> None:
    text = tooth_elsewhere(typed, notation)
    if said.startswith("is not"):  # the whole message
        assert text == said, situation
    else:  # the hint after the notation's range
        assert text.endswith(f": {said}"), situation


@pytest.mark.parametrize(
    ("typed", "notation", "message"),
    [
        ("30", "fdi", "'30' is not a tooth in FDI numbering (11-48, primary 51-85): Universal #30 is FDI 46"),
        ("36", "universal", "'36' is not a tooth in Universal numbering (1-32, A-T, supernumerary 51-82 or AS-TS): FDI 36 is Universal #19"),
        ("99", "fdi", "'99' is not a tooth in FDI numbering (11-48, primary 51-85)"),
        # something pasted in (a name) is never echoed, nor looked up elsewhere
        ("Jordan Reyes", "fdi", "the entry is not a tooth in FDI numbering (11-48, primary 51-85)"),
    ],
)  # fmt: skip
def test_a_typed_tooth_of_another_numbering_is_refused_with_what_it_is_there(
    typed: str, notation: str, message: str
) -> None:
    """`cdt-desktop suggest --tooth 30 --notation fdi` said only that 30 is no FDI tooth."""
    from cdt_desktop.domain.teeth import InvalidToothError, parse_tooth

    with pytest.raises(InvalidToothError) as refused:
        parse_tooth(typed, notation)
    assert str(refused.value) == message
