"""The code detail's banner when a code picked in search does not fit the chart: the tooth's
type, or the findings the chart's candidates exclude it on, in the chart's own numbering."""

from __future__ import annotations

import pytest

from cdt_desktop.domain.coding.findings import Findings, Pulp, Root
from cdt_desktop.domain.coding.selector import code_warning, select
from cdt_desktop.domain.teeth import tooth


@pytest.mark.parametrize(
    ("situation", "code", "universal", "root", "notation", "says"),
    [
        ("molar coded as a root canal of an anterior tooth", "D3310", "19", None, "universal",
         "#19"),
        ("the same on an FDI chart names the tooth as the chart does", "D3310", "19", None, "fdi",
         "36"),
        ("regeneration on a mature molar: the findings exclude it", "D3355", "19", Root.COMPLETE,
         "universal", "D3355 excluded on these findings"),
    ],
)  # fmt: skip
def test_a_code_that_does_not_fit_is_named_with_why(
    situation: str, code: str, universal: str, root: Root | None, notation: str, says: str
) -> None:
    t = tooth(universal)
    selection = select(Findings(tooth=t, root=root, pulp=Pulp.NECROSIS))
    warning = code_warning(code, t, selection, notation)
    assert warning is not None and says in warning, situation
    assert warning[0].isupper()


@pytest.mark.parametrize(
    ("situation", "code", "universal"),
    [
        ("molar root canal on a molar", "D3330", "19"),
        ("a code the chart does not judge (an exam)", "D0140", "19"),
    ],
)
def test_a_code_that_fits_gives_no_warning(situation: str, code: str, universal: str) -> None:
    t = tooth(universal)
    selection = select(Findings(tooth=t, root=Root.COMPLETE, pulp=Pulp.NECROSIS))
    assert code_warning(code, t, selection, "universal") is None, situation
