"""A case file saved by Windows Notepad starts with a UTF-8 byte order mark: `cases import`
refused it ("not valid JSON (line 1, column 1)") while `narrative` and the window's Import read
the same file (reliability probe). Real files, real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdt_desktop import cli
from tests.helpers import FIXTURES


def test_a_case_file_with_a_byte_order_mark_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "case-from-notepad.json"
    saved.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "case_d3330.json").read_bytes())
    data = ["--data-dir", str(tmp_path / "pc")]
    assert cli.main([*data, "cases", "import", str(saved), "--operator", "AB", "--json"]) == 0
    case_id = json.loads(capsys.readouterr().out)["id"]
    assert cli.main([*data, "cases", "show", str(case_id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    original = json.loads((FIXTURES / "case_d3330.json").read_text(encoding="utf-8"))
    assert shown["case"]["patient"]["name"] == original["patient"]["name"]
