"""The codes a payer's reviewer might pay instead of the billed one ("why not the alternatives").

A letter that answers every excluded code ("D3230: for primary anterior teeth" on a molar
retreatment) buries the one comparison the reviewer is weighing. So the letter answers only:

* the code family's substitutes below: the codes a reviewer would downcode or re-class to
  (retreatment <-> the initial root canal of the same tooth type, apexification <-> regeneration
  visit for visit, a primary-tooth pulpectomy <-> the permanent-tooth root canal, the pulpal
  codes among themselves), and
* the codes the selector calls "possible" for the recorded findings.

A substitute that cannot apply to the treated tooth is not argued either: a permanent molar's
D3330 is never downcoded to D3240 (a primary molar's code), so "why not D3240" only tells the
reviewer about rules that have nothing to do with the claim (`fits_tooth`).
"""

from __future__ import annotations

from typing import Any

from cdt_desktop.domain.teeth import Tooth, ToothType

_ANTERIOR = frozenset({ToothType.ANTERIOR, ToothType.PRIMARY_ANTERIOR})
_PERMANENT = frozenset({ToothType.ANTERIOR, ToothType.PREMOLAR, ToothType.MOLAR})
_MOLAR = frozenset({ToothType.MOLAR, ToothType.PRIMARY_POSTERIOR})  # D3330: a retained primary

TOOTH_TYPES: dict[str, frozenset[ToothType]] = {
    # The teeth each substitute can be billed on (codes not listed: any tooth). A primary tooth
    # without a successor takes the root canal codes, so D3310/D3330 include primary teeth.
    "D3310": _ANTERIOR,
    "D3346": _ANTERIOR,
    "D3320": frozenset({ToothType.PREMOLAR}),
    "D3347": frozenset({ToothType.PREMOLAR}),
    "D3330": _MOLAR,
    "D3348": _MOLAR,
    "D3230": frozenset({ToothType.PRIMARY_ANTERIOR}),
    "D3240": frozenset({ToothType.PRIMARY_POSTERIOR}),
    "D3222": _PERMANENT,  # immature permanent teeth
    **{code: _PERMANENT for code in ("D3351", "D3352", "D3353", "D3355", "D3356", "D3357")},
}

SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "D3310": ("D3346", "D3230", "D3221"),
    "D3320": ("D3347", "D3221"),
    "D3330": ("D3348", "D3240", "D3221"),
    "D3346": ("D3310",),
    "D3347": ("D3320",),
    "D3348": ("D3330",),
    "D3351": ("D3355",),
    "D3352": ("D3356",),
    "D3353": ("D3357",),
    "D3355": ("D3351",),
    "D3356": ("D3352",),
    "D3357": ("D3353", "D3351"),
    "D3220": ("D3221", "D3222", "D3230", "D3240"),
    "D3221": ("D3220",),
    "D3222": ("D3220",),
    "D3230": ("D3310", "D3220"),
    "D3240": ("D3330", "D3220"),
}


def fits_tooth(code: str, tooth: Tooth | None) -> bool:
    """Whether `code` can be billed on `tooth` (True when the tooth is not known)."""
    types = TOOTH_TYPES.get(code.strip().upper())
    return tooth is None or types is None or tooth.nearest.type in types


def reviewer_substitutes(
    code: str, selection: Any | None, tooth: Tooth | None = None
) -> tuple[str, ...]:
    """The family's substitutes of `code` that fit `tooth`, then the selector's "possible"
    codes; no duplicates."""
    code = code.strip().upper()
    codes = [c for c in SUBSTITUTES.get(code, ()) if fits_tooth(c, tooth)]
    for candidate in getattr(selection, "candidates", ()) or ():
        other = str(getattr(candidate, "code", "")).upper()
        if str(getattr(candidate, "status", "")) == "possible" and other not in codes:
            codes.append(other)
    return tuple(c for c in codes if c != code)
