"""The office's payer profiles live in the case store and the letter follows them (issue 18:
payer profiles editable by the office in the store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdt_desktop import cli
from tests.helpers import FIXTURES


def _case_for(tmp_path: Path, payer: str) -> Path:
    data = json.loads((FIXTURES / "case_d3330.json").read_text(encoding="utf-8"))
    data["payer"] = {"name": payer, "address": ""}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _check(case: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    cli.main(["narrative", str(case), "--check"])
    return capsys.readouterr().out.splitlines()


def test_a_new_pc_lists_the_shipped_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["payers", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"metlife", "united-concordia"} <= {r["id"] for r in rows}
    assert {r["source"] for r in rows} == {"shipped"}


def test_the_office_adds_a_payer_and_the_letter_follows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _case_for(tmp_path, "Acme Dental Plan")
    assert cli.main(["narrative", str(case), "--check"]) == 1
    before = capsys.readouterr().out
    assert "appeals address" in before.lower()
    assert cli.main([
        "payers", "set", "acme-dental", "--name", "Acme Dental Plan",
        "--address", "Appeals Unit\\nPO Box 77\\nTown, ST 00001", "--window-days", "90",
        "--signed-letter", "yes", "--operator", "AB",
    ]) == 0  # fmt: skip
    capsys.readouterr()
    assert cli.main(["payers", "list", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["acme-dental"]["source"] == "office"
    assert rows["acme-dental"]["address"] == "Appeals Unit\nPO Box 77\nTown, ST 00001"
    after = _check(case, capsys)
    assert not any("appeals address" in line.lower() for line in after)
    assert "note: Acme Dental Plan wants the letter signed by the treating dentist." in after
    # removed: the letter no longer knows the address
    assert cli.main(["payers", "remove", "acme-dental", "--operator", "AB"]) == 0
    capsys.readouterr()
    assert any("appeals address" in line.lower() for line in _check(case, capsys))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "Bad Id", "--name", "X"], "lower-case letters"),
        (["set", "ok-id", "--name", " "], "needs the payer's name"),
        (["set", "ok-id", "--name", "X", "--window-days", "0"], "appeal window"),
    ],
)
def test_bad_profiles_are_refused_with_one_error_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["payers", *args, "--operator", "AB"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and message in err and err.count("\n") == 1


def test_removing_a_profile_the_office_never_added_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["payers", "set", "acme", "--name", "Acme", "--operator", "AB"]) == 0
    capsys.readouterr()
    assert cli.main(["payers", "remove", "metlife", "--operator", "AB"]) == 2  # shipped, not ours
    err = capsys.readouterr().err
    assert err.startswith("error:") and "no payer profile 'metlife'" in err


def test_the_list_says_which_metlife_the_letters_follow_and_the_office_s_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Walkthrough: with the office's version of MetLife saved, `payers list` showed two metlife
    rows and no word of which applies, and the note for the billing desk never came back out."""
    assert cli.main([
        "payers", "set", "metlife", "--name", "MetLife", "--window-days", "120",
        "--instructions", "Fax first", "--operator", "AB",
    ]) == 0  # fmt: skip
    capsys.readouterr()
    assert cli.main(["payers", "list", "--json"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out) if r["id"] == "metlife"]
    assert [(r["source"], r["in_use"], r["window_days"]) for r in rows] == [
        ("office", True, 120), ("shipped", False, 180),
    ]  # fmt: skip
    assert rows[0]["instructions"] == "Fax first"
    assert cli.main(["payers", "list"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("metlife")]
    assert [line.endswith("[replaced by the office's version]") for line in lines] == [False, True]
