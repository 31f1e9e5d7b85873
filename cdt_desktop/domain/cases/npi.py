"""The National Provider Identifier's check digit (CMS: Luhn over the prefix "80840" + the NPI).

A ten-digit NPI carries its own check digit, so a typo (or the common placeholder 1234567890) is
caught before it is printed on a letter to a payer. Pure Python, used by the case file, the case
form and through the case file by the command line.
"""

from __future__ import annotations

import re

NPI_PREFIX = "80840"  # the card issuer prefix CMS puts in front of the NPI for the Luhn check
_TEN_DIGITS = re.compile(r"^\d{10}$")


def luhn_ok(digits: str) -> bool:
    """True when `digits` (all digits, check digit last) passes the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def npi_problem(npi: str) -> str:
    """Why `npi` is not a valid NPI ("" when it is, or when it is empty: it is optional)."""
    value = npi.strip()
    if not value:
        return ""
    if not _TEN_DIGITS.match(value):
        return "must be 10 digits"
    if not luhn_ok(NPI_PREFIX + value):
        return "fails the NPI check digit (a typo?)"
    return ""


def is_valid_npi(npi: str) -> bool:
    """A present, well-formed NPI whose check digit is right."""
    return bool(npi.strip()) and not npi_problem(npi)
