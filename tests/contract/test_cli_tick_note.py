"""`cases tick --note` from an office's script: the note is one clean line of bounded length.

The README promises that control characters a paste or a file brings are dropped from every
case field and that every input is bounded; the tick's note kept an escape sequence, a bell and
a right-to-left override (which reverses what follows it wherever the note is shown) and stored
120,000 characters as given, copied on by every `store migrate`.
"""

from __future__ import annotations

import json

import pytest

from cdt_desktop import cli
from cdt_desktop.domain.cases.field_rules import MAX_TICK_NOTE
from tests.helpers import FIXTURES


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _imported(store_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    fixture = str(FIXTURES / "case_d3330.json")
    status, out, _ = _run(
        capsys, "--store", store_url, "cases", "import", fixture, "--operator", "AB", "--json"
    )
    assert status == 0
    return str(json.loads(out)["id"])


def _note(store_url: str, capsys: pytest.CaptureFixture[str], case_id: str) -> str:
    _, out, _ = _run(capsys, "--store", store_url, "cases", "show", case_id, "--json")
    rows = {row["id"]: row for row in json.loads(out)["checklist"]}
    return str(rows["preop-radiograph"]["note"])


@pytest.mark.parametrize(
    ("situation", "typed", "stored"),
    [
        ("a plain note", "film on the server, Đã kiểm tra", "film on the server, Đã kiểm tra"),
        ("an escape sequence", "ok\x1b[31m red\x07", "ok[31m red"),
        ("a right-to-left override", "seen \u202eby AB", "seen by AB"),
        ("line breaks and tabs", "first line\n\tsecond", "first line second"),
    ],
)
def test_the_note_is_stored_as_one_line_without_control_characters(
    store_url: str, capsys: pytest.CaptureFixture[str], situation: str, typed: str, stored: str
) -> None:
    case_id = _imported(store_url, capsys)
    status, _, err = _run(
        capsys, "--store", store_url, "cases", "tick", case_id, "preop-radiograph",
        "--operator", "AB", "--note", typed,
    )  # fmt: skip
    assert status == 0, err
    assert _note(store_url, capsys, case_id) == stored, situation


def test_a_note_past_the_limit_exits_2_and_saves_nothing(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = _imported(store_url, capsys)
    status, out, err = _run(
        capsys, "--store", store_url, "cases", "tick", case_id, "preop-radiograph",
        "--operator", "AB", "--note", "x" * (MAX_TICK_NOTE + 1),
    )  # fmt: skip
    assert status == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and str(MAX_TICK_NOTE) in err
    _, out, _ = _run(capsys, "--store", store_url, "cases", "show", case_id, "--json")
    assert [row["action"] for row in json.loads(out)["audit"]] == ["import"]
