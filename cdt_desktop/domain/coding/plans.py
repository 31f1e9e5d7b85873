"""The clinical findings' rules: which code family the pulp, root, goal and successor point to.

Each rule adds verdicts (a structured `Reason` with its status) to a family of codes; the selector
takes, per code, the lowest status any rule gave it. A family is recommended only when a rule
recommends it and none objects, and an unknown finding never excludes a code that the finding
could make right (docs/design-rules.md, Coding rules).
"""

from __future__ import annotations

from cdt_desktop.domain.coding.findings import (
    TERMS,
    Findings,
    Goal,
    Pulp,
    Reason,
    ReasonKind,
    Root,
    Visit,
    arrow,
)
from cdt_desktop.domain.coding.rules import (
    FAMILIES,
    FAMILY_WORDS,
    HEALTHY,
    INDICATED,
    MISSING_APEXIFICATION_ON_VITAL,
    MISSING_CAP_ON_IRREVERSIBLE,
    MISSING_EXPOSURE,
    MISSING_MATURE_VPT,
    MISSING_PRIMARY_EXPOSURE,
    MISSING_PULP,
    MISSING_PULPOTOMY_KIND,
    MISSING_ROOT,
    MISSING_SUCCESSOR,
    PULP_WORDS,
    VITAL,
    VPT_GOAL_CODE,
    E,
    P,
    Plan,
    R,
)

K = ReasonKind
RECALCIFICATION = "mature root: only as recalcification (perforation or resorption repair); verify"
"""D3351-D3353 on a complete root: the series' name says recalcification too, but what it covers
on a mature root is not confirmed in a public source (the codes' `verify` entries say so)."""
NO_VITAL_PULP = "vital pulp therapy needs a vital pulp"


def _goal_family(goal: Goal, pulp: Pulp | None) -> str:
    if goal is Goal.RCT:
        return "retx" if pulp is Pulp.PREVIOUSLY_TREATED else "rct"
    if goal in VPT_GOAL_CODE:
        return "vpt"
    return str(goal)


def _goal_name(goal: Goal) -> str:
    """The goal as a Missing line names it: its value, or a vital pulp therapy's words."""
    return TERMS[goal].words if goal in VPT_GOAL_CODE else str(goal)


def _conflict_line(goal_words: str, reason: str) -> str:
    """The Missing line of a stated goal the findings rule out, with the reason that does."""
    return (
        f"Treatment goal: {goal_words} does not fit these findings ({reason}); check the goal or"
        " the findings"
    )


def _goal_conflict(p: Plan, goal: Goal, gf: str) -> str | None:
    """Why the findings rule the stated goal out (its family, or its one code), or None."""
    if p.worst(gf) is E:  # the verdict that excludes it, not a note on the family
        return next(r.text for r in p.verdicts[gf] if r.status is E)
    code = VPT_GOAL_CODE.get(goal)
    return next((r.text for r in p.verdicts.get(code or "", ()) if r.status is E), None)


def plan_permanent(f: Findings) -> Plan:
    """Rules for a permanent tooth (also used when the tooth is not given)."""
    p = Plan()
    _objections(p, f)
    pulp, goal = f.pulp, f.goal
    # --- the goal: a stated goal that the findings rule out is reported, never overridden ---
    allow_recommend = pulp is not None
    if pulp is None:
        p.need(MISSING_PULP)
    if goal is not None:
        gf = _goal_family(goal, pulp)
        conflict = _goal_conflict(p, goal, gf)
        if conflict is not None:
            allow_recommend = False
            p.need(_conflict_line(_goal_name(goal), conflict))
        else:
            _goal_rules(p, f, gf)
    else:
        _default_rules(p, f)
    for fam in FAMILIES:
        if fam != "primary" and not p.verdicts.get(fam):
            p.add(fam, P, "not ruled out by the findings given", K.OPEN)
    if not allow_recommend:
        p.withhold()
    return p


def _objections(p: Plan, f: Findings) -> None:
    """Findings that rule a family out (or down to possible), whatever the goal."""
    root, pulp = f.root, f.pulp
    words = PULP_WORDS[pulp] if pulp else ""
    if root is Root.COMPLETE:
        for fam in ("apexogenesis", "regeneration"):
            p.add(fam, E, "root development is complete", K.ROOT)
        if pulp not in HEALTHY:  # (a normal pulp or reversible pulpitis excludes it: below)
            # irreversible pulpitis too: internal resorption is found with an inflamed, vital pulp,
            # which is removed and the canal recalcified; an unknown finding (resorption, a
            # perforation) never excludes a code it could make right
            # (docs/design-rules.md, Coding rules)
            p.add("apexification", P, RECALCIFICATION, K.ROOT)
    if pulp is Pulp.PREVIOUSLY_TREATED:
        p.add("rct", E, "tooth already had root canal therapy (retreatment codes apply)", K.PULP)
        p.add("apexogenesis", E, "apexogenesis needs a vital pulp; tooth already had root canal"
              " therapy", K.PULP)  # fmt: skip
    elif pulp is Pulp.PREVIOUSLY_INITIATED:
        p.add("retx", E, "therapy was started but the canals were never filled: retreatment codes"
              " are for filled canals; the first-time codes apply", K.PULP)  # fmt: skip
    elif pulp is not None:
        p.add("retx", E, f"no previous root canal therapy on this tooth ({words})", K.PULP)
    if pulp is not None and pulp not in VITAL:
        p.add("vpt", E, f"{NO_VITAL_PULP} ({words})", K.PULP)
    if pulp is Pulp.NECROSIS:
        p.add("apexogenesis", E, "apexogenesis needs a vital pulp; the pulp is necrotic", K.PULP)
    if pulp is Pulp.PREVIOUSLY_INITIATED:
        p.add("apexogenesis", P, "therapy was already started: apexogenesis only if vital pulp"
              " remains in the root; verify", K.CAUTION)  # fmt: skip
    if pulp is Pulp.IRREVERSIBLE_PULPITIS:
        p.add("D3120", E, "an indirect pulp cap leaves the pulp covered, for a normal pulp or"
              " reversible pulpitis; with irreversible pulpitis inflamed pulp is removed"
              " (AAPD, AAE)", K.PULP)  # fmt: skip
    if pulp in VITAL:
        p.add("regeneration", E, f"regeneration is for a necrotic pulp (AAE case selection);"
              f" the pulp is vital ({words})", K.PULP)  # fmt: skip
    if pulp in HEALTHY:
        p.add("apexification", E, f"apexification is for a necrotic or removed pulp; {words}",
              K.PULP)  # fmt: skip
        p.add("rct", P, f"no indication for root canal therapy on these findings ({words});"
              " verify the diagnosis", K.PULP)  # fmt: skip
        if root is Root.COMPLETE:
            p.notes.append(f"No root canal code is indicated for a mature tooth with {words};"
                           " verify the pulp diagnosis.")  # fmt: skip


def _goal_rules(p: Plan, f: Findings, gf: str) -> None:
    root, pulp, goal = f.root, f.pulp, f.goal
    assert goal is not None
    goal_words = TERMS[goal].words if goal in VPT_GOAL_CODE else FAMILY_WORDS[gf]
    for fam in ("vpt", "rct", "retx", "apexogenesis", "apexification", "regeneration"):
        if fam == gf or (goal is Goal.RCT and fam in ("rct", "retx")):
            continue
        if fam == "vpt" and gf == "apexogenesis":
            p.add("vpt", P, "the goal is apexogenesis: D3222 is the partial pulpotomy; a pulp cap"
                  " or a full pulpotomy only if that is what was done", K.GOAL)  # fmt: skip
        elif fam == "apexogenesis" and goal is Goal.PULPOTOMY and root is not Root.COMPLETE:
            continue  # D3222 is a pulpotomy too: `_vpt_goal_rules` asks which one
        elif fam == "rct" and gf == "apexification":
            p.add("rct", E, _apexification_covers_rct(f.visit), K.GOAL)
        else:
            p.add(fam, E, f"the treatment goal is {goal_words}", K.GOAL)
    if gf == "vpt":
        _vpt_goal_rules(p, f)
        return
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
    if root is Root.COMPLETE and gf == "apexification":
        p.need("Treatment goal: apexification on a mature root is only recalcification of a"
               " perforation or of resorption; otherwise root canal therapy")  # fmt: skip
    if root is None:
        p.add(gf, P, f"{FAMILY_WORDS[gf]} needs an immature root; root development not given",
              K.MISSING)  # fmt: skip
        p.need(MISSING_ROOT)
    elif root is Root.IMMATURE and pulp is not None:
        if gf == "apexification" and pulp is Pulp.IRREVERSIBLE_PULPITIS:
            # immature + vital: only apexogenesis is recommended (docs/design-rules.md, Coding
            # rules); the series was recommended for a vital pulp (coding review). It stays
            # possible, asked to confirm, as a direct cap on irreversible pulpitis is: with the
            # whole pulp removed it is the pathway (the goal question offers it)
            p.add(gf, P, "apexification is for a necrotic pulp or one removed in full (AAE);"
                  " with irreversible pulpitis only once the whole pulp is removed",
                  K.PULP)  # fmt: skip
            p.need(MISSING_APEXIFICATION_ON_VITAL)
            return
        if gf == "regeneration" and pulp is Pulp.PREVIOUSLY_TREATED:
            p.add(gf, P, "caution: the canals are already filled; regeneration needs the filling"
                  " removed, and outcomes on an obturated canal are less predictable",
                  K.CAUTION)  # fmt: skip
            return
        p.add(gf, R, f"immature root, {PULP_WORDS[pulp]}, and the stated goal is"
              f" {FAMILY_WORDS[gf]}", K.GOAL)  # fmt: skip
        if gf == "apexogenesis" and pulp is Pulp.IRREVERSIBLE_PULPITIS:
            p.add(gf, R, "irreversible pulpitis: confirm the remaining pulp bleeds and the"
                  " bleeding is controlled", K.CAUTION)  # fmt: skip
        if pulp is Pulp.PREVIOUSLY_TREATED:
            p.add(gf, R, "previously treated tooth: outcomes are less predictable", K.CAUTION)
        if gf == "regeneration" and pulp is Pulp.PREVIOUSLY_INITIATED:
            p.add(gf, R, "caution: therapy was already started; regeneration's case selection is"
                  " a necrotic pulp (AAE): verify the pulp was necrotic", K.CAUTION)  # fmt: skip


def _vpt_goal_rules(p: Plan, f: Findings) -> None:
    """A pulp cap or a pulpotomy stated as the goal: it is the procedure, so it names its code
    (the findings that rule it out were checked before, `_goal_conflict`)."""
    goal, pulp = f.goal, f.pulp
    assert goal is not None
    code, words = VPT_GOAL_CODE[goal], TERMS[goal].words
    for other in FAMILIES["vpt"]:
        if other != code:
            p.add(other, E, f"the treatment goal is {words} ({code})", K.GOAL)
    if pulp is None:
        p.add("vpt", P, f"the stated goal is {words}, but the pulp status is not given", K.MISSING)
        return
    if goal is Goal.PULPOTOMY and f.root is not Root.COMPLETE:
        # a young permanent tooth: the pulpotomy may be the partial one that keeps the root
        # developing (D3222, Cvek); the CDT keeps D3220 out of apexogenesis (review)
        p.add("vpt", P, "a full pulpotomy (to the canal orifices) on a tooth whose root may"
              " still be developing", K.ROOT)  # fmt: skip
        p.verdicts["apexogenesis"] = [Reason(K.ROOT, P, "a partial pulpotomy that keeps the root"
                                             " developing is D3222")]  # fmt: skip
        p.need(MISSING_ROOT if f.root is None else MISSING_PULPOTOMY_KIND)
        return
    if goal is Goal.DIRECT_PULP_CAP and pulp is Pulp.IRREVERSIBLE_PULPITIS:
        p.add("vpt", P, "a direct pulp cap on irreversible pulpitis is seldom indicated; a"
              " pulpotomy is usual", K.PULP)  # fmt: skip
        p.need(MISSING_CAP_ON_IRREVERSIBLE)
        return
    p.add("vpt", R, f"{PULP_WORDS[pulp]}, and the stated goal is {words}", K.GOAL)
    if pulp is Pulp.IRREVERSIBLE_PULPITIS:  # a pulpotomy: the inflamed coronal pulp goes
        p.add("vpt", R, "caution: with irreversible pulpitis only where the remaining pulp bleeds"
              " and the bleeding is controlled (AAE position statement on vital pulp therapy);"
              " verify with the payer", K.CAUTION)  # fmt: skip


def _default_rules(p: Plan, f: Findings) -> None:
    """No goal stated: recommend only where the findings leave a single pathway."""
    root, pulp = f.root, f.pulp
    if pulp is None:
        for fam in FAMILIES:
            if fam != "primary":
                p.add(fam, P, "pulp status not given", K.MISSING)
        return
    if pulp is Pulp.PREVIOUSLY_TREATED:
        p.add_reason("retx", arrow(K.PULP, R, "tooth already had root canal therapy",
                                   "retreatment"))  # fmt: skip
        if root is not Root.COMPLETE:  # a complete root: _objections says it (recalcification
            for fam in ("apexification", "regeneration"):  # only), "for an immature root"
                p.add(fam, P, f"only if {fam} is chosen as the goal for an immature root", K.GOAL)
        return
    if pulp in INDICATED:
        _indicated_rules(p, root, pulp)
        return
    _vital_rules(p, root, pulp)


def _indicated_rules(p: Plan, root: Root | None, pulp: Pulp) -> None:
    """Irreversible pulpitis, necrosis or previously initiated therapy, no goal stated."""
    words = PULP_WORDS[pulp]
    if pulp is Pulp.IRREVERSIBLE_PULPITIS:
        p.add("vpt", P, "irreversible pulpitis: vital pulp therapy (most often a pulpotomy,"
              " a pulp cap seldom) may still be chosen where the remaining pulp bleeds and is"
              " controlled; verify", K.PULP)  # fmt: skip
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
    if pulp is Pulp.IRREVERSIBLE_PULPITIS:  # the pulp is vital: apexification comes after it
        p.add("apexification", P, f"{cond}: apexification only once the pulp has been removed"
              " (it is for a necrotic or removed pulp)", kind)  # fmt: skip
    else:
        p.add("apexification", P, f"{cond}: apexification closes the open apex", kind)
    if root is Root.IMMATURE:  # an open apex's own pathways lead the list, then conventional
        vital = pulp is Pulp.IRREVERSIBLE_PULPITIS
        p.lead = (
            ("apexogenesis", "vpt", "apexification") if vital else ("apexification", "regeneration")
        )
    if pulp is Pulp.IRREVERSIBLE_PULPITIS:
        p.add("apexogenesis", P, f"{cond}: a partial pulpotomy (apexogenesis) can still"
              " keep the pulp alive if the remaining pulp bleeds and is controlled",
              kind)  # fmt: skip
    else:
        p.add("regeneration", P, f"{cond}: regeneration may continue root development", kind)
    if root is None:
        p.need(MISSING_ROOT)
    elif pulp is Pulp.IRREVERSIBLE_PULPITIS:
        p.need("Treatment goal: apexogenesis (keep the pulp alive), apexification or"
               " root canal therapy?")  # fmt: skip
    else:
        p.need("Treatment goal: apexification or regeneration?")


def _vital_rules(p: Plan, root: Root | None, pulp: Pulp) -> None:
    """Normal pulp or reversible pulpitis, no goal stated: D3222 only with the apexogenesis goal."""
    words = PULP_WORDS[pulp]
    p.add("vpt", P, f"vital pulp ({words}): a pulp cap or a pulpotomy, by whether and where the"
          " pulp is exposed", K.PULP)  # fmt: skip
    if root is Root.IMMATURE:
        p.add("apexogenesis", P, f"immature root with a vital pulp ({words}): D3222 only when the"
              " pulp is exposed and the goal is apexogenesis (AAPD: liner, indirect or direct"
              " pulp cap, partial or full pulpotomy, or no pulp therapy)", K.MISSING)  # fmt: skip
        p.need(MISSING_EXPOSURE)
    elif root is Root.COMPLETE:  # the goal settles it, as on a primary tooth (review)
        p.need(MISSING_MATURE_VPT)
    elif root is None:
        p.add("apexogenesis", P, f"if the root is immature and the pulp exposed: vital pulp"
              f" ({words}) -> apexogenesis", K.MISSING)  # fmt: skip
        p.need(MISSING_ROOT)


def _apexification_covers_rct(visit: Visit | None) -> str:
    if visit is Visit.FINAL:
        return "D3353 (final apexification visit) includes the completed root canal therapy"
    # D3353 including the completed RCT is confirmed; "so no D3310-D3330 line" is a derived
    # edit, so the reason says it is our reading.
    return ("apexification series: the completed root canal therapy is part of D3353 (final"
            " visit), so a separate D3310-D3330 line would bill it twice (derived rule; verify"
            " with the payer)")  # fmt: skip


def plan_primary(f: Findings) -> Plan:
    """Rules for a primary tooth: the successor decides between D3230/D3240 and D3310/D3330."""
    p = _plan_primary(f)
    conflict = f.goal in (Goal.APEXIFICATION, Goal.REGENERATION, Goal.APEXOGENESIS) or (
        f.goal in VPT_GOAL_CODE and f.pulp is not None and f.pulp not in HEALTHY
    )
    if conflict:  # a stated goal the findings rule out is reported, never overridden: no
        # code is recommended (#K necrotic, no successor, goal pulp cap read D3330: review)
        p.withhold()
    return p


def _plan_primary(f: Findings) -> Plan:
    p = Plan()
    pulp, goal = f.pulp, f.goal
    if goal in (Goal.APEXIFICATION, Goal.REGENERATION, Goal.APEXOGENESIS):
        p.add("primary", P, f"the stated goal ({goal}) is for permanent teeth", K.GOAL)
        p.need(f"Treatment goal: {goal} is for permanent teeth; check the goal or the tooth")
    if pulp is None:
        for fam in ("vpt", "primary", "rct", "retx"):
            p.add(fam, P, "pulp status not given", K.MISSING)
        p.need(MISSING_PULP)
        if f.has_successor is None:  # it picks D3230/D3240 or D3310-D3348 for this tooth
            p.need(MISSING_SUCCESSOR)
        return p
    words = PULP_WORDS[pulp]
    vpt_goal = goal if goal in VPT_GOAL_CODE else None
    if pulp in HEALTHY and vpt_goal is not None:
        _primary_vpt_goal(p, vpt_goal, words)
        return p
    if vpt_goal is not None:  # a cap or pulpotomy on a pulp that is to be removed
        p.add("primary", P, f"the stated goal ({TERMS[vpt_goal].words}) does not fit these"
              " findings", K.GOAL)  # fmt: skip
    if pulp in HEALTHY:
        p.add("vpt", P, f"primary tooth with a vital pulp ({words}): a pulp cap or a pulpotomy"
              " (D3220) may fit", K.PULP)  # fmt: skip
        # the treatment goal settles it: say so (keyboard walkthrough: #K with reversible
        # pulpitis read "No code is recommended" and no "Missing:" line)
        p.need(MISSING_PRIMARY_EXPOSURE)
    elif pulp is Pulp.IRREVERSIBLE_PULPITIS:
        p.add("vpt", E, "primary tooth with irreversible pulpitis: pulp caps and a pulpotomy are"
              " for a normal pulp or reversible pulpitis (AAPD pulp therapy guideline); the pulp"
              " is removed", K.PULP)  # fmt: skip
    else:
        p.add("vpt", E, f"{NO_VITAL_PULP} ({words})", K.PULP)
    if vpt_goal is not None and pulp not in HEALTHY:
        p.need(_conflict_line(TERMS[vpt_goal].words, p.verdicts["vpt"][-1].text))
    if pulp in INDICATED:
        _primary_indicated(p, f, words)
    elif pulp is Pulp.PREVIOUSLY_TREATED:
        p.add("primary", P, "primary tooth already treated: redo pulpal therapy only if the"
              " tooth is restorable (extraction is common); verify", K.PULP)  # fmt: skip
        p.add("rct", E, "tooth already had root canal therapy (retreatment codes apply)", K.PULP)
        p.add("retx", P, "tooth already had root canal therapy", K.PULP)
        if f.has_successor is None:  # D3240 again, or D3348 for a tooth kept for good
            p.need(MISSING_SUCCESSOR)
    else:
        p.add("primary", P, f"no indication for pulpectomy on these findings ({words}); a"
              " pulpotomy (D3220) or pulp cap may fit; verify the diagnosis", K.PULP)  # fmt: skip
        p.add("rct", P, f"no indication for root canal therapy on these findings ({words})",
              K.PULP)  # fmt: skip
        p.add("retx", E, f"no previous root canal therapy on this tooth ({words})", K.PULP)
        p.notes.append(f"No pulpectomy code is indicated for a primary tooth with {words}.")
    return p


def _primary_vpt_goal(p: Plan, goal: Goal, words: str) -> None:
    """A vital primary pulp capped or pulpotomised: the goal names the code, whatever the
    successor (the pulp stays; D3230/D3240 and D3310/D3330 remove it)."""
    code, done = VPT_GOAL_CODE[goal], TERMS[goal].words
    p.add("vpt", R, f"primary tooth with {words}, and the stated goal is {done}", K.GOAL)
    for other in FAMILIES["vpt"]:
        if other != code:
            p.add(other, E, f"the treatment goal is {done} ({code})", K.GOAL)
    for fam in ("primary", "rct"):
        p.add(fam, E, f"the treatment goal is {done}: the pulp stays", K.GOAL)
    p.add("retx", E, f"no previous root canal therapy on this tooth ({words})", K.PULP)


def _primary_indicated(p: Plan, f: Findings, words: str) -> None:
    """A primary pulp to be removed: the successor picks the family (CDT section note)."""
    if f.has_successor is False:
        p.add("rct", R, f"primary tooth with no permanent successor and {words}: the CDT places"
              " it under root canal therapy", K.SUCCESSOR)  # fmt: skip
        # possible, not excluded: the CDT lets such a tooth be reported as root canal therapy
        # ("may"), and its reason read as a refusal beside the "possible" mark (walkthrough)
        p.add("primary", P, "no permanent successor: the CDT lets it be reported as root canal"
              " therapy (D3310 incisor or canine, D3330 molar), for a tooth meant to stay; this"
              " code only if the canals got a resorbable filling", K.SUCCESSOR)  # fmt: skip
    else:
        p.add("primary", R, f"primary tooth with {words}: pulpal therapy with a resorbable"
              " filling", K.PULP)  # fmt: skip
        p.add("rct", P, f"primary tooth with {words}", K.PULP)
        if f.has_successor is None:
            p.need(MISSING_SUCCESSOR, even_if_settled=True)
    if f.pulp is Pulp.PREVIOUSLY_INITIATED:
        p.add("retx", E, "therapy was started but the canals were never filled: retreatment codes"
              " are for filled canals", K.PULP)  # fmt: skip
    else:
        p.add("retx", E, f"no previous root canal therapy on this tooth ({words})", K.PULP)
