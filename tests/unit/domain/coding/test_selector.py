"""The code selector, one row per clinical situation (docs/design-rules.md, Coding rules)."""

from __future__ import annotations

from typing import Any

import pytest

from cdt_desktop.domain.coding.findings import Findings, Goal, Pulp, Root, Selection, Status, Visit
from cdt_desktop.domain.coding.selector import CANDIDATE_CODES, check_code_for_tooth, select
from cdt_desktop.domain.teeth import ALL_TEETH, tooth

C, I = Root.COMPLETE, Root.IMMATURE  # noqa: E741 - I reads as "immature" in the tables
NORMAL, REV, IRR = Pulp.NORMAL, Pulp.REVERSIBLE_PULPITIS, Pulp.IRREVERSIBLE_PULPITIS
INIT = Pulp.PREVIOUSLY_INITIATED
NEC, TREATED = Pulp.NECROSIS, Pulp.PREVIOUSLY_TREATED
RCT, APEXIF, REGEN, APEXO = Goal.RCT, Goal.APEXIFICATION, Goal.REGENERATION, Goal.APEXOGENESIS
ICAP, DCAP, PULPOTOMY = Goal.INDIRECT_PULP_CAP, Goal.DIRECT_PULP_CAP, Goal.PULPOTOMY
INITIAL, INTERIM, FINAL = Visit.INITIAL, Visit.INTERIM, Visit.FINAL
R, P, E = Status.RECOMMENDED, Status.POSSIBLE, Status.EXCLUDED


def run(t: str | None = None, **kw: Any) -> Selection:
    return select(Findings(tooth=None if t is None else tooth(t), **kw))


def status(selection: Selection, code: str) -> Status:
    candidate = selection.candidate(code)
    assert candidate is not None
    return candidate.status


def reasons(selection: Selection, code: str) -> str:
    candidate = selection.candidate(code)
    assert candidate is not None
    return " | ".join(candidate.texts)


# (situation, tooth, findings, recommended code or None)
RECOMMENDATIONS = [
    ("mature_necrotic_lower_first_molar_gets_D3330", "19", dict(root=C, pulp=NEC), "D3330"),
    ("mature_irreversible_pulpitis_upper_premolar_gets_D3320", "5", dict(root=C, pulp=IRR), "D3320"),
    ("mature_necrotic_central_incisor_gets_D3310", "8", dict(root=C, pulp=NEC), "D3310"),
    ("mature_necrotic_canine_counts_as_anterior_D3310", "27", dict(root=C, pulp=NEC), "D3310"),
    ("mature_necrotic_third_molar_gets_D3330", "32", dict(root=C, pulp=NEC), "D3330"),
    ("stated_goal_rct_on_mature_necrotic_premolar_gets_D3320", "20",
     dict(root=C, pulp=NEC, goal=RCT), "D3320"),
    ("supernumerary_near_first_molar_takes_molar_code", "69", dict(root=C, pulp=NEC), "D3330"),
    ("previously_treated_molar_gets_retreatment_D3348", "3", dict(root=C, pulp=TREATED), "D3348"),
    ("previously_treated_premolar_gets_D3347", "12", dict(root=C, pulp=TREATED), "D3347"),
    ("previously_treated_incisor_gets_D3346_root_unknown", "9", dict(pulp=TREATED), "D3346"),
    ("previously_treated_goal_rct_means_retreatment", "14",
     dict(root=C, pulp=TREATED, goal=RCT), "D3348"),
    ("immature_necrotic_apexification_initial_visit_D3351", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=INITIAL), "D3351"),
    ("immature_necrotic_apexification_interim_visit_D3352", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=INTERIM), "D3352"),
    ("immature_necrotic_apexification_final_visit_D3353", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=FINAL), "D3353"),
    ("immature_necrotic_regeneration_initial_visit_D3355", "9",
     dict(root=I, pulp=NEC, goal=REGEN, visit=INITIAL), "D3355"),
    ("immature_necrotic_regeneration_interim_visit_D3356", "9",
     dict(root=I, pulp=NEC, goal=REGEN, visit=INTERIM), "D3356"),
    ("immature_necrotic_regeneration_completion_D3357", "9",
     dict(root=I, pulp=NEC, goal=REGEN, visit=FINAL), "D3357"),
    ("immature_necrotic_lower_premolar_regeneration_D3355", "29",
     dict(root=I, pulp=NEC, goal=REGEN, visit=INITIAL), "D3355"),
    # immature + vital: only apexogenesis is recommended; apexification is for a necrotic pulp
    ("immature_irreversible_pulpitis_apexification_goal_gets_nothing", "7",
     dict(root=I, pulp=IRR, goal=APEXIF, visit=INITIAL), None),
    ("immature_vital_with_goal_apexogenesis_gets_D3222", "8",
     dict(root=I, pulp=REV, goal=APEXO), "D3222"),
    ("immature_irreversible_pulpitis_goal_apexogenesis_gets_D3222", "8",
     dict(root=I, pulp=IRR, goal=APEXO), "D3222"),
    ("immature_necrotic_goal_rct_gets_D3310_with_caution", "8",
     dict(root=I, pulp=NEC, goal=RCT), "D3310"),
    ("primary_molar_necrotic_gets_D3240", "K", dict(pulp=NEC), "D3240"),
    ("primary_molar_irreversible_pulpitis_gets_D3240", "A", dict(pulp=IRR, root=C), "D3240"),
    ("primary_incisor_necrotic_gets_D3230", "E", dict(pulp=NEC), "D3230"),
    ("primary_canine_irreversible_pulpitis_gets_D3230", "M", dict(pulp=IRR), "D3230"),
    ("primary_molar_without_successor_gets_D3330", "T", dict(pulp=NEC, has_successor=False),
     "D3330"),
    ("primary_incisor_without_successor_gets_D3310", "E", dict(pulp=NEC, has_successor=False),
     "D3310"),
    ("primary_molar_with_successor_gets_D3240", "K", dict(pulp=NEC, has_successor=True), "D3240"),
    ("previously_initiated_mature_molar_gets_first_time_D3330", "19",
     dict(root=C, pulp=INIT), "D3330"),
    ("previously_initiated_goal_rct_is_never_retreatment", "12",
     dict(root=C, pulp=INIT, goal=RCT), "D3320"),
    ("previously_initiated_primary_molar_gets_D3240", "K",
     dict(pulp=INIT, has_successor=True), "D3240"),
    ("supernumerary_primary_molar_gets_D3240", "KS", dict(pulp=NEC), "D3240"),
    # nothing recommended
    ("immature_normal_pulp_without_apexogenesis_goal_gets_nothing", "8",
     dict(root=I, pulp=NORMAL), None),
    ("immature_reversible_pulpitis_without_apexogenesis_goal_gets_nothing", "30",
     dict(root=I, pulp=REV), None),
    ("previously_treated_immature_goal_regeneration_is_at_most_possible", "8",
     dict(root=I, pulp=TREATED, goal=REGEN, visit=INITIAL), None),
    ("previously_initiated_immature_without_goal_gets_nothing", "8", dict(root=I, pulp=INIT),
     None),
    ("mature_normal_pulp_gets_no_rct_code", "19", dict(root=C, pulp=NORMAL), None),
    ("mature_reversible_pulpitis_gets_no_rct_code", "8", dict(root=C, pulp=REV), None),
    ("immature_necrotic_without_goal_gets_nothing", "8", dict(root=I, pulp=NEC), None),
    ("immature_necrotic_apexification_without_visit_gets_nothing", "8",
     dict(root=I, pulp=NEC, goal=APEXIF), None),
    ("immature_irreversible_pulpitis_without_goal_gets_nothing", "8", dict(root=I, pulp=IRR), None),
    ("necrotic_molar_with_unknown_root_gets_nothing", "19", dict(pulp=NEC), None),
    ("molar_without_pulp_status_gets_nothing", "19", dict(root=C), None),
    ("mature_molar_goal_apexification_is_only_recalcification", "19",
     dict(root=C, pulp=NEC, goal=APEXIF), None),
    ("mature_molar_goal_apexogenesis_conflicts", "19", dict(root=C, pulp=IRR, goal=APEXO), None),
    ("immature_necrotic_goal_apexogenesis_conflicts", "8", dict(root=I, pulp=NEC, goal=APEXO), None),
    ("immature_irreversible_goal_regeneration_conflicts", "8",
     dict(root=I, pulp=IRR, goal=REGEN), None),
    ("primary_molar_goal_apexification_conflicts", "K", dict(pulp=NEC, goal=APEXIF), None),
    ("primary_molar_normal_pulp_gets_nothing", "K", dict(pulp=NORMAL), None),
    ("primary_molar_previously_treated_gets_nothing", "K", dict(pulp=TREATED), None),
    ("no_tooth_gets_nothing", None, dict(root=C, pulp=NEC), None),
    ("nothing_given_gets_nothing", None, {}, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("t", "findings", "expected"),
    [row[1:] for row in RECOMMENDATIONS],
    ids=[row[0] for row in RECOMMENDATIONS],
)
def test_recommendation(t: str | None, findings: dict[str, Any], expected: str | None) -> None:
    selection = run(t, **findings)
    recommended = [c.code for c in selection.candidates if c.status is R]
    assert recommended == ([] if expected is None else [expected])
    assert (selection.recommended.code if selection.recommended else None) == expected
    if expected is not None:
        assert selection.candidates[0].code == expected
        assert all(m.startswith("Permanent successor") for m in selection.missing)
    else:
        assert selection.missing or selection.notes, "nothing recommended must be explained"


def test_mature_necrotic_lower_first_molar_gets_D3330_with_reasons() -> None:
    selection = run("19", root=C, pulp=NEC)
    assert selection.candidates[0].texts[0] == "#19 is a permanent molar -> D3330"
    assert reasons(selection, "D3320") == (
        "D3320 excluded: D3320 is for permanent premolars; #19 is a permanent molar"
    )
    assert status(selection, "D3353") is P  # recalcification of a perforation or resorption
    assert "recalcification" in reasons(selection, "D3353")
    assert "primary anterior" in reasons(selection, "D3230")
    assert "no previous root canal therapy" in reasons(selection, "D3348")


# (situation, tooth, findings, code, status, words the reasons must contain)
EXCLUSIONS = [
    ("molar_is_not_a_premolar", "19", dict(root=C, pulp=NEC), "D3320", E, "permanent molar"),
    ("molar_is_not_anterior", "19", dict(root=C, pulp=NEC), "D3310", E, "permanent molar"),
    ("premolar_is_not_a_molar", "4", dict(root=C, pulp=NEC), "D3330", E, "permanent premolar"),
    ("canine_is_not_a_premolar", "6", dict(root=C, pulp=NEC), "D3320", E, "anterior"),
    ("permanent_tooth_takes_no_primary_code", "19", dict(root=C, pulp=NEC), "D3240", E,
     "primary posterior"),
    ("mature_root_leaves_apexification_only_for_recalcification", "8", dict(root=C, pulp=NEC),
     "D3351", P, "recalcification"),
    ("mature_root_rules_out_regeneration", "8", dict(root=C, pulp=NEC), "D3357", E,
     "root development is complete"),
    ("mature_root_rules_out_apexogenesis", "8", dict(root=C, pulp=REV), "D3222", E,
     "root development is complete"),
    ("necrotic_pulp_rules_out_apexogenesis", "8", dict(root=I, pulp=NEC), "D3222", E,
     "vital pulp"),
    ("vital_pulp_rules_out_regeneration", "8", dict(root=I, pulp=NORMAL), "D3355", E,
     "necrotic pulp"),
    ("vital_pulp_rules_out_apexification", "8", dict(root=I, pulp=REV), "D3351", E, "necrotic"),
    ("previously_treated_tooth_takes_no_rct_code", "19", dict(root=C, pulp=TREATED), "D3330", E,
     "tooth already had root canal therapy"),
    ("untreated_tooth_takes_no_retreatment", "19", dict(root=C, pulp=NEC), "D3348", E,
     "no previous root canal therapy"),
    ("apexification_final_visit_includes_the_rct", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=FINAL), "D3310", E,
     "D3353 (final apexification visit) includes the completed root canal therapy"),
    ("apexification_initial_visit_no_separate_rct", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=INITIAL), "D3310", E, "part of D3353"),
    ("apexification_initial_visit_excludes_final_code", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=INITIAL), "D3353", E, "final visit"),
    ("goal_apexification_excludes_regeneration", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=INITIAL), "D3355", E, "goal is apexification"),
    ("goal_regeneration_excludes_apexification", "8",
     dict(root=I, pulp=NEC, goal=REGEN, visit=FINAL), "D3353", E, "goal is regeneration"),
    ("goal_regeneration_excludes_rct", "8", dict(root=I, pulp=NEC, goal=REGEN, visit=FINAL),
     "D3310", E, "goal is regeneration"),
    ("interim_apexification_visit_is_repeatable", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=INTERIM), "D3352", R, "repeatable"),
    ("interim_regeneration_visit_per_visit_is_unconfirmed", "8",
     dict(root=I, pulp=NEC, goal=REGEN, visit=INTERIM), "D3356", R, "not confirmed"),
    ("regeneration_completion_excludes_final_restoration", "8",
     dict(root=I, pulp=NEC, goal=REGEN, visit=FINAL), "D3357", R, "reported separately"),
    ("apexification_final_visit_says_rct_included", "8",
     dict(root=I, pulp=NEC, goal=APEXIF, visit=FINAL), "D3353", R, "includes the completed"),
    ("immature_rct_goal_carries_a_caution", "8", dict(root=I, pulp=NEC, goal=RCT), "D3310", R,
     "open apex"),
    ("immature_irreversible_pulpitis_apexogenesis_is_possible_and_explained", "8",
     dict(root=I, pulp=IRR), "D3222", P, "partial pulpotomy"),
    ("mature_normal_pulp_rct_only_possible_verify_diagnosis", "19", dict(root=C, pulp=NORMAL),
     "D3330", P, "no indication for root canal therapy"),
    ("primary_molar_never_gets_D3320", "K", dict(pulp=NEC, has_successor=False), "D3320", E,
     "never premolars"),
    ("primary_molar_with_successor_takes_no_D3330", "K", dict(pulp=NEC, has_successor=True),
     "D3330", E, "permanent successor"),
    ("primary_molar_successor_unknown_keeps_D3330_possible", "K", dict(pulp=NEC), "D3330", P,
     "not stated"),
    ("primary_molar_without_successor_takes_D3330", "K", dict(pulp=NEC, has_successor=False),
     "D3330", R, "no permanent successor -> D3330"),
    ("primary_incisor_without_successor_takes_D3310", "E", dict(pulp=NEC, has_successor=False),
     "D3310", R, "no permanent successor -> D3310"),
    ("primary_molar_without_successor_leaves_D3240_possible", "K",
     dict(pulp=NEC, has_successor=False), "D3240", P,
     "only if the canals got a resorbable filling"),  # why it stays possible, not a refusal
    ("primary_incisor_never_takes_D3330", "E", dict(pulp=NEC, has_successor=False), "D3330", E,
     "molars"),
    ("primary_molar_takes_no_primary_anterior_code", "K", dict(pulp=NEC), "D3230", E,
     "primary anterior"),
    ("primary_tooth_takes_no_apexification", "K", dict(pulp=NEC), "D3351", E, "permanent teeth"),
    ("primary_tooth_takes_no_apexogenesis", "E", dict(pulp=REV), "D3222", E, "permanent teeth"),
    ("stated_goal_conflict_is_reported_not_overridden", "19", dict(root=C, pulp=NEC, goal=APEXO),
     "D3330", P, "#19 is a permanent molar"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("t", "findings", "code", "expected", "words"),
    [row[1:] for row in EXCLUSIONS],
    ids=[row[0] for row in EXCLUSIONS],
)
def test_status_and_reason(
    t: str, findings: dict[str, Any], code: str, expected: Status, words: str
) -> None:
    selection = run(t, **findings)
    assert status(selection, code) is expected
    assert words in reasons(selection, code)
    if expected is E:
        assert selection.candidate(code).texts[0].startswith(f"{code} excluded: ")  # type: ignore[union-attr]


# (situation, tooth, findings, words that `missing` must contain, in order)
MISSING = [
    ("no_tooth_says_tooth", None, dict(root=C, pulp=NEC), ["Tooth"]),
    ("nothing_given_says_tooth_and_pulp", None, {}, ["Tooth", "Pulp status"]),
    ("no_pulp_status_says_pulp", "19", dict(root=C), ["Pulp status: vital or necrotic"]),
    ("unknown_root_of_necrotic_tooth_says_root", "19", dict(pulp=NEC), ["Root development"]),
    ("immature_necrotic_says_goal", "8", dict(root=I, pulp=NEC),
     ["Treatment goal: apexification or regeneration?"]),
    ("immature_irreversible_says_goal", "8", dict(root=I, pulp=IRR), ["Treatment goal"]),
    ("apexification_without_visit_says_visit", "8", dict(root=I, pulp=NEC, goal=APEXIF),
     ["Visit: initial, interim or final?"]),
    ("regeneration_without_visit_says_visit", "8", dict(root=I, pulp=NEC, goal=REGEN), ["Visit"]),
    ("regeneration_unknown_root_says_root", "8", dict(pulp=NEC, goal=REGEN, visit=INITIAL),
     ["Root development"]),
    ("goal_conflict_says_goal", "19", dict(root=C, pulp=NEC, goal=APEXO),
     ["Treatment goal: apexogenesis does not fit"]),
    ("mature_root_apexification_goal_says_recalcification_only", "19",
     dict(root=C, pulp=NEC, goal=APEXIF), ["Treatment goal: apexification on a mature root"]),
    ("primary_goal_conflict_says_goal", "K", dict(pulp=NEC, goal=REGEN, has_successor=True),
     ["Treatment goal"]),
    ("immature_vital_tooth_asks_what_is_done_to_the_pulp", "8", dict(root=I, pulp=NORMAL),
     ["Treatment goal: apexogenesis (D3222, pulp exposed), a pulpotomy"]),
    ("necrotic_molar_with_a_pulp_cap_goal_says_goal", "19", dict(root=C, pulp=NEC, goal=DCAP),
     ["Treatment goal: a direct pulp cap does not fit these findings"]),
    ("irreversible_pulpitis_with_an_indirect_cap_goal_says_goal", "19",
     dict(root=C, pulp=IRR, goal=ICAP),
     ["Treatment goal: an indirect pulp cap does not fit these findings"]),
    ("primary_molar_irreversible_with_a_pulpotomy_goal_says_goal", "K",
     dict(pulp=IRR, has_successor=True, goal=PULPOTOMY),
     ["Treatment goal: a pulpotomy does not fit these findings"]),
    # the successor picks D3240 or D3330/D3348 whatever the pulp: asked too (dentist walkthrough)
    ("primary_without_pulp_says_pulp_and_successor", "K", {},
     ["Pulp status", "Permanent successor"]),
    ("primary_without_pulp_successor_known_says_pulp", "K", dict(has_successor=True),
     ["Pulp status"]),
    ("previously_treated_primary_molar_says_successor", "K", dict(pulp=Pulp.PREVIOUSLY_TREATED),
     ["Permanent successor"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("t", "findings", "words"), [row[1:] for row in MISSING], ids=[row[0] for row in MISSING]
)
def test_missing_findings(t: str | None, findings: dict[str, Any], words: list[str]) -> None:
    selection = run(t, **findings)
    assert selection.recommended is None
    assert len(selection.missing) == len(words)
    for item, expected in zip(selection.missing, words, strict=True):
        assert item.startswith(expected)


def test_series_codes_are_possible_when_goal_or_visit_is_missing() -> None:
    no_goal = run("8", root=I, pulp=NEC)
    for code in ("D3351", "D3352", "D3353", "D3355", "D3356", "D3357"):
        assert status(no_goal, code) is P
    no_visit = run("8", root=I, pulp=NEC, goal=REGEN)
    assert [status(no_visit, c) for c in ("D3355", "D3356", "D3357")] == [P, P, P]
    assert [status(no_visit, c) for c in ("D3351", "D3352", "D3353")] == [E, E, E]


def test_no_tooth_recommends_nothing_even_when_the_pathway_is_clear() -> None:
    selection = run(None, root=I, pulp=NORMAL)
    assert selection.recommended is None
    assert status(selection, "D3222") is P
    assert selection.missing[0] == "Tooth: which tooth?"


def test_mature_normal_pulp_explains_no_indication() -> None:
    selection = run("19", root=C, pulp=NORMAL)
    assert selection.missing == (  # a pulp cap or pulpotomy is what would be coded
        "Treatment goal: a pulpotomy (D3220), a direct pulp cap (D3110) or an indirect pulp cap"
        " (D3120, no exposure)?",
    )
    assert "verify the pulp diagnosis" in selection.notes[0]


@pytest.mark.parametrize("t", [t.universal for t in ALL_TEETH if t.is_primary])
def test_primary_tooth_never_D3320_and_the_successor_decides(t: str) -> None:
    primary_code = "D3240" if tooth(t).is_posterior else "D3230"
    permanent_code = {"D3230": "D3310", "D3240": "D3330"}[primary_code]
    # successor: (recommended, status of the other code, successor named as missing)
    expected = {
        True: (primary_code, E, False),
        None: (primary_code, P, True),  # an unknown finding never excludes
        False: (permanent_code, P, False),  # the CDT places it under D3310/D3330
    }
    for successor, (code, other_status, asks) in expected.items():
        selection = run(t, pulp=NEC, has_successor=successor)
        assert status(selection, "D3320") is E
        assert status(selection, "D3347") is E
        assert selection.recommended is not None and selection.recommended.code == code
        other = permanent_code if code == primary_code else primary_code
        assert status(selection, other) is other_status
        assert any(m.startswith("Permanent successor") for m in selection.missing) is asks


def test_candidates_are_ordered_recommended_possible_excluded_then_by_code() -> None:
    selection = run("3", root=Root.COMPLETE, pulp=NEC)
    ranks = {R: 0, P: 1, E: 2}
    keys = [(ranks[c.status], CANDIDATE_CODES.index(c.code)) for c in selection.candidates]
    assert keys == sorted(keys)
    assert sorted(c.code for c in selection.candidates) == sorted(CANDIDATE_CODES)


@pytest.mark.parametrize(
    ("situation", "t", "pulp", "first"),
    [
        ("immature necrotic incisor: apexification, regeneration, then RCT", "8", NEC,
         ["D3351", "D3352", "D3353", "D3355", "D3356", "D3357", "D3310"]),
        ("immature incisor with irreversible pulpitis: apexogenesis first", "8",
         Pulp.IRREVERSIBLE_PULPITIS, ["D3222", "D3110", "D3220", "D3351"]),
    ],
)  # fmt: skip
def test_an_open_apex_lists_its_own_pathways_before_conventional_rct(
    situation: str, t: str, pulp: Pulp, first: list[str]
) -> None:
    """Dentist walkthrough: for an immature necrotic #8 D3310 was the first "possible" row,
    above apexification and regeneration (code order)."""
    selection = run(t, root=I, pulp=pulp)
    possible = [c.code for c in selection.candidates if c.status is P]
    assert possible[: len(first)] == first, (situation, possible)


def test_names_only_fill_the_display_name() -> None:
    names = {"D3330": "Root canal, molar"}
    plain = run("19", root=C, pulp=NEC)
    named = select(Findings(tooth=tooth("19"), root=C, pulp=NEC), names)
    assert named.recommended is not None and named.recommended.name == "Root canal, molar"
    assert [(c.code, c.status, c.reasons) for c in named.candidates] == [
        (c.code, c.status, c.reasons) for c in plain.candidates
    ]
    assert named.candidate("D3320").name == ""  # type: ignore[union-attr]


def test_to_json_follows_the_cli_contract() -> None:
    data = run("K", pulp=NEC).to_json()
    assert data["tooth"] == {
        "universal": "K",
        "fdi": "75",
        "dentition": "primary",
        "type": "primary-posterior",
        "name": "primary mandibular left second molar",
        "supernumerary": False,
    }
    assert data["recommended"] == "D3240"
    assert len(data["candidates"]) == len(CANDIDATE_CODES)
    for item in data["candidates"]:
        assert set(item) >= {"code", "status", "reasons"}
        assert item["status"] in ("recommended", "possible", "excluded")
        assert all(isinstance(r, str) and r for r in item["reasons"])
    assert data["findings"]["pulp"] == "necrosis"
    assert run(None).to_json()["tooth"] is None


# (tooth, code, has_successor, warning words or None)
CHECKS = [
    ("19", "D3320", None, "permanent molar"),
    ("19", "D3330", None, None),
    ("4", "D3330", None, "permanent premolar"),
    ("K", "D3320", None, "never premolars"),
    ("K", "D3320", False, "never premolars"),
    ("K", "D3330", None, "no permanent successor"),  # possible, still a warning
    ("K", "D3330", False, None),
    ("E", "D3310", True, "D3230"),
    ("K", "D3330", True, "only for a primary tooth without one (a pulpectomy here is D3240)"),
    ("E", "D3310", False, None),
    ("19", "D3240", None, "primary posterior"),
    ("8", "D3230", None, "primary anterior"),
    ("K", "D3240", None, None),
    ("K", "D3230", None, "primary anterior"),
    ("K", "D3222", None, "permanent teeth"),
    ("A", "D3353", None, "permanent teeth"),
    ("8", "D3353", None, None),
    ("3", "D3346", None, "permanent molar"),
    ("19", "D2950", None, None),
    ("19", "d3320", None, "premolars"),
]  # fmt: skip


@pytest.mark.parametrize(("t", "code", "successor", "words"), CHECKS)
def test_check_code_for_tooth(t: str, code: str, successor: bool | None, words: str | None) -> None:
    warning = check_code_for_tooth(code, tooth(t), successor)
    if words is None:
        assert warning is None
    else:
        assert warning is not None and words in warning


def test_d3330_on_a_primary_molar_with_a_successor_does_not_prescribe_a_pulpectomy() -> None:
    """Chairside walkthrough: #K, reversible pulpitis, successor yes; D3330 from search got the
    banner "primary teeth take D3240" beside candidates saying no pulpectomy is indicated."""
    warning = check_code_for_tooth("D3330", tooth("K"), True)
    assert warning is not None and "take D3240" not in warning
    assert status(run("K", pulp=Pulp.REVERSIBLE_PULPITIS, has_successor=True), "D3240") is not R


def test_selector_codes_cover_the_required_set() -> None:
    required = "D3310 D3320 D3330 D3346 D3347 D3348 D3351 D3352 D3353 D3355 D3356 D3357 D3222"
    assert set((required + " D3230 D3240").split()) <= set(CANDIDATE_CODES)
    assert len(set(CANDIDATE_CODES)) == len(CANDIDATE_CODES)


@pytest.mark.parametrize(
    ("situation", "t", "pulp", "asks"),
    [
        ("primary molar, reversible pulpitis: cap or pulpotomy by the exposure", "K",
         Pulp.REVERSIBLE_PULPITIS, True),
        ("primary incisor, normal pulp", "E", Pulp.NORMAL, True),
        ("primary molar, necrotic pulp: the pulp is removed, not capped", "K", NEC, False),
        ("permanent molar, reversible pulpitis, complete root", "30", Pulp.REVERSIBLE_PULPITIS,
         False),
    ],
)  # fmt: skip
def test_a_vital_primary_pulp_names_what_decides_the_code(
    situation: str, t: str, pulp: Pulp, asks: bool
) -> None:
    """Keyboard walkthrough: #K with reversible pulpitis read "No code is recommended" with no
    "Missing:" line, and no answer in the chart leads to D3220. The chart cannot ask what was
    done to the pulp; it now asks for it as the treatment goal (D3120, D3220 or D3110)."""
    selection = run(t, root=Root.COMPLETE, pulp=pulp, has_successor=True)
    named = [m for m in selection.missing if m.startswith("Treatment goal: an indirect pulp cap")]
    assert bool(named) is asks, selection.missing
    if asks:
        assert selection.recommended is None
        assert all(code in named[0] for code in ("D3120", "D3220", "D3110"))
        assert status(selection, "D3220") is P


# (situation, tooth, findings, the code the goal names, words in its reasons or notes)
VPT_GOALS = [
    ("primary molar, carious exposure, successor: pulpotomy", "K",
     dict(pulp=REV, has_successor=True, goal=PULPOTOMY), "D3220", "the stated goal is a pulpotomy"),
    ("primary molar, successor not known: the pulp stays, so it does not matter", "K",
     dict(pulp=NORMAL, goal=PULPOTOMY), "D3220", "the stated goal is a pulpotomy"),
    ("primary incisor, caries removed short of the pulp: indirect pulp cap", "E",
     dict(pulp=REV, has_successor=True, goal=ICAP), "D3120", "an indirect pulp cap"),
    ("permanent molar, small mechanical exposure: direct pulp cap", "19",
     dict(root=C, pulp=NORMAL, goal=DCAP), "D3110", "the stated goal is a direct pulp cap"),
    ("permanent molar, irreversible pulpitis, full pulpotomy: with a caution", "19",
     dict(root=C, pulp=IRR, goal=PULPOTOMY), "D3220", "the bleeding is controlled"),
    ("immature incisor, reversible pulpitis, no exposure: indirect pulp cap", "8",
     dict(root=I, pulp=REV, goal=ICAP), "D3120", "an indirect pulp cap"),
]  # fmt: skip

# (situation, tooth, findings, the codes left possible, what Missing asks first)
VPT_GOALS_OPEN = [
    ("immature incisor, pulpotomy: full (D3220) or partial to keep the root growing (D3222)",
     "8", dict(root=I, pulp=NORMAL, goal=PULPOTOMY), ("D3220", "D3222"),
     "Treatment goal: a full pulpotomy to the canal orifices (D3220), or a partial one"),
    ("young incisor, root not given, pulpotomy: a Cvek pulpotomy is D3222", "8",
     dict(pulp=REV, goal=PULPOTOMY), ("D3220", "D3222"), "Root development"),
    ("mature molar, irreversible pulpitis, direct pulp cap: seldom indicated", "19",
     dict(root=C, pulp=IRR, goal=DCAP), ("D3110",),
     "Treatment goal: a direct pulp cap on irreversible pulpitis is seldom indicated"),
    ("mature molar, reversible pulpitis, no goal: the goal settles it", "19",
     dict(root=C, pulp=REV), ("D3110", "D3120", "D3220"),
     "Treatment goal: a pulpotomy (D3220), a direct pulp cap (D3110) or an indirect pulp cap"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("t", "findings", "code", "words"),
    [row[1:] for row in VPT_GOALS],
    ids=[row[0] for row in VPT_GOALS],
)
def test_a_pulp_cap_or_pulpotomy_stated_as_the_goal_names_its_code(
    t: str, findings: dict[str, Any], code: str, words: str
) -> None:
    """Chairside walkthrough: the routine primary molar with a carious exposure could never get
    D3220 recommended; the Missing line asked about an exposure the chart had no question for.
    The treatment goal now takes the procedure: the goal names the code, the others of the
    family and the pulp-removing codes are excluded, and nothing is missing."""
    selection = run(t, **findings)
    assert selection.recommended is not None and selection.recommended.code == code
    assert words in reasons(selection, code) + " ".join(selection.notes)
    assert selection.missing == ()
    for other in ("D3110", "D3120", "D3220", "D3222", "D3240", "D3310", "D3330"):
        if other != code and selection.candidate(other) is not None:
            assert status(selection, other) is E, other


@pytest.mark.parametrize(
    ("t", "findings", "possible", "asks"),
    [row[1:] for row in VPT_GOALS_OPEN],
    ids=[row[0] for row in VPT_GOALS_OPEN],
)
def test_a_vital_pulp_therapy_the_findings_do_not_settle_asks_instead_of_guessing(
    t: str, findings: dict[str, Any], possible: tuple[str, ...], asks: str
) -> None:
    """Review: "Pulpotomy" on a young permanent incisor recommended D3220 and excluded D3222
    (a Cvek pulpotomy is D3222; the CDT keeps D3220 out of apexogenesis), and a direct cap on
    irreversible pulpitis was recommended with a caution worded for a pulpotomy."""
    selection = run(t, **findings)
    assert selection.recommended is None
    assert [status(selection, code) for code in possible] == [P] * len(possible)
    assert selection.missing[0].startswith(asks), selection.missing


def test_every_goal_has_words_for_the_chart_the_letter_and_the_remark() -> None:
    from cdt_desktop.domain.coding.findings import TERMS

    for goal in Goal:
        term = TERMS[goal]
        assert term.label and term.words and term.formal


@pytest.mark.parametrize(
    ("situation", "t", "code"),
    [
        ("permanent molar", "19", "D3330"),
        ("primary molar with a successor not stated", "L", "D3240"),
        ("primary incisor with a successor not stated", "E", "D3230"),
    ],
)
def test_a_possible_code_says_how_it_fits_the_tooth_in_one_plain_clause(
    situation: str, t: str, code: str
) -> None:
    """The pulp not given yet: the code is possible and its line says why the tooth fits it.
    It read "D3240 fits the tooth (tooth L is a primary posterior tooth (primary molar))"."""
    selection = run(t)
    assert status(selection, code) is P, situation
    fits = [text for text in reasons(selection, code).split(" | ") if "fits the tooth" in text]
    assert len(fits) == 1, situation
    assert fits[0].startswith(f"{code} fits the tooth: "), fits[0]
    assert "((" not in fits[0] and "))" not in fits[0], fits[0]


def test_a_root_canal_first_visit_note_says_the_completion_date_is_to_verify() -> None:
    """Coding review: the selector's note said the root canal "is billed on the completion
    date", a payer rule no source we hold confirms."""
    selection = run("19", root=C, pulp=IRR, goal=RCT, visit=INITIAL)
    [note] = [n for n in selection.notes if "completion date" in n]
    assert "verify" in note
