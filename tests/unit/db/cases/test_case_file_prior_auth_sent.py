"""The case-file reader (both stores' import, the window's File > Import and `cases import`)
refuses a prior-authorization request recorded as sent after today, as the case form and Mark
as sent do.

Walkthrough: a case file with `claim.prior_auth_sent` a month ahead was imported without a word;
the Waiting list then counted the days from a day still to come. A refused file names the field
and imports nothing; every other problem of the file is still listed with it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cases.rows import case_from_file
from cdt_desktop.domain.cases.case_json import CaseFileError
from tests.helpers import FIXTURES

TODAY = date(2026, 12, 5)
FUTURE = "'claim.prior_auth_sent' is in the future: enter the day the request was sent"


def _file(sent: str | None, **claim: str) -> str:
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    if sent is not None:
        data["claim"]["prior_auth_sent"] = sent
    data["claim"].update(claim)
    return json.dumps(data)


READS = [
    # (situation, prior_auth_sent, the problems the reader lists (none: the case is read))
    ("no request recorded as sent", None, []),
    ("request sent field left empty", "", []),
    ("request sent a month ago", "2026-11-05", []),
    ("request sent today", "2026-12-05", []),
    ("request recorded as sent tomorrow", "2026-12-06", [FUTURE]),
    ("request recorded as sent next year", "2027-12-05", [FUTURE]),
    # a malformed day is the file's own problem, said once (not "in the future" too)
    (
        "request sent on a day that does not exist",
        "2026-02-30",
        ["'claim.prior_auth_sent' is not a real date (that day or month does not exist)"],
    ),
]


@pytest.mark.parametrize(("situation", "sent", "problems"), READS, ids=[r[0] for r in READS])
def test_a_prior_auth_sent_day_after_today_is_refused_by_the_case_file_reader(
    situation: str, sent: str | None, problems: list[str]
) -> None:
    text = _file(sent)
    if not problems:
        case = case_from_file(text, today=TODAY)
        assert case.claim.prior_auth_sent == (sent or "")
        return
    with pytest.raises(CaseFileError) as caught:
        case_from_file(text, today=TODAY)
    assert list(caught.value.problems) == problems
    assert [(p.section, p.field) for p in caught.value.problems] == [
        ("claim", "prior_auth_sent")
    ] * len(problems)


def test_a_future_sent_day_is_listed_with_the_file_s_other_problems() -> None:
    """Every problem at once: the form places each beside its field, the CLI prints them all."""
    with pytest.raises(CaseFileError) as caught:
        case_from_file(_file("2027-01-10", billed_amount="lots"), today=TODAY)
    assert [(p.section, p.field) for p in caught.value.problems] == [
        ("claim", "billed_amount"),
        ("claim", "prior_auth_sent"),
    ]


def test_cases_import_refuses_a_future_sent_day_and_adds_no_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cdt-desktop cases import` (the store's import): exit 2, one error line naming the
    field, nothing added."""
    store = f"sqlite:///{tmp_path / 'cases.sqlite'}"
    path = tmp_path / "case.json"
    path.write_text(_file("2999-01-01"), encoding="utf-8")
    status = cli.main(["--store", store, "cases", "import", str(path), "--operator", "AB"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.startswith("error:") and err.count("\n") == 1, err
    assert "'claim.prior_auth_sent' is in the future" in err
    with open_repository(store) as repository:
        assert repository.count_cases() == 0
