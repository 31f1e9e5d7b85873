"""The CLI dispatcher's contract: `error:` lines and exit status 2 for bad usage, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cdt_desktop import __version__, cli


def test_unknown_command_is_one_error_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["frobnicate"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:")
    assert err.count("\n") == 1


def test_unknown_option_is_an_error_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["--no-such-option"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.startswith("error:")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["--version"])
    assert caught.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_unexpected_exception_prints_type_only_never_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(args: object) -> int:
        raise RuntimeError('near "Nguyễn": syntax error')  # user data inside, like SQLite's

    parser = cli.build_parser()
    args = parser.parse_args([])
    args.command = "x"
    args._run = boom
    monkeypatch.setattr(cli, "build_parser", lambda: _FixedParser(args))
    assert cli.main(["x"]) == 1  # any argument: no argument at all opens the window
    err = capsys.readouterr().err
    assert err.startswith("error:") and "RuntimeError" in err
    assert "Nguyễn" not in err


class _FixedParser:
    def __init__(self, args: object) -> None:
        self._args = args

    def parse_args(self, argv: object) -> object:
        return self._args


def test_module_entry_point_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "--help"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0
    assert "cdt-desktop" in out.stdout


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_each_command_is_summed_up_in_one_whole_sentence_in_the_help(command: str) -> None:
    """`cdt-desktop --help` showed `narrative` cut off after "...claim remark / narrative;"
    (the summary took the first line of a two-line sentence)."""
    sub = next(a for a in cli.build_parser()._subparsers._group_actions if a.choices)  # type: ignore[union-attr]
    summary = next(c.help for c in sub._choices_actions if c.dest == command)
    assert summary and summary.endswith(".") and "  " not in summary
