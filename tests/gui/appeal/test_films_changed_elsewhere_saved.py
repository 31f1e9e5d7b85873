"""What Save as PDF writes follows the films on the case at that moment. Billing had the letter
open; the chair attached the post-operative film on PC 1. Save as PDF re-read the films for its
check (which then spoke of the post-op film's date as if it went out) but wrote the PDF it had
rendered before: pre-op film only, "With this film" (tour9). A film removed at the chair went
out the same way. Real store (two connections), real dialog, real Pillow films, real PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.cases.model import Case, CaseFindings, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal import export as appeal_export
from cdt_desktop.ui.appeal import precheck
from cdt_desktop.ui.appeal.dialog import NarrativeDialog


def _film(folder: Path, name: str) -> Path:
    image = Image.new("L", (400, 500), 60)
    image.paste(220, (100, 100, 200, 300))
    path = folder / name
    image.save(path, "PNG")
    return path


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, int]]:
    monkeypatch.setattr(precheck, "confirm_export", lambda *_a, **_k: True)
    monkeypatch.setattr(NarrativeDialog, "_offer_appealed", lambda self: None)
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Sara O'Neil"),
            procedure=Procedure(code="D3330", tooth="19"),
            findings=CaseFindings(root="complete", pulp="necrosis"),
        )
        case_id = store.create_case(case, operator="DR")
        CaseService(store).attach_radiograph(
            case_id, _film(tmp_path, "pre.png"),
            caption="Pre-operative periapical radiograph, tooth #19", taken_on="2026-11-30",
            operator="AS",
        )  # fmt: skip
    yield tmp_path, case_id


def _saved(qtbot: QtBot, tmp_path: Path, case_id: int, at_the_chair) -> PdfReader:  # type: ignore[no-untyped-def]
    with CaseStore.open(tmp_path / "data") as desk, ReferenceLibrary() as library:
        dialog = NarrativeDialog(
            desk.get_case(case_id).case, library=library, store=desk, case_id=case_id,
            operator="MR", films=CaseService(desk),
        )  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.refresh_preview()  # the letter as billing read it
        with CaseStore.open(tmp_path / "data") as chair:
            at_the_chair(CaseService(chair))
        target = tmp_path / "appeal.pdf"
        pytest.MonkeyPatch().setattr(appeal_export, "ask_save_path", lambda *_a: str(target))
        assert dialog.save_pdf() == str(target)
        dialog.close()
    return PdfReader(io.BytesIO(target.read_bytes()))


def test_a_post_op_film_attached_at_the_chair_goes_out_with_the_letter_saved_after(
    qtbot: QtBot, office: tuple[Path, int]
) -> None:
    tmp_path, case_id = office

    def attach(chair: CaseService) -> None:
        chair.attach_radiograph(
            case_id, _film(tmp_path, "post.png"),
            caption="Post-operative periapical radiograph, tooth #19", taken_on="2026-12-02",
            operator="AS",
        )  # fmt: skip

    pdf = _saved(qtbot, tmp_path, case_id, attach)
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert sum(len(page.images) for page in pdf.pages) == 2
    assert "radiograph 2 of 2" in text
    assert "Post-operative periapical radiograph, tooth #19, taken December 2, 2026" in text


def test_a_film_removed_at_the_chair_does_not_go_out_with_the_letter_saved_after(
    qtbot: QtBot, office: tuple[Path, int]
) -> None:
    tmp_path, case_id = office

    def remove(chair: CaseService) -> None:
        (film,) = chair.radiographs(case_id)
        chair.remove_radiograph(case_id, film.id, operator="AS")

    pdf = _saved(qtbot, tmp_path, case_id, remove)
    assert not any(page.images for page in pdf.pages)
    assert "Pre-operative periapical radiograph, tooth #19" not in pdf.pages[0].extract_text()


def test_a_post_op_film_removed_at_the_chair_leaves_the_enclosures_and_the_answer(
    qtbot: QtBot, office: tuple[Path, int]
) -> None:
    """Both films were on the case when billing opened the letter; the chair removed the
    post-op one (a wrong date). The saved letter still listed "Post-operative periapical
    radiograph ..., dated December 1, 2026" among its enclosures and said "With these films",
    with one film enclosed."""
    tmp_path, case_id = office
    with CaseStore.open(tmp_path / "data") as store:
        CaseService(store).attach_radiograph(
            case_id, _film(tmp_path, "post.png"),
            caption="Post-operative periapical radiograph, tooth #19", taken_on="2026-12-01",
            operator="AS",
        )  # fmt: skip
        case = store.get_case(case_id)
        claim = replace(case.case.claim, denial_reason="Radiographs not received.")
        store.update_case(
            case_id, replace(case.case, claim=claim), operator="MR", expected_version=case.version
        )

    def remove_post_op(chair: CaseService) -> None:
        post = [f for f in chair.radiographs(case_id) if f.caption.startswith("Post")]
        chair.remove_radiograph(case_id, post[0].id, operator="AS")

    pdf = _saved(qtbot, tmp_path, case_id, remove_post_op)
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert sum(len(page.images) for page in pdf.pages) == 1
    assert "Post-operative" not in text and "December 1, 2026" not in text, text
    assert "With this film the claim" in text, text
