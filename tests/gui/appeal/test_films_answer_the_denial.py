"""A dated pre-op film attached to the case counts as the case's pre-op radiograph (tour7).

The assistant attached the pre-op film at the chair ("Pre-op periapical, tooth #19", taken
December 1, 2026); the claim was denied "radiographs not received". The billing clerk's appeal
then printed the film behind the letter and listed it among the enclosures, but its check said
"Required item not recorded: Diagnostic pre-operative periapical radiograph of the tooth,
dated" (an imaging item billing may not tick), and the letter quoted the denial and never
answered it: the radiograph paragraph is written from the recorded film dates or ticks only.
Now a dated pre-op (post-op) image stands for the pre-op (post-op) radiograph's date where the
clinical facts record none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.films import with_film_dates
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, CaseFindings, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from tests.helpers.images import film_file


@pytest.fixture
def denied_case(tmp_path: Path) -> Iterator[tuple[CaseStore, CaseService, int]]:
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Nguyễn Zoë"),
            procedure=Procedure(code="D3330", tooth="19"),
            findings=CaseFindings(root="complete", pulp="necrosis"),
            claim=Claim(
                number="CLM-1",
                date_of_service="2026-12-02",
                denial_reason="Claim denied: radiographs not received.",
                denial_category="radiograph",
            ),
        )
        yield store, CaseService(store), store.create_case(case, operator="NTL")


def _text(dialog: NarrativeDialog) -> str:
    letter = dialog.current_letter()
    return " ".join(p for s in letter.sections for p in s.paragraphs)


def test_an_attached_dated_pre_op_film_answers_the_denial_and_the_check(
    qtbot: QtBot, tmp_path: Path, denied_case: tuple[CaseStore, CaseService, int]
) -> None:
    store, service, case_id = denied_case
    film = tmp_path / "preop-19.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    service.attach_radiograph(  # at the chair, before billing opens the letter
        case_id, film, caption="Pre-op periapical, tooth #19", taken_on="2026-12-01", operator="NTL"
    )
    with ReferenceLibrary() as library:
        dialog = NarrativeDialog(
            store.get_case(case_id).case, library=library, store=store, case_id=case_id,
            operator="ما", films=service,
        )  # fmt: skip
        qtbot.addWidget(dialog)
        problems = dialog.check_problems()[0]
        assert not [p for p in problems if "pre-operative" in p.lower()], problems
        assert [p for p in problems if "post-operative" in p.lower()]  # not attached: still asked
        text = _text(dialog)
        assert "radiograph was missing or insufficient" in text, text
        assert "December 1, 2026" in text
        dialog.close()


@pytest.mark.parametrize(
    ("situation", "recorded", "attached", "pre", "post"),
    [
        ("a dated pre-op image", "", [("Pre-op PA #19", "2026-12-01")], "2026-12-01", ""),
        ("a dated post-op image", "", [("post-op #19", "2026-12-03")], "", "2026-12-03"),
        ("an undated pre-op image", "", [("Pre-op PA #19", "")], "", ""),
        ("a caption that says neither", "", [("PA #19", "2026-12-01")], "", ""),
        ("the recorded date wins", "2026-11-30", [("Pre-op PA", "2026-12-01")], "2026-11-30", ""),
        (
            "the first dated image of a kind",
            "",
            [("Pre-op PA", ""), ("preop BW", "2026-11-29"), ("Pre-op PA", "2026-12-01")],
            "2026-11-29",
            "",
        ),
    ],
)
def test_with_film_dates(
    situation: str, recorded: str, attached: list[tuple[str, str]], pre: str, post: str
) -> None:
    case = Case(facts=ClinicalFacts(preop_radiograph_date=recorded))
    facts = with_film_dates(case, attached).facts
    assert (facts.preop_radiograph_date, facts.postop_radiograph_date) == (pre, post), situation


def test_a_film_attached_in_the_letter_dialog_is_answered_with_at_once(
    qtbot: QtBot, tmp_path: Path, denied_case: tuple[CaseStore, CaseService, int]
) -> None:
    """Tour7: billing attached the pre-op film inside the appeal dialog; the enclosures and the
    film page followed, but the "Response to the denial" field kept the words of the dialog's
    opening (none) until the dialog was closed and opened again. A field the user typed over
    keeps the user's words; the film alone is no unsaved edit (Close does not ask)."""
    store, service, case_id = denied_case
    film = tmp_path / "preop-19.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    with ReferenceLibrary() as library:
        dialog = NarrativeDialog(
            store.get_case(case_id).case, library=library, store=store, case_id=case_id,
            operator="ما", films=service,
        )  # fmt: skip
        qtbot.addWidget(dialog)
        response = dialog.section_edits["Response to the denial"]
        assert "radiograph was missing" not in response.toPlainText()
        assert dialog.radiographs.attach_file(film, "Pre-op periapical, tooth #19", "2026-12-01")
        assert "radiograph was missing or insufficient" in response.toPlainText()
        assert "December 1, 2026" in _text(dialog)
        assert dialog._typed() == dialog._sent  # nothing typed: Close does not ask

        history = dialog.section_edits["Clinical history and findings"]
        history.setPlainText("Our own words about the history.")
        post = film_file(tmp_path, "postop-19.jpg")  # another image: the same one is asked about
        assert dialog.radiographs.attach_file(post, "Post-op periapical, tooth #19", "2026-12-02")
        assert "Both are enclosed" in response.toPlainText(), response.toPlainText()
        assert history.toPlainText() == "Our own words about the history."  # typed: kept
        assert dialog._typed() != dialog._sent  # and it is an unsaved edit
        dialog.close()


def test_the_claim_remark_says_the_attached_film_is_attached(
    qtbot: QtBot, tmp_path: Path, denied_case: tuple[CaseStore, CaseService, int]
) -> None:
    """Tour7: with the dated pre-op film on the case and printed behind the letter, the claim
    remark (837D NTE) said "Appeal - #19 D3330 necrotic pulp, complete root" and nothing about
    it; a film recorded under Clinical facts was not counted either (only a tick was)."""
    from cdt_desktop.domain.appeal.remark import claim_remark

    store, service, case_id = denied_case
    film = tmp_path / "preop-19.jpg"
    Image.new("L", (300, 200), 90).save(film, "JPEG")
    service.attach_radiograph(
        case_id, film, caption="Pre-op periapical, tooth #19", taken_on="2026-12-01", operator="NTL"
    )
    with ReferenceLibrary() as library:
        dialog = NarrativeDialog(
            store.get_case(case_id).case, library=library, store=store, case_id=case_id,
            operator="ما", films=service,
        )  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.refresh_preview()
        assert "pre-op x-ray attached" in dialog.remark_label.text(), dialog.remark_label.text()
        dialog.close()
    recorded = Case(
        procedure=Procedure(code="D3330", tooth="19"),
        facts=ClinicalFacts(preop_radiograph_date="2026-12-01"),
    )
    assert claim_remark(recorded).endswith("; pre-op x-ray on file")  # recorded, none going
