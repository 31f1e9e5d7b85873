"""`cdt-desktop narrative`: PDF, remark and text output; bad input exits 2 and leaves no file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cdt_desktop import cli
from cdt_desktop.core.atomic import write_bytes_atomic
from tests.helpers import FIXTURES

FIXTURES = FIXTURES
CASE = FIXTURES / "case_d3330.json"


def run_cli(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "narrative", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_subprocess_writes_a_private_pdf_and_prints_the_remark(tmp_path: Path) -> None:
    out = tmp_path / "appeal-case1-20261123.pdf"
    code, stdout, stderr = run_cli(str(CASE), "-o", str(out), "--remark", "--date", "2026-11-23")
    assert (code, stderr) == (0, "")
    assert (
        stdout.strip()
        == "Appeal - #19 D3330 necrotic pulp, complete root; pre/post-op x-rays on file"
    )
    reader = PdfReader(out)
    assert "RE: Appeal of denied claim 2026-0915-88431" in reader.pages[0].extract_text()
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary left behind


def test_fixed_date_gives_identical_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        assert cli.main(["narrative", str(CASE), "-o", str(out), "--date", "2026-11-23"]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_text_option_prints_the_plain_narrative(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["narrative", str(CASE), "--text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Delta Dental of Example State\nAttn: Appeals Unit\n")  # addressee
    assert "\n\nRE: Appeal of denied claim 2026-0915-88431" in out
    assert len(out.rstrip("\n")) <= 2000


def test_primary_molar_without_successor_is_argued_in_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _case_with(tmp_path, procedure={"tooth": "K"}, findings={"successor": "no"})
    assert cli.main(["narrative", str(case), "--text"]) == 0
    out = capsys.readouterr().out
    assert "permanent successor: none" in out
    assert "#K is a primary posterior tooth (primary molar) with no permanent successor" in out


def test_a4_option(tmp_path: Path) -> None:
    out = tmp_path / "a4.pdf"
    assert cli.main(["narrative", str(CASE), "-o", str(out), "--page-size", "a4"]) == 0
    assert round(float(PdfReader(out).pages[0].mediabox.height)) == 842


def _case_with(tmp_path: Path, **changes: dict) -> Path:
    data = json.loads(CASE.read_text("utf-8"))
    for section, values in changes.items():
        data[section] = {**data[section], **values}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p / "missing.json", "case file not found"),
        (lambda p: p, "folder"),
        (
            lambda p: (p / "bad.json").write_text("{not json", "utf-8") and p / "bad.json",
            "not valid JSON",
        ),
        (
            lambda p: (p / "bin.json").write_bytes(b"\xff\xfe\x00garbage") and p / "bin.json",
            "not UTF-8",
        ),
        (
            lambda p: (p / "list.json").write_text("[1, 2]", "utf-8") and p / "list.json",
            "JSON object",
        ),
        (lambda p: _case_with(p, provider={"npi": "12"}), "'provider.npi'"),
        (
            lambda p: _case_with(p, claim={"date_of_service": "15/09/2026"}),
            "'claim.date_of_service'",
        ),
        (lambda p: _case_with(p, findings={"pulp": "dead"}), "'findings.pulp'"),
        (lambda p: _case_with(p, findings={"successor": "maybe"}), "'findings.successor'"),
        (lambda p: _case_with(p, procedure={"code": "3330"}), "'procedure.code'"),
    ],
)
def test_bad_case_files_exit_2_naming_the_problem_and_leave_no_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, needle: str
) -> None:
    case_path = make(tmp_path)
    out = tmp_path / "out" / "appeal.pdf"
    out.parent.mkdir()
    assert cli.main(["narrative", str(case_path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and needle in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert list(out.parent.iterdir()) == []


def test_invalid_case_via_subprocess_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = _case_with(tmp_path, claim={"billed_amount": "lots"})
    out = tmp_path / "appeal.pdf"
    code, stdout, stderr = run_cli(str(bad), "-o", str(out))
    assert code == 2 and stdout == ""
    assert stderr.startswith("error: ") and "'claim.billed_amount'" in stderr
    assert "Traceback" not in stderr and not out.exists()


def test_nothing_to_do_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["narrative", str(CASE)]) == 2
    assert capsys.readouterr().err.startswith("error: give -o")


def test_missing_output_folder_is_an_input_error(tmp_path: Path) -> None:
    assert cli.main(["narrative", str(CASE), "-o", str(tmp_path / "nope" / "x.pdf")]) == 2


def test_render_failure_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cdt_desktop.report.appeal_pdf as appeal

    def boom(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("renderer exploded with PHI Jordan Reyes")

    monkeypatch.setattr(appeal, "render_appeal_pdf", boom)
    out = tmp_path / "appeal.pdf"
    assert cli.main(["narrative", str(CASE), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "Reyes" not in err
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_failure_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "appeal.pdf"
    target.write_bytes(b"old")

    def failing_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"new contents")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["appeal.pdf"]


def test_check_lists_each_problem_of_a_bare_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bare.json"
    path.write_text(json.dumps({"procedure": {"code": "D3330", "tooth": "19"}}), encoding="utf-8")
    assert cli.main(["narrative", str(path), "--check"]) == 1  # not ready: scripts can tell
    lines = capsys.readouterr().out.splitlines()
    assert "problem: No claim number: the payer cannot match the appeal to the claim." in lines
    assert "problem: No payer: the letter has no addressee." in lines
    assert "problem: No treating provider: the letter would have a blank signature." in lines
    assert "problem: No denial reason: the letter cannot quote or answer it." in lines


def test_placeholder_npi_is_refused_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _case_with(tmp_path, provider={"npi": "1234567890"})
    assert cli.main(["narrative", str(case), "--check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "'provider.npi' fails the NPI check digit" in err


def test_check_of_a_sample_appeal_ready_to_send_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import REPO_ROOT

    sample = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
    # on a day its appeal window is open (the sample's dates are fixed; it closes in 2027)
    assert cli.main(["narrative", str(sample), "--check", "--date", "2026-10-20"]) == 0
    assert not any(line.startswith("problem:") for line in capsys.readouterr().out.splitlines())


def test_checking_a_request_before_treatment_as_an_appeal_points_to_prior_auth(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """New-user walk: `narrative` on the prior-authorization sample with --check (no
    --prior-auth) listed "No claim number", "No denial reason"... and no word of the option."""
    from tests.helpers import REPO_ROOT

    sample = REPO_ROOT / "docs" / "samples" / "prior-auth-d3330-pulpitis.json"
    cli.main(["narrative", str(sample), "--check", "--date", "2026-10-20"])
    assert "check it with --prior-auth --check" in capsys.readouterr().out
    cli.main(["narrative", str(sample), "--check", "--prior-auth", "--date", "2026-10-20"])
    assert "--prior-auth" not in capsys.readouterr().out
    appeal = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
    cli.main(["narrative", str(appeal), "--check", "--date", "2026-10-20"])
    assert "--prior-auth" not in capsys.readouterr().out


def test_prior_auth_writes_the_request_and_checks_what_a_request_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before treatment: no claim or denial yet, so the check does not ask for them; the PDF
    asks to authorize the code on the tooth."""
    planned = json.loads(CASE.read_text("utf-8"))
    planned["claim"] = {}
    planned.pop("status_history", None)
    case_file = tmp_path / "planned.json"
    case_file.write_text(json.dumps(planned), encoding="utf-8")
    out = tmp_path / "prior-auth.pdf"
    status = cli.main(["narrative", str(case_file), "--prior-auth", "--check", "-o", str(out)])
    printed = capsys.readouterr().out
    assert "claim number" not in printed and "denial" not in printed
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert "RE: Request for prior authorization, D3330 on tooth #19" in pages[0]
    assert "authorize D3330 on tooth #19" in " ".join(" ".join(pages).split())
    assert status == (1 if "problem:" in printed else 0)
    assert cli.main(["narrative", str(case_file), "--prior-auth", "--remark"]) == 2
    assert "--remark" in capsys.readouterr().err
