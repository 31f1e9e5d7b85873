"""Hostile input through the CLI as a user would type it: search, suggest, narrative.

docs/design-rules.md, Contracts and Bad input: any search text is a search; bad input exits 2
with one ``error:`` line on stderr, never a traceback and never a partial output file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cdt_desktop import cli
from tests.helpers import FIXTURES, REPO_ROOT

FIXTURES = FIXTURES
BASE_CASE = json.loads((FIXTURES / "case_d3330.json").read_text(encoding="utf-8"))
HOSTILE = '<img src="/etc/passwd"/></para><b>R&D \u202eمحمد\u200f 王小明 Nguyễn a<b'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(code: int, err: str, status: int = 2) -> None:
    assert code == status, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error" not in err


def case_with(**sections: object) -> dict[str, object]:
    data = json.loads(json.dumps(BASE_CASE))
    data.update(sections)
    return data


# -- search ---------------------------------------------------------------------------------
SEARCH_QUERIES = [
    '"', '""', "(", ")", "*", "AND", "OR", "NOT", "NEAR(", "NEAR(a b, 2)", "-", "-pain", "^", "a\"b",
    "col:foo", "{a b}:c", "O'Neil", "#14", "c/o", "", "   ", "\t\n", "D33*", "pa*", "AND OR NOT",
    "Nguyễn", "王小明", "محمد", "\u202e", "\u200d", "🦷", "e\u0301", "\udc80", "a\udcffb",
    "x" * 10240, 'a "(* ' * 2000, "\x1a", "\x01\x02",
]  # fmt: skip


@pytest.mark.parametrize("query", SEARCH_QUERIES, ids=range(len(SEARCH_QUERIES)))
@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_any_search_text_is_a_search(
    capsys: pytest.CaptureFixture[str], query: str, as_json: bool
) -> None:
    # "--" as a shell user would type before a query starting with "-"
    code, out, err = run(capsys, "search", *(["--json"] if as_json else []), "--", query)
    assert (code, err) == (0, "")
    if as_json:
        assert isinstance(json.loads(out), list)


def test_nul_and_lone_surrogates_on_a_real_command_line(tmp_path: Path) -> None:
    """NUL cannot reach argv at all; lone surrogates (undecodable bytes) must still search."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with pytest.raises(ValueError):
        subprocess.run([sys.executable, "-m", "cdt_desktop", "search", "a\x00b"], check=False)
    for arg in (b"\xff\xfe", b"a\x80b"):
        done = subprocess.run(
            [sys.executable.encode(), b"-m", b"cdt_desktop", b"search", b"--json", arg],
            capture_output=True, env=env, cwd=tmp_path, timeout=60,
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (0, b"")
        assert isinstance(json.loads(done.stdout), list)
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"cdt_desktop", b"narrative", b"\xff.json", b"--remark"],
        capture_output=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.count(b"\n") == 1, done.stderr
    assert done.stderr.startswith(b"error: case file not found: ")


@pytest.mark.parametrize("limit", ["0", "-1", "501", "abc", "1e3", "99999999999999999999999", ""])
def test_bad_search_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str], limit: str) -> None:
    try:  # argparse rejects what is not an int; run() what is out of range
        code = cli.main(["search", "molar", "--limit", limit])
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    assert_one_error_line(code, err)
    assert out == ""


# -- suggest ----------------------------------------------------------------------------------
BAD_TEETH = [
    ("universal", t)
    for t in ("0", "33", "99", "-1", "", " ", "Z", "U", "#", "##19", "19.5", "1e3", "١٩", "１９",
              "9" * 10000, 'a"b', "<b>", "1\n9", "1\r9", "\x1b[31m19", "\u202e19", "\udc80",
              "D3330", "0x13", "NaN", "19\x00")
] + [("fdi", t) for t in ("19", "86", "49", "00", "UR1", "٣٦", "")] + [
    ("palmer", t) for t in ("19", "URF", "xx1", "UR9", "UR0", "")
]  # fmt: skip


@pytest.mark.parametrize(("notation", "tooth"), BAD_TEETH, ids=range(len(BAD_TEETH)))
def test_bad_tooth_is_one_error_line(
    capsys: pytest.CaptureFixture[str], notation: str, tooth: str
) -> None:
    code, out, err = run(capsys, "suggest", "--tooth", tooth, "--notation", notation, "--json")
    assert_one_error_line(code, err)
    assert out == ""
    assert len(err) < 300  # a 10 KB entry is not echoed back


BAD_OPTIONS = [
    ["--tooth", "19", "--root", "bogus"],
    ["--tooth", "19", "--pulp", "a\nb"],
    ["--tooth", "19", "--goal", "\udc80"],
    ["--tooth", "19", "--visit", ""],
    ["--tooth", "19", "--notation", "x"],
    ["--tooth", "K", "--successor", "maybe"],
    ["--tooth"],
    [],
    ["--tooth", "19", "--bogus"],
]


@pytest.mark.parametrize("argv", BAD_OPTIONS, ids=range(len(BAD_OPTIONS)))
def test_bad_suggest_options_are_one_error_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["suggest", *argv])
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1, err


# -- narrative: malformed case files --------------------------------------------------------
def _bytes(text: str) -> bytes:
    return text.encode("utf-8")


BAD_CASE_FILES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "not valid JSON"),
    ("junk", b"not json at all", "not valid JSON"),
    ("trailing", b"{}garbage", "not valid JSON"),
    ("array", b"[]", "JSON object"),
    ("null", b"null", "JSON object"),
    ("string", b'"x"', "JSON object"),
    ("deep-array", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("deep-object", _bytes('{"patient":' + '{"a":' * 5000 + "1" + "}" * 5001), "nested"),
    ("huge-int", _bytes('{"claim":{"billed_amount":' + "9" * 5000 + "}}"), "number is too long"),
    ("nan", b'{"claim":{"billed_amount":NaN}}', "'claim.billed_amount' is NaN or Infinity"),
    ("inf", b'{"claim":{"billed_amount":1e999}}', "'claim.billed_amount' is NaN or Infinity"),
    ("minus-inf", b'{"claim":{"billed_amount":-Infinity}}', "is NaN or Infinity"),
    ("duplicate", b'{"patient":{"name":"A"},"patient":{"name":"B"}}', "'patient' appears more"),
    ("dev-zero", None, "not a regular file"),
    ("utf16", json.dumps(BASE_CASE).encode("utf-16"), "not UTF-8"),
    ("latin1", json.dumps({"patient": {"name": "Zoë"}}, ensure_ascii=False).encode("latin-1"),
     "not UTF-8"),
    ("random", bytes(range(256)) * 40, "not UTF-8"),
    ("newline-key", _bytes(json.dumps({"bad\nsection": 1})), "unknown section"),
    ("long-key", _bytes(json.dumps({"patient": {"k" * 10000: "x"}})), "unknown field"),
    ("control-key", _bytes(json.dumps({"checklist": {"a\r\x1b[2J": "yes"}})), "true or false"),
    ("nested-value", _bytes(json.dumps({"patient": {"name": {"a": [1]}}})), "must be text"),
    ("bool-value", _bytes(json.dumps({"patient": {"name": True}})), "must be text"),
    ("bad-date", _bytes(json.dumps(case_with(claim={"date_of_service": "2026-02-30"}))), "date"),
    ("bad-code", _bytes(json.dumps(case_with(procedure={"code": "<b>"}))), "procedure.code"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "expected"),
    [c[1:] for c in BAD_CASE_FILES],
    ids=[c[0] for c in BAD_CASE_FILES],
)
def test_malformed_case_file_is_one_error_line_and_no_pdf(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes | None, expected: str
) -> None:
    """Issue 15 items 14, 15, 17: one reader maps every malformed file to a problem."""
    case = tmp_path / "case.json"
    if content is None:  # issue 15 item 15: /dev/zero used to be read until memory ran out
        case = Path("/dev/zero")
    else:
        case.write_bytes(content)
    out = tmp_path / "out.pdf"
    code, stdout, err = run(capsys, "narrative", str(case), "-o", str(out), "--remark")
    assert_one_error_line(code, err)
    assert expected in err
    assert len(err) < 400
    assert stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if content is None else ["case.json"])


def test_bom_and_odd_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(BASE_CASE).encode("utf-8"))
    assert run(capsys, "narrative", str(bom), "--remark")[0] == 0
    for path, expected in (
        (tmp_path / "missing.json", "not found"),
        (tmp_path, "is a folder"),
    ):
        code, _, err = run(capsys, "narrative", str(path), "--remark")
        assert_one_error_line(code, err)
        assert expected in err


# -- narrative: hostile text in every field -----------------------------------------------
FREE_TEXT = {
    "patient": ("name", "chart_number"),
    "subscriber": ("name", "member_id", "group_number"),
    "payer": ("name", "address"),
    "claim": ("number", "denial_reason"),
    "provider": ("name", "credentials", "practice", "address", "phone"),
    "findings": ("notes",),
}


def _hostile_case(text: str) -> dict[str, object]:
    """``text`` in every free-text field, cut to the field's limit (issue 15 item 6)."""
    from cdt_desktop.domain.cases.field_rules import MAX_SHORT_TEXT, field_limit

    data = json.loads(json.dumps(BASE_CASE))
    for section, keys in FREE_TEXT.items():
        for key in keys:
            data[section][key] = text[: field_limit(section, key)]
    data["enclosures"] = [text[:MAX_SHORT_TEXT], "</para>", "<font size=200>x</font>"]
    data["checklist"] = {text: True, "preop-radiograph": True}
    return data


@pytest.mark.parametrize(
    "text",
    [HOSTILE, "\x00\x01\x1b[31m", "x" * 3000, "\u202e" * 50 + "محمد", "🦷" * 200],
    ids=["markup-rtl", "controls", "long-word", "rtl-override", "emoji"],
)
def test_hostile_text_in_every_field_renders_and_the_remark_stays_short(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(_hostile_case(text)), encoding="utf-8")
    out = tmp_path / "out.pdf"
    code, stdout, err = run(
        capsys, "narrative", str(case), "-o", str(out), "--remark", "--date", "2026-10-01"
    )
    assert (code, err) == (0, "")
    remark = stdout.rstrip("\n")
    assert 0 < len(remark) <= 80 and "\n" not in remark
    assert all(32 <= ord(ch) < 127 for ch in remark)  # X12-safe
    reader = PdfReader(out)
    assert len(reader.pages) >= 1
    if text is HOSTILE:
        printed = "".join(page.extract_text() for page in reader.pages)
        assert "</para>" in printed and "R&D" in printed  # markup printed literally
        assert '<img src="/etc/passwd"/>' in printed


@pytest.mark.parametrize(
    "procedure",
    [
        {"code": "D9999", "tooth": "19", "notation": "universal"},
        {"code": "", "tooth": "", "notation": "palmer"},
        {"code": "d3330", "tooth": "36", "notation": "fdi"},
    ],
    ids=["unknown-code", "no-tooth", "fdi-tooth"],
)
def test_remark_on_absurd_input_is_at_most_80_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, procedure: dict[str, str]
) -> None:
    data = _hostile_case("محمد " * 500)
    data["procedure"] = procedure
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    code, stdout, err = run(capsys, "narrative", str(case), "--remark")
    assert (code, err) == (0, "")
    remark = stdout.rstrip("\n")
    assert 0 < len(remark) <= 80 and "\n" not in remark


@pytest.mark.parametrize(
    "procedure",
    [
        {"code": "D3330", "tooth": "99", "notation": "universal"},
        {"code": "", "tooth": "x" * 5000, "notation": "palmer"},
        {"code": "D3330", "tooth": "١٩", "notation": "fdi"},
        {"code": "d3330", "tooth": "🦷" * 100, "notation": ""},
        {"code": "D3330", "tooth": "19", "notation": "fdi"},
    ],
    ids=["out-of-range", "huge-tooth", "arabic-digits", "emoji-tooth", "universal-in-fdi"],
)
def test_unknown_tooth_in_a_case_file_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, procedure: dict[str, str]
) -> None:
    """An unknown tooth is exit 2 with one error line, and no PDF (docs/design-rules.md, Bad
    input)."""
    data = _hostile_case("note")
    data["procedure"] = procedure
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out.pdf"
    code, stdout, err = run(capsys, "narrative", str(case), "-o", str(out), "--remark")
    assert code == 2 and stdout == ""
    assert err.startswith("error:") and err.count("\n") == 1
    assert "'procedure.tooth' is not a tooth" in err
    assert "🦷" not in err and "x" * 50 not in err  # the value itself is never echoed
    assert not out.exists()


def test_a_note_at_its_limit_splits_across_pages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from cdt_desktop.domain.cases.field_rules import MAX_LONG_TEXT

    words = "Nguyễn 王小明 محمد a<b R&D " * 10_000
    data = case_with(findings={**BASE_CASE["findings"], "notes": words[:MAX_LONG_TEXT]})
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "long.pdf"
    code, _, err = run(capsys, "narrative", str(case), "-o", str(out), "--date", "2026-10-01")
    assert (code, err) == (0, "")
    reader = PdfReader(out)
    assert len(reader.pages) > 5  # a minute and more before notes were cut into pieces
    width = float(reader.pages[0].mediabox.width)
    for page in reader.pages:
        assert float(page.mediabox.width) == width


def test_a_word_without_spaces_at_the_limit_splits_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from cdt_desktop.domain.cases.field_rules import MAX_LONG_TEXT

    data = case_with(findings={**BASE_CASE["findings"], "notes": "x" * MAX_LONG_TEXT})
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "word.pdf"
    assert run(capsys, "narrative", str(case), "-o", str(out))[:3:2] == (0, "")
    assert len(PdfReader(out).pages) > 5


def test_a_200_kb_note_is_refused_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 15 items 6 and 13: fields are bounded, so no text widget or PDF meets 200 KB."""
    data = case_with(findings={**BASE_CASE["findings"], "notes": "x" * 200_000})
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "word.pdf"
    code, _, err = run(capsys, "narrative", str(case), "-o", str(out))
    assert code == 2 and "'findings.notes' is too long" in err and not out.exists()


def test_a_lone_surrogate_is_refused_before_any_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 15 item 14: `--text` with a lone surrogate exited 1 after -o had written the PDF."""
    data = case_with(patient={"name": "Ana \ud800"})
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "x.pdf"
    code, stdout, err = run(capsys, "narrative", str(case), "-o", str(out), "--text")
    assert code == 2 and stdout == "" and not out.exists()
    assert "'patient.name' holds an unpaired surrogate" in err


# -- narrative: output paths ------------------------------------------------------------------
def test_output_in_a_missing_folder_is_a_usage_error_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "no" / "such" / "out.pdf"
    code, _, err = run(capsys, "narrative", str(FIXTURES / "case_d3330.json"), "-o", str(out))
    assert_one_error_line(code, err)
    assert "does not exist" in err
    assert not (tmp_path / "no").exists()


def test_output_that_is_a_folder_or_under_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_file = tmp_path / "a.json"
    a_file.write_text("{}", encoding="utf-8")
    for out in (tmp_path, a_file / "x.pdf"):
        code, _, err = run(capsys, "narrative", str(FIXTURES / "case_d3330.json"), "-o", str(out))
        assert_one_error_line(code, err)
    assert a_file.read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize("fail_at", ["create", "rename"])
def test_unwritable_output_gives_a_message_and_no_partial_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fail_at: str,
) -> None:
    """A read-only folder, simulated: tests run as root, where chmod does not stop a write."""
    import tempfile

    from cdt_desktop.core import atomic

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    if fail_at == "create":
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    else:
        monkeypatch.setattr(atomic.os, "replace", refuse)
    existing = tmp_path / "out.pdf"
    existing.write_bytes(b"the user's earlier letter")
    code, _, err = run(capsys, "narrative", str(FIXTURES / "case_d3330.json"), "-o", str(existing))
    assert_one_error_line(code, err, status=1)
    assert "cannot write" in err and "Permission denied" in err
    assert existing.read_bytes() == b"the user's earlier letter"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_bad_date_option(capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("2026-13-01", "x" * 1000, "\udc80", ""):
        code, _, err = run(
            capsys, "narrative", str(FIXTURES / "case_d3330.json"), "--remark", "--date", value
        )
        if value == "":
            assert code == 0  # empty means today
        else:
            assert_one_error_line(code, err)


@pytest.mark.parametrize(
    ("argv", "qt", "rest"),
    [
        (["-platform", "xcb"], ["-platform", "xcb"], []),
        (["--data-dir", "/tmp/x", "-platform", "xcb"], ["-platform", "xcb"], ["--data-dir", "/tmp/x"]),
        (["-reverse", "-style", "Fusion", "--self-check"], ["-reverse", "-style", "Fusion"],
         ["--self-check"]),
        (["search", "platform"], [], ["search", "platform"]),  # words, not options
        # after a command, its own (review: `narrative --denial-reason -reverse` was refused)
        (["narrative", "c.json", "--denial-reason", "-reverse"], [],
         ["narrative", "c.json", "--denial-reason", "-reverse"]),
        (["-platform", "--self-check"], [], ["-platform", "--self-check"]),  # not a value
    ],
)  # fmt: skip
def test_qt_s_own_options_are_set_apart_for_the_window(
    argv: list[str], qt: list[str], rest: list[str]
) -> None:
    """Support's `cdt-desktop -platform xcb` was refused: "invalid choice: 'xcb'"."""
    assert cli.qt_options(argv) == (qt, rest)


def test_qt_s_options_start_the_window_and_are_refused_by_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env.pop("QT_QPA_PLATFORM", None)  # the option alone picks the platform
    done = subprocess.run(
        [sys.executable, "-m", "cdt_desktop", "-platform", "offscreen", "--data-dir",
         str(tmp_path / "d"), "--self-check"],
        env=env, capture_output=True, text=True, timeout=120, cwd=REPO_ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert cli.main(["-style", "Fusion", "search", "molar"]) == 2
    assert "-style is an option of the window" in capsys.readouterr().err
