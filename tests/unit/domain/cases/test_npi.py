"""NPI check digit: Luhn over "80840" + the NPI (CMS), in the case file and on its own."""

from __future__ import annotations

import pytest

from cdt_desktop.domain.cases.case_json import CaseFileError
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.npi import is_valid_npi, npi_problem


@pytest.mark.parametrize(
    ("situation", "npi", "problem"),
    [
        ("CMS's published example NPI", "1234567893", ""),
        ("the placeholder everyone types", "1234567890", "fails the NPI check digit (a typo?)"),
        ("two digits swapped", "1234567839", "fails the NPI check digit (a typo?)"),
        ("one digit short", "123456789", "must be 10 digits"),
        ("letters typed in", "12345678AB", "must be 10 digits"),
        ("left empty while the case is being filled in", "", ""),
        ("typed with spaces around it", " 1234567893 ", ""),
    ],
)
def test_npi_check(situation: str, npi: str, problem: str) -> None:
    assert npi_problem(npi) == problem, situation
    assert is_valid_npi(npi) == (problem == "" and bool(npi.strip())), situation


def test_case_file_with_a_placeholder_npi_is_refused_naming_the_field() -> None:
    with pytest.raises(CaseFileError) as caught:
        Case.from_dict({"provider": {"npi": "1234567890"}})
    assert caught.value.problems == ["'provider.npi' fails the NPI check digit (a typo?)"]
