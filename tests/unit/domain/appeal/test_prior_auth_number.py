"""The payer's prior-authorization number on the case (claim form box 2): a "prior authorization
missing" denial of a treatment the plan had authorized is answered with that number, not with
the argument that the treatment could not wait; a request for an authorization already given is
questioned. Real reference data (the denial templates), real composition and checks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.check import (
    AUTHORIZED_ALREADY,
    NO_AUTHORIZATION_NUMBER,
    export_check,
    prior_auth_check,
)
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.prior_auth import compose_prior_auth
from cdt_desktop.domain.appeal.profiles import DenialTemplate
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.cases.status import StatusEvent
from tests.helpers import REPO_ROOT

TODAY = date(2026, 10, 20)
SAMPLE = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
NUMBER = "PA-2026-00417"
WAIT_ARGUMENT = "waiting for an authorization would have left the patient"


@pytest.fixture(scope="module")
def templates() -> Iterator[dict[str, DenialTemplate]]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as library:
        yield library.denial_templates()


def _denied_for_no_authorization(number: str) -> Case:
    """The sample molar (irreversible pulpitis recorded), denied: "no prior authorization"."""
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    reason = "Prior authorization required; none on file."
    denied = StatusEvent("denied", "2026-10-02", eob_reference="EOB 7781", reason=reason,
                         category="prior-auth")  # fmt: skip
    claim = replace(case.claim, denial_reason=reason, denial_category="prior-auth",
                    prior_auth_number=number)  # fmt: skip
    facts = replace(case.facts, pulpal_diagnosis="symptomatic-irreversible-pulpitis")
    history = (*(e for e in case.status_history if e.status == "submitted"), denied)
    return replace(case, claim=claim, facts=facts, status_history=history)


def _text(case: Case, templates: dict[str, DenialTemplate]) -> tuple[str, dict[str, str]]:
    letter = compose_appeal(case, entry=None, selection=selection_for_findings(case),
                            today=TODAY, templates=templates)  # fmt: skip
    body = " ".join(" ".join(s.paragraphs) for s in letter.sections)
    return body, dict(letter.re_rows)


@pytest.mark.parametrize(
    ("situation", "number", "cites", "argues_urgency"),
    [
        ("the plan authorized the root canal before it was done", NUMBER, True, False),
        ("no authorization was asked for (treated the day it was diagnosed)", "", False, True),
        ("the number field holds only spaces", "   ", False, True),
    ],
)
def test_a_prior_authorization_denial_is_answered_with_the_number_when_there_is_one(
    templates: dict[str, DenialTemplate],
    situation: str,
    number: str,
    cites: bool,
    argues_urgency: bool,
) -> None:
    body, rows = _text(_denied_for_no_authorization(number), templates)
    assert (f"authorization number {NUMBER}" in body) is cites, body
    assert (rows.get("Prior authorization") == NUMBER) is cites, rows
    assert (WAIT_ARGUMENT in body) is argues_urgency, body
    assert "pulpitis" in body  # the findings before treatment are stated either way


def test_the_number_row_sits_with_the_claim_s_references(
    templates: dict[str, DenialTemplate],
) -> None:
    _body, rows = _text(_denied_for_no_authorization(NUMBER), templates)
    labels = list(rows)
    assert labels.index("Claim number") < labels.index("Prior authorization")
    assert labels.index("Prior authorization") < labels.index("Denial date")


@pytest.mark.parametrize(("number", "noted"), [(NUMBER, False), ("", True)])
def test_the_check_asks_for_the_number_only_when_none_is_recorded(
    templates: dict[str, DenialTemplate], number: str, noted: bool
) -> None:
    case = _denied_for_no_authorization(number)
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY,
                         templates=templates)  # fmt: skip
    notes = [i for i in items if i.text == NO_AUTHORIZATION_NUMBER]
    assert len(notes) == int(noted)
    assert all(not i.blocking for i in notes)  # a note: the plan may have authorized nothing


def test_another_denial_category_does_not_ask_for_an_authorization_number(
    templates: dict[str, DenialTemplate],
) -> None:
    case = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))  # denied: radiograph
    items = export_check(case, entry=None, selection=selection_for_findings(case), today=TODAY,
                         templates=templates)  # fmt: skip
    assert NO_AUTHORIZATION_NUMBER not in [i.text for i in items]
    _body, rows = _text(case, templates)
    assert "Prior authorization" not in rows


@pytest.mark.parametrize(("number", "questioned"), [(NUMBER, True), ("", False)])
def test_a_request_for_a_treatment_already_authorized_is_questioned(
    number: str, questioned: bool
) -> None:
    sample = Case.from_dict(json.loads(SAMPLE.read_text("utf-8")))
    planned = replace(sample, status_history=(), claim=replace(
        sample.claim, number="", date_of_service="", denial_reason="", denial_category="",
        prior_auth_number=number,
    ))  # fmt: skip
    items = prior_auth_check(planned, entry=None, selection=selection_for_findings(planned))
    assert (AUTHORIZED_ALREADY in [i.text for i in items]) is questioned
    letter = compose_prior_auth(planned, entry=None, selection=selection_for_findings(planned),
                                today=TODAY)  # fmt: skip
    assert "Prior authorization" not in dict(letter.re_rows)  # the request asks for one
