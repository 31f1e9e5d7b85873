"""The office's payer profiles on both case-store backends: what the manager saves in File >
Payer profiles… at the front desk is what another workstation's letter follows (two
connections to one store), and removing the office's version brings the shipped one back."""

from __future__ import annotations

from typing import Any

from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.appeal.profiles import PayerProfile, profile_for
from cdt_desktop.services.payers import PayerDirectory

SHIPPED = (PayerProfile("metlife", "MetLife", window_days=180, verify=("window",)),)


def test_a_profile_saved_at_one_workstation_is_the_one_another_s_letter_follows(
    store_url: str,
) -> None:
    with open_repository(store_url) as front_desk, open_repository(store_url) as operatory:
        desk: Any = front_desk
        chair: Any = operatory
        PayerDirectory(SHIPPED, desk).save(
            PayerProfile("metlife", "MetLife Dental Plans", window_days=120,
                         instructions="Fax first"), operator="AA",
        )  # fmt: skip
        PayerDirectory(SHIPPED, desk).save(
            PayerProfile("ddoh", "Delta Dental of Ohio", address="PO Box 1"), operator="AA"
        )
        seen = PayerDirectory(SHIPPED, chair).profiles()
        assert [(p.id, p.office) for p in seen] == [
            ("metlife", True), ("ddoh", True), ("metlife", False),
        ]  # fmt: skip
        # renamed, the office's version still replaces the shipped one of its id
        assert profile_for("", "MetLife", seen) is None
        found = profile_for("", "metlife dental plans ppo", seen)
        assert found is not None and (found.window_days, found.instructions) == (120, "Fax first")

        assert PayerDirectory(SHIPPED, desk).remove("metlife", operator="AA")
        after = PayerDirectory(SHIPPED, chair).profiles()
        back = profile_for("", "MetLife", after)
        assert back is not None and not back.office and back.window_days == 180
        trail = [r.detail for r in desk.audit_trail() if r.action == "settings"]
        assert any(d.startswith("payer-profile:ddoh = ") for d in trail)
