"""A case's payer profile id belongs to the payer it was saved with (two-PC walk: a case filed
as MetLife's, its payer retyped "Delta Dental", kept MetLife's profile, window and address)."""

from __future__ import annotations

import pytest

from cdt_desktop.domain.appeal.profiles import PayerProfile, kept_profile_id, profile_for

PROFILES = (
    PayerProfile(id="metlife", name="MetLife", window_days=180),
    PayerProfile(id="ne-delta", name="Northeast Delta Dental", window_days=90),
)


@pytest.mark.parametrize(
    ("situation", "saved", "typed", "kept", "followed"),
    [
        ("the_payer_untouched", "MetLife", "MetLife", "metlife", "metlife"),
        ("the_same_payer_respaced_or_recased", "MetLife", "  metlife ", "metlife", "metlife"),
        ("another_payer_typed", "MetLife", "Northeast Delta Dental", "", "ne-delta"),
        ("a_payer_no_profile_names", "MetLife", "Delta Dental of OH", "", None),
        ("the_payer_cleared", "MetLife", "", "", None),
        ("a_case_with_no_profile_id", "Cigna", "Northeast Delta Dental", "", "ne-delta"),
    ],
)
def test_the_profile_follows_the_payer_typed(
    situation: str, saved: str, typed: str, kept: str, followed: str | None
) -> None:
    profile_id = "metlife" if saved == "MetLife" else ""
    assert kept_profile_id(profile_id, saved, typed) == kept
    profile = profile_for(kept, typed, PROFILES)
    assert (profile.id if profile else None) == followed
