"""The clinical rules behind the code selector (DESIGN.md section 4, DOMAIN.md sections 1-3).

Kept apart from `selector` so that the rules read as a list of clinical situations. Each rule adds
*verdicts* (status + plain-words reason) to a code family or to one code; the selector then takes,
for every code, the lowest status any rule gave it (excluded < possible < recommended). So a code is
recommended only when some rule recommends it and no rule has an objection, and an unknown finding
can never lead to a recommendation by default: the rules that would recommend need that finding.

Three layers: the tooth (`fit`: which codes fit the tooth type and dentition), the clinical
findings (`plan`: which family of codes the findings point to, per family), and the visit (`step`:
which code of a three-visit series).
"""

from __future__ import annotations

from typing import NamedTuple

from cdt_desktop.domain.coding.findings import (
    TERMS,
    Findings,
    Goal,
    Pulp,
    Reason,
    ReasonKind,
    Root,
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
    "apexogenesis": ("D3222",),
    "primary": ("D3230", "D3240"),
    "rct": ("D3310", "D3320", "D3330"),
    "retx": ("D3346", "D3347", "D3348"),
    "apexification": ("D3351", "D3352", "D3353"),
    "regeneration": ("D3355", "D3356", "D3357"),
}
FAMILY_OF = {code: family for family, codes in FAMILIES.items() for code in codes}
FAMILY_WORDS = {
    "apexogenesis": "apexogenesis",
    "primary": "primary-tooth pulpal therapy",
    "rct": "root canal therapy",
    "retx": "retreatment",
    "apexification": "apexification",
    "regeneration": "regeneration",
}
# Codes split by permanent tooth type; primary teeth map onto them only without a successor.
PERMANENT_TYPE_OF = {
    "D3310": ToothType.ANTERIOR,
    "D3320": ToothType.PREMOLAR,
    "D3330": ToothType.MOLAR,
    "D3346": ToothType.ANTERIOR,
    "D3347": ToothType.PREMOLAR,
    "D3348": ToothType.MOLAR,
}
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
STEP_NOTES = {
    "D3352": "repeatable: report once per interim medicament visit",
    "D3353": "includes the completed root canal therapy",
    # DOMAIN.md confirms "per visit, repeatable" for D3352 only; for D3356 it is our reading.
    "D3356": "one line per interim medicament visit, repeatable as for D3352 (not confirmed for"
    " D3356: verify with the payer)",
    "D3357": "the final restoration is reported separately",
}
PULP_WORDS = {pulp: TERMS[pulp].words for pulp in Pulp}
VITAL = (Pulp.NORMAL, Pulp.REVERSIBLE_PULPITIS, Pulp.IRREVERSIBLE_PULPITIS)
INDICATED = (Pulp.IRREVERSIBLE_PULPITIS, Pulp.NECROSIS)

MISSING_TOOTH = "Tooth: which tooth?"
MISSING_PULP = "Pulp status: vital or necrotic (or previously treated)?"
MISSING_ROOT = "Root development: complete or immature (open apex)?"
MISSING_VISIT = "Visit: initial, interim or final?"
MISSING_ORDER = ("Tooth", "Pulp", "Root", "Treatment goal", "Visit")


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


def fit(code: str, tooth: Tooth | None, has_successor: bool | None) -> Fit:
    """Whether `code` fits `tooth` (type and dentition), in plain words."""
    if tooth is None:
        return Fit(P, Reason(K.MISSING, P, "tooth not given", code))
    who = f"#{tooth.universal} is a {tooth.type_words}"
    if tooth.supernumerary:  # typed after the tooth it is charted against (DESIGN.md section 4)
        who = f"#{tooth.universal} (supernumerary, near #{tooth.nearest.universal}) counts as a" \
              f" {tooth.type_words}"  # fmt: skip
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
        if has_successor is False:
            gist = f"with no permanent successor: it may be reported with the permanent-tooth" \
                   f" code {code} (check the payer)"  # fmt: skip
            return Fit(P, Reason(K.SUCCESSOR, P, f"{who} {gist}", code, tooth=who))
        primary_code = "D3230" if tooth.is_anterior else "D3240"
        if has_successor is True:
            gist = f"with a permanent successor: primary teeth take {primary_code}"
            return Fit(E, Reason(K.SUCCESSOR, E, f"{who} {gist}", code, tooth=who))
        gist = f"{code} only when it has no permanent successor (not stated); otherwise" \
               f" {primary_code}"  # fmt: skip
        return Fit(E, Reason(K.SUCCESSOR, E, f"{who}: {gist}", code, tooth=who))
    if code in PERMANENT_ONLY and tooth.is_primary:
        return _unfit(code, E, "permanent teeth with an immature root", who)
    return Fit(R)


def step(code: str, visit: Visit | None) -> Reason:
    """Which code of a three-visit series fits the visit."""
    wanted = STEP_OF[code]
    if visit is None:
        return Reason(K.MISSING, P, f"visit not given; {code} is the {wanted} visit", code)
    if visit is wanted:
        note = STEP_NOTES.get(code)
        return arrow(K.VISIT, R, f"{visit} visit", code + (f" ({note})" if note else ""))
    gist = f"for the {wanted} visit; this is the {visit} visit"
    return Reason(K.VISIT, E, f"{code} is {gist}", code, gist)


class Plan:
    """What the clinical findings say about each code family (filled in by the planners)."""

    __slots__ = ("missing", "notes", "rct_reason_for_series", "verdicts")

    def __init__(self) -> None:
        self.verdicts: dict[str, list[Reason]] = {}
        self.missing: list[str] = []
        self.notes: list[str] = []
        self.rct_reason_for_series = ""

    def add(self, family: str, status: Status, text: str, kind: ReasonKind) -> None:
        self.verdicts.setdefault(family, []).append(Reason(kind, status, text))

    def add_reason(self, family: str, reason: Reason) -> None:
        self.verdicts.setdefault(family, []).append(reason)

    def worst(self, family: str) -> Status | None:
        ranks = [RANK_OF[r.status] for r in self.verdicts.get(family, ())]
        return STATUS_OF[min(ranks)] if ranks else None

    def need(self, item: str) -> None:
        if item not in self.missing:
            self.missing.append(item)


def _goal_family(goal: Goal, pulp: Pulp | None) -> str:
    if goal is Goal.RCT:
        return "retx" if pulp is Pulp.PREVIOUSLY_TREATED else "rct"
    return str(goal)


def plan_permanent(f: Findings) -> Plan:
    """Rules for a permanent tooth (also used when the tooth is not given)."""
    p = Plan()
    root, pulp, goal = f.root, f.pulp, f.goal
    words = PULP_WORDS[pulp] if pulp else ""
    # --- objections: findings that rule a family out, whatever the goal ---
    if root is Root.COMPLETE:
        for fam in ("apexogenesis", "apexification", "regeneration"):
            p.add(fam, E, "root development is complete", K.ROOT)
    if pulp is Pulp.PREVIOUSLY_TREATED:
        p.add("rct", E, "tooth already had root canal therapy (retreatment codes apply)", K.PULP)
        p.add("apexogenesis", E, "apexogenesis needs a vital pulp; tooth already had root canal"
              " therapy", K.PULP)  # fmt: skip
    elif pulp is not None:
        p.add("retx", E, f"no previous root canal therapy on this tooth ({words})", K.PULP)
    if pulp is Pulp.NECROSIS:
        p.add("apexogenesis", E, "apexogenesis needs a vital pulp; the pulp is necrotic", K.PULP)
    if pulp in VITAL:
        p.add("regeneration", E, f"regeneration is for a necrotic pulp (AAE case selection);"
              f" the pulp is vital ({words})", K.PULP)  # fmt: skip
    if pulp in (Pulp.NORMAL, Pulp.REVERSIBLE_PULPITIS):
        p.add("apexification", E, f"apexification is for a necrotic or removed pulp; {words}",
              K.PULP)  # fmt: skip
        p.add("rct", P, f"no indication for root canal therapy on these findings ({words});"
              " verify the diagnosis", K.PULP)  # fmt: skip
        if root is Root.COMPLETE:
            p.notes.append(f"No root canal code is indicated for a mature tooth with {words};"
                           " verify the pulp diagnosis.")  # fmt: skip
    # --- the goal: a stated goal that the findings rule out is reported, never overridden ---
    allow_recommend = pulp is not None
    if pulp is None:
        p.need(MISSING_PULP)
    if goal is not None:
        gf = _goal_family(goal, pulp)
        if p.worst(gf) is E:
            allow_recommend = False
            p.need(f"Treatment goal: {goal} does not fit these findings"
                   f" ({p.verdicts[gf][0].text}); check the goal or the findings")  # fmt: skip
        else:
            _goal_rules(p, f, gf)
    else:
        _default_rules(p, f)
    for fam in FAMILIES:
        if fam != "primary" and not p.verdicts.get(fam):
            p.add(fam, P, "not ruled out by the findings given", K.OPEN)
        if not allow_recommend:
            p.verdicts[fam] = [
                r._replace(status=P) if r.status is R else r for r in p.verdicts.get(fam, [])
            ]
    return p


def _goal_rules(p: Plan, f: Findings, gf: str) -> None:
    root, pulp, goal = f.root, f.pulp, f.goal
    assert goal is not None
    for fam in ("rct", "retx", "apexogenesis", "apexification", "regeneration"):
        if fam == gf or (goal is Goal.RCT and fam in ("rct", "retx")):
            continue
        if fam == "rct" and gf == "apexification":
            p.add("rct", E, _apexification_covers_rct(f.visit), K.GOAL)
        else:
            p.add(fam, E, f"the treatment goal is {FAMILY_WORDS[gf]}", K.GOAL)
    if pulp is None:  # say why the goal alone does not settle the code
        p.add(gf, P, f"the stated goal is {FAMILY_WORDS[gf]}, but the pulp status is not given",
              K.MISSING)  # fmt: skip
    if gf in ("rct", "retx"):
        if pulp in INDICATED or pulp is Pulp.PREVIOUSLY_TREATED:
            p.add(gf, R, f"{PULP_WORDS[pulp]}, and the stated goal is {FAMILY_WORDS[gf]}", K.GOAL)
            if root is Root.IMMATURE and gf == "rct":
                p.add(gf, R, "caution: the root is immature; an open apex usually calls for"
                      " apexification or regeneration", K.CAUTION)  # fmt: skip
        return
    if root is None:
        p.add(gf, P, f"{FAMILY_WORDS[gf]} needs an immature root; root development not given",
              K.MISSING)  # fmt: skip
        p.need(MISSING_ROOT)
    elif root is Root.IMMATURE and pulp is not None:
        p.add(gf, R, f"immature root, {PULP_WORDS[pulp]}, and the stated goal is"
              f" {FAMILY_WORDS[gf]}", K.GOAL)  # fmt: skip
        if gf == "apexogenesis" and pulp is Pulp.IRREVERSIBLE_PULPITIS:
            p.add(gf, R, "irreversible pulpitis: confirm the remaining pulp bleeds and the"
                  " bleeding is controlled", K.CAUTION)  # fmt: skip
        if pulp is Pulp.PREVIOUSLY_TREATED:
            p.add(gf, R, "previously treated tooth: outcomes are less predictable", K.CAUTION)


def _default_rules(p: Plan, f: Findings) -> None:
    """No goal stated: recommend only where the findings leave a single pathway."""
    root, pulp = f.root, f.pulp
    if pulp is None:
        for fam in FAMILIES:
            if fam != "primary":
                p.add(fam, P, "pulp status not given", K.MISSING)
        return
    words = PULP_WORDS[pulp]
    if pulp is Pulp.PREVIOUSLY_TREATED:
        p.add_reason("retx", arrow(K.PULP, R, "tooth already had root canal therapy",
                                   "retreatment"))  # fmt: skip
        for fam in ("apexification", "regeneration"):
            p.add(fam, P, f"only if {fam} is chosen as the goal for an immature root", K.GOAL)
        return
    if pulp in INDICATED:
        if root is Root.COMPLETE:
            p.add("rct", R, f"mature root with {words}: root canal therapy is indicated", K.PULP)
            return
        if root is None:
            p.add("rct", P, f"if the root is mature: {words} -> root canal therapy", K.MISSING)
        else:
            p.add("rct", P, "conventional root canal therapy is possible, but an open apex"
                  " usually calls for apexification or regeneration", K.ROOT)  # fmt: skip
        cond = "if the root is immature" if root is None else f"immature root with {words}"
        kind = K.MISSING if root is None else K.ROOT
        p.add("apexification", P, f"{cond}: apexification closes the open apex", kind)
        if pulp is Pulp.NECROSIS:
            p.add("regeneration", P, f"{cond}: regeneration may continue root development", kind)
        else:
            p.add("apexogenesis", P, f"{cond}: a partial pulpotomy (apexogenesis) can still"
                  " keep the pulp alive if the remaining pulp bleeds and is controlled",
                  kind)  # fmt: skip
        if root is None:
            p.need(MISSING_ROOT)
        elif pulp is Pulp.NECROSIS:
            p.need("Treatment goal: apexification or regeneration?")
        else:
            p.need("Treatment goal: apexogenesis (keep the pulp alive), apexification or"
                   " root canal therapy?")  # fmt: skip
        return
    # normal pulp or reversible pulpitis: only apexogenesis, and only for an immature root
    if root is Root.IMMATURE:
        p.add_reason("apexogenesis", arrow(K.ROOT, R, f"immature root with a vital pulp ({words})",
                     "apexogenesis, when the pulp is exposed (trauma or caries)"))  # fmt: skip
    elif root is None:
        p.add("apexogenesis", P, f"if the root is immature: vital pulp ({words}) -> apexogenesis",
              K.MISSING)  # fmt: skip
        p.need(MISSING_ROOT)


def _apexification_covers_rct(visit: Visit | None) -> str:
    if visit is Visit.FINAL:
        return "D3353 (final apexification visit) includes the completed root canal therapy"
    # D3353 including the completed RCT is confirmed; "so no D3310-D3330 line" is a derived
    # edit (DOMAIN.md marks it [M]), so the reason says it is our reading.
    return ("apexification series: the completed root canal therapy is part of D3353 (final"
            " visit), so a separate D3310-D3330 line would bill it twice (derived rule; verify"
            " with the payer)")  # fmt: skip


def plan_primary(f: Findings) -> Plan:
    """Rules for a primary tooth: pulpal therapy D3230/D3240; molars are never premolars."""
    p = Plan()
    pulp, goal = f.pulp, f.goal
    if goal in (Goal.APEXIFICATION, Goal.REGENERATION, Goal.APEXOGENESIS):
        p.add("primary", P, f"the stated goal ({goal}) is for permanent teeth", K.GOAL)
        p.need(f"Treatment goal: {goal} is for permanent teeth; check the goal or the tooth")
    if pulp is None:
        p.add("primary", P, "pulp status not given", K.MISSING)
        p.add("rct", P, "pulp status not given", K.MISSING)
        p.add("retx", P, "pulp status not given", K.MISSING)
        p.need(MISSING_PULP)
        return p
    words = PULP_WORDS[pulp]
    if pulp in INDICATED:
        p.add("primary", R, f"primary tooth with {words}: pulpal therapy with a resorbable"
              " filling", K.PULP)  # fmt: skip
        p.add("rct", P, f"primary tooth with {words}", K.PULP)
        p.add("retx", E, f"no previous root canal therapy on this tooth ({words})", K.PULP)
    elif pulp is Pulp.PREVIOUSLY_TREATED:
        p.add("primary", P, "primary tooth already treated: redo pulpal therapy only if the"
              " tooth is restorable (extraction is common); verify", K.PULP)  # fmt: skip
        p.add("rct", E, "tooth already had root canal therapy (retreatment codes apply)", K.PULP)
        p.add("retx", P, "tooth already had root canal therapy", K.PULP)
    else:
        p.add("primary", P, f"no indication for pulpectomy on these findings ({words}); a"
              " pulpotomy (D3220) or pulp cap may fit; verify the diagnosis", K.PULP)  # fmt: skip
        p.add("rct", P, f"no indication for root canal therapy on these findings ({words})",
              K.PULP)  # fmt: skip
        p.add("retx", E, f"no previous root canal therapy on this tooth ({words})", K.PULP)
        p.notes.append(f"No pulpectomy code is indicated for a primary tooth with {words}.")
    return p
