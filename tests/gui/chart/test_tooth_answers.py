"""Answers per tooth in one visit: kept per tooth, never lent to another, forgotten per patient."""

from __future__ import annotations

import pytest

from cdt_desktop.domain.coding.findings import Pulp, Root
from cdt_desktop.ui.chart.answers import UNKNOWN, AnswerBook, ToothAnswers, successor_answer


def test_a_tooth_never_answered_is_unknown_even_after_another_tooth_was_answered() -> None:
    book = AnswerBook()
    book.keep("19", ToothAnswers(root="complete", pulp="necrosis"))
    assert book.answers_for("30") == UNKNOWN
    assert book.answers_for("19").pulp == "necrosis"


def test_the_next_patient_starts_with_no_answers_for_any_tooth() -> None:
    book = AnswerBook()
    book.keep("8", ToothAnswers(pulp="necrosis"))
    book.forget_all()
    assert book.answers_for("8") == UNKNOWN


def test_the_form_s_enums_are_kept_as_the_boxes_item_data() -> None:
    values = {"root": Root.COMPLETE, "pulp": Pulp.NECROSIS, "goal": None, "visit": None}
    answers = ToothAnswers.from_form(values, "no")
    assert answers == ToothAnswers(Root.COMPLETE.value, Pulp.NECROSIS.value, None, None, "no")
    assert type(answers.root) is str  # item data, as findData() compares it


@pytest.mark.parametrize(
    ("has_successor", "shown"),
    [(None, None), (True, "yes"), (False, "no")],
    ids=["not stated", "successor present", "retained primary tooth"],
)
def test_a_case_s_successor_answer_as_the_box_shows_it(
    has_successor: bool | None, shown: str | None
) -> None:
    assert successor_answer(has_successor) == shown
