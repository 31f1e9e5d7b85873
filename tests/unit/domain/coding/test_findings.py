"""The one coding vocabulary: every channel takes its values and words from `findings`, and the
selector's reasons are structured so no consumer parses its English."""

from __future__ import annotations

import ast
import inspect

import pytest

from cdt_desktop.commands import suggest
from cdt_desktop.domain.appeal.letter import FINDING_WORDS
from cdt_desktop.domain.appeal.remark import PULP_SHORT, ROOT_SHORT
from cdt_desktop.domain.cases import field_rules
from cdt_desktop.domain.coding import rules
from cdt_desktop.domain.coding.findings import (
    FINDING_ENUMS,
    TERMS,
    Findings,
    Pulp,
    ReasonKind,
    Root,
    Status,
    term,
    values,
)
from cdt_desktop.domain.coding.selector import select
from cdt_desktop.domain.teeth import tooth


def _imports(module: object) -> set[str]:
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}


def test_the_rules_do_not_import_the_selector_so_there_is_no_cycle() -> None:
    assert "cdt_desktop.domain.coding.selector" not in _imports(rules)


def test_every_finding_value_has_words_for_every_channel() -> None:
    for enum in FINDING_ENUMS.values():
        for member in enum:
            words = TERMS[member]
            assert words.label and words.words and words.formal, member


@pytest.mark.parametrize("key", sorted(FINDING_ENUMS))
def test_cli_case_file_and_letter_offer_the_same_values(key: str) -> None:
    allowed = values(FINDING_ENUMS[key])
    assert field_rules.FINDING_VALUES[key] == allowed
    assert tuple(FINDING_WORDS[key]) == allowed
    cli = {
        "root": suggest.ROOTS,
        "pulp": suggest.PULPS,
        "goal": suggest.GOALS,
        "visit": suggest.VISITS,
        "successor": suggest.SUCCESSORS,
    }
    assert cli[key] == allowed


def test_remark_words_are_the_vocabulary_words() -> None:
    assert {p.value: TERMS[p].words for p in Pulp} == PULP_SHORT
    assert {r.value: TERMS[r].words for r in Root} == ROOT_SHORT
    assert term("pulp", "Necrosis") == TERMS[Pulp.NECROSIS]
    assert term("pulp", "") is None and term("pulp", "bogus") is None


def test_lower_first_molar_reasons_carry_their_kind_code_and_tooth() -> None:
    selection = select(Findings(tooth=tooth("19"), root=Root.COMPLETE, pulp=Pulp.NECROSIS))
    d3320 = selection.candidate("D3320")
    assert d3320 is not None and d3320.status is Status.EXCLUDED
    decisive = d3320.reasons[0]
    assert decisive.kind is ReasonKind.TOOTH_TYPE and decisive.code == "D3320"
    assert decisive.gist == "for permanent premolars"
    assert decisive.tooth == "#19 is a permanent molar"
    assert (
        d3320.texts[0]
        == "D3320 excluded: D3320 is for permanent premolars; #19 is a permanent molar"
    )
    d3353 = selection.candidate("D3353")
    assert d3353 is not None and d3353.reasons[0].kind is ReasonKind.ROOT
    assert d3353.reasons[0].code == "D3353"
    recommended = selection.recommended
    assert recommended is not None
    assert recommended.reasons[0].prose == "#19 is a permanent molar, reported as D3330"


def test_every_reason_of_every_candidate_is_structured() -> None:
    for t in ("8", "19", "K", "C"):
        for pulp in (None, *Pulp):
            selection = select(Findings(tooth=tooth(t), pulp=pulp))
            for candidate in selection.candidates:
                assert candidate.reasons, candidate.code
                for reason in candidate.reasons:
                    assert isinstance(reason.kind, ReasonKind)
                    assert reason.code == candidate.code
                    assert reason.text and reason.short and reason.prose
