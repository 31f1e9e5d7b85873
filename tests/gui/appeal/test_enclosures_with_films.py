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
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.films import without_attached_films
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from tests.helpers.images import film_file


def _film(folder: Path, name: str) -> Path:
    return film_file(folder, name)


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


# --- The Enclosures field lists what the letter prints (billing walkthrough) -----------------
# The field showed the checklist's line ("Diagnostic pre-operative periapical radiograph of the
# tooth, dated ...") while the letter printed the image's line; a request's field stayed empty
# over a listed film; a line the clerk typed for the attached film vanished from the letter
# ("Pre-op radiograph, 2 copies") or printed beside the image's line ("Pre-op PA #19"): two
# lines for one film page.

PREOP_LINE = (
    "Pre-operative periapical radiograph, tooth #19, taken October 15, 2026 (image enclosed)"
)


def _open(
    qtbot: QtBot, store: CaseStore, service: CaseService, case_id: int, *, prior_auth: bool
) -> NarrativeDialog:
    library = ReferenceLibrary()
    dialog = NarrativeDialog(
        store.get_case(case_id).case, library=library, store=store, case_id=case_id,
        operator="BC", films=service, prior_auth=prior_auth, today=date(2026, 12, 4),
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.finished.connect(lambda _r: library.close())
    return dialog


def _field(dialog: NarrativeDialog) -> tuple[str, ...]:
    return tuple(dialog.enclosures_edit.toPlainText().splitlines())


def _attach_preop(service: CaseService, case_id: int, folder: Path) -> None:
    """The assistant attaches the dated pre-op film at the chair."""
    service.attach_radiograph(
        case_id, _film(folder, "pre.jpg"),
        caption="Pre-operative periapical radiograph, tooth #19", taken_on="2026-10-15",
        operator="AS",
    )  # fmt: skip


@pytest.mark.parametrize("prior_auth", [False, True], ids=["appeal", "prior-authorization"])
def test_the_enclosures_field_shows_the_attached_film_as_the_letter_lists_it(
    qtbot: QtBot,
    tmp_path: Path,
    ticked_case: tuple[CaseStore, CaseService, int],
    prior_auth: bool,
) -> None:
    store, service, case_id = ticked_case
    _attach_preop(service, case_id, tmp_path)
    dialog = _open(qtbot, store, service, case_id, prior_auth=prior_auth)
    assert PREOP_LINE in _field(dialog)
    assert _field(dialog) == dialog.current_letter().enclosures
    assert not any("Diagnostic pre-operative" in line for line in _field(dialog))

    # attached while the letter is open: the field follows at once
    assert dialog.radiographs.attach_file(
        _film(tmp_path, "other.jpg"), "Bitewing, tooth #19", "2026-10-15"
    )
    assert "Bitewing, tooth #19, taken October 15, 2026 (image enclosed)" in _field(dialog)
    assert _field(dialog) == dialog.current_letter().enclosures
    dialog.close()


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        # the clerk's own words for the attached pre-op film print, and only they
        (("Pre-op PA #19, 10/15/2026 (2 copies)", "Copy of the EOB"),
         ("Pre-op PA #19, 10/15/2026 (2 copies)", "Copy of the EOB")),
        (("Pre-op radiograph, 2 copies",), ("Pre-op radiograph, 2 copies",)),
        # she deleted the film's line: its page prints, so its line is listed all the same
        (("Copy of the EOB",), ("Copy of the EOB", PREOP_LINE)),
        # a pre-op photograph is no radiograph: the film keeps its own line
        (("Pre-op photograph",), ("Pre-op photograph", PREOP_LINE)),
    ],
)  # fmt: skip
def test_what_the_clerk_types_in_enclosures_is_what_the_letter_lists(
    qtbot: QtBot,
    tmp_path: Path,
    ticked_case: tuple[CaseStore, CaseService, int],
    typed: tuple[str, ...],
    printed: tuple[str, ...],
) -> None:
    store, service, case_id = ticked_case
    _attach_preop(service, case_id, tmp_path)
    dialog = _open(qtbot, store, service, case_id, prior_auth=False)
    dialog.enclosures_edit.setPlainText("\n".join(typed))
    assert dialog.current_letter().enclosures == printed
    dialog.close()


def test_a_film_attached_or_removed_after_the_clerk_typed_keeps_the_field_in_step(
    qtbot: QtBot,
    tmp_path: Path,
    ticked_case: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cdt_desktop.ui.common import msgbox

    store, service, case_id = ticked_case
    dialog = _open(qtbot, store, service, case_id, prior_auth=False)
    dialog.enclosures_edit.setPlainText("Copy of the EOB")
    assert dialog.radiographs.attach_file(
        _film(tmp_path, "pre.jpg"), "Pre-operative periapical radiograph, tooth #19", "2026-10-15"
    )
    assert _field(dialog) == ("Copy of the EOB", PREOP_LINE)
    assert _field(dialog) == dialog.current_letter().enclosures

    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *_a, **_k: True)
    dialog.radiographs.list.setCurrentRow(0)
    assert dialog.radiographs.remove_selected()
    assert _field(dialog) == ("Copy of the EOB",)
    assert _field(dialog) == dialog.current_letter().enclosures
    dialog.close()


@pytest.mark.parametrize(
    ("situation", "listed", "images", "printed"),
    [
        ("image line kept as shown", (PREOP_LINE,), (("Pre-op", PREOP_LINE),), (PREOP_LINE,)),
        ("film line deleted, page still prints", (), (("Pre-op", PREOP_LINE),), (PREOP_LINE,)),
        ("clerk's PA line names the pre-op film", ("Pre-op PA, 2 copies",),
         (("Pre-op", PREOP_LINE),), ("Pre-op PA, 2 copies",)),
        ("post-op line does not name a pre-op film", ("Post-op radiograph on CD",),
         (("Pre-op", PREOP_LINE),), ("Post-op radiograph on CD", PREOP_LINE)),
        ("bitewing listed by its own line", ("Copy of the EOB",),
         (("Bitewing", "Bitewing (image enclosed)"),), ("Copy of the EOB", "Bitewing (image enclosed)")),
        ("no film attached", ("Pre-op radiograph",), (), ("Pre-op radiograph",)),
    ],
)  # fmt: skip
def test_printed_enclosures(
    situation: str,
    listed: tuple[str, ...],
    images: tuple[tuple[str, str], ...],
    printed: tuple[str, ...],
) -> None:
    from cdt_desktop.domain.appeal.films import printed_enclosures

    assert printed_enclosures(listed, images) == printed, situation
