"""`cdt-desktop cases list --view`: the billing desk's three lists (what to send, which denials
are due, which prior authorizations to chase) from a script, in the Cases tab's order and words,
on both backends."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from cdt_desktop import cli
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Payer, Procedure
from cdt_desktop.domain.cases.ports import CaseRepository
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.billing import BillingService

TODAY = date.today()


def _days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def _draft(repository: CaseRepository, name: str, code: str = "D3330", **claim: str) -> int:
    case = Case(
        patient=Patient(name=name),
        payer=Payer(name="Delta Dental"),  # a claim goes somewhere (no payer: not ready)
        claim=Claim(date_of_service=_days_ago(10), **claim),
        procedure=Procedure(code=code, tooth="19"),
    )
    return repository.create_case(case, operator="DR")


def _denied_five_days_ago(repository: CaseRepository, name: str) -> int:
    """A draft sent 9 days ago and denied 5 days ago (a frequency denial, EOB 1)."""
    denied = _draft(repository, name)
    billing = BillingService(repository)
    billing.advance(
        denied, StatusEvent("submitted", _days_ago(9), claim_number="C-9"), operator="BK"
    )
    billing.advance(
        denied,
        StatusEvent("denied", _days_ago(5), eob_reference="EOB 1", category="frequency"),
        operator="BK",
    )
    return denied


def _list(capsys: pytest.CaptureFixture[str], store_url: str, *argv: str) -> list[dict]:  # type: ignore[type-arg]
    status = cli.main(["--store", store_url, "cases", "list", *argv, "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_to_submit_lists_the_documented_drafts_first_with_what_the_others_lack(
    repository: CaseRepository, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with ReferenceLibrary() as library:
        required = [item for item in library.checklist("D3330") if item.required]
    short = _draft(repository, "Ben Short")
    for item in required[2:]:
        repository.tick(short, item.id, True, operator="SA")
    ready = _draft(repository, "Ana Ready")
    for item in required:
        repository.tick(ready, item.id, True, operator="SA")

    listed = _list(capsys, store_url, "--view", "to-submit")

    assert [(c["patient"], c["view_status"]) for c in listed] == [
        ("Ana Ready", "Ready to send"),
        ("Ben Short", "2 items missing"),
    ]
    assert listed[0]["lacks"] == []
    assert listed[1]["lacks"] == [item.text for item in required[:2]]
    assert listed[1]["status"] == "draft"  # the stored status is still there


def test_a_documented_draft_coded_for_another_tooth_says_so_not_ready_to_send(
    repository: CaseRepository, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """D3310 on molar #19 with its documentation all ticked read "Ready to send" here and in
    the Cases tab: the payer refuses it however documented. It says the code, and the JSON
    names it (``code_problems``) with the molar's code."""
    with ReferenceLibrary() as library:
        ticked = {code: [i.id for i in library.checklist(code) if i.required]
                  for code in ("D3310", "D3330")}  # fmt: skip
    wrong = _draft(repository, "Cy Anterior", code="D3310")
    right = _draft(repository, "Ana Molar")
    for case_id, code in ((wrong, "D3310"), (right, "D3330")):
        for item_id in ticked[code]:
            repository.tick(case_id, item_id, True, operator="SA")

    listed = _list(capsys, store_url, "--view", "to-submit")

    assert [(c["patient"], c["view_status"]) for c in listed] == [
        ("Ana Molar", "Ready to send"),
        ("Cy Anterior", "Code does not fit the tooth"),
    ]
    assert listed[0]["code_problems"] == []
    [said] = listed[1]["code_problems"]
    assert "#19 is a permanent molar" in said and "is D3330" in said


def test_waiting_marks_a_request_unanswered_for_forty_days_and_the_query_narrows(
    repository: CaseRepository, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _draft(repository, "Cal Recent", prior_auth_sent=_days_ago(3))
    _draft(repository, "Dee Late", prior_auth_sent=_days_ago(40))
    _draft(repository, "Eve Unsent")

    listed = _list(capsys, store_url, "--view", "waiting")

    assert [(c["patient"], c["attention"]) for c in listed] == [
        ("Dee Late", True),
        ("Cal Recent", False),
    ]
    assert listed[0]["view_status"].startswith("Sent ") and "(40 d)" in listed[0]["view_status"]
    assert [
        c["patient"] for c in _list(capsys, store_url, "--view", "waiting", "--query", "cal")
    ] == ["Cal Recent"]


def test_due_lists_a_denied_claim_with_its_appeal_deadline(
    repository: CaseRepository, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _denied_five_days_ago(repository, "Fay Denied")
    _draft(repository, "Gus Draft")

    listed = _list(capsys, store_url, "--view", "due")

    assert [c["patient"] for c in listed] == ["Fay Denied"]
    assert listed[0]["view_status"].startswith("Due ") and listed[0]["attention"] is False


def test_a_view_and_a_status_together_are_refused(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:  # argparse's usage error
        cli.main(["--store", store_url, "cases", "list", "--view", "due", "--status", "draft"])
    _out, err = capsys.readouterr()
    assert caught.value.code == 2 and err.startswith("error:") and "--view" in err


def test_to_submit_json_names_a_series_visit_dated_out_of_order(
    repository: CaseRepository, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A script reading `--view to-submit --json` got "Series dates out of order" as the view's
    words and no way to say which visit: `series_dates` carries the check's sentences."""
    from dataclasses import replace

    from tests.helpers.cases import series_case

    with ReferenceLibrary() as library:
        for code, step, days in (("D3355", "initial", 5), ("D3356", "interim", 30)):
            case = replace(series_case(code, "regeneration", step), payer=Payer(name="Delta"),
                           claim=Claim(date_of_service=_days_ago(days)))  # fmt: skip
            case_id = repository.create_case(case, operator="DR")
            for item in library.checklist(code):
                if item.required:
                    repository.tick(case_id, item.id, True, operator="SA")

    listed = _list(capsys, store_url, "--view", "to-submit")

    assert {c["view_status"] for c in listed} == {"Series dates out of order"}
    interim = next(c for c in listed if c["code"] == "D3356")
    assert len(interim["series_dates"]) == 1 and "the initial visit" in interim["series_dates"][0]
    assert interim["lacks"] == []


def test_a_film_captioned_with_another_tooth_is_said_in_to_submit_as_mark_as_submitted_asks(
    repository: CaseRepository, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Walkthrough: a documented draft whose film's caption names #30 (the case is #19) read
    "Ready to send" in To submit and in the JSON, while Mark as submitted asked about the film.
    Both say it now; the JSON also says a payer is missing (it was only in the words)."""
    from tests.helpers.images import jpeg_bytes

    with ReferenceLibrary() as library:
        required = [i.id for i in library.checklist("D3330") if i.required]
    filmed = _draft(repository, "Cy Filmed")
    for item_id in required:
        repository.tick(filmed, item_id, True, operator="SA")
    repository.add_radiograph(
        filmed, caption="Pre-op PA #30", taken_on=_days_ago(12), media_type="image/jpeg",
        data=jpeg_bytes(), width=64, height=48, operator="SA",
    )  # fmt: skip

    [listed] = _list(capsys, store_url, "--view", "to-submit")

    assert listed["view_status"] == "Check the radiographs"
    [said] = listed["film_problems"]
    assert "#30" in said
    assert listed["no_payer"] is False


def test_due_counts_the_appeal_window_of_the_office_s_payer_profile(
    repository: CaseRepository, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The window's Due list read the office's payer profiles; the command line's read only the
    shipped ones, so a 7-day payer's denial of 5 days ago read due in 175 days there."""
    from cdt_desktop.domain.appeal.profiles import PayerProfile
    from cdt_desktop.services.payers import PayerDirectory

    PayerDirectory((), repository).save(  # type: ignore[arg-type]
        PayerProfile(id="delta", name="Delta Dental", window_days=7), operator="BK"
    )
    _denied_five_days_ago(repository, "Fay Denied")
    [listed] = _list(capsys, store_url, "--view", "due")
    deadline = TODAY + timedelta(days=2)
    assert f"({(deadline - TODAY).days} d)" in listed["view_status"], listed["view_status"]
