"""The codes a payer's reviewer might pay instead of the billed one ("why not the alternatives").

A letter that answers every excluded code ("D3230: for primary anterior teeth" on a molar
retreatment) buries the one comparison the reviewer is weighing. So the letter answers only:

* the code family's substitutes below: the codes a reviewer would downcode or re-class to
  (retreatment <-> the initial root canal of the same tooth type, apexification <-> regeneration
  visit for visit, a primary-tooth pulpectomy <-> the permanent-tooth root canal, the pulpal
  codes among themselves), and
* the codes the selector calls "possible" for the recorded findings.
"""

from __future__ import annotations

from typing import Any

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


def reviewer_substitutes(code: str, selection: Any | None) -> tuple[str, ...]:
    """The family's substitutes of `code`, then the selector's "possible" codes; no duplicates."""
    code = code.strip().upper()
    codes = list(SUBSTITUTES.get(code, ()))
    for candidate in getattr(selection, "candidates", ()) or ():
        other = str(getattr(candidate, "code", "")).upper()
        if str(getattr(candidate, "status", "")) == "possible" and other not in codes:
            codes.append(other)
    return tuple(c for c in codes if c != code)
