"""ReferenceLibrary: opening checks (missing, empty, damaged, foreign, newer) and entry access."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.reference.library import ReferenceDataError, ReferenceLibrary
from cdt_desktop.db.reference.schema import SCHEMA_VERSION
from cdt_desktop.domain.reference import ChecklistItem, Comparison, Denial, Faq


def _missing(path: Path, good: Path) -> None:
    pass


def _empty(path: Path, good: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _tiny(path: Path, good: Path) -> None:
    path.write_bytes(good.read_bytes()[:50])


def _garbage(path: Path, good: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _text(path: Path, good: Path) -> None:
    path.write_text("not a database\n", encoding="utf-8")


def _foreign(path: Path, good: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE codes (code TEXT)")
    conn.commit()
    conn.close()


def _edit(sql: str) -> Callable[[Path, Path], None]:
    def change(path: Path, good: Path) -> None:
        shutil.copy(good, path)
        conn = sqlite3.connect(path)
        conn.execute(sql)
        conn.commit()
        conn.execute("VACUUM")
        conn.close()

    return change


def _damaged_pages(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    page = 4096
    data[page:] = bytes((i * 7 + 3) % 256 for i in range(len(data) - page))
    path.write_bytes(bytes(data))


BROKEN = {
    "missing": (_missing, "not found"),
    "zero bytes": (_empty, "empty"),
    "truncated to half": (_truncated, "damaged"),
    "truncated to 50 bytes": (_tiny, ""),
    "random bytes": (_garbage, "not a SQLite database"),
    "text file": (_text, "not a SQLite database"),
    "foreign sqlite file": (_foreign, "not a CDT Companion reference library"),
    "newer schema": (_edit(f"PRAGMA user_version={SCHEMA_VERSION + 1}"), "newer version"),
    "older schema": (_edit("PRAGMA user_version=0"), "old schema"),
    "table missing": (_edit("DROP TABLE faq"), "faq"),
    "damaged pages": (_damaged_pages, "damaged"),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_files_give_a_clear_error_naming_the_file(
    tmp_path: Path, fixture_db: Path, case: str
) -> None:
    make, fragment = BROKEN[case]
    path = tmp_path / "broken-library.sqlite"
    make(path, fixture_db)
    with pytest.raises(ReferenceDataError) as caught, ReferenceLibrary(path) as library:
        library.search("molar")  # a damage that opening misses must surface here
        library.get("D3330")
    message = str(caught.value)
    assert isinstance(caught.value, UserFacingError)
    assert "broken-library.sqlite" in message and fragment in message
    assert "reinstall" in message and "build-data" in message


def test_opening_never_creates_a_file(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError):
        ReferenceLibrary(tmp_path / "absent.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_use_leaves_the_file_untouched(tmp_path: Path, fixture_db: Path) -> None:
    path = tmp_path / "lib.sqlite"
    shutil.copy(fixture_db, path)
    before = path.read_bytes()
    with ReferenceLibrary(path) as library:
        library.search("root canal")
        library.get("D3330")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["lib.sqlite"]  # no journal, no -wal


def test_default_path_comes_from_paths(monkeypatch: pytest.MonkeyPatch, fixture_db: Path) -> None:
    monkeypatch.setenv("CDT_DESKTOP_REFERENCE_DB", str(fixture_db))
    with ReferenceLibrary() as library:
        assert library.path == fixture_db
        assert library.get("D3330") is not None


@pytest.mark.parametrize("text", ["D3330", "d3330", "3330", " D3330 ", "\td3330\n"])
def test_get_accepts_loose_code_spellings(fixture_db: Path, text: str) -> None:
    with ReferenceLibrary(fixture_db) as library:
        entry = library.get(text)
    assert entry is not None and entry.code == "D3330"


@pytest.mark.parametrize("text", ["D9999", "", "molar", "D33", "'; DROP TABLE codes; --"])
def test_get_unknown_is_none(fixture_db: Path, text: str) -> None:
    with ReferenceLibrary(fixture_db) as library:
        assert library.get(text) is None


def test_get_returns_every_field(fixture_db: Path) -> None:
    with ReferenceLibrary(fixture_db) as library:
        entry = library.get("D3330")
    assert entry is not None
    assert (entry.name, entry.category, entry.tooth_scope) == (
        "Root canal, molar",
        "Endodontics",
        "permanent-molar",
    )
    assert entry.synonyms == ("RCT", "root canal", "molar RCT", "MB2")
    assert entry.related == ("D0220", "D2950")
    assert entry.when_to_use and entry.when_not_to_use and entry.documentation
    assert entry.billing_tips and entry.prior_auth_tips and entry.verify
    assert entry.comparisons == (
        Comparison("D3310", "D3310 is for front teeth; this one is for molars."),
    )
    assert entry.checklist == (
        ChecklistItem("preop-radiograph", "Pre-operative radiograph on file", "imaging", True),
        ChecklistItem("consent-signed", "Signed consent", "consent", False),
    )
    assert entry.required_items == entry.checklist[:1]
    assert entry.denials == (
        Denial("Missing pre-operative radiograph", "Send the dated pre-op film."),
    )
    assert entry.faq == (Faq("Is the exam included?", "No, bill it on its own line."),)
    assert entry.edition == "CDT 2026" and entry.status == "active"


def test_deleted_code_entry(fixture_db: Path) -> None:
    with ReferenceLibrary(fixture_db) as library:
        entry = library.get("D3354")
    assert entry is not None and entry.is_deleted
    assert entry.replaced_by == ("D3355", "D3356", "D3357")


def test_series_fields(fixture_db: Path) -> None:
    with ReferenceLibrary(fixture_db) as library:
        steps = [
            (e.series, e.series_step)
            for c in ("D3351", "D3352", "D3353")
            if (e := library.get(c)) is not None
        ]
    assert steps == [("apexification", s) for s in ("initial", "interim", "final")]


def test_checklist_similar_names_codes_edition(fixture_db: Path) -> None:
    with ReferenceLibrary(fixture_db) as library:
        assert [i.id for i in library.checklist("d3310")] == ["preop-radiograph", "pulp-diagnosis"]
        assert library.checklist("D9999") == ()
        assert library.similar("3330")[0].code == "D3310"
        assert library.similar("D2950") == ()
        names = library.names()
        assert names["D3330"] == "Root canal, molar" and len(names) == 13
        assert library.names() is names  # cached
        assert library.all_codes() == tuple(sorted(names))
        assert library.edition == "CDT 2026"
        assert len(library.source_hash) == 64


def test_closed_library_raises_a_user_facing_error(fixture_db: Path) -> None:
    library = ReferenceLibrary(fixture_db)
    library.close()
    with pytest.raises(ReferenceDataError, match="closed"):
        library.get("D3330")


def test_every_code_the_chart_can_offer_has_a_checklist() -> None:
    """A candidate chosen at the chair opens its checklist on the case; the vital pulp therapy
    codes (D3110, D3120, D3220) had none, so a primary-molar pulpotomy had nothing to tick."""
    from cdt_desktop.db.reference.library import ReferenceLibrary
    from cdt_desktop.domain.coding.selector import CANDIDATE_CODES

    with ReferenceLibrary() as library:
        empty = sorted(code for code in CANDIDATE_CODES if not library.checklist(code))
    assert {"D3110", "D3120", "D3220"} <= set(CANDIDATE_CODES)
    assert empty == []


AT_OPENING = [name for name in BROKEN if name not in ("table missing", "damaged pages")]


@pytest.mark.parametrize("case", AT_OPENING, ids=AT_OPENING)
def test_a_file_its_header_shows_broken_is_named_when_opened_before_any_read(
    tmp_path: Path, fixture_db: Path, case: str
) -> None:
    """The window names a broken library at start (one dialog, exit 1), before it reads it."""
    make, fragment = BROKEN[case]
    path = tmp_path / "broken-library.sqlite"
    make(path, fixture_db)
    with pytest.raises(ReferenceDataError) as caught:
        ReferenceLibrary(path)
    assert "broken-library.sqlite" in str(caught.value) and fragment in str(caught.value)
    # one sentence: "reference library …/broken-library.sqlite is truncated or damaged", never
    # "…sqlite: is truncated" (verification walk: it read as a stray colon)
    assert ".sqlite: is " not in str(caught.value) and ".sqlite: has " not in str(caught.value)


def test_opening_reads_the_header_and_the_first_read_opens_the_file(
    fixture_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: the window's start reads nothing from the library; opening it with SQLite
    there (its schema, its full-text tables) was about 0.25 MiB of the start's peak memory.
    The first read opens it, once."""
    import cdt_desktop.db.reference.library as module

    opened: list[str] = []
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:  # records, then the real one
        opened.append(str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(module.sqlite3, "connect", connect)
    library = ReferenceLibrary(fixture_db)
    assert opened == []
    assert library.get("D3330") is not None and library.search("molar")
    assert len(opened) == 1
    library.close()
    with pytest.raises(ReferenceDataError, match="closed"):
        library.get("D3330")
    assert len(opened) == 1  # a closed library is never opened again
