"""Tooth numbering: every tooth's type, FDI round trips, Palmer display, and what is refused."""

from __future__ import annotations

import pytest

from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.cross_notation import in_notation
from cdt_desktop.domain.teeth import (
    ALL_TEETH,
    PERMANENT_TEETH,
    PRIMARY_TEETH,
    SUPERNUMERARY_TEETH,
    Arch,
    Dentition,
    InvalidToothError,
    Notation,
    ToothType,
    parse_tooth,
    tooth,
)

A, P, M = ToothType.ANTERIOR, ToothType.PREMOLAR, ToothType.MOLAR
PA, PP = ToothType.PRIMARY_ANTERIOR, ToothType.PRIMARY_POSTERIOR

# Universal -> type, written out tooth by tooth (docs/design-rules.md, Coding rules), not computed.
PERMANENT_TYPES = {
    "1": M, "2": M, "3": M, "4": P, "5": P, "6": A, "7": A, "8": A,
    "9": A, "10": A, "11": A, "12": P, "13": P, "14": M, "15": M, "16": M,
    "17": M, "18": M, "19": M, "20": P, "21": P, "22": A, "23": A, "24": A,
    "25": A, "26": A, "27": A, "28": P, "29": P, "30": M, "31": M, "32": M,
}  # fmt: skip
PRIMARY_TYPES = {
    "A": PP, "B": PP, "C": PA, "D": PA, "E": PA, "F": PA, "G": PA, "H": PA, "I": PP, "J": PP,
    "K": PP, "L": PP, "M": PA, "N": PA, "O": PA, "P": PA, "Q": PA, "R": PA, "S": PP, "T": PP,
}  # fmt: skip
# Universal -> FDI, written out (the quadrant formulas of docs/design-rules.md, Coding rules, are
# what is under test).
FDI = {
    "1": "18", "2": "17", "3": "16", "4": "15", "5": "14", "6": "13", "7": "12", "8": "11",
    "9": "21", "10": "22", "11": "23", "12": "24", "13": "25", "14": "26", "15": "27", "16": "28",
    "17": "38", "18": "37", "19": "36", "20": "35", "21": "34", "22": "33", "23": "32",
    "24": "31", "25": "41", "26": "42", "27": "43", "28": "44", "29": "45", "30": "46",
    "31": "47", "32": "48",
    "A": "55", "B": "54", "C": "53", "D": "52", "E": "51", "F": "61", "G": "62", "H": "63",
    "I": "64", "J": "65", "K": "75", "L": "74", "M": "73", "N": "72", "O": "71", "P": "81",
    "Q": "82", "R": "83", "S": "84", "T": "85",
}  # fmt: skip


@pytest.mark.parametrize(
    ("universal", "kind"), sorted({**PERMANENT_TYPES, **PRIMARY_TYPES}.items())
)
def test_every_tooth_has_its_type(universal: str, kind: ToothType) -> None:
    t = tooth(universal)
    assert t.type is kind
    assert t.is_anterior == (kind in (A, PA))
    assert t.is_posterior == (kind not in (A, PA))
    expected = Dentition.PRIMARY if universal.isalpha() else Dentition.PERMANENT
    assert t.dentition is expected


def test_primary_molars_are_never_premolars() -> None:
    for letter in "ABIJKLST":
        assert tooth(letter).type is PP
        assert "molar" in tooth(letter).name
        assert "premolar" not in tooth(letter).name


@pytest.mark.parametrize(("universal", "fdi"), sorted(FDI.items()))
def test_fdi_round_trip(universal: str, fdi: str) -> None:
    t = tooth(universal)
    assert t.fdi == fdi
    assert t.format(Notation.FDI) == fdi
    assert t.format("fdi") == fdi
    assert parse_tooth(fdi, Notation.FDI) == t
    assert parse_tooth(fdi, "fdi").universal == universal


def test_tables_are_complete_and_in_universal_order() -> None:
    assert [t.universal for t in PERMANENT_TEETH] == [str(n) for n in range(1, 33)]
    assert [t.universal for t in PRIMARY_TEETH] == list("ABCDEFGHIJKLMNOPQRST")
    assert ALL_TEETH == PERMANENT_TEETH + PRIMARY_TEETH
    assert len({t.fdi for t in ALL_TEETH}) == 52
    assert not any(t.supernumerary for t in ALL_TEETH)


@pytest.mark.parametrize(
    ("universal", "palmer", "symbol"),
    [
        ("1", "UR8", "8┘"),
        ("3", "UR6", "6┘"),
        ("8", "UR1", "1┘"),
        ("9", "UL1", "└1"),
        ("14", "UL6", "└6"),
        ("19", "LL6", "┌6"),
        ("24", "LL1", "┌1"),
        ("25", "LR1", "1┐"),
        ("30", "LR6", "6┐"),
        ("A", "URE", "E┘"),
        ("E", "URA", "A┘"),
        ("J", "ULE", "└E"),
        ("K", "LLE", "┌E"),
        ("T", "LRE", "E┐"),
        ("69", "LL6s", "┌6s"),
        ("KS", "LLEs", "┌Es"),
    ],
)
def test_palmer_formatting_and_parsing(universal: str, palmer: str, symbol: str) -> None:
    t = tooth(universal)
    assert t.palmer == palmer
    assert t.format(Notation.PALMER) == palmer
    assert t.format("palmer-symbol") == symbol
    assert parse_tooth(palmer.lower(), Notation.PALMER) == t


@pytest.mark.parametrize(
    ("universal", "name", "label"),
    [
        ("19", "mandibular left first molar", "#19, mandibular left first molar, FDI 36"),
        ("8", "maxillary right central incisor", "#8, maxillary right central incisor, FDI 11"),
        ("6", "maxillary right canine", "#6, maxillary right canine, FDI 13"),
        ("29", "mandibular right second premolar", "#29, mandibular right second premolar, FDI 45"),
        ("A", "primary maxillary right second molar", None),
        ("K", "primary mandibular left second molar",
         "#K, primary mandibular left second molar, FDI 75"),
        ("69", "supernumerary near #19", "#69, supernumerary near #19"),
    ],
)  # fmt: skip
def test_names_and_labels(universal: str, name: str, label: str | None) -> None:
    t = tooth(universal)
    assert t.name == name
    if label is not None:
        assert t.label == label


@pytest.mark.parametrize(
    ("universal", "arch", "side", "quadrant", "position"),
    [
        ("1", Arch.MAXILLARY, "right", 1, 8),
        ("16", Arch.MAXILLARY, "left", 2, 8),
        ("17", Arch.MANDIBULAR, "left", 3, 8),
        ("32", Arch.MANDIBULAR, "right", 4, 8),
        ("E", Arch.MAXILLARY, "right", 5, 1),
        ("F", Arch.MAXILLARY, "left", 6, 1),
        ("O", Arch.MANDIBULAR, "left", 7, 1),
        ("T", Arch.MANDIBULAR, "right", 8, 5),
    ],
)
def test_arch_side_quadrant_position(
    universal: str, arch: Arch, side: str, quadrant: int, position: int
) -> None:
    t = tooth(universal)
    assert (t.arch, t.side, t.quadrant, t.position) == (arch, side, quadrant, position)


def test_supernumerary_teeth_take_type_and_place_from_the_nearest_tooth() -> None:
    assert len(SUPERNUMERARY_TEETH) == 52
    for near in ALL_TEETH:
        sup = tooth(f"{near.universal}S" if near.is_primary else str(int(near.universal) + 50))
        assert sup.supernumerary
        assert sup.fdi is None
        assert sup.nearest == near
        assert (sup.type, sup.arch, sup.side, sup.quadrant, sup.dentition) == (
            near.type,
            near.arch,
            near.side,
            near.quadrant,
            near.dentition,
        )
        assert sup.name == f"supernumerary near #{near.universal}"
    assert [t.universal for t in SUPERNUMERARY_TEETH[:32]] == [str(n) for n in range(51, 83)]
    assert tooth("as").universal == "AS"
    assert tooth("69").format(Notation.FDI) == "36s"
    assert tooth("69").format(Notation.UNIVERSAL) == "69"


@pytest.mark.parametrize(
    ("text", "notation", "universal"),
    [
        ("19", Notation.UNIVERSAL, "19"),
        (" #19 ", Notation.UNIVERSAL, "19"),
        ("# 19", "universal", "19"),
        ("k", Notation.UNIVERSAL, "K"),
        ("07", Notation.UNIVERSAL, "7"),
        ("51", Notation.UNIVERSAL, "51"),
        ("82", Notation.UNIVERSAL, "82"),
        ("ts", Notation.UNIVERSAL, "TS"),
        ("36", Notation.FDI, "19"),
        (" 85 ", "FDI", "T"),
        ("3.6", Notation.FDI, "19"),
        ("ll6", Notation.PALMER, "19"),
        ("UR E", Notation.PALMER, "A"),
    ],
)
def test_accepted_inputs(text: str, notation: Notation | str, universal: str) -> None:
    assert parse_tooth(text, notation).universal == universal


@pytest.mark.parametrize(
    ("text", "notation"),
    [
        ("33", Notation.UNIVERSAL),
        ("Z", Notation.UNIVERSAL),
        ("", Notation.UNIVERSAL),
        ("   ", Notation.UNIVERSAL),
        ("#", Notation.UNIVERSAL),
        ("0", Notation.UNIVERSAL),
        ("00", Notation.UNIVERSAL),
        ("99", Notation.UNIVERSAL),
        ("5A", Notation.UNIVERSAL),
        ("50", Notation.UNIVERSAL),
        ("83", Notation.UNIVERSAL),
        ("US", Notation.UNIVERSAL),
        ("-1", Notation.UNIVERSAL),
        ("1.0", Notation.UNIVERSAL),
        ("١٩", Notation.UNIVERSAL),  # Arabic-Indic digits are not tooth numbers here
        ("36", Notation.UNIVERSAL),  # would be a supernumerary only from 51
        ("19", Notation.FDI),
        ("10", Notation.FDI),
        ("49", Notation.FDI),
        ("56", Notation.FDI),
        ("90", Notation.FDI),
        ("K", Notation.FDI),
        ("UR9", Notation.PALMER),
        ("URF", Notation.PALMER),
        ("19", Notation.PALMER),
    ],
)
def test_invalid_inputs_are_refused(text: str, notation: Notation) -> None:
    with pytest.raises(InvalidToothError) as info:
        parse_tooth(text, notation)
    assert isinstance(info.value, InputError)
    assert str(info.value)


def test_36_is_a_supernumerary_free_gap_in_universal_but_a_molar_in_fdi() -> None:
    with pytest.raises(InvalidToothError):
        tooth("36")
    assert parse_tooth("36", "fdi").universal == "19"


def test_error_names_a_short_tooth_entry_but_never_echoes_long_text() -> None:
    with pytest.raises(InvalidToothError, match="'33'"):
        parse_tooth("33")
    with pytest.raises(InvalidToothError) as info:
        parse_tooth("Maria Gonzalez tooth 19")
    assert "Maria" not in str(info.value)
    assert "Universal" in str(info.value)


def test_unknown_notation_is_refused() -> None:
    with pytest.raises(InvalidToothError, match="notation"):
        parse_tooth("19", "haderup")
    with pytest.raises(InvalidToothError, match="notation"):
        tooth("19").format("klingon")


def test_teeth_are_hashable_values() -> None:
    assert tooth("19") == parse_tooth("36", "fdi")
    assert len({tooth("19"), tooth("19"), tooth("K")}) == 2


@pytest.mark.parametrize(
    ("tooth", "notation", "label"),
    [("19", "universal", "#19"), ("#19", "universal", "#19"), ("K", "", "#K"),
     ("46", "fdi", "FDI 46"), ("LR6", "palmer", "Palmer LR6"), ("", "fdi", ""),
     ("  36 ", "FDI", "FDI 36"), ("19", "unknown", "#19")],
)  # fmt: skip
def test_a_tooth_is_written_with_its_notation(tooth: str, notation: str, label: str) -> None:
    from cdt_desktop.domain.teeth import tooth_label

    assert tooth_label(tooth, notation) == label


def test_teeth_of_every_notation_sort_in_one_order() -> None:
    from cdt_desktop.domain.cross_notation import universal_order

    teeth = [("46", "fdi"), ("K", "universal"), ("8", "universal"), ("UR1", "palmer"),
             ("??", "universal"), ("19", "")]  # fmt: skip
    ordered = sorted(teeth, key=lambda t: universal_order(*t))
    assert ordered == [("8", "universal"), ("UR1", "palmer"), ("19", ""), ("46", "fdi"),
                       ("K", "universal"), ("??", "universal")]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "aliases"),
    [("19", ["19", "36", "LL6"]), ("36", ["19", "36", "LL6"]), ("ll6", ["19", "36", "LL6"]),
     ("46", ["30", "46", "LR6"]), ("K", ["K", "75", "LLE"]), ("14", ["14", "26", "UL6", "5", "UR4"]),
     ("99", []), ("maria", []), ("", [])],
)  # fmt: skip
def test_a_typed_tooth_is_known_in_every_notation(typed: str, aliases: list[str]) -> None:
    """The case search finds the case stored as #19 when an FDI office types 36 (tour10)."""
    from cdt_desktop.domain.cross_notation import tooth_aliases

    assert tooth_aliases(typed) == aliases


@pytest.mark.parametrize(
    ("text", "notation", "shown"),
    [
        ("#30 is a permanent molar", "palmer", "tooth LR6 is a permanent molar"),
        ("#19 is a permanent molar", "fdi", "tooth 36 is a permanent molar"),
        ("#K is a primary posterior tooth", "fdi", "tooth 75 is a primary posterior tooth"),
        ("#19 is a permanent molar", "universal", "#19 is a permanent molar"),
        ("claim #CLM-7 for #19", "fdi", "claim #CLM-7 for tooth 36"),  # not a tooth: kept
        ("no tooth named", "palmer", "no tooth named"),
    ],
)
def test_sentences_naming_universal_teeth_read_in_the_pcs_notation(
    text: str, notation: str, shown: str
) -> None:
    assert in_notation(text, notation) == shown
