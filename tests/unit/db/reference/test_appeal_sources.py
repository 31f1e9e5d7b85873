"""Denial-category templates and payer profiles: validated from the TOML, read from the library."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cdt_desktop.db.reference.build import (
    SourceError,
    build_database,
    load_appeal_sources,
    load_sources,
    source_hash,
)
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.status import DENIAL_CATEGORIES
from tests.helpers import REPO_ROOT

SOURCE = REPO_ROOT / "data" / "source"
LIBRARY = REPO_ROOT / "data" / "cdt.sqlite"


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "appeals.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("situation", "text", "fragment"),
    [
        (
            "a category nobody argues",
            '[[denial_category]]\nid = "astrology"\nname = "x"\n',
            "id must be one of",
        ),
        (
            "a placeholder the letter cannot fill",
            '[[denial_category]]\nid = "frequency"\nname = "F"\n'
            '[[denial_category.sentence]]\ntext = ["On {moon_phase}."]\n',
            "unknown placeholder '{moon_phase}'",
        ),
        (
            "an enclosure line that needs a fact the letter does not record",
            '[[denial_category]]\nid = "necessity"\nname = "N"\n'
            'enclose = [[{ text = "Chart notes", needs = ["moon_phase"] }]]\n',
            "'needs' names an unknown or film fact 'moon_phase'",
        ),
        (
            "an enclosure line that depends on the films the list itself encloses",
            '[[denial_category]]\nid = "necessity"\nname = "N"\n'
            'enclose = [[{ text = "Films", needs = ["films_enclosed"] }]]\n',
            "'needs' names an unknown or film fact 'films_enclosed'",
        ),
        (
            "an enclosure variant with a placeholder it would print as written",
            '[[denial_category]]\nid = "necessity"\nname = "N"\n'
            'enclose = [[{ text = "Chart notes of {date_of_service}" }]]\n',
            "no {placeholders}",
        ),
        (
            "an enclosure variant with a misspelt key",
            '[[denial_category]]\nid = "necessity"\nname = "N"\n'
            'enclose = [[{ text = "Chart notes", need = ["tests"] }]]\n',
            "unknown key 'need'",
        ),
        (
            "an enclosure line with no variant",
            '[[denial_category]]\nid = "necessity"\nname = "N"\nenclose = [[]]\n',
            "must be a string or a non-empty list",
        ),
        (
            "a payer window of zero days",
            '[[payer]]\nid = "acme"\nname = "Acme"\nwindow_days = 0\n',
            "'window_days' must be 1-3650",
        ),
        (
            "a payer flag written as text",
            '[[payer]]\nid = "acme"\nname = "Acme"\nsigned_letter = "yes"\n',
            "'signed_letter' must be a bool",
        ),
        (
            "the same payer twice",
            '[[payer]]\nid = "acme"\nname = "A"\n[[payer]]\nid = "acme"\nname = "B"\n',
            "duplicate id",
        ),
    ],
)
def test_bad_appeal_data_stops_the_build_naming_the_table(
    tmp_path: Path, situation: str, text: str, fragment: str
) -> None:
    folder = _write(tmp_path / "src", text)
    with pytest.raises(SourceError) as caught:
        load_appeal_sources(folder)
    assert any("appeals.toml" in line and fragment in line for line in caught.value.problems), (
        situation
    )


def test_every_denial_category_has_a_template_in_the_shipped_data() -> None:
    with ReferenceLibrary(LIBRARY) as library:
        templates = library.denial_templates()
    assert set(templates) == set(DENIAL_CATEGORIES)
    assert all(t.sentences for t in templates.values())


def test_payer_profiles_follow_what_each_payer_asks_for() -> None:
    with ReferenceLibrary(LIBRARY) as library:
        profiles = {p.id: p for p in library.payer_profiles()}
    assert profiles["united-concordia"].window_days == 90
    assert profiles["united-concordia"].separate_mailing
    assert profiles["northeast-delta-dental"].signed_letter
    assert profiles["northeast-delta-dental"].contemporaneous_records
    assert profiles["metlife"].brief


def test_no_shipped_enclosure_line_names_the_radiographs_the_letter_lists_film_by_film() -> None:
    """The letter lists each attached film on its own line; a payer's "Clinical records (chart
    notes, radiographs)" beside them read as the films enclosed twice (billing walkthrough)."""
    with ReferenceLibrary(LIBRARY) as library:
        lines = [
            *(line for p in library.payer_profiles() for line in p.enclose),
            *(
                variant.text
                for t in library.denial_templates().values()
                for line in t.enclose
                for variant in line
            ),
        ]
    assert lines
    assert [line for line in lines if "radiograph" in line.casefold()] == []


def test_code_denials_carry_their_category(tmp_path: Path) -> None:
    out = build_database(
        load_sources(SOURCE),
        tmp_path / "lib.sqlite",
        source_hash=source_hash(SOURCE),
        appeal=load_appeal_sources(SOURCE),
    )
    with ReferenceLibrary(out) as library:
        entry = library.get("D3357")
    assert entry is not None
    assert "investigational" in {d.category for d in entry.denials}
