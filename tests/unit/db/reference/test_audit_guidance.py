"""The shipped guidance after the clinical audit (issue 16): each situation a billing office meets,
read from the real library (`data/cdt.sqlite`, kept in step with `data/source` by test_data_fresh)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.reference import CodeEntry


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    lib = ReferenceLibrary()
    try:
        yield lib
    finally:
        lib.close()


def _entry(library: ReferenceLibrary, code: str) -> CodeEntry:
    entry = library.get(code)
    assert entry is not None, code
    return entry


def _text(entry: CodeEntry) -> str:
    parts = [entry.name, entry.summary, *entry.when_to_use, *entry.when_not_to_use]
    parts += [*entry.billing_tips, *(f"{d.reason} {d.counter}" for d in entry.denials)]
    return " ".join(parts)


# (situation, codes, words one denial reason must contain)
DENIALS = [
    ("waiting_period_or_major_service_on_a_root_canal", ("D3310", "D3320", "D3330"),
     "waiting period"),
    ("second_initial_root_canal_on_the_same_tooth", ("D3310", "D3320", "D3330"),
     "per tooth per lifetime"),
    ("root_canal_code_on_a_primary_tooth_with_a_successor_paid_as_primary_pulpal_therapy",
     ("D3230", "D3240", "D3310", "D3330"), "paid as primary-tooth pulpal therapy"),
    ("incomplete_endodontic_treatment_not_a_benefit", ("D3332",), "not a benefit"),
    ("blocked_canal_with_retreatment_by_the_original_provider", ("D3331",), "original"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("codes", "words"), [row[1:] for row in DENIALS], ids=[row[0] for row in DENIALS]
)
def test_denial_reason_is_listed_with_its_counter(
    library: ReferenceLibrary, codes: tuple[str, ...], words: str
) -> None:
    for code in codes:
        denials = _entry(library, code).denials
        assert any(words in d.reason.lower() and d.counter for d in denials), code


@pytest.mark.parametrize("code", ["D3230", "D3240", "D3310", "D3330"])
def test_how_payers_treat_a_root_canal_code_on_a_primary_tooth_is_a_point_to_verify(
    library: ReferenceLibrary, code: str
) -> None:
    """Coding review: the denial said the payer pays "at the pulpotomy allowance", credited to
    Delta Dental in docs/sources.md though no source we hold says it (and D3230/D3240 are not
    pulpotomies). The denial names no allowance, and the code says it is our reading."""
    entry = _entry(library, code)
    [denial] = [d for d in entry.denials if "permanent successor" in d.reason]
    assert "allowance" not in denial.reason
    assert any("primary tooth with a permanent successor" in note for note in entry.verify)


def test_interim_direct_restoration_is_found_by_its_current_name(
    library: ReferenceLibrary,
) -> None:
    hits = library.search("interim direct restoration", limit=3)
    assert hits and hits[0].code == "D2940"
    assert "Protective (temporary)" not in _entry(library, "D2940").name


def test_deleted_interim_therapeutic_restoration_is_flagged_like_D3354(
    library: ReferenceLibrary,
) -> None:
    d2941 = _entry(library, "D2941")
    assert d2941.is_deleted and d2941.replaced_by == ("D2940",)
    hit = next(h for h in library.search("D2941", limit=5) if h.code == "D2941")
    assert hit.deleted


def test_pulpotomy_guidance_says_payers_differ_on_an_emergency_pulpotomy(
    library: ReferenceLibrary,
) -> None:
    d3220 = _entry(library, "D3220")
    assert "differs by payer" in d3220.summary
    assert "not the start of a root canal" not in d3220.summary
    # said once, as a note to verify: "When to use" offered it as accepted while "When not
    # to use" sent the same visit to D3221 (dentist walkthrough)
    assert not [w for w in d3220.when_to_use if "emergency" in w.lower()], d3220.when_to_use
    assert any("UnitedHealthcare" in v for v in d3220.verify)


def test_the_molar_root_canal_asks_for_the_canal_filling_as_the_other_two_do(
    library: ReferenceLibrary,
) -> None:
    """Dentist walkthrough: D3310 and D3320 required the obturation item, D3330 had none."""
    for code in ("D3310", "D3320", "D3330"):
        items = {i.id: i.required for i in _entry(library, code).checklist}
        assert items.get("obturation-recorded") is True, code
    for code in ("D3346", "D3347", "D3348"):
        assert "obturation-recorded" in {i.id for i in _entry(library, code).checklist}, code


@pytest.mark.parametrize(
    ("code", "restored_with"),
    [
        ("D3240", "crown"),  # a primary molar's pulpectomy: a stainless steel crown
        ("D3220", "crown"),
        ("D3110", "filling"),  # a direct pulp cap: the filling over it
        ("D3120", "filling"),
        ("D3330", "build-up and crown"),
    ],
)
def test_the_restoration_item_fits_every_code_that_carries_it(
    library: ReferenceLibrary, code: str, restored_with: str
) -> None:
    """Dentist walkthrough: the primary molar's D3240 checklist said the "build-up and crown"
    go on their own claim lines; a primary molar gets a stainless steel crown, and a pulp cap
    a filling. The item is shared (its tick follows a re-code), so one text fits them all."""
    [item] = [i for i in _entry(library, code).checklist if i.id == "restoration-plan"]
    assert restored_with in item.text
    assert "a filling, or a build-up and crown" in item.text


def test_a_liner_is_not_sent_to_the_indirect_pulp_cap(library: ReferenceLibrary) -> None:
    """Dentist walkthrough: D3110 said "liner over deep dentin only: D3120"; D3120's own
    guidance says a routine liner is part of the filling."""
    d3110 = _entry(library, "D3110")
    assert not [w for w in d3110.when_not_to_use if "liner" in w and "part of the filling" not in w]
    assert "liner" not in [s.lower() for s in _entry(library, "D3120").synonyms]


def test_recalcification_is_named_on_the_apexification_codes(library: ReferenceLibrary) -> None:
    assert "recalcification" in _text(_entry(library, "D3351")).lower()
    for code in ("D3351", "D3352", "D3353"):
        assert "perforation or resorption" in _text(_entry(library, code)), code


def test_retreatment_codes_send_previously_initiated_therapy_to_first_time_codes(
    library: ReferenceLibrary,
) -> None:
    for code in ("D3346", "D3347", "D3348"):
        assert "previously initiated" in _text(_entry(library, code)), code


# (situation, code, words of the verify note that must now be there)
UNCONFIRMED = [
    ("D3351_once_per_lifetime_is_a_plan_rule", "D3351", "once-per-tooth-per-lifetime"),
    ("regeneration_as_investigational_is_unconfirmed", "D3355", "investigational"),
    ("D3356_per_visit_is_unconfirmed", "D3356", "D3356"),
    ("D3427_deletion_is_unconfirmed", "D3427", "unconfirmed"),
    ("root_canal_outside_root_amputation_is_unconfirmed", "D3450", "not included"),
    # coding review: DOMAIN 2 has canines as anterior [M], standard usage found in no source
    ("canines_count_as_anterior_for_root_canal", "D3310", "Canines"),
    ("canines_count_as_anterior_for_retreatment", "D3346", "Canines"),
    ("canines_count_as_anterior_for_apicoectomy", "D3410", "Canines"),
    # coding review: the completion date as the date of service is in no source we hold
    ("anterior_root_canal_dated_on_completion", "D3310", "completion (obturation) date"),
    ("premolar_root_canal_dated_on_completion", "D3320", "completion (obturation) date"),
    ("molar_root_canal_dated_on_completion", "D3330", "completion (obturation) date"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "words"), [row[1:] for row in UNCONFIRMED], ids=[row[0] for row in UNCONFIRMED]
)
def test_unconfirmed_statement_carries_a_verify_note(
    library: ReferenceLibrary, code: str, words: str
) -> None:
    assert any(words in note for note in _entry(library, code).verify), code


def test_same_day_final_apexification_visit_is_not_stated_as_a_denial(
    library: ReferenceLibrary,
) -> None:
    reasons = [d.reason for d in _entry(library, "D3353").denials]
    assert not any("same day" in reason for reason in reasons)


# (situation, code, words no verify note may contain any more)
CONFIRMED = [
    ("excavation_only_when_the_tooth_proves_non_restorable", "D2989", "non-restorability"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "words"), [row[1:] for row in CONFIRMED], ids=[row[0] for row in CONFIRMED]
)
def test_confirmed_fact_has_no_verify_note_any_more(
    library: ReferenceLibrary, code: str, words: str
) -> None:
    assert not any(words in note for note in _entry(library, code).verify), code


def test_completion_date_tip_is_kept_and_sends_the_reader_to_its_verify_note(
    library: ReferenceLibrary,
) -> None:
    """Coding review: "the completion date (Delta Dental)" was stated as a fact; no source
    we hold says it (DOMAIN), so the tip stays and says it is to be verified."""
    for code in ("D3310", "D3320", "D3330"):
        [tip] = [t for t in _entry(library, code).billing_tips if "completion" in t]
        assert "completion (obturation) date" in tip, code
        assert "not confirmed in a source: see the note to verify" in tip, code


def test_canine_and_date_of_service_answers_cite_no_source_we_do_not_hold(
    library: ReferenceLibrary,
) -> None:
    """Coding review: the D3310 FAQ gave "Regence dental policy" for canines being anterior
    and "Delta Dental" for the completion date, and docs/sources.md repeated both; DOMAIN
    finds neither stated in a source."""
    from tests.helpers import REPO_ROOT

    faq = {f.question: f.answer for f in _entry(library, "D3310").faq}
    canine = next(a for q, a in faq.items() if "canine" in q)
    assert "Regence" not in canine and "verify" in canine
    dated = next(a for q, a in faq.items() if "Which date" in q)
    assert "verify" in dated
    sources = (REPO_ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "canines" not in sources.lower()
    assert "completion date" not in sources


@pytest.mark.parametrize("code", ["D3351", "D3352", "D3353", "D3355", "D3356", "D3357"])
def test_which_visit_a_series_prior_authorization_names_is_marked_to_verify(
    library: ReferenceLibrary, code: str
) -> None:
    """The prior-authorization request names the case's own code (one visit of the series);
    whether a payer wants the whole series named is not sourced, so the entry says to check it
    (in words naming no other code: a code a verify note names is left out of the letters'
    comparisons)."""
    notes = [n for n in _entry(library, code).verify if "prior-authorization request" in n]
    assert len(notes) == 1, code
    assert {c for c in notes[0].split() if c.startswith("D3")} <= {code}, notes[0]


def test_the_anterior_and_molar_rct_summaries_include_a_primary_tooth_with_no_successor(
    library: ReferenceLibrary,
) -> None:
    """Chairside and dentist walkthroughs: D3310 and D3330 read "of a permanent incisor or
    canine" / "of a permanent molar" while their own "When to use" (and the CDT, through
    Regence's policy) put a retained primary tooth with no successor there too; the summary is
    also the letter's description of the code, so a letter for #K said "permanent"."""
    for code in ("D3310", "D3330"):
        summary = _entry(library, code).summary
        assert "of a permanent" not in summary and "no permanent successor" in summary, code
    assert "permanent premolar" in _entry(library, "D3320").summary  # never a primary tooth


@pytest.mark.parametrize("code", ["D3221", "D3222", "D3351", "D3352", "D3355", "D3356"])
def test_the_medicament_item_fits_a_partial_pulpotomy_as_well_as_a_canal_dressing(
    library: ReferenceLibrary, code: str
) -> None:
    """Coding review: the shared item read "Medicament placed in the canal", but D3222 puts
    its material on the pulp left in the crown. The id stays (stored ticks keep it, and a tick
    of an item no longer on a code's checklist is hidden), so one text fits every code."""
    [item] = [i for i in _entry(library, code).checklist if i.id == "medicament-recorded"]
    assert "in the canal" in item.text and "on the pulp left in the tooth" in item.text
    assert not item.text.startswith("Medicament placed in the canal")
