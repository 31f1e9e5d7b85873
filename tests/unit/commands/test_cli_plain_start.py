"""`cdt-desktop` with no arguments opens the window without building every command's parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cdt_desktop import app, cli


def test_no_arguments_open_the_window_with_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(app, "main", lambda **kwargs: calls.append(kwargs) or 0)
    assert cli.main([]) == 0
    assert calls == [{}]  # main()'s own defaults
    # the same defaults the full parser gives
    args = cli.build_parser().parse_args([])
    assert (args.command, args.data_dir, args.store, args.self_check) == (None, None, None, False)


def test_the_plain_start_imports_no_command_module() -> None:
    probe = (
        "import sys\n"
        "from cdt_desktop import app, cli\n"
        "app.main = lambda **kwargs: 0\n"
        "cli.main([])\n"
        "print(sorted(m for m in sys.modules if m.startswith('cdt_desktop.commands.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
