"""The appeal's list of enclosures names each film once (tour of a two-PC office, finding 6).

The pre-op and post-op films were ticked on the checklist and then attached as images: the
letter listed "Diagnostic pre-operative periapical radiograph of the tooth", "Post-operative
periapical radiograph taken after treatment was completed" and then both images again ("...,
taken December 2, 2026 (image enclosed)"): four radiographs for the reviewer to look for, two
film pages behind the letter. An attached pre-op (post-op) image now stands for the ticked
pre-op (post-op) film in the list; a ticked film without an image stays listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.films import without_attached_films
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog


def _film(folder: Path, name: str) -> Path:
    path = folder / name
    Image.new("L", (300, 200), 90).save(path, "JPEG")
    return path


@pytest.fixture
def ticked_case(tmp_path: Path) -> Iterator[tuple[CaseStore, CaseService, int]]:
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Jordan Reyes"),
            procedure=Procedure(code="D3330", tooth="19"),
            claim=Claim(number="CLM-1", denial_reason="Radiographic evidence not received"),
            checklist={"preop-radiograph": True, "postop-radiograph": True},
        )
        yield store, CaseService(store), store.create_case(case, operator="MR")


def _radiograph_lines(enclosures: tuple[str, ...]) -> list[str]:
    return [line for line in enclosures if "radiograph" in line.lower()]


def test_an_attached_film_stands_for_the_ticked_film_in_the_list(
    qtbot: QtBot, tmp_path: Path, ticked_case: tuple[CaseStore, CaseService, int]
) -> None:
    store, service, case_id = ticked_case
    with ReferenceLibrary() as library:
        dialog = NarrativeDialog(
            store.get_case(case_id).case, library=library, store=store, case_id=case_id,
            operator="BB", films=service,
        )  # fmt: skip
        qtbot.addWidget(dialog)
        before = _radiograph_lines(dialog.current_letter().enclosures)
        assert before == []  # the two ticked films, no image yet: kept in the record, not listed

        assert dialog.radiographs.attach_file(
            _film(tmp_path, "pre.jpg"), "Pre-operative periapical radiograph, tooth #19",
            "2026-12-02",
        )  # fmt: skip
        lines = _radiograph_lines(dialog.current_letter().enclosures)
        # the pre-op image only: the ticked post-op film is kept in the record, not listed as
        # enclosed (it was, and the answer said "Both are enclosed" over one film page: review)
        assert len(lines) == 1 and "image enclosed" in lines[0], lines
        answer = " ".join(" ".join(s.paragraphs) for s in dialog.current_letter().sections)
        assert "Both are enclosed" not in answer

        assert dialog.radiographs.attach_file(
            _film(tmp_path, "post.jpg"), "Post-operative periapical radiograph, tooth #19",
            "2026-12-02",
        )  # fmt: skip
        lines = _radiograph_lines(dialog.current_letter().enclosures)
        assert len(lines) == 2 and all("image enclosed" in line for line in lines), lines
        dialog.close()


@pytest.mark.parametrize(
    ("listed", "captions", "kept"),
    [
        # a ticked pre-op film and a pre-op image: the image's own line names it
        (("Pre-op radiograph", "Copy of the EOB"), ("Pre-operative PA #19",), ("Copy of the EOB",)),
        # an image whose caption says neither pre- nor post-op replaces nothing
        (("Pre-op radiograph",), ("Bitewing",), ("Pre-op radiograph",)),
        # a post-op image does not stand for a pre-op film
        (("Pre-op radiograph", "Post-op radiograph"), ("Post-op #19",), ("Pre-op radiograph",)),
        # nothing attached: the list as it was
        (("Pre-op radiograph",), (), ("Pre-op radiograph",)),
    ],
)
def test_without_attached_films(
    listed: tuple[str, ...], captions: tuple[str, ...], kept: tuple[str, ...]
) -> None:
    assert without_attached_films(listed, captions) == kept
