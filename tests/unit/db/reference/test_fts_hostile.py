"""Any text typed into search is a search, never an exception (docs/design-rules.md, R11)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdt_desktop.db.reference.build import FTS_PREFIX, FTS_TOKENIZE
from cdt_desktop.db.reference.library import ReferenceLibrary, fts

HOSTILE = [
    '"',
    "(",
    ")",
    "*",
    "AND",
    "OR",
    "NOT",
    "NOT pain",
    "pain AND",
    "NEAR(",
    "NEAR(a b)",
    "a-b",
    "c++",
    "o'brien",
    "O'Neil",
    "^",
    "-",
    "-pain",
    '""',
    '"""',
    "",
    " ",
    "\t\n",
    "#14",
    "c/o",
    "MOD;",
    "1.5",
    "&",
    "<3",
    "%",
    ",",
    "\\",
    "}",
    "{",
    "foo:bar",
    "tooth-14",
    'a"b',
    "name:molar",
    "{name}: x",
    "\x00",
    "a\x00b",
    "D3330\x00",
    "rowid",
    "*D33",
    "'; DROP TABLE codes; --",
    "\u0301",
    "\u00ad",
    "\ufeff",
    "Zoë",
    "Nguyễn",
    "王小明",
    "محمد",
    "\U0001f9b7",
    "D" * 5000,
    "a " * 500,
    "D\U0010ffff",
    "٣٣٥٧",
    "\ud800",
]


@pytest.fixture(scope="module")
def library(fixture_db: Path):
    with ReferenceLibrary(fixture_db) as lib:
        yield lib


# RELIABILITY req. 11
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_is_just_a_search(library: ReferenceLibrary, query: str) -> None:
    hits = library.search(query)
    assert isinstance(hits, list)


@pytest.mark.parametrize("query", ['"', "(", "*", "^", "-", '""', "", " ", "\x00", "NEAR("])
def test_nothing_searchable_gives_no_hits(library: ReferenceLibrary, query: str) -> None:
    assert library.search(query) == []


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("AND", None),
        ("c++", None),
        ("a-b", None),
        ("o'brien", None),
        ("(regen", "D3355"),
        ('"regen"', "D3355"),
        ("regen*", "D3355"),
        ("apex)", "D3351"),
        ("-3357", None),
    ],
)
def test_syntax_characters_are_taken_literally(
    library: ReferenceLibrary, query: str, first: str | None
) -> None:
    hits = library.search(query)
    if first is not None:
        assert hits[0].code == first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ('"', None),
        ("(", None),
        ("root", '"root"*'),
        ("root canal", '"root" AND "canal"*'),
        ('a"b', '"a""b"*'),
        ("AND", '"AND"*'),
        ("( root", '"root"*'),
        ("a\x00b", '"a" AND "b"*'),
        # a plural is the start of its singular, wherever it stands; "ss", "us", "is" stay
        ("molars", '"molar"*'),
        ("pulp caps", '"pulp" AND "cap"*'),
        ("molars endo", '"molar"* AND "endo"*'),
        ("abscess", '"abscess"*'),
        ("apexogenesis", '"apexogenesis"*'),
        ("bus", '"bus"*'),
        ("D3s", '"D3s"*'),
        # review: -ies, -es after s/x/ch/sh; "caries" and "teeth" are no plain plurals
        ("cavities", '"cavit"*'),
        ("abscesses", '"abscess"*'),
        ("caries", '"caries"*'),
        ("teeth", '"teeth"*'),
    ],
)
def test_match_expression(text: str, expected: str | None) -> None:
    assert fts.match_expression(text) == expected


def test_match_expression_with_columns_and_name_start() -> None:
    assert fts.match_expression("apex", ("name",)) == '{name} : "apex"*'
    assert fts.match_expression("root mol", fts.NAME_COLUMNS, name_starts=True) == (
        '{name} : ^ "root" AND {name synonyms} : "root" AND {name synonyms} : "mol"*'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("d3357", "D3357"),
        ("3357", "D3357"),
        (" D3357 ", "D3357"),
        ("D33", "D33"),
        ("D 3330", "D3330"),
        ("d  33", "D33"),
        ("d", "D"),
        ("333", "D333"),
        ("D3357x", None),
        ("DD3", None),
        ("٣٣", None),
        ("", None),
        ("root", None),
    ],
)
def test_code_query(text: str, expected: str | None) -> None:
    assert fts.code_query(text) == expected


@pytest.fixture(scope="module")
def raw_fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(code, name, synonyms, summary, "
        f"tokenize='{FTS_TOKENIZE}', prefix='{FTS_PREFIX}')"
    )
    conn.execute("INSERT INTO t VALUES ('D3330', 'Root canal, molar', 'RCT', 'Molar RCT.')")
    return conn


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_is_a_valid_match_expression(raw_fts: sqlite3.Connection, text: str) -> None:
    for columns, starts in (((), False), (("name",), False), (fts.NAME_COLUMNS, True)):
        expression = fts.match_expression(text, columns, name_starts=starts)
        if expression is not None:
            raw_fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_search_never_raises(library: ReferenceLibrary, text: str) -> None:
    hits = library.search(text)
    assert isinstance(hits, list)
    assert len({h.code for h in hits}) == len(hits)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('dD0123456789 "()*^-:ANDORNEAR'), max_size=12))
def test_search_never_raises_on_syntax_soup(library: ReferenceLibrary, text: str) -> None:
    assert isinstance(library.search(text), list)
