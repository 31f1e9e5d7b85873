"""The id a payer profile made in the window gets from its name (the window asks only for the
name; the command line's ids look the same)."""

from __future__ import annotations

import pytest

from cdt_desktop.services.payers import ID_RE, new_profile_id


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Acme Dental Plan", (), "acme-dental-plan"),
        ("  Delta Dental of  Ohio ", (), "delta-dental-of-ohio"),
        ("Blue Cross & Blue Shield (PPO)", (), "blue-cross-blue-shield-ppo"),
        ("Guardian", ("guardian",), "guardian-2"),
        ("Guardian", ("guardian", "guardian-2"), "guardian-3"),
        ("王保险", (), "payer"),
        ("王保险", ("payer",), "payer-2"),
        ("Zoë Dental Mutual", (), "zo-dental-mutual"),
        ("A" * 60, (), "a" * 40),
        ("United Concordia Companies Incorporated Dental", ("united-concordia-companies-incorpor",),
         "united-concordia-companies-incorporated"),
        ("x" * 39 + " y", ("x" * 39,), "x" * 38 + "-2"),
    ],
    ids=["plain", "spaces", "punctuation", "taken", "taken-twice", "no-latin-letters",
         "no-latin-letters-taken", "accented", "too-long", "cut-at-40", "cut-with-suffix"],
)  # fmt: skip
def test_a_new_profile_s_id_comes_from_its_name(
    name: str, taken: tuple[str, ...], expected: str
) -> None:
    made = new_profile_id(name, taken)
    assert made == expected
    assert ID_RE.match(made), "the id the store accepts"


def test_a_payer_name_with_an_emoji_is_refused_naming_it() -> None:
    """Office manager walk: "Sunrise Dental 😀" was saved, and no claim's payer (the case form
    refuses emoji in names) could ever match it: the letters fell back to a 180-day window."""
    import pytest

    from cdt_desktop.core.errors import InputError
    from cdt_desktop.domain.appeal.profiles import PayerProfile
    from cdt_desktop.services.payers import validate

    with pytest.raises(InputError, match=r"payer's name has 😀 \(U\+1F600\)"):
        validate(PayerProfile(id="sunrise", name="Sunrise Dental 😀", window_days=60))
    assert validate(PayerProfile(id="sunrise", name="Sunrise Dentál", window_days=60)).name
