"""A case file from another program records the denial only in its status history (reason and
category on the "denied" event, the claim's own denial fields empty). The window's status
dialog copies them onto the claim; an imported file must read the same, or the appeal letter
prints the denial's date and EOB reference but neither quotes nor answers the denial (tour9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdt_desktop import cli
from tests.helpers import FIXTURES

REASON = "Pre-operative radiograph not received."


def _history_only(tmp_path: Path, **claim: str) -> Path:
    data = json.loads((FIXTURES / "case_d3330.json").read_text(encoding="utf-8"))
    data["claim"].pop("denial_reason", None)
    data["claim"].pop("denial_category", None)
    data["claim"].update(claim)
    data["status_history"] = [
        {"status": "submitted", "date": "2026-09-16", "claim_number": "2026-0915-88431"},
        {"status": "denied", "date": "2026-10-02", "eob_reference": "EOB 55120",
         "reason": REASON, "category": "radiograph"},
    ]  # fmt: skip
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_imported_denial_recorded_only_in_the_history_is_the_claims_denial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pc = tmp_path / "pc"
    argv = ["--data-dir", str(pc), "cases", "import", str(_history_only(tmp_path))]
    assert cli.main([*argv, "--operator", "BC"]) == 0
    capsys.readouterr()
    assert cli.main(["--data-dir", str(pc), "cases", "export", "1"]) == 0
    claim = json.loads(capsys.readouterr().out)["claim"]
    assert (claim["denial_reason"], claim["denial_category"]) == (REASON, "radiograph")


def test_the_letter_of_such_a_file_quotes_and_answers_the_denial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["narrative", str(_history_only(tmp_path)), "--text"]) == 0
    text = capsys.readouterr().out
    assert f'Denial reason: "{REASON}"' in text
    assert "Response to the denial:\nThe denial says a radiograph was missing" in text


def test_the_claims_own_denial_is_kept_when_the_file_has_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = "Missing post-op film (RARC N350)."
    path = _history_only(tmp_path, denial_reason=own, denial_category="radiograph")
    assert cli.main(["narrative", str(path), "--text"]) == 0
    assert f'Denial reason: "{own}"' in capsys.readouterr().out
