"""The one coding vocabulary: findings, their words, statuses, reasons and the selector's answer.

Every layer that names a finding (the CLI's choices, the window's findings form, the case file's
validation, the appeal letter and the claim remark) takes the values and the words from here, so a
new value (e.g. `previously-initiated`) is added once. Reasons are structured (`Reason.kind`,
`code`, `gist`, `tooth`, ...) so that the candidate list and the appeal composer never parse the
selector's English; `Reason.text` is the plain sentence the CLI prints (docs/design-rules.md,
Contracts).

Pure Python, no imports beyond the standard library: the CLI's `--help` reads the choices here.
"""

from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from cdt_desktop.domain.teeth import Tooth


class Root(StrEnum):
    COMPLETE = "complete"
    IMMATURE = "immature"


class Pulp(StrEnum):
    NORMAL = "normal"
    REVERSIBLE_PULPITIS = "reversible-pulpitis"
    IRREVERSIBLE_PULPITIS = "irreversible-pulpitis"
    NECROSIS = "necrosis"
    PREVIOUSLY_TREATED = "previously-treated"  # canals obturated (AAE)
    PREVIOUSLY_INITIATED = "previously-initiated"  # pulpotomy/pulpectomy begun, canals not filled


class Goal(StrEnum):
    RCT = "rct"
    APEXIFICATION = "apexification"
    REGENERATION = "regeneration"
    APEXOGENESIS = "apexogenesis"
    # vital pulp therapy: the goal is the procedure, which decides D3120 / D3110 / D3220
    INDIRECT_PULP_CAP = "indirect-pulp-cap"
    DIRECT_PULP_CAP = "direct-pulp-cap"
    PULPOTOMY = "pulpotomy"


class Visit(StrEnum):
    INITIAL = "initial"
    INTERIM = "interim"
    FINAL = "final"


class Successor(StrEnum):
    """Does a primary tooth have a permanent successor? Not stated = None, never a default."""

    YES = "yes"
    NO = "no"


class Status(StrEnum):
    RECOMMENDED = "recommended"
    POSSIBLE = "possible"
    EXCLUDED = "excluded"


UNANSWERED = "Unknown"
"""How a finding nobody gave is shown, wherever a finding is chosen (the chart's questions, the
case form's Findings): the same word for the same unset value, never a default."""

FINDING_ENUMS: dict[str, type[StrEnum]] = {
    # case file `findings` key -> its values (docs/case-file.md)
    "root": Root,
    "pulp": Pulp,
    "goal": Goal,
    "visit": Visit,
    "successor": Successor,
}


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The values of a findings enum as plain strings (CLI choices, case-file validation)."""
    return tuple(member.value for member in enum)


class Term(NamedTuple):
    """How one finding value is worded on each channel (our own words)."""

    label: str  # a form's choice or a table cell: "Irreversible pulpitis"
    words: str  # short plain words inside a reason or the 80-character claim remark
    formal: str  # the appeal letter, read by a payer's reviewer


TERMS: dict[StrEnum, Term] = {
    Root.COMPLETE: Term(
        "Complete (closed apex)", "complete root", "complete root development (closed apex)"
    ),
    Root.IMMATURE: Term(
        "Immature (open apex)", "immature root", "immature root development (open apex)"
    ),
    Pulp.NORMAL: Term("Normal", "normal pulp", "normal pulp"),
    Pulp.REVERSIBLE_PULPITIS: Term(
        "Reversible pulpitis", "reversible pulpitis", "reversible pulpitis"
    ),
    Pulp.IRREVERSIBLE_PULPITIS: Term(
        "Irreversible pulpitis", "irreversible pulpitis", "irreversible pulpitis"
    ),
    Pulp.NECROSIS: Term("Necrosis", "necrotic pulp", "pulp necrosis"),
    Pulp.PREVIOUSLY_TREATED: Term(
        "Previously treated (filled)",
        "previously treated",
        "previously treated tooth (prior root canal therapy)",
    ),
    Pulp.PREVIOUSLY_INITIATED: Term(
        "Previously initiated (not filled)",
        "previously initiated therapy",
        "previously initiated therapy (pulpotomy or pulpectomy begun, canals not filled)",
    ),
    Goal.RCT: Term("Root canal therapy", "root canal therapy", "root canal therapy"),
    Goal.APEXIFICATION: Term("Apexification", "apexification", "apexification"),
    Goal.REGENERATION: Term("Regeneration (REP)", "regeneration", "pulpal regeneration"),
    Goal.APEXOGENESIS: Term(
        "Apexogenesis (keep pulp vital)", "apexogenesis", "apexogenesis (vital pulp therapy)"
    ),
    Goal.INDIRECT_PULP_CAP: Term(
        "Indirect pulp cap (no exposure)", "an indirect pulp cap", "an indirect pulp cap"
    ),
    Goal.DIRECT_PULP_CAP: Term(
        "Direct pulp cap (small exposure)", "a direct pulp cap", "a direct pulp cap"
    ),
    Goal.PULPOTOMY: Term("Pulpotomy (pulp exposed)", "a pulpotomy", "a therapeutic pulpotomy"),
    Visit.INITIAL: Term("Initial", "initial visit", "initial visit"),
    Visit.INTERIM: Term("Interim", "interim visit", "interim visit"),
    Visit.FINAL: Term("Final", "final visit", "final visit"),
    Successor.YES: Term("Yes", "permanent successor", "present"),
    Successor.NO: Term("No", "no permanent successor", "none"),
}


def term(key: str, value: str) -> Term | None:
    """The words for a case file's finding (`key` as in FINDING_ENUMS), None for "" or unknown."""
    enum = FINDING_ENUMS.get(key)
    if enum is None or not value:
        return None
    try:
        return TERMS[enum(value.strip().lower())]
    except ValueError:
        return None


class ReasonKind(StrEnum):
    """What a reason rests on; consumers pick and word reasons by kind, never by their text."""

    TOOTH_TYPE = "tooth-type"  # the code's tooth type or dentition against the tooth's
    SUCCESSOR = "successor"  # a primary tooth's permanent successor decides
    ROOT = "root"  # root development decides
    PULP = "pulp"  # the pulp diagnosis decides
    GOAL = "goal"  # the stated treatment goal decides
    VISIT = "visit"  # which visit of a series
    MISSING = "missing-finding"  # a finding that was not given
    CAUTION = "caution"  # the code may stand, but something needs checking
    PAYER = "payer"  # payers differ, or a derived rule to verify with the payer
    OPEN = "open"  # nothing in the findings rules the code out


class Reason(NamedTuple):
    """One reason for a code's status, in plain words and in parts.

    `text` is the sentence as listed (CLI, tooltip). `gist` is the reason without the code and the
    tooth ("for primary anterior teeth"), `tooth` the tooth words it rests on ("#19 is a
    permanent molar"), and for an "X -> Y" reason `gist` is X and `conclusion` Y.
    """

    kind: ReasonKind
    status: Status  # the verdict this reason gives its code
    text: str
    code: str = ""  # the code the reason is about ("" until the selector judges a code)
    gist: str = ""
    tooth: str = ""
    conclusion: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def short(self) -> str:
        """The reason in a few words, without the code or the tooth (a folded list row)."""
        return self.gist or self.text

    @property
    def prose(self) -> str:
        """The reason as a letter states it: "#19 is a permanent molar, reported as D3330"."""
        if self.conclusion:
            return f"{self.gist}, reported as {self.conclusion}"
        if self.gist:
            return f"{self.gist}; {self.tooth}" if self.tooth else self.gist
        return self.text


def arrow(kind: ReasonKind, status: Status, basis: str, conclusion: str) -> Reason:
    """A reason of the form "basis -> conclusion"."""
    return Reason(kind, status, f"{basis} -> {conclusion}", gist=basis, conclusion=conclusion)


class Findings(NamedTuple):
    """What the dentist tells the selector; None means "not given" (never a default)."""

    tooth: "Tooth | None" = None  # teeth is not imported here: one ForwardRef
    root: Root | None = None
    pulp: Pulp | None = None
    goal: Goal | None = None
    visit: Visit | None = None
    has_successor: bool | None = None  # primary teeth only; None = unknown

    def to_json(self) -> dict[str, Any]:
        return {
            "root": None if self.root is None else str(self.root),
            "pulp": None if self.pulp is None else str(self.pulp),
            "goal": None if self.goal is None else str(self.goal),
            "visit": None if self.visit is None else str(self.visit),
            "has_successor": self.has_successor,
        }


class Candidate(NamedTuple):
    """One code with its status and the reasons, most decisive first."""

    code: str
    status: Status
    reasons: tuple[Reason, ...]
    name: str = ""

    @property
    def decisive(self) -> Reason | None:
        return self.reasons[0] if self.reasons else None

    @property
    def texts(self) -> tuple[str, ...]:
        """The reasons as the CLI lists them; an excluded code's first one says so."""
        texts = [r.text for r in self.reasons]
        if texts and self.status is Status.EXCLUDED:
            texts[0] = f"{self.code} excluded: {texts[0]}"
        return tuple(texts)


class Selection(NamedTuple):
    """Every candidate code for a set of findings: recommended, then possible, then excluded."""

    findings: Findings
    candidates: tuple[Candidate, ...]
    missing: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def recommended(self) -> Candidate | None:
        first = self.candidates[0] if self.candidates else None
        return first if first is not None and first.status is Status.RECOMMENDED else None

    def candidate(self, code: str) -> Candidate | None:
        for item in self.candidates:
            if item.code == code:
                return item
        return None

    def by_status(self, status: Status | str) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.status == status)

    def to_json(self) -> dict[str, Any]:
        """The `suggest --json` object (docs/design-rules.md, Contracts), plus a few extra keys."""
        t = self.findings.tooth
        recommended = self.recommended
        return {
            "tooth": None
            if t is None
            else {
                "universal": t.universal,
                "fdi": t.fdi,
                "dentition": str(t.dentition),
                "type": str(t.type),
                "name": t.name,
                "supernumerary": t.supernumerary,
            },
            "findings": self.findings.to_json(),
            "candidates": [
                {
                    "code": c.code,
                    "status": str(c.status),
                    "reasons": list(c.texts),
                    "name": c.name,
                }
                for c in self.candidates
            ],
            "recommended": None if recommended is None else recommended.code,
            "missing": list(self.missing),
            "notes": list(self.notes),
        }
