"""TOML sources -> reference library: strict validation, schema, determinism, atomic writes."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.core.errors import InputError
from cdt_desktop.db.reference import build
from cdt_desktop.db.reference.build import build_database, load_sources, source_hash
from cdt_desktop.db.reference.validate import SourceError
from tests.helpers import SOURCE_FIXTURES

FIXTURES = SOURCE_FIXTURES

GOOD = """
[[code]]
code = "D3330"
category = "Endodontics"
subcategory = "Endodontic therapy"
name = "Root canal, molar"
summary = "Molar root canal."
"""


def entry(code: str = "D3330", **extra: str) -> str:
    lines = [
        "[[code]]",
        f'code = "{code}"',
        'category = "Endodontics"',
        'subcategory = "Therapy"',
        'name = "Some name"',
        'summary = "Some summary."',
    ]
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def checklist(item_id: str, text: str = "Pre-op film", group: str = "imaging") -> str:
    return f'[[code.checklist]]\nid = "{item_id}"\ntext = "{text}"\ngroup = "{group}"\nrequired = true\n'


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


# (files, fragments that must all appear in one problem line)
BAD_SOURCES = {
    "missing required key": (
        {"a": '[[code]]\ncode = "D3330"\ncategory = "E"\nsubcategory = "S"\nsummary = "x"\n'},
        ["a.toml", "D3330", "'name'"],
    ),
    "unknown key": ({"a": entry(colour='"red"')}, ["a.toml", "D3330", "unknown key 'colour'"]),
    "duplicate code across files": (
        {"a": entry(), "b": entry()},
        ["b.toml", "D3330", "duplicate", "a.toml"],
    ),
    "bad code format": ({"a": entry("D333")}, ["a.toml", "D333", "four digits"]),
    "lower-case code": ({"a": entry("d3330")}, ["a.toml", "d3330", "four digits"]),
    "unknown tooth_scope": (
        {"a": entry(tooth_scope='"molar"')},
        ["a.toml", "D3330", "tooth_scope 'molar'"],
    ),
    "unknown series": ({"a": entry(series='"regen"')}, ["a.toml", "D3330", "series 'regen'"]),
    "unknown series_step": (
        {"a": entry(series_step='"last"')},
        ["a.toml", "D3330", "series_step 'last'"],
    ),
    "unknown status": ({"a": entry(status='"gone"')}, ["a.toml", "D3330", "status 'gone'"]),
    "unknown checklist group": (
        {"a": entry() + checklist("pre-op", group="xray")},
        ["a.toml", "D3330", "group 'xray'"],
    ),
    "bad checklist id": (
        {"a": entry() + checklist("Pre_Op")},
        ["a.toml", "D3330", "id 'Pre_Op'"],
    ),
    "checklist id clash": (
        {"a": entry() + checklist("pre-op"), "b": entry("D3320") + checklist("pre-op", "Other")},
        ["b.toml", "D3320", "'pre-op'", "a.toml"],
    ),
    "related to unknown code": (
        {"a": entry(related='["D9999"]')},
        ["a.toml", "D3330", "related", "D9999"],
    ),
    "compare with unknown code": (
        {"a": entry() + '[[code.compare]]\ncode = "D9998"\ndifference = "x"\n'},
        ["a.toml", "D3330", "compare", "D9998"],
    ),
    "replaced_by unknown code": (
        {"a": entry(status='"deleted"', replaced_by='["D9997"]')},
        ["a.toml", "D3330", "replaced_by", "D9997"],
    ),
    "list key of wrong type": (
        {"a": entry(synonyms='"RCT"')},
        ["a.toml", "D3330", "'synonyms' must be a list"],
    ),
    "unknown sub-table key": (
        {"a": entry() + '[[code.faq]]\nq = "x"\na = "y"\nwho = "z"\n'},
        ["a.toml", "D3330", "faq #1", "unknown key 'who'"],
    ),
    "deletion year not read like CDT 2014": (
        {"a": entry(status='"deleted"', deleted_in='"2014"')},
        ["a.toml", "D3330", "deleted_in '2014'"],
    ),
    "deletion year on an active code": (
        {"a": entry(deleted_in='"CDT 2014"')},
        ["a.toml", "D3330", "need status 'deleted'"],
    ),
    "unconfirmed deletion without a verify note": (
        {"a": entry(status='"deleted"', deletion_unconfirmed="true")},
        ["a.toml", "D3330", "deletion_unconfirmed needs a verify note"],
    ),
    "TOML syntax error": ({"a": "[[code]\ncode = "}, ["a.toml", "TOML"]),
    "unknown top-level key": ({"a": 'title = "x"\n' + entry()}, ["a.toml", "'title'"]),
}


@pytest.mark.parametrize("case", list(BAD_SOURCES), ids=list(BAD_SOURCES))
def test_bad_sources_are_refused_naming_file_and_entry(tmp_path: Path, case: str) -> None:
    files, fragments = BAD_SOURCES[case]
    with pytest.raises(SourceError) as caught:
        load_sources(write(tmp_path / "src", **files))
    assert isinstance(caught.value, InputError)
    lines = caught.value.problems
    assert any(all(f in line for f in fragments) for line in lines), lines


def test_every_problem_is_collected(tmp_path: Path) -> None:
    files = {"a": entry(colour='"x"') + entry("D33"), "b": entry("D3320", related='["D0001"]')}
    with pytest.raises(SourceError) as caught:
        load_sources(write(tmp_path / "src", **files))
    assert len(caught.value.problems) == 3
    assert str(caught.value).startswith("3 problems in the reference sources")


def test_empty_source_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"no \*\.toml"):
        load_sources(tmp_path)


def test_fixture_sources_load_sorted_with_defaults() -> None:
    entries = load_sources(FIXTURES)
    codes = [e["code"] for e in entries]
    assert codes == sorted(codes) and len(codes) == 13
    build_up = next(e for e in entries if e["code"] == "D2950")
    assert build_up["status"] == "active" and build_up["series"] == ""


def test_database_schema_and_header(fixture_db: Path) -> None:
    conn = sqlite3.connect(fixture_db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert set(build.REQUIRED_TABLES) <= tables
        assert conn.execute("PRAGMA application_id").fetchone()[0] == build.APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == build.SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        assert meta["source_hash"] == source_hash(FIXTURES)
        assert meta["schema_version"] == str(build.SCHEMA_VERSION)
        assert meta["edition"] == "CDT 2026" and meta["code_count"] == "13"
        assert "built_at" not in meta  # a build time would make every rebuild differ
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name='codes_fts'").fetchone()[0]
        assert "remove_diacritics 2" in sql and "prefix=" in sql
        # One checklist item shared by two codes is stored once.
        assert (
            conn.execute(
                "SELECT count(*) FROM code_checklist WHERE item_id='preop-radiograph'"
            ).fetchone()[0]
            == 2
        )
        assert (
            conn.execute(
                "SELECT count(*) FROM checklist_items WHERE id='preop-radiograph'"
            ).fetchone()[0]
            == 1
        )
        # Deleted codes get the highest ids: FTS rowid order is (deleted, code).
        assert (
            conn.execute("SELECT code FROM codes ORDER BY id DESC LIMIT 1").fetchone()[0] == "D3354"
        )
    finally:
        conn.close()


def test_built_file_is_readable_by_everyone(fixture_db: Path) -> None:
    assert fixture_db.stat().st_mode & 0o777 == 0o644


def test_rebuild_of_same_sources_is_byte_identical(tmp_path: Path) -> None:
    entries = load_sources(FIXTURES)
    first = build_database(entries, tmp_path / "one.sqlite", source_hash="h")
    second = build_database(list(reversed(entries)), tmp_path / "two.sqlite", source_hash="h")
    assert first.read_bytes() == second.read_bytes()


def test_failed_build_leaves_existing_file_and_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "cdt.sqlite"
    out.write_bytes(b"previous library")
    broken = [{"code": "D0001", "category": "x", "subcategory": "y", "summary": "no name"}]
    with pytest.raises(KeyError):
        build_database(broken, out, source_hash="x")
    assert out.read_bytes() == b"previous library"
    assert [p.name for p in tmp_path.iterdir()] == ["cdt.sqlite"]


def test_generated_entries_need_only_the_required_keys(tmp_path: Path) -> None:
    entries = [
        {
            "code": f"D{n:06d}",
            "category": "C",
            "subcategory": "S",
            "name": f"Name {n}",
            "summary": "Generated.",
            "synonyms": ["gen"],
        }
        for n in range(10_000, 10_300)
    ]
    out = build_database(entries, tmp_path / "syn.sqlite", source_hash="synthetic")
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("SELECT count(*) FROM codes").fetchone()[0] == 300
        assert dict(conn.execute("SELECT key, value FROM meta"))["source_hash"] == "synthetic"
    finally:
        conn.close()


def test_source_hash_follows_content_not_timestamps(tmp_path: Path) -> None:
    src = write(tmp_path / "src", a=GOOD, b=entry("D3320"))
    before = source_hash(src)
    copy = tmp_path / "copy"
    shutil.copytree(src, copy)  # new mtimes, same bytes
    assert source_hash(copy) == before
    (src / "b.toml").write_text(entry("D3321"), encoding="utf-8")
    assert source_hash(src) != before


def test_build_data_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "built.sqlite"
    assert cli.main(["build-data", "--source", str(FIXTURES), "-o", str(out)]) == 0
    assert "13 codes" in capsys.readouterr().out
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("SELECT count(*) FROM codes").fetchone()[0] == 13
    finally:
        conn.close()


def test_build_data_with_bad_sources_is_exit_2_and_keeps_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "src", a=entry(colour='"x"'))
    out = tmp_path / "out.sqlite"
    out.write_bytes(b"keep me")
    assert cli.main(["build-data", "--source", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: 1 problem in the reference sources") and "a.toml, D3330" in err
    assert out.read_bytes() == b"keep me"


def test_build_data_missing_source_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli.main(["build-data", "--source", str(tmp_path / "nope"), "-o", str(tmp_path / "o")]) == 2
    )
    assert capsys.readouterr().err.startswith("error: source folder not found")
