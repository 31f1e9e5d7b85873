"""The committed reference library matches data/source/*.toml (else: run build-data)."""

from __future__ import annotations

from cdt_desktop.db.reference.build import load_sources, source_hash
from cdt_desktop.db.reference.library import ReferenceLibrary
from tests.helpers import REPO_ROOT

ROOT = REPO_ROOT
SOURCE = ROOT / "data" / "source"
LIBRARY = ROOT / "data" / "cdt.sqlite"
HINT = "data/cdt.sqlite is stale: run `cdt-desktop build-data` (or `make data`) and commit it"


def test_committed_library_was_built_from_the_current_sources() -> None:
    with ReferenceLibrary(LIBRARY) as library:
        stored = library.source_hash
    assert stored == source_hash(SOURCE), HINT


def test_committed_library_holds_every_source_code() -> None:
    expected = {entry["code"]: entry["name"] for entry in load_sources(SOURCE)}
    with ReferenceLibrary(LIBRARY) as library:
        assert library.names() == expected, HINT
