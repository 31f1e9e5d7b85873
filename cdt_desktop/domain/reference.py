"""Plain data of the reference library (no SQL here: `db/reference.py` fills these).

All text is our own guidance, never ADA descriptor text; a practice's imported, licensed
descriptor (when present) is carried separately in `CodeEntry.licensed_descriptor`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CHECKLIST_GROUPS = ("clinical", "imaging", "consent", "billing")
TOOTH_SCOPES = (
    "any",
    "permanent",
    "permanent-anterior",
    "permanent-premolar",
    "permanent-molar",
    "primary",
    "primary-anterior",
    "primary-posterior",
    "none",
)
SERIES = ("", "apexification", "regeneration")
SERIES_STEPS = ("", "initial", "interim", "final")


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    group: str  # one of CHECKLIST_GROUPS
    required: bool


@dataclass(frozen=True)
class Comparison:
    code: str
    difference: str


@dataclass(frozen=True)
class Denial:
    reason: str
    counter: str


@dataclass(frozen=True)
class Faq:
    question: str
    answer: str


@dataclass(frozen=True)
class CodeEntry:
    code: str
    category: str
    subcategory: str
    name: str
    summary: str
    synonyms: tuple[str, ...] = ()
    tooth_scope: str = "any"
    series: str = ""
    series_step: str = ""
    status: str = "active"
    replaced_by: tuple[str, ...] = ()
    edition: str = ""
    verify: tuple[str, ...] = ()
    when_to_use: tuple[str, ...] = ()
    when_not_to_use: tuple[str, ...] = ()
    documentation: tuple[str, ...] = ()
    billing_tips: tuple[str, ...] = ()
    prior_auth_tips: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    denials: tuple[Denial, ...] = ()
    faq: tuple[Faq, ...] = ()
    licensed_descriptor: str = field(default="", compare=False)

    @property
    def is_deleted(self) -> bool:
        return self.status == "deleted"

    @property
    def required_items(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.checklist if item.required)


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    category: str
    subcategory: str = ""
    summary: str = ""
    matched: str = ""  # which field matched: code | name | synonym | summary
    deleted: bool = False
