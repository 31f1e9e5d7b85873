"""`cdt-desktop search`: JSON and table output, --limit bounds, broken library -> error line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.reference.build import build_database, load_sources, source_hash
from tests.helpers import SOURCE_FIXTURES

SOURCES = SOURCE_FIXTURES


@pytest.fixture(scope="module")
def library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli-search") / "lib.sqlite"
    return build_database(load_sources(SOURCES), out, source_hash=source_hash(SOURCES))


@pytest.fixture(autouse=True)
def _use_fixture_library(monkeypatch: pytest.MonkeyPatch, library_file: Path) -> None:
    monkeypatch.setenv("CDT_DESKTOP_REFERENCE_DB", str(library_file))


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert cli.main(["search", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_hits_carry_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    hits = run_json(capsys, "3357")
    assert hits[0] == {
        "code": "D3357",
        "name": "Pulpal regeneration, completion",
        "category": "Endodontics",
        "subcategory": "Regeneration",
        "summary": "Induces bleeding into the canal and seals it with a barrier such as MTA.",
        "matched": "code",
        "deleted": False,
    }


def test_json_flags_deleted_codes(capsys: pytest.CaptureFixture[str]) -> None:
    hits = run_json(capsys, "regen")
    assert [(h["code"], h["deleted"]) for h in hits][-1] == ("D3354", True)


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "", "-", "AND"])
def test_hostile_queries_give_a_json_list(capsys: pytest.CaptureFixture[str], query: str) -> None:
    assert isinstance(run_json(capsys, "--", query), list)


def test_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert [h["code"] for h in run_json(capsys, "D33", "--limit", "2")] == ["D3310", "D3330"]
    assert len(run_json(capsys, "D", "--limit", "500")) == 13


@pytest.mark.parametrize("limit", ["0", "-1", "501", "100000"])
def test_limit_out_of_range_is_exit_2(capsys: pytest.CaptureFixture[str], limit: str) -> None:
    assert cli.main(["search", "molar", "--limit", limit]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "--limit" in err and err.count("\n") == 1


def test_limit_not_a_number_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["search", "molar", "--limit", "ten"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.startswith("error:")


def test_table_output_is_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", "regen"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "CATEGORY"]
    assert [line[:5] for line in lines[1:]] == ["D3355", "D3356", "D3357", "D3354"]
    column = lines[0].index("CATEGORY")
    assert all(line[column:].startswith("Endodontics") for line in lines[1:])
    assert lines[-1].count("deleted") == 1  # its name says so: no second "[deleted]"


def test_no_matches_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", "zzzz"]) == 0
    assert capsys.readouterr().out.strip() == "no matches"


@pytest.mark.parametrize("content", [b"", b"garbage" * 100, None])
def test_broken_library_is_an_error_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
) -> None:
    path = tmp_path / "cdt.sqlite"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("CDT_DESKTOP_REFERENCE_DB", str(path))
    assert cli.main(["search", "molar", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: reference library") and str(path) in captured.err
    assert "Traceback" not in captured.err


def test_real_process_exit_codes(library_file: Path, tmp_path: Path) -> None:
    env = dict(os.environ, CDT_DESKTOP_REFERENCE_DB=str(library_file))
    command = [sys.executable, "-m", "cdt_desktop", "search"]
    ok = subprocess.run([*command, "d3330", "--json"], capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)[0]["code"] == "D3330"
    bad = subprocess.run([*command, "x", "--limit", "0"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("error:")
    env["CDT_DESKTOP_REFERENCE_DB"] = str(tmp_path / "missing.sqlite")
    broken = subprocess.run([*command, "x"], capture_output=True, text=True, env=env)
    assert broken.returncode == 1 and broken.stderr.startswith("error:")
    assert "Traceback" not in broken.stderr


def test_a_typo_in_the_table_is_answered_as_the_window_answers_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Chairside walkthrough: the window showed "apexification" for "apexfication"; the
    command line said "no matches". The JSON still lists what the query itself matched."""
    assert cli.main(["search", "regeneraton"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "No code matches 'regeneraton'. Showing results for 'regeneration'."
    assert lines[1].split() == ["CODE", "NAME", "CATEGORY"] and len(lines) > 2
    assert run_json(capsys, "regeneraton") == []


def test_a_deleted_code_named_deleted_is_not_marked_twice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cdt_desktop.commands.search import _table

    row = {"code": "D3354", "name": "Pulpal regeneration (deleted)", "category": "Endodontics"}
    assert _table([{**row, "deleted": True}]).splitlines()[1].count("deleted") == 1
    assert "[deleted]" in _table([{**row, "name": "Pulpal regeneration", "deleted": True}])
