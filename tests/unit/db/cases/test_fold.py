"""`fold`: what case search compares (accents dropped, casefolded), with unicodedata loaded only
when needed; `unmarked`: the same without the marks inside a name or number."""

from __future__ import annotations

import unicodedata

import pytest

from cdt_desktop.db.cases.rows import fold, search_text, token_variants, unmarked


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("NGUYEN", "Nguyen"),  # plain ASCII, any case
        ("NGUYỄN", "Nguyễn"),  # precomposed letters
        (unicodedata.normalize("NFD", "Nguyễn"), "Nguyễn"),  # typed decomposed, stored composed
        ("ZOË ÑÚÑEZ", unicodedata.normalize("NFD", "Zoë Ñúñez")),
        ("STRASSE", "Straße"),  # casefold, not lower(): ß folds to ss
        ("ΜΆΡΙΟΣ", "μάριος"),
        ("王小明", "王小明"),
        ("fernandez", "Fernández"),  # accents do not matter (issue 18)
        ("NGUYEN VAN AN", "Nguyễn Văn An"),
        ("muller", "Müller"),
        ("", ""),
    ],
)
def test_names_typed_any_way_fold_to_the_same_text(typed: str, stored: str) -> None:
    assert fold(typed) == fold(stored)


def test_ascii_text_folds_like_the_full_normalisation() -> None:
    for text in ("D3330 #19 Claim-77", "O'Brien", "  Mixed Case  ", "\x1f"):
        assert fold(text) == unicodedata.normalize("NFC", text).casefold()


def test_search_text_keeps_the_values_apart() -> None:
    assert search_text("Ann", "", "D3330") == "ann\x1f\x1fd3330"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("obrien", "O'Brien"),
        ("obrien", "O\u2019Brien"),  # curly, pasted from a letter
        ("obrien", "O\u02bcBrien"),  # modifier letter apostrophe (phones)
        ("obrien", "O`Brien"),
        ("obrien", "O\u00b4Brien"),  # an acute accent typed for an apostrophe
        ("smithjones", "Smith-Jones"),
        ("smithjones", "Smith\u2013Jones"),  # en dash
        ("smithjones", "Smith\u00adJones"),  # a soft hyphen, invisible
        ("stjohn", "St. John"),
        ("kaiulani", "Ka\u02bbiulani"),  # the ʻokina
        ("dangelonunez", "D\u2019Angelo-Núñez"),
        ("ch0123", "CH-0123"),
    ],
)
def test_names_typed_without_their_marks_unmark_to_the_same_text(typed: str, stored: str) -> None:
    assert unmarked(fold(typed)) == unmarked(fold(stored)) == typed


def test_search_text_stores_name_chart_and_claim_again_without_marks_only_when_they_differ() -> (
    None
):
    assert search_text("Ann", "", "D3330") == "ann\x1f\x1fd3330"
    assert search_text("O'Brien", "CH-1", "", "D3330", "19", "2026-03-14") == (
        "o'brien\x1fch-1\x1f\x1fd3330\x1f19\x1f2026-03-14\x1eobrien\x1ech1"
    )
    # words only spaced get no copy (most names: it doubled the search time on 10,000
    # cases); a name with a mark loses its spaces too, so "stjohn" finds "St. John"
    assert search_text("Nguyen Van An", "CH7") == "nguyen van an\x1fch7"
    assert search_text("Paul St. John") == "paul st. john\x1epaulstjohn"


@pytest.mark.parametrize(
    ("token", "variants"),
    [
        ("obrien", ["obrien"]),
        ("o'brien", ["o'brien", "o\u2019brien", "o\u2018brien", "obrien"]),
        ("smith-jones", ["smith-jones", "smithjones"]),
        ("2026-03-14", ["2026-03-14"]),  # a date: no claim number 20260314 found by it
        ("03/14/2026", ["03/14/2026", "2026-03-14"]),
        ("-", ["-"]),
    ],
)
def test_a_search_word_is_looked_for_as_typed_and_without_its_marks(
    token: str, variants: list[str]
) -> None:
    assert token_variants(token) == variants
