"""`fold`: what case search compares (accents dropped, casefolded), with unicodedata loaded only when needed."""

from __future__ import annotations

import unicodedata

import pytest

from cdt_desktop.db.cases.rows import fold, search_text


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
