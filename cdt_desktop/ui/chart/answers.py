"""The findings answered for each tooth during one visit, kept while the user visits other teeth.

Findings belong to a tooth: choosing another tooth starts every question at Unknown, or gives
back what was answered for that tooth earlier in this visit (or by the open case); answers are
never carried from one tooth to the next. Plain Python, so the rule is tested without a window.
"""

from collections.abc import Mapping
from typing import NamedTuple

from cdt_desktop.domain.coding.findings import Successor

FINDINGS = ("root", "pulp", "goal", "visit")
"""The findings form's questions, in the order ``ToothAnswers`` keeps them."""


class ToothAnswers(NamedTuple):
    """One tooth's answers as the boxes hold them (item data); None is Unknown."""

    root: str | None = None
    pulp: str | None = None
    goal: str | None = None
    visit: str | None = None
    successor: str | None = None  # "yes" | "no": a permanent tooth to replace a primary one

    @classmethod
    def from_form(cls, values: Mapping[str, object], successor: str | None) -> "ToothAnswers":
        """The answers from the findings form's ``values()`` and the successor box's data."""
        root, pulp, goal, visit = (None if values[k] is None else str(values[k]) for k in FINDINGS)
        return cls(root, pulp, goal, visit, successor)


UNKNOWN = ToothAnswers()


def successor_answer(has_successor: bool | None) -> str | None:
    """A case's ``has_successor`` as the successor box's item data (None: Unknown)."""
    if has_successor is None:
        return None
    return (Successor.YES if has_successor else Successor.NO).value


class AnswerBook:
    """The answers given per tooth (by Universal number) since the patient's visit began."""

    def __init__(self) -> None:
        self._teeth: dict[str, ToothAnswers] = {}

    def keep(self, universal: str, answers: ToothAnswers) -> None:
        self._teeth[universal] = answers

    def answers_for(self, universal: str) -> ToothAnswers:
        """What was answered for the tooth, or every question Unknown."""
        return self._teeth.get(universal, UNKNOWN)

    def forget_all(self) -> None:
        """Another patient: nothing answered for this one's teeth is kept for the next."""
        self._teeth.clear()
