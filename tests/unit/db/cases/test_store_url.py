"""Store URLs as admins type them: the SQLAlchemy habit of four slashes for an absolute path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cdt_desktop.db.cases.url import parse


@pytest.mark.skipif(os.name == "nt", reason="on Windows //server/share is a network share")
@pytest.mark.parametrize(
    "url",
    ["sqlite:///srv/cdt/cases.sqlite", "sqlite:////srv/cdt/cases.sqlite", "/srv/cdt/cases.sqlite"],
)
def test_an_absolute_path_with_three_or_four_slashes_is_the_same_file(url: str) -> None:
    """Tour: `store migrate --from sqlite:////tmp/pc/cases.sqlite` said the file was "on a
    network share"; on Linux and macOS //tmp is /tmp."""
    target = parse(url)
    assert target.path == Path("/srv/cdt/cases.sqlite")
    assert target.shown == "sqlite:///srv/cdt/cases.sqlite"
