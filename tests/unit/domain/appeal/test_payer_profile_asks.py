"""What the office's payer profiles ask, at the letter: which profile a payer's name takes, a
film the profile asks for that does not go, and the office's note for the billing desk (the
payer-profiles walkthrough found each of them silent or wrong)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.domain.appeal.check import export_check
from cdt_desktop.domain.appeal.profiles import PayerProfile, profile_for
from cdt_desktop.domain.cases.model import Case, Payer
from tests.helpers import REPO_ROOT

TODAY = date(2026, 12, 6)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"

SHIPPED_NORTHEAST = PayerProfile("northeast-delta-dental", "Northeast Delta Dental",
                                 window_days=180, signed_letter=True)  # fmt: skip
OFFICE_DELTA = PayerProfile("delta-dental", "Delta Dental", window_days=60, office=True)
OFFICE_OHIO = PayerProfile("ddoh", "Delta Dental of Ohio", window_days=90, office=True)
OFFICE_NORTHEAST = SHIPPED_NORTHEAST._replace(window_days=120, office=True)


@pytest.mark.parametrize(
    ("payer_name", "profiles", "expected"),
    [
        ("Northeast Delta Dental", (OFFICE_DELTA, SHIPPED_NORTHEAST), SHIPPED_NORTHEAST),
        ("NORTHEAST  delta dental PPO", (SHIPPED_NORTHEAST, OFFICE_DELTA), SHIPPED_NORTHEAST),
        ("Delta Dental of Ohio PPO", (OFFICE_DELTA, OFFICE_OHIO), OFFICE_OHIO),
        ("Delta Dental of Michigan", (OFFICE_DELTA, OFFICE_OHIO, SHIPPED_NORTHEAST), OFFICE_DELTA),
        ("Northeast Delta Dental", (SHIPPED_NORTHEAST, OFFICE_NORTHEAST), OFFICE_NORTHEAST),
        ("Cigna Dental", (OFFICE_DELTA, SHIPPED_NORTHEAST), None),
        ("", (OFFICE_DELTA,), None),
    ],
    ids=["a-short-office-name-inside-a-shipped-one", "any-case-and-spacing",
         "two-office-profiles", "only-the-short-one-matches", "the-office-s-version-of-it",
         "none-matches", "no-payer-name"],
)  # fmt: skip
def test_the_payer_s_name_takes_its_most_exact_profile(
    payer_name: str, profiles: tuple[PayerProfile, ...], expected: PayerProfile | None
) -> None:
    assert profile_for("", payer_name, profiles) == expected


def _necessity_case(enclosures: tuple[str, ...] = ()) -> Case:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    claim = replace(case.claim, denial_reason="Not medically necessary.",
                    denial_category="necessity")  # fmt: skip
    return replace(case, claim=claim, payer=Payer(name="Delta Dental of Ohio PPO"),
                   enclosures=enclosures)  # fmt: skip


WANTS_PREOP = OFFICE_OHIO._replace(enclose=("Copy of the EOB", "Pre-operative radiograph"))


def _reminders(case: Case, films: list[tuple[str, str]], profile: PayerProfile) -> list[str]:
    items = export_check(case, entry=None, selection=None, today=TODAY, profile=profile,
                         attached=films)  # fmt: skip
    return [item.text for item in items if not item.blocking]


@pytest.mark.parametrize(
    ("situation", "films", "typed", "asked"),
    [
        ("no image attached", [], (), True),
        ("only the post-op image attached", [("Post-op PA #19", "2026-11-02")], (), True),
        ("the pre-op image attached", [("Pre-op PA #19", "2026-09-01")], (), False),
        ("the office typed it as going by mail", [], ("Pre-op radiograph, mailed on CD",), False),
    ],
)
def test_a_film_the_payer_s_profile_asks_for_is_named_when_it_does_not_go(
    situation: str, films: list[tuple[str, str]], typed: tuple[str, ...], asked: bool
) -> None:
    said = [r for r in _reminders(_necessity_case(typed), films, WANTS_PREOP)
            if "payer profile asks for" in r]  # fmt: skip
    expected = (
        "Delta Dental of Ohio's payer profile asks for the pre-operative radiograph to be "
        "enclosed, and it does not go with this letter: attach it with Radiographs…, or send "
        "it to the payer with the appeal."
    )
    assert said == ([expected] if asked else []), situation


def test_the_office_s_note_for_the_billing_desk_is_shown_at_the_letter() -> None:
    noted = OFFICE_OHIO._replace(instructions="Fax first:\n 555-0100, then mail.")
    shipped = SHIPPED_NORTHEAST._replace(instructions="Unconfirmed (see verify): said to want …")
    assert "Delta Dental of Ohio, the office's note: Fax first: 555-0100, then mail." in (
        _reminders(_necessity_case(), [], noted)
    )
    assert not any("note:" in r for r in _reminders(_necessity_case(), [], shipped))


@pytest.mark.parametrize(
    "line",
    ["Post-op x-ray", "Post op xray", "post-operative X ray", "Post-op PA",
     "Post-operative periapical radiograph", "Postop film"],
)  # fmt: skip
def test_a_post_op_film_the_profile_asks_for_is_known_however_it_is_worded(line: str) -> None:
    """Walkthrough: the profile's "Post-op x-ray" was listed as enclosed with only the pre-op
    image attached, where "Post-operative radiograph" was named in the check."""
    wants = OFFICE_OHIO._replace(enclose=("Copy of the EOB", line))
    films = [("Pre-op PA #19", "2026-09-01")]
    said = [r for r in _reminders(_necessity_case(), films, wants)
            if "payer profile asks for" in r]  # fmt: skip
    assert said == [
        "Delta Dental of Ohio's payer profile asks for the post-operative radiograph to be "
        "enclosed, and it does not go with this letter: attach it with Radiographs…, or send "
        "it to the payer with the appeal."
    ]


def test_an_office_version_renamed_still_replaces_the_shipped_profile() -> None:
    """Walkthrough: the office saved its own "MetLife" (replacing the shipped one: same id), then
    renamed it "MetLife Dental Plans"; a claim to "MetLife" followed the shipped profile the
    dialog and `payers list` said was replaced."""
    shipped = PayerProfile("metlife", "MetLife", window_days=180)
    renamed = PayerProfile("metlife", "MetLife Dental Plans", window_days=120, office=True)
    assert profile_for("", "MetLife", (renamed, shipped)) is None
    assert profile_for("", "MetLife Dental Plans PPO", (shipped, renamed)) == renamed
    assert profile_for("metlife", "", (shipped, renamed)) == renamed
