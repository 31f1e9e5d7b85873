"""Plain data of the reference library (no SQL here: `db/reference.py` fills these).

All text is our own guidance, never ADA descriptor text; a practice's imported, licensed
descriptor (when present) is carried separately in `CodeEntry.licensed_descriptor`.
"""

from collections.abc import Iterable, Mapping
from typing import NamedTuple, Protocol

from cdt_desktop.domain.coding.findings import Visit, values

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
SERIES_STEPS = ("", *values(Visit))  # a series code's visit


class ChecklistItem(NamedTuple):
    id: str
    text: str
    group: str  # one of CHECKLIST_GROUPS
    required: bool


class Comparison(NamedTuple):
    code: str
    difference: str


class Denial(NamedTuple):
    reason: str
    counter: str
    category: str = ""  # a denial category id (cases.status.DENIAL_CATEGORIES); "" = not given


class Faq(NamedTuple):
    question: str
    answer: str


class CodeEntry(NamedTuple):
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
    licensed_descriptor: str = ""
    deleted_in: str = ""  # a deleted code: the first edition without it ("CDT 2014"), if known
    deletion_unconfirmed: bool = False  # the deletion itself needs verification (`verify`)

    @property
    def is_deleted(self) -> bool:
        return self.status == "deleted"

    @property
    def required_items(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.checklist if item.required)


class SearchHit(NamedTuple):
    code: str
    name: str
    category: str
    subcategory: str = ""
    summary: str = ""
    matched: str = ""  # which field matched: code | name | synonym | summary
    deleted: bool = False


class CodeLibrary(Protocol):
    """What the window and the services read from the reference library (``db.reference``'s
    ``ReferenceLibrary`` is the implementation; tests may pass a small in-memory one)."""

    def names(self) -> dict[str, str]: ...

    def search(self, query: str, limit: int = 50) -> list[SearchHit]: ...

    def get(self, code: str) -> CodeEntry | None: ...

    def checklist(self, code: str) -> tuple[ChecklistItem, ...]: ...


class Ticked(Protocol):
    """A stored tick (the case store's CheckState); only whether it is ticked matters here."""

    @property
    def checked(self) -> bool: ...


def missing_required_items(
    items: Iterable[ChecklistItem], checks: Mapping[str, Ticked]
) -> list[ChecklistItem]:
    """Required items that are not ticked, in checklist order (shown before an export)."""
    return [
        item
        for item in items
        if item.required and not (item.id in checks and checks[item.id].checked)
    ]
