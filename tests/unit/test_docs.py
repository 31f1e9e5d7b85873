"""The docs stay true to the code: documented examples parse, every command is documented."""

from __future__ import annotations

import json
import re

import pytest

from cdt_desktop import cli
from cdt_desktop.domain.cases.model import Case
from tests.helpers import REPO_ROOT

ROOT = REPO_ROOT


def test_case_file_example_in_the_docs_is_a_valid_case() -> None:
    text = (ROOT / "docs" / "case-file.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.S)
    assert example is not None
    case = Case.from_dict(json.loads(example.group(1)))
    assert case.procedure.code == "D3330"


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_every_command_is_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"cdt-desktop {command}" in readme


@pytest.mark.parametrize("command", ["backup", "doctor", "import-cdt"])
def test_office_admin_commands_are_in_the_user_guide(command: str) -> None:
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    assert f"cdt-desktop {command}" in guide


def test_readme_quick_start_names_the_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make run" in readme
    assert "make test" in ci


def test_every_module_and_room_the_architecture_map_names_exists() -> None:
    """docs/architecture.md is the map a newcomer reads first: it must not name a room or module
    that is not there (paths in it are relative to cdt_desktop/)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(
        re.findall(r"`((?:core|domain|services|db|report|ui|commands)/[\w/]*(?:\.py)?)`", text)
    )
    assert len(named) > 15
    missing = sorted(p for p in named if not (ROOT / "cdt_desktop" / p).exists())
    assert missing == []


def test_the_sources_of_the_guidance_are_in_the_project_not_outside_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    assert "docs/sources.md" in readme
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    rows = [line for line in sources.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) > 10  # one line per source, with what it supports
    for needed in ("Regence", "Delta Dental", "UnitedHealthcare", "AAPD", "ADA News"):
        assert needed in sources or (needed == "AAPD" and "Pediatric Dentistry" in sources)


def _readme_examples(prefix: str) -> list[str]:
    """The README's example lines that start with ``prefix``, without their comments."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        line.split("  #", 1)[0].strip() for line in readme.splitlines() if line.startswith(prefix)
    ]


@pytest.mark.parametrize("line", _readme_examples("cdt-desktop users "))
def test_each_users_example_in_the_readme_is_a_command_that_parses(line: str) -> None:
    """Walkthrough: the README wrote `users list | disable NAME | ... --user ADMIN`, and `users
    list` typed as shown was refused: once sign-in is on, each users command needs --user."""
    import shlex

    words = shlex.split(line)[1:]
    args = cli.build_parser().parse_args(words)  # argparse exits on what it cannot parse
    if words[1] != "add" or "--role" not in words or words[words.index("--role") + 1] != "admin":
        assert "--user" in words, line
    assert args.command == "users"
