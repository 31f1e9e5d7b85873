"""Apexification (D3351-D3353) on a tooth whose root is complete, one row per clinical situation.

Walkthrough: the chart (and `cdt-desktop suggest`) listed the apexification series as Possible on
every mature molar under a two-line reason about recalcification. On a mature root the series is
possible only as recalcification (a perforation, or resorption), one short reason that the reference
data marks as needing verification. It stays possible with irreversible pulpitis: internal
resorption is found with an inflamed pulp, which is removed and the canal recalcified, and an
unknown finding never excludes a code it could make right (docs/design-rules.md, Coding rules). A
normal pulp or reversible pulpitis excludes it, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from cdt_desktop import cli
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.coding.findings import Findings, Pulp, Root, Status
from cdt_desktop.domain.coding.selector import select
from cdt_desktop.domain.teeth import tooth
from tests.helpers import REPO_ROOT

SERIES = ("D3351", "D3352", "D3353")
C, I = Root.COMPLETE, Root.IMMATURE  # noqa: E741 - I reads as "immature" in the tables
P, E, R = Status.POSSIBLE, Status.EXCLUDED, Status.RECOMMENDED
HEALTHY_REASON = "apexification is for a necrotic or removed pulp; "
RECALCIFICATION = "mature root: only as recalcification (perforation or resorption repair); verify"

# (situation, tooth, findings, status of D3351-D3353, the one reason they give)
SITUATIONS: list[tuple[str, str, dict[str, Any], Status, str]] = [
    (
        "mature_molar_with_irreversible_pulpitis_keeps_apexification_only_as_recalcification",
        "19",
        dict(root=C, pulp=Pulp.IRREVERSIBLE_PULPITIS),
        P,
        RECALCIFICATION,
    ),
    (
        "mature_premolar_with_reversible_pulpitis_excludes_apexification",
        "20",
        dict(root=C, pulp=Pulp.REVERSIBLE_PULPITIS),
        E,
        f"{HEALTHY_REASON}reversible pulpitis",
    ),
    (
        "mature_incisor_with_a_normal_pulp_excludes_apexification",
        "8",
        dict(root=C, pulp=Pulp.NORMAL),
        E,
        f"{HEALTHY_REASON}normal pulp",
    ),
    (
        "mature_necrotic_molar_keeps_apexification_possible_only_as_recalcification",
        "19",
        dict(root=C, pulp=Pulp.NECROSIS),
        P,
        RECALCIFICATION,
    ),
    (
        "mature_previously_treated_molar_keeps_recalcification_possible",
        "3",
        dict(root=C, pulp=Pulp.PREVIOUSLY_TREATED),
        P,
        RECALCIFICATION,
    ),
    (
        "mature_previously_initiated_molar_keeps_recalcification_possible",
        "14",
        dict(root=C, pulp=Pulp.PREVIOUSLY_INITIATED),
        P,
        RECALCIFICATION,
    ),
    (
        # an unknown finding never excludes a code it could make right
        # (docs/design-rules.md, Coding rules)
        "mature_molar_with_pulp_not_given_keeps_apexification_possible",
        "19",
        dict(root=C),
        P,
        RECALCIFICATION,
    ),
]


@pytest.mark.parametrize(
    ("situation", "t", "findings", "expected", "reason"),
    SITUATIONS,
    ids=[s[0] for s in SITUATIONS],
)
def test_apexification_on_a_mature_root(
    situation: str, t: str, findings: dict[str, Any], expected: Status, reason: str
) -> None:
    selection = select(Findings(tooth=tooth(t), **findings))
    for code in SERIES:
        candidate = selection.candidate(code)
        assert candidate is not None
        assert candidate.status is expected, (situation, code, candidate.texts)
        # the root and pulp's reason comes first, once (then the visit's, a note of its own)
        said = [r.text for r in candidate.reasons if r.status is expected]
        assert said[0] == reason and said.count(reason) == 1, (situation, code, candidate.texts)
        assert "recalcification" not in " ".join(said[1:]), candidate.texts
        assert len(reason) <= 105 and "\n" not in reason  # one short line


@pytest.mark.parametrize(
    "pulp", [Pulp.IRREVERSIBLE_PULPITIS, Pulp.NECROSIS], ids=["irreversible", "necrotic"]
)
def test_an_immature_root_keeps_its_apexification_pathway(pulp: Pulp) -> None:
    """The open apex is what apexification is for: an immature tooth's series stays possible
    (with irreversible pulpitis, once the pulp is removed), as before."""
    selection = select(Findings(tooth=tooth("8"), root=I, pulp=pulp))
    assert all(selection.candidate(code).status is P for code in SERIES)  # type: ignore[union-attr]


def test_mature_molar_with_irreversible_pulpitis_lists_apexification_in_one_short_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The walkthrough's molar through `cdt-desktop suggest`, which shows the chart's list: the
    root canal recommended, the series possible with one short reason (it was two lines)."""
    argv = ["suggest", "--tooth", "19", "--root", "complete", "--pulp", "irreversible-pulpitis"]
    assert cli.main([*argv, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    by_code = {c["code"]: c for c in answer["candidates"]}
    assert by_code["D3330"]["status"] == "recommended"
    for code in SERIES:
        assert by_code[code]["status"] == "possible"
        assert any(RECALCIFICATION in reason for reason in by_code[code]["reasons"])
        assert all(len(reason) <= 130 for reason in by_code[code]["reasons"])


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as lib:
        yield lib


@pytest.mark.parametrize("code", SERIES)
def test_recalcification_on_a_mature_root_is_marked_as_needing_verification(
    library: ReferenceLibrary, code: str
) -> None:
    """The rule that keeps the series possible on a mature root is not stated as fact in the
    data: each code's `verify` list says it needs verification, and its guidance says so."""
    entry = library.get(code)
    assert entry is not None
    assert any("recalcification" in v and "mature root" in v for v in entry.verify), entry.verify
    assert not any(
        "recalcification" in line.lower() and "verif" not in line.lower()
        for line in entry.when_to_use
    ), entry.when_to_use
