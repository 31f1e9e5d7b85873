"""`cdt-desktop suggest`: the JSON contract (docs/design-rules.md, Contracts), the table, and bad
input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cdt_desktop import cli
from cdt_desktop.commands import suggest

STATUSES = {"recommended", "possible", "excluded"}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert cli.main(["suggest", *argv, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


@pytest.mark.parametrize(
    ("argv", "tooth", "recommended"),
    [
        (["--tooth", "19", "--root", "complete", "--pulp", "necrosis"],
         {"universal": "19", "fdi": "36", "dentition": "permanent", "type": "molar"}, "D3330"),
        (["--tooth", "36", "--notation", "fdi", "--root", "complete", "--pulp", "necrosis"],
         {"universal": "19", "fdi": "36", "dentition": "permanent", "type": "molar"}, "D3330"),
        (["--tooth", "#5", "--root", "complete", "--pulp", "irreversible-pulpitis"],
         {"universal": "5", "fdi": "14", "dentition": "permanent", "type": "premolar"}, "D3320"),
        (["--tooth", "k", "--pulp", "necrosis"],
         {"universal": "K", "fdi": "75", "dentition": "primary", "type": "primary-posterior"},
         "D3240"),
        (["--tooth", "8", "--root", "immature", "--pulp", "necrosis", "--goal", "apexification",
          "--visit", "final"],
         {"universal": "8", "fdi": "11", "dentition": "permanent", "type": "anterior"}, "D3353"),
        (["--tooth", "9", "--root", "immature", "--pulp", "necrosis", "--goal", "regeneration",
          "--visit", "final"],
         {"universal": "9", "fdi": "21", "dentition": "permanent", "type": "anterior"}, "D3357"),
        (["--tooth", "8", "--root", "immature", "--pulp", "normal"],
         {"universal": "8", "fdi": "11", "dentition": "permanent", "type": "anterior"}, None),
        (["--tooth", "8", "--root", "immature", "--pulp", "normal", "--goal", "apexogenesis"],
         {"universal": "8", "fdi": "11", "dentition": "permanent", "type": "anterior"}, "D3222"),
        (["--tooth", "K", "--pulp", "necrosis", "--successor", "no"],
         {"universal": "K", "fdi": "75", "dentition": "primary", "type": "primary-posterior"},
         "D3330"),
        (["--tooth", "19", "--root", "complete", "--pulp", "previously-initiated"],
         {"universal": "19", "fdi": "36", "dentition": "permanent", "type": "molar"}, "D3330"),
        (["--tooth", "ll6", "--notation", "palmer", "--root", "complete", "--pulp",
          "previously-treated"],
         {"universal": "19", "fdi": "36", "dentition": "permanent", "type": "molar"}, "D3348"),
        (["--tooth", "8", "--root", "immature", "--pulp", "necrosis"],
         {"universal": "8", "fdi": "11", "dentition": "permanent", "type": "anterior"}, None),
    ],
)  # fmt: skip
def test_json_contract(
    capsys: pytest.CaptureFixture[str], argv: list[str], tooth: dict, recommended: str | None
) -> None:
    data = run_json(capsys, *argv)
    assert {key: data["tooth"][key] for key in ("universal", "fdi", "dentition", "type")} == tooth
    assert data["candidates"], "every candidate is listed"
    for item in data["candidates"]:
        assert isinstance(item["code"], str)
        assert item["status"] in STATUSES
        assert isinstance(item["reasons"], list) and all(
            isinstance(r, str) for r in item["reasons"]
        )
    chosen = [c["code"] for c in data["candidates"] if c["status"] == "recommended"]
    assert chosen == ([] if recommended is None else [recommended])
    assert data["recommended"] == recommended
    if recommended is None:
        assert data["missing"]


def test_retained_primary_molar_without_successor_takes_D3330_never_D3320(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(capsys, "--tooth", "K", "--pulp", "necrosis", "--successor", "no")
    by_code = {c["code"]: c for c in data["candidates"]}
    assert by_code["D3330"]["status"] == "recommended"
    assert by_code["D3240"]["status"] == "possible"
    assert by_code["D3320"]["status"] == "excluded"
    assert data["findings"]["has_successor"] is False


def test_primary_molar_with_unknown_successor_keeps_D3330_possible_and_asks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(capsys, "--tooth", "K", "--pulp", "necrosis")
    by_code = {c["code"]: c for c in data["candidates"]}
    assert data["recommended"] == "D3240"
    assert by_code["D3330"]["status"] == "possible"
    assert any(m.startswith("Permanent successor") for m in data["missing"])


def test_root_canal_initial_visit_says_D3221_and_completion_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--tooth", "19", "--root", "complete", "--pulp", "necrosis", "--visit", "initial"]
    data = run_json(capsys, *argv)
    assert data["recommended"] == "D3330"
    assert any("D3221" in note and "completion date" in note for note in data["notes"])
    assert any("D3221" in reason for reason in data["candidates"][0]["reasons"])


def test_table_marks_the_recommended_line_and_names(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(suggest, "_code_names", lambda: {"D3330": "Root canal, molar"})
    assert cli.main(["suggest", "--tooth", "19", "--root", "complete", "--pulp", "necrosis"]) == 0
    out = capsys.readouterr().out
    marked = [line for line in out.splitlines() if line.startswith(">>")]
    assert len(marked) == 1
    assert "D3330" in marked[0] and "Root canal, molar" in marked[0]
    assert "#19 is a permanent molar -> D3330" in marked[0]
    assert "Tooth: #19, mandibular left first molar, FDI 36" in out
    assert "D3320 excluded: D3320 is for permanent premolars" in out


def test_table_says_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["suggest", "--tooth", "8", "--root", "immature", "--pulp", "necrosis"]
    assert cli.main([*argv, "--goal", "apexification"]) == 0
    out = capsys.readouterr().out
    assert not any(line.startswith(">>") for line in out.splitlines())
    assert "Recommended: none on these findings" in out
    assert "Missing: Visit: initial, interim or final?" in out


def test_json_does_not_depend_on_the_reference_library(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ("--tooth", "19", "--root", "complete", "--pulp", "necrosis")
    monkeypatch.setattr(suggest, "_code_names", lambda: {})
    bare = run_json(capsys, *argv)
    monkeypatch.setattr(suggest, "_code_names", lambda: {"D3330": "Root canal, molar"})
    named = run_json(capsys, *argv)
    strip = lambda d: [(c["code"], c["status"], c["reasons"]) for c in d["candidates"]]  # noqa: E731
    assert strip(bare) == strip(named)


def test_code_names_fall_back_silently_when_the_library_cannot_open(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    bad = tmp_path / "garbage.sqlite"
    bad.write_bytes(b"not a database at all")
    monkeypatch.setenv("CDT_DESKTOP_REFERENCE_DB", str(bad))
    assert suggest._code_names() == {}


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--tooth", "33"], "'33' is not a tooth"),
        (["--tooth", "Z"], "not a tooth"),
        (["--tooth", ""], "no tooth given"),
        (["--tooth", "19", "--notation", "fdi"], "FDI"),
        (["--tooth", "19", "--pulp", "dead"], "invalid choice"),
        (["--tooth", "19", "--notation", "haderup"], "invalid choice"),
        (["--tooth", "19", "--successor", "maybe"], "invalid choice"),
        (["--tooth", "19", "--successor", "no"], "primary teeth only"),
        (["--tooth", "36", "--notation", "fdi", "--successor", "yes"], "#19 is a permanent tooth"),
        (
            ["--tooth", "19", "--pulp", "necrosis", "--pulp", "normal"],
            "--pulp: given more than once",
        ),
        (["--tooth", "19", "--tooth", "18"], "--tooth: given more than once"),
        (["--tooth", "K", "--successor", "no", "--successor", "yes"], "given more than once"),
        ([], "--tooth"),
    ],
)
def test_bad_input_exits_2_with_one_error_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    try:
        code = cli.main(["suggest", *argv])
    except SystemExit as exc:  # argparse usage errors exit from inside parse_args
        code = exc.code
    assert code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error:")
    assert len(err.strip().splitlines()) == 1
    assert words in err


def test_subprocess_bad_tooth_exit_code_and_stderr() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "suggest", "--tooth", "99", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error:")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("argv", "said", "not_said"),
    [
        (["--tooth", "36", "--notation", "fdi"], "tooth 36 is a permanent molar", "#19"),
        (["--tooth", "LL6", "--notation", "palmer"], "tooth LL6 is a permanent molar", "#19"),
        (["--tooth", "19"], "#19 is a permanent molar", "tooth 36"),
    ],
)
def test_the_table_names_teeth_as_the_tooth_was_given(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str, not_said: str
) -> None:
    """A front desk set to FDI typed `suggest --tooth 36 --notation fdi` and read "#19 is a
    permanent molar": the window names teeth in the chart's notation, the table did not."""
    assert cli.main(["suggest", *argv, "--root", "complete", "--pulp", "necrosis"]) == 0
    table = capsys.readouterr().out.split("\n\n")[1]  # the candidates, not the Tooth: line
    assert said in table and not_said not in table
