"""The licensed CDT code set in its two homes: this PC's own file (``codesets.sqlite``, the
one-PC office) and the office's PostgreSQL case store (schema step 6, every workstation). The
same contract on both: editions replace whole, the newest is active, an obsolete code keeps its
last text, and the change report reads either. Made-up practice text, never ADA text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cdt_file import ImportedCode, ImportReport
from cdt_desktop.db.codesets import CodeSetStore
from cdt_desktop.domain.coding.codesets import CodeSets
from cdt_desktop.services.cdt_editions import change_report, code_notes

HOMES = ["this-pc", "office-server"]


def _edition(edition: str, *codes: tuple[str, str, str]) -> ImportReport:
    report = ImportReport(edition=edition)
    report.accepted.extend(ImportedCode(c, n, d, "Endodontics") for c, n, d in codes)
    return report


@pytest.fixture(params=HOMES)
def home(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[CodeSets, object]]:
    """(the code sets, a function saving a report into them)."""
    if request.param == "this-pc":
        with CodeSetStore(tmp_path / "data") as local:
            yield local, lambda report: local.save(report, "file.txt")
        return
    server = request.getfixturevalue("pg_server")
    name = server.new_database()
    try:
        with open_repository(server.url(name)) as store:
            shared = store.code_sets()
            assert shared is not None
            yield shared, lambda report: shared.save(report, "file.txt", operator="AB")
    finally:
        server.drop_database(name)


def test_an_empty_home_has_no_edition(home) -> None:
    codes, _save = home
    assert codes.editions() == [] and codes.newest_edition() is None
    assert codes.lookup("D3330") is None and codes.descriptor("D3330") is None


def test_the_newest_edition_is_active_and_an_obsolete_code_keeps_its_last_text(home) -> None:
    codes, save = home
    save(_edition("2026", ("D3330", "Molar (practice)", "Old text"), ("D3221", "Debr", "D")))
    save(_edition("2027", ("D3330", "Molar (practice)", "New text")))
    assert [e[0] for e in codes.editions()] == ["2027", "2026"]
    assert [e[2] for e in codes.editions()] == [1, 2]
    assert codes.newest_edition() == "2027" and codes.previous_edition("2027") == "2026"
    assert codes.lookup("D3330").descriptor == "New text"  # the newest by default
    assert codes.lookup("D3330", "2026").descriptor == "Old text"
    assert codes.lookup("D3221").nomenclature == "Debr"  # obsolete: its 2026 text
    assert set(codes.codes("2026")) == {"D3330", "D3221"}


def test_the_text_shown_is_the_edition_in_force_today(home) -> None:
    """Office walkthrough: in December the next year's file, imported ahead of its January 1,
    showed its text under "reviewed for CDT 2026" while claims were coded by 2026. An edition
    of a year still to come shows only for a code that no edition in force has."""
    codes, save = home
    save(_edition("2020", ("D3330", "Molar (practice)", "Text in force"), ("D3221", "D", "d")))
    save(_edition("2021", ("D3330", "Molar (practice)", "Later text in force")))
    save(_edition("2999", ("D3330", "Molar (practice)", "Text to come"), ("D9999", "New", "n")))
    assert codes.newest_edition() == "2999"
    assert codes.descriptor("D3330") == "Molar (practice)\n\nLater text in force"
    assert codes.descriptor("D3221") == "D\n\nd"  # obsolete: its last text
    assert codes.descriptor("D9999") == "New\n\nn"  # only the edition to come has it
    newest = getattr(codes, "newest_codes", None)  # what the window caches from the server
    if newest is not None:
        cached = newest()
        assert cached["D3330"].descriptor == "Later text in force"
        assert cached["D9999"].descriptor == "n"


def test_saving_an_edition_again_replaces_it_whole(home) -> None:
    codes, save = home
    save(_edition("2026", ("D3330", "A", "a"), ("D3310", "B", "b")))
    save(_edition("2026", ("D3330", "C", "c")))
    assert codes.editions()[0][2] == 1
    assert set(codes.codes("2026")) == {"D3330"}
    assert codes.descriptor("D3330") == "C\n\nc"


def test_the_change_report_and_the_case_notes_read_either_home(home) -> None:
    codes, save = home
    save(_edition("2026", ("D3330", "Molar", "Old"), ("D3221", "Debr", "D")))
    assert code_notes(codes) == {}  # one edition: nothing to compare
    save(_edition("2027", ("D3330", "Molar", "New"), ("D0461", "Crack test", "C")))
    report = change_report(codes)
    assert report is not None and (report.edition, report.previous) == ("2027", "2026")
    assert code_notes(codes) == {
        "D3330": "revised in CDT 2027", "D3221": "deleted in CDT 2027",
    }  # fmt: skip
