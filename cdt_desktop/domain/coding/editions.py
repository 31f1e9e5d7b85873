"""The yearly CDT change: what a new edition adds, deletes and revises against the previous one.

CDT changes take effect on January 1. When a practice imports the new edition of its licensed
file, the office needs to know which codes are new (payers often load them late: D0461 in 2026 is
the current example), which are gone (they become *obsolete*, never deleted, so old cases still
open, as Open Dental keeps them), which were revised, which of our own guidance entries rest on a
changed code and must be reviewed, and which open cases carry a deleted or revised code.

Pure Python: the code set store (`db/codesets.py`) supplies the editions, the case list supplies
the cases. The report names codes and what changed, never the licensed descriptor text itself.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

MANY_DELETED_WARNING = (
    "CDT {edition} would delete {deleted:,} of the {previous_codes:,} codes of CDT {previous}; a"
    " yearly edition deletes a few. Is this the whole file (every sheet or section)? Each deleted"
    " code becomes obsolete, and open cases that carry one are marked."
)
"""Said when a new edition drops more than `MANY_DELETED_SHARE` of the codes before it, and at
least `MANY_DELETED_LEAST`: a partial export (one sheet of a workbook, a section) read as a whole
edition would mark most open cases."""
MANY_DELETED_SHARE = 0.10
MANY_DELETED_LEAST = 30

LATE_LOAD_WARNING = (
    "Payers often load new codes late (D0461 in 2026 is an example): before billing {codes},"
    " check that the payer accepts them, or hold the claim until it does."
)


class Change(StrEnum):
    ADDED = "added"
    DELETED = "deleted"  # in the previous edition, not in this one: the code becomes obsolete
    REVISED = "revised"  # nomenclature, descriptor or category changed


class LicensedText(Protocol):
    """One code of an imported edition (`db.cdt_file.ImportedCode` has these fields)."""

    @property
    def code(self) -> str: ...
    @property
    def nomenclature(self) -> str: ...
    @property
    def descriptor(self) -> str: ...
    @property
    def category(self) -> str: ...


class CodeChange(NamedTuple):
    code: str
    change: Change
    fields: tuple[str, ...] = ()  # for a revision: nomenclature, descriptor, category


class CaseRow(Protocol):
    """What the flagging needs of a case-list row (the store's CaseSummary has it)."""

    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def status(self) -> str: ...


class CaseFlag(NamedTuple):
    case_id: int
    code: str
    change: Change
    patient: str = ""  # the case list's name: the report names whose case (a number alone
    # had to be matched by hovering the list at 125 %: office manager walkthrough)

    @property
    def case_words(self) -> str:
        """ "case 2 (Helen Castillo)", or "case 2" without a name."""
        name = " ".join(self.patient.split())
        return f"case {self.case_id}" + (f" ({name})" if name else "")

    @property
    def text(self) -> str:
        if self.change is Change.DELETED:
            return f"{self.code} was deleted from the CDT: choose the current code"
        return f"{self.code} was revised in the new CDT edition: check the case still fits it"


class ChangeReport(NamedTuple):
    edition: str
    previous: str  # "" when there is no previous edition to compare with
    changes: tuple[CodeChange, ...]
    review: tuple[str, ...] = ()  # our guidance entries whose code changed
    previous_codes: int = 0  # how many codes the previous edition holds
    not_compared: tuple[str, ...] = ()  # columns one of the two files has not got ("category")

    def codes(self, change: Change) -> tuple[str, ...]:
        return tuple(c.code for c in self.changes if c.change is change)

    @property
    def partial_file(self) -> str:
        """The question a new edition that drops many codes asks ("" when it drops a few)."""
        deleted = len(self.codes(Change.DELETED))
        if not self.previous or deleted < MANY_DELETED_LEAST:
            return ""
        if deleted <= MANY_DELETED_SHARE * self.previous_codes:
            return ""
        return MANY_DELETED_WARNING.format(
            edition=self.edition, deleted=deleted, previous_codes=self.previous_codes,
            previous=self.previous,
        )  # fmt: skip

    def _late_load(self) -> str:
        """The payers' late loading of the added codes ("" when none was added)."""
        added = self.codes(Change.ADDED)
        if not added or not self.previous:
            return ""
        shown = ", ".join(added[:8]) + (f" and {len(added) - 8} more" if len(added) > 8 else "")
        return LATE_LOAD_WARNING.format(codes=shown)

    def _not_compared(self) -> str:
        """The columns that were not compared, because one of the two files has none."""
        if not self.not_compared:
            return ""
        names = " and ".join(field.title() for field in self.not_compared)
        return (
            f"One of the two files has no {names} column, so {names} was not compared: no code "
            "is counted as revised for it."
        )

    @property
    def warnings(self) -> tuple[str, ...]:
        found = (self.partial_file, self._late_load(), self._not_compared())
        return tuple(w for w in found if w)

    def to_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "previous": self.previous or None,
            "added": list(self.codes(Change.ADDED)),
            "deleted": list(self.codes(Change.DELETED)),
            "revised": [
                {"code": c.code, "fields": list(c.fields)}
                for c in self.changes
                if c.change is Change.REVISED
            ],
            "review": list(self.review),
            "warnings": list(self.warnings),
        }

    def to_text(self) -> str:
        if not self.previous:
            return f"CDT {self.edition}: no earlier edition imported, nothing to compare with.\n"
        lines = [f"CDT {self.edition} against CDT {self.previous}:"]
        if partial := self.partial_file:  # first: the deleted codes under it may fill the screen
            lines.append(f"  Warning: {partial}")
        for change, title in (
            (Change.ADDED, "Added"),
            (Change.DELETED, "Deleted (now obsolete; old cases still open)"),
        ):
            codes = self.codes(change)
            lines.append(f"  {title}: {', '.join(codes) if codes else 'none'}")
        revised = [c for c in self.changes if c.change is Change.REVISED]
        lines.append(f"  Revised: {'none' if not revised else ''}".rstrip())
        lines += [f"    {c.code} ({', '.join(c.fields)})" for c in revised]
        if self.review:
            lines.append(f"  Our guidance to review: {', '.join(self.review)}")
        if late := self._late_load():
            lines.append(f"  Warning: {late}")
        if absent := self._not_compared():
            lines.append(f"  Note: {absent}")
        return "\n".join(lines) + "\n"


_COMPARED = ("nomenclature", "descriptor", "category")


def _norm(text: str) -> str:
    return " ".join(text.split())


def compare_editions(
    edition: str,
    new: Mapping[str, LicensedText],
    previous: str = "",
    old: Mapping[str, LicensedText] | None = None,
    *,
    guidance: Iterable[str] = (),
) -> ChangeReport:
    """What `new` (edition `edition`) adds, deletes and revises against `old` (`previous`).

    `guidance` lists the codes our reference library has guidance for; those that were deleted
    or revised are returned in `review`. Whitespace-only differences are no revision.
    """
    if old is None or not previous:
        return ChangeReport(edition, "", ())
    # a column one file has not got at all (a file without Category, after one with it) is no
    # revision of every code (each was listed as "revised (category)": office walkthrough)
    compared = tuple(f for f in _COMPARED if _has_column(new, f) and _has_column(old, f))
    changes: list[CodeChange] = []
    for code in sorted(set(new) | set(old)):
        if code not in old:
            changes.append(CodeChange(code, Change.ADDED))
        elif code not in new:
            changes.append(CodeChange(code, Change.DELETED))
        else:
            fields = tuple(
                f for f in compared if _norm(getattr(new[code], f)) != _norm(getattr(old[code], f))
            )
            if fields:
                changes.append(CodeChange(code, Change.REVISED, fields))
    ours = {code.upper() for code in guidance}
    review = tuple(c.code for c in changes if c.change is not Change.ADDED and c.code in ours)
    # said where one file has the column and the other not; neither: nothing to compare
    absent = tuple(f for f in _COMPARED if _has_column(new, f) != _has_column(old, f))
    return ChangeReport(
        edition, previous, tuple(changes), review, previous_codes=len(old), not_compared=absent
    )


def _has_column(edition: Mapping[str, LicensedText], field: str) -> bool:
    """Whether any code of ``edition`` has ``field`` filled in (its file had the column)."""
    return any(getattr(text, field).strip() for text in edition.values())


DONE_STATUSES = ("paid", "closed", "void")  # a finished case is history: not flagged


def flag_cases(
    cases: Iterable[CaseRow],
    changes: Iterable[CodeChange],
    *,
    done: Collection[str] = DONE_STATUSES,
    edition: str = "",
) -> tuple[CaseFlag, ...]:
    """Open cases whose code was deleted or revised, in the order given. With the new
    ``edition`` ("2027"): not a case treated before it took effect (January 1 of its year):
    a claim is coded by the edition of its date of service (a D3348 of September 2026 was
    told to "choose the current code" when CDT 2027 deleted it: walkthrough)."""
    changed = {c.code: c.change for c in changes if c.change is not Change.ADDED}
    start = f"{edition.strip()}-01-01" if edition.strip().isdigit() else ""
    return tuple(
        CaseFlag(
            case.id,
            case.code.strip().upper(),
            changed[case.code.strip().upper()],
            str(getattr(case, "patient_name", "")),
        )
        for case in cases
        if case.status not in done
        and case.code.strip().upper() in changed
        and not _treated_before(getattr(case, "date_of_service", ""), start)
    )


def no_case_flagged(changes: ChangeReport) -> str:
    """What the report says when no open case carries a code the edition deleted or revised
    ("" when it changed none): it said nothing, and the office manager could not tell whether
    the cases had been looked at (office manager walk)."""
    if not changes.previous or not any(c.change is not Change.ADDED for c in changes.changes):
        return ""
    first = (
        f" (a case treated before January 1, {changes.edition} keeps its code)"
        if (changes.edition.strip().isdigit())
        else ""
    )
    return f"No open case has a code this edition deleted or revised{first}."


def treated_before_edition(service: str, note: str) -> bool:
    """Whether a case's date of service falls before the edition a yearly-change note names
    ("deleted in CDT 2027"): its claim is coded by the edition before (not marked)."""
    found = re.search(r"\bCDT (\d{4})\b", note)
    return bool(found) and _treated_before(service, f"{found.group(1)}-01-01" if found else "")


def licensed_change_words(note: str, today: str | None = None) -> str:
    """What the code detail and the chart's candidates say of a code the practice's licensed
    code set changed (``note``: "deleted in CDT 2027", see ``services.cdt_editions.code_notes``)
    on ``today`` (YYYY-MM-DD; None: today's date); "" for no note. The chart recommended a code the practice's
    newest edition deletes, and the code detail never said so (closing note of 6 December):
    the chart follows the shipped library, so the words say when the change takes effect."""
    found = re.fullmatch(r"(deleted|revised) in CDT (\d{4})", note.strip())
    if not found:
        return ""
    change, year = found.groups()
    start = f"January 1, {year}"
    if today is None:
        from datetime import date

        today = date.today().isoformat()
    if _treated_before(today, f"{year}-01-01"):  # the edition ahead: in force from January
        if change == "deleted":
            return (
                f"Your licensed CDT {year} code set deletes this code from {start}: report it "
                "only for services before then."
            )
        return (
            f"Your licensed CDT {year} code set revises this code from {start}: read its "
            "descriptor before reporting services from then."
        )
    if change == "deleted":
        return (
            f"Deleted in CDT {year}, your licensed code set: not reportable for services from "
            f"{start}."
        )
    return (
        f"Revised in CDT {year}, your licensed code set: read its descriptor before reporting it."
    )


def _treated_before(service: str, start: str) -> bool:
    """Whether a date of service (YYYY-MM-DD) falls before ``start``; not when either is
    missing or no date (a case still to be treated takes the new edition)."""
    day = service.strip()[:10]
    return bool(start) and len(day) == 10 and day[4] == "-" and day[:4].isdigit() and day < start


class Replacement(NamedTuple):
    """What importing a file for a year already imported does to that year's codes."""

    lines: tuple[str, ...]  # for people: what is replaced, and what would be lost
    loses: bool  # codes, descriptors or nomenclature would go: ask before replacing


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def replacement(
    edition: str,
    old: Mapping[str, LicensedText],
    new: Mapping[str, LicensedText],
    source: str = "",
    shown: int = 8,
) -> Replacement:
    """What importing ``new`` as ``edition`` takes from the import of that edition it replaces
    (``old``, read from ``source``); no lines when there is none. A second file chosen for the
    year already imported replaced it without a word, and a one-column file emptied every
    descriptor (new-office walkthrough): the dialog and ``import-cdt`` say this first, and ask
    (``--replace``) when codes or text would be lost."""
    if not old:
        return Replacement((), False)

    def listed(codes: list[str]) -> str:
        more = f" and {len(codes) - shown:,} more" if len(codes) > shown else ""
        return ", ".join(codes[:shown]) + more

    origin = f", from {source}" if source else ""
    lines = [
        f"CDT {edition} is already imported ({_count(len(old), 'code')}{origin}); importing this"
        f" file replaces it ({_count(len(new), 'code')})."
    ]
    gone = sorted(set(old) - set(new))
    if gone:
        lines.append(f"{_count(len(gone), 'code')} of it not in this file: {listed(gone)}.")
    for field in ("descriptor", "nomenclature"):
        emptied = sorted(
            code
            for code, text in old.items()
            if code in new
            and getattr(text, field).strip()
            and not getattr(new[code], field).strip()
        )
        if emptied:
            lines.append(
                f"{_count(len(emptied), 'code')} would lose the {field}: {listed(emptied)}."
            )
    return Replacement(tuple(lines), len(lines) > 1)
