"""The clinical rules behind the code selector (docs/design-rules.md, Coding rules; the
sources behind them in docs/sources.md).

Kept apart from `selector` so that the rules read as a list of clinical situations. Each rule adds
*verdicts* (status + plain-words reason) to a code family or to one code; the selector then takes,
for every code, the lowest status any rule gave it (excluded < possible < recommended). So a code is
recommended only when some rule recommends it and no rule has an objection, and an unknown finding
can never lead to a recommendation by default: the rules that would recommend need that finding.

Three layers: the tooth (`fit`: which codes fit the tooth type and dentition), the clinical
findings (`plans`: which family of codes the findings point to, per family), and the visit
(`step`: which code of a three-visit series). This module holds the tables, the tooth and the
visit; `plans` the clinical findings.
"""

from __future__ import annotations

from typing import NamedTuple

from cdt_desktop.domain.coding.findings import (
    TERMS,
    Goal,
    Pulp,
    Reason,
    ReasonKind,
    Status,
    Visit,
    arrow,
)
from cdt_desktop.domain.teeth import Tooth, ToothType

K = ReasonKind

# Order of the statuses: a code gets the lowest rank any rule gave it.
RANK_OF = {Status.EXCLUDED: 0, Status.POSSIBLE: 1, Status.RECOMMENDED: 2}
STATUS_OF = {0: Status.EXCLUDED, 1: Status.POSSIBLE, 2: Status.RECOMMENDED}

E, P, R = Status.EXCLUDED, Status.POSSIBLE, Status.RECOMMENDED

FAMILIES: dict[str, tuple[str, ...]] = {
    "vpt": ("D3110", "D3120", "D3220"),
    "apexogenesis": ("D3222",),
    "primary": ("D3230", "D3240"),
    "rct": ("D3310", "D3320", "D3330"),
    "retx": ("D3346", "D3347", "D3348"),
    "apexification": ("D3351", "D3352", "D3353"),
    "regeneration": ("D3355", "D3356", "D3357"),
}
FAMILY_OF = {code: family for family, codes in FAMILIES.items() for code in codes}
FAMILY_WORDS = {
    "vpt": "vital pulp therapy",
    "apexogenesis": "apexogenesis",
    "primary": "primary-tooth pulpal therapy",
    "rct": "root canal therapy",
    "retx": "retreatment",
    "apexification": "apexification",
    "regeneration": "regeneration",
}
# The procedures the CDT splits by permanent tooth type, each as its (anterior, premolar, molar)
# codes (DOMAIN §1-2): one table for every tooth-type check, and for the code of the same
# procedure that fits another tooth ("apicoectomy of a molar is D3425").
SPLIT_TYPES = (ToothType.ANTERIOR, ToothType.PREMOLAR, ToothType.MOLAR)
SPLIT_BY_TYPE: dict[str, tuple[str, str, str]] = {
    "rct": ("D3310", "D3320", "D3330"),
    "retx": ("D3346", "D3347", "D3348"),
    "apicoectomy": ("D3410", "D3421", "D3425"),
    "resorption-repair": ("D3471", "D3472", "D3473"),
    "root-exposure": ("D3501", "D3502", "D3503"),
}
SPLIT_WORDS = {
    **{family: FAMILY_WORDS[family] for family in ("rct", "retx")},
    "apicoectomy": "apicoectomy",
    "resorption-repair": "surgical repair of root resorption",
    "root-exposure": "surgical exposure of the root surface",
}
SPLIT_FAMILY_OF = {code: family for family, codes in SPLIT_BY_TYPE.items() for code in codes}
_TYPE_OF_SPLIT = {
    code: kind
    for codes in SPLIT_BY_TYPE.values()
    for code, kind in zip(codes, SPLIT_TYPES, strict=True)
}
# Root canal and retreatment codes: primary teeth map onto them only without a successor.
PERMANENT_TYPE_OF = {c: t for c, t in _TYPE_OF_SPLIT.items() if SPLIT_FAMILY_OF[c] in FAMILIES}
# The surgical codes split by tooth type: written for permanent teeth (whether a primary tooth
# may take one is not confirmed in our sources: said as a rule to verify, never refused).
SURGICAL_TYPE_OF = {c: t for c, t in _TYPE_OF_SPLIT.items() if c not in PERMANENT_TYPE_OF}
PRIMARY_TYPE_OF = {"D3230": ToothType.PRIMARY_ANTERIOR, "D3240": ToothType.PRIMARY_POSTERIOR}
TYPE_WORDS = {
    ToothType.ANTERIOR: "anterior teeth",
    ToothType.PREMOLAR: "premolars",
    ToothType.MOLAR: "molars",
    ToothType.PRIMARY_ANTERIOR: "primary anterior teeth",
    ToothType.PRIMARY_POSTERIOR: "primary posterior teeth (primary molars)",
}
PERMANENT_ONLY = ("D3222", "D3351", "D3352", "D3353", "D3355", "D3356", "D3357")
STEP_OF = {
    "D3351": Visit.INITIAL,
    "D3352": Visit.INTERIM,
    "D3353": Visit.FINAL,
    "D3355": Visit.INITIAL,
    "D3356": Visit.INTERIM,
    "D3357": Visit.FINAL,
}


def another_visit(old: str, new: str) -> bool:
    """Whether ``new`` is another visit of the same apexification or regeneration series as
    ``old`` (D3355 -> D3356): a claim of its own, never a re-code of ``old``'s case."""
    old, new = old.strip().upper(), new.strip().upper()
    return old != new and old in STEP_OF and new in STEP_OF and FAMILY_OF[old] == FAMILY_OF[new]


STEP_NOTES = {
    "D3352": "repeatable: report once per interim medicament visit",
    "D3353": "includes the completed root canal therapy",
    "D3356": "one line per interim medicament visit, as for D3352",
    "D3357": "the final restoration is reported separately",
}
STEP_UNCONFIRMED = {
    # Whether D3356 may be reported once per interim visit is not confirmed in a public source.
    "D3356": "once per interim visit, as for D3352, is not confirmed for D3356: verify with"
    " the payer",
}
"""A step note the office checks with the payer: its own PAYER reason, so that a letter to the
payer (which leaves PAYER and CAUTION reasons out) never prints the doubt beside the code."""
PULP_WORDS = {pulp: TERMS[pulp].words for pulp in Pulp}
VITAL = (Pulp.NORMAL, Pulp.REVERSIBLE_PULPITIS, Pulp.IRREVERSIBLE_PULPITIS)
HEALTHY = (Pulp.NORMAL, Pulp.REVERSIBLE_PULPITIS)
# Pulps that call for removing the pulp and filling the canals for the first time.
INDICATED = (Pulp.IRREVERSIBLE_PULPITIS, Pulp.NECROSIS, Pulp.PREVIOUSLY_INITIATED)

MISSING_TOOTH = "Tooth: which tooth?"
MISSING_PULP = "Pulp status: vital or necrotic (or previously treated)?"
MISSING_ROOT = "Root development: complete or immature (open apex)?"
MISSING_VISIT = "Visit: initial, interim or final?"
MISSING_EXPOSURE = (
    "Treatment goal: apexogenesis (D3222, pulp exposed), a pulpotomy (D3220), a direct pulp cap"
    " (D3110) or an indirect pulp cap (D3120, no exposure)?"
)
MISSING_PRIMARY_EXPOSURE = (
    "Treatment goal: an indirect pulp cap (D3120, caries removed short of the pulp), a pulpotomy"
    " (D3220, carious exposure) or a direct pulp cap (D3110, small mechanical or traumatic"
    " exposure)? (AAPD pulp therapy guideline; verify)"
)
MISSING_MATURE_VPT = (
    "Treatment goal: a pulpotomy (D3220), a direct pulp cap (D3110) or an indirect pulp cap"
    " (D3120, no exposure)?"
)
MISSING_PULPOTOMY_KIND = (
    "Treatment goal: a full pulpotomy to the canal orifices (D3220), or a partial one that keeps"
    " the root developing (D3222: choose Apexogenesis)?"
)
MISSING_APEXIFICATION_ON_VITAL = (
    "Treatment goal: apexification on irreversible pulpitis only once the whole pulp is removed"
    " (the series is for a necrotic or removed pulp): confirm what was done, or Apexogenesis to"
    " keep the pulp alive (D3222)"
)
MISSING_CAP_ON_IRREVERSIBLE = (
    "Treatment goal: a direct pulp cap on irreversible pulpitis is seldom indicated (a pulpotomy"
    " is usual): confirm what was done (D3110, or Pulpotomy for D3220)"
)
VPT_GOAL_CODE = {
    Goal.INDIRECT_PULP_CAP: "D3120",
    Goal.DIRECT_PULP_CAP: "D3110",
    Goal.PULPOTOMY: "D3220",
}
"""The vital pulp therapy goals: each is one procedure, so one code."""
MISSING_SUCCESSOR = "Permanent successor: does this primary tooth have one (yes or no)?"
MISSING_ORDER = ("Tooth", "Pulp", "Root", "Permanent successor", "Treatment goal", "Visit")
D9_NOTE = (
    "Initial visit of a root canal: if only pulpal debridement was done (emergency visit), that"
    " visit is D3221; the root canal code usually goes on the completion date (a payer rule to"
    " verify)."
)


class Fit(NamedTuple):
    """How a code fits the tooth: status, the reason when it does not, and words when it does."""

    status: Status
    reason: Reason | None = None
    matched: str = ""  # e.g. "#19 is a permanent molar" (only for tooth-type specific codes)


def _unfit(code: str, status: Status, wanted: str, who: str, tail: str = "") -> Fit:
    """ "D3320 is for permanent premolars; #19 is a permanent molar" as a structured reason."""
    gist = f"for {wanted}"
    text = f"{code} is {gist}; {who}{tail}"
    return Fit(status, Reason(K.TOOTH_TYPE, status, text, code, gist, who + tail))


def tooth_words(tooth: Tooth) -> str:
    """ "#19 is a permanent molar"; a supernumerary tooth counts as the tooth it is charted
    against (docs/design-rules.md, Coding rules)."""
    if tooth.supernumerary:
        return f"#{tooth.universal} (supernumerary, near #{tooth.nearest.universal}) counts as a" \
               f" {tooth.type_words}"  # fmt: skip
    return f"#{tooth.universal} is a {tooth.type_words}"


def fit(code: str, tooth: Tooth | None, has_successor: bool | None) -> Fit:
    """Whether `code` fits `tooth` (type and dentition), in plain words."""
    if tooth is None:
        return Fit(P, Reason(K.MISSING, P, "tooth not given", code))
    who = tooth_words(tooth)
    if code in PRIMARY_TYPE_OF:
        wanted = PRIMARY_TYPE_OF[code]
        if tooth.type is wanted:
            return Fit(R, matched=who)
        return _unfit(code, E, TYPE_WORDS[wanted], who)
    if code in PERMANENT_TYPE_OF:
        wanted = PERMANENT_TYPE_OF[code]
        if not tooth.is_primary:
            if tooth.type is wanted:
                return Fit(R, matched=who)
            return _unfit(code, E, f"permanent {TYPE_WORDS[wanted]}", who)
        if wanted is ToothType.PREMOLAR:
            # The "never premolars" clause answers Open Dental's trap; it only makes sense for a
            # primary molar, and would confuse on a primary incisor or canine.
            trap = ", and primary molars are never premolars" if tooth.is_posterior else ""
            return _unfit(code, E, "permanent premolars", who, trap)
        as_type = ToothType.ANTERIOR if tooth.is_anterior else ToothType.MOLAR
        if wanted is not as_type:
            return _unfit(code, E, f"permanent {TYPE_WORDS[wanted]}", who)
        # The CDT places a primary tooth without a successor under D3310-D3330
        # (docs/design-rules.md, Coding rules).
        if has_successor is False:
            return Fit(R, matched=f"{who} with no permanent successor")
        primary_code = "D3230" if tooth.is_anterior else "D3240"
        if has_successor is True:
            # not "take D3240": with a vital pulp no pulpectomy is indicated at all
            gist = (
                f"with a permanent successor: {code} is only for a primary tooth without one"
                f" (a pulpectomy here is {primary_code})"
            )
            return Fit(E, Reason(K.SUCCESSOR, E, f"{who} {gist}", code, tooth=who))
        gist = f"{code} if it has no permanent successor (not stated); otherwise {primary_code}"
        return Fit(P, Reason(K.SUCCESSOR, P, f"{who}: {gist}", code, tooth=who))
    if code in SURGICAL_TYPE_OF:
        return _fit_surgical(code, tooth, who)
    if code in PERMANENT_ONLY and tooth.is_primary:
        return _unfit(code, E, "permanent teeth with an immature root", who)
    return Fit(R)


VERIFY_CDT = "verify against the licensed CDT"
_KIND_WORDS = {ToothType.ANTERIOR: "an anterior tooth", ToothType.PREMOLAR: "a premolar",
               ToothType.MOLAR: "a molar"}  # fmt: skip


def same_procedure(code: str, kind: ToothType) -> str:
    """The code of ``code``'s procedure for a tooth of ``kind`` (anterior, premolar or molar):
    D3421 and a molar give D3425."""
    return SPLIT_BY_TYPE[SPLIT_FAMILY_OF[code]][SPLIT_TYPES.index(kind)]


def same_procedure_words(code: str, kind: ToothType) -> str:
    """ "apicoectomy of a molar is D3425": ``same_procedure`` in words (D3421 and a molar)."""
    return f"{SPLIT_WORDS[SPLIT_FAMILY_OF[code]]} of {_KIND_WORDS[kind]} is {same_procedure(code, kind)}"


def _fit_surgical(code: str, tooth: Tooth, who: str) -> Fit:
    """An apicoectomy, a surgical resorption repair or a surgical root exposure (D3410-D3503,
    split by permanent tooth type) against the tooth. A wrong type names the code of the same
    procedure for this tooth: "D3421 is for permanent premolars; #19 is a permanent molar:
    apicoectomy of a molar is D3425". A primary tooth is taken as anterior or molar, as the
    CDT takes one without a successor for a root canal; our sources do not say whether these
    codes are reported on primary teeth at all, so that is said as a point to verify (the
    codes' ``verify`` lists), not as a refusal."""
    wanted = SURGICAL_TYPE_OF[code]
    kind = tooth.type
    if tooth.is_primary:
        kind = ToothType.ANTERIOR if tooth.is_anterior else ToothType.MOLAR
    if wanted is kind:
        if not tooth.is_primary:
            return Fit(R, matched=who)
        doubt = f": whether a primary tooth takes {code} is not confirmed ({VERIFY_CDT})"
        return _unfit(code, P, f"permanent {TYPE_WORDS[wanted]}", who, doubt)
    trap = ", and primary molars are never premolars" if tooth.is_primary and tooth.is_posterior \
        and wanted is ToothType.PREMOLAR else ""  # fmt: skip
    doubt = f" (for a primary tooth not confirmed: {VERIFY_CDT})" if tooth.is_primary else ""
    tail = f"{trap}: {same_procedure_words(code, kind)}{doubt}"
    return _unfit(code, E, f"permanent {TYPE_WORDS[wanted]}", who, tail)


def step(code: str, visit: Visit | None) -> list[Reason]:
    """Which code of a three-visit series fits the visit (and what to verify about it)."""
    wanted = STEP_OF[code]
    if visit is None:
        return [Reason(K.MISSING, P, f"visit not given; {code} is the {wanted} visit", code)]
    if visit is wanted:
        note = STEP_NOTES.get(code)
        fits = arrow(K.VISIT, R, f"{visit} visit", code + (f" ({note})" if note else ""))
        unconfirmed = STEP_UNCONFIRMED.get(code)
        return [fits] + ([Reason(K.PAYER, R, unconfirmed, code)] if unconfirmed else [])
    gist = f"for the {wanted} visit; this is the {visit} visit"
    return [Reason(K.VISIT, E, f"{code} is {gist}", code, gist)]


class Plan:
    """What the clinical findings say about each code family (filled in by the planners)."""

    __slots__ = ("lead", "missing", "notes", "open", "verdicts")

    def __init__(self) -> None:
        self.verdicts: dict[str, list[Reason]] = {}  # by family, or by one code ("D3120")
        self.lead: tuple[str, ...] = ()  # families listed first among codes of one status
        self.missing: list[str] = []
        self.open: list[str] = []  # asked even when a code is recommended (e.g. the successor)
        self.notes: list[str] = []

    def add(self, family: str, status: Status, text: str, kind: ReasonKind) -> None:
        self.verdicts.setdefault(family, []).append(Reason(kind, status, text))

    def add_reason(self, family: str, reason: Reason) -> None:
        self.verdicts.setdefault(family, []).append(reason)

    def worst(self, family: str) -> Status | None:
        ranks = [RANK_OF[r.status] for r in self.verdicts.get(family, ())]
        return STATUS_OF[min(ranks)] if ranks else None

    def withhold(self) -> None:
        """No code is recommended (a stated goal the findings rule out): every "recommended"
        verdict becomes "possible", its reason kept."""
        for key, reasons in self.verdicts.items():
            self.verdicts[key] = [r._replace(status=P) if r.status is R else r for r in reasons]

    def need(self, item: str, *, even_if_settled: bool = False) -> None:
        target = self.open if even_if_settled else self.missing
        if item not in target:
            target.append(item)
