"""Which film it is, asked when it is attached (tour8 finding 2).

The assistant attached the pre-op film at the chair with the caption the app proposed
("Periapical radiograph, tooth #19") and its date. Weeks later billing answered a "missing
pre-operative radiograph" denial: the check said the pre-op radiograph had no date and the letter
answered with the post-op film, because only a caption that says "pre-op" or "post-op" makes an
attached film the pre-op or post-op film, and the proposed caption said neither. The attach
dialog now asks which film it is (pre-operative, post-operative, other), proposes the next one the
case lacks, and the caption says it.

Real case store (SQLite), real case service, real Pillow film, real dialogs; only the operating
system's file chooser is answered by the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from cdt_desktop.ui.appeal.films_dialog import RadiographsDialog
from cdt_desktop.ui.appeal.radiographs import AttachDialog
from cdt_desktop.ui.common import file_dialogs
from tests.helpers.images import film_file


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[CaseStore, CaseService, int]]:
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Zoë Nguyễn"),
            procedure=Procedure(code="D3330", tooth="19"),
            claim=Claim(
                number="CLM-1",
                denial_reason="RARC N350: missing pre-operative radiograph.",
                denial_category="radiograph",
            ),
        )
        yield store, CaseService(store), store.create_case(case, operator="AS")


def _attach_as_proposed(
    monkeypatch: pytest.MonkeyPatch, box_owner: RadiographsDialog, film: Path, taken_on: str
) -> AttachDialog:
    """Choose ``film``, keep what the dialog proposes, type the date, press Attach."""
    seen: list[AttachDialog] = []

    def answer(dialog: AttachDialog) -> int:
        seen.append(dialog)
        dialog.date_field.setText(taken_on)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: (str(film), ""))
    monkeypatch.setattr(AttachDialog, "exec", answer)
    box_owner.radiographs.choose_and_attach()
    return seen[0]


def _chair(qtbot: QtBot, service: CaseService, case_id: int) -> RadiographsDialog:
    """File > Radiographs… at the chair for the #19 case."""
    chair = RadiographsDialog(service, case_id, heading="Case 1", tooth="19", operator="AS")
    qtbot.addWidget(chair)
    return chair


def _film(folder: Path, name: str) -> Path:
    return film_file(folder, name, (400, 300))


def test_the_proposed_film_is_the_one_the_case_lacks_and_the_appeal_knows_it(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, service, case_id = office
    chair = _chair(qtbot, service, case_id)

    first = _attach_as_proposed(monkeypatch, chair, _film(tmp_path, "a.png"), "12/01/2026")
    assert first.kind() == "preop"
    second = _attach_as_proposed(monkeypatch, chair, _film(tmp_path, "b.png"), "2026-12-02")
    assert second.kind() == "postop"
    captions = [film.caption for film in service.radiographs(case_id)]
    assert captions == [
        "Pre-operative periapical radiograph, tooth #19",
        "Post-operative periapical radiograph, tooth #19",
    ]

    billing = NarrativeDialog(
        store.get_case(case_id).case, store=store, case_id=case_id, operator="BL", films=service
    )
    qtbot.addWidget(billing)
    blocking, _notes = billing.check_problems()
    assert not [p for p in blocking + _notes if "without a date" in p], blocking
    response = "\n".join(p for s in billing.current_letter().sections for p in s.paragraphs)
    assert "December 1, 2026" in response  # the pre-op film the denial asked for, by its date


def test_a_caption_typed_over_keeps_the_film_chosen(
    qtbot: QtBot, office: tuple[CaseStore, CaseService, int]
) -> None:
    dialog = AttachDialog("x.png", "Periapical radiograph, tooth #19")
    qtbot.addWidget(dialog)
    assert dialog.kind() == "preop"
    dialog.set_kind("postop")
    assert dialog.caption() == "Post-operative periapical radiograph, tooth #19"
    dialog.caption_field.setText("PA #19 after obturation")  # the assistant's own words
    assert dialog.caption() == "Post-op: PA #19 after obturation"
    dialog.set_kind("other")  # a cone-fit film: the words stay as typed
    assert dialog.caption() == "PA #19 after obturation"
    named = AttachDialog("y.png", "Pre-op PA #19")  # a caption that says which film it is
    qtbot.addWidget(named)
    assert named.kind() == "preop" and named.caption() == "Pre-op PA #19"


def test_a_file_named_post_op_is_proposed_as_the_post_op_film(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Walk: postop.jpg, the case's first film, was proposed as the pre-operative film."""
    _store, service, case_id = office
    chair = _chair(qtbot, service, case_id)
    first = _attach_as_proposed(monkeypatch, chair, _film(tmp_path, "PostOp_19.png"), "12/02/2026")
    assert first.kind() == "postop"
    second = _attach_as_proposed(monkeypatch, chair, _film(tmp_path, "IMG_0412.png"), "12/01/2026")
    assert second.kind() == "preop"  # no word in the name: the film the case lacks


def test_the_date_the_case_records_for_the_film_is_proposed_and_a_typed_one_stays(
    qtbot: QtBot,
) -> None:
    """Two-PC walkthrough: the chair had recorded the pre-op film on 2026-12-04 under Clinical
    facts; the desk's Attach left "Taken on" empty, 12/03/2026 was typed, and the letter dated
    the film twice. The recorded date is now proposed, for the film chosen."""
    dates = {"preop": "2026-12-04", "postop": "2026-12-11"}
    dialog = AttachDialog("x.png", "Periapical radiograph, tooth #19", dates=dates)
    qtbot.addWidget(dialog)
    assert dialog.taken_on() == "2026-12-04"
    dialog.set_kind("postop")
    assert dialog.taken_on() == "2026-12-11"
    dialog.set_kind("other")  # a cone-fit film: no date is known for it
    assert dialog.taken_on() == ""
    dialog.date_field.setText("2026-12-05")
    dialog.set_kind("preop")
    assert dialog.taken_on() == "2026-12-05"  # typed: kept


def test_file_radiographs_proposes_the_date_the_open_case_records(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """File > Radiographs… on the window: the open case's recorded pre-op date is proposed."""
    from dataclasses import replace

    from cdt_desktop.app import build_main_window
    from cdt_desktop.ui.shell import letter_actions

    store, _service, case_id = office
    stored = store.get_case(case_id)
    facts = replace(stored.case.facts, preop_radiograph_date="2026-12-04")
    store.update_case(
        case_id, replace(stored.case, facts=facts), operator="AS", expected_version=stored.version
    )
    window = build_main_window(data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.operator_picker.set_operator("AS")  # type: ignore[attr-defined]
    window.open_case(case_id)  # type: ignore[attr-defined]
    opened: list[RadiographsDialog] = []
    monkeypatch.setattr(RadiographsDialog, "open", lambda self: opened.append(self))
    letter_actions.show_radiographs(window)  # type: ignore[arg-type]
    seen: list[str] = []

    def answer(dialog: AttachDialog) -> int:
        seen.append(dialog.taken_on())
        return 0  # cancelled

    monkeypatch.setattr(
        file_dialogs, "open_file_name", lambda *_a, **_k: (str(_film(tmp_path, "a.png")), "")
    )
    monkeypatch.setattr(AttachDialog, "exec", answer)
    opened[0].radiographs.choose_and_attach()
    assert seen == ["2026-12-04"]
    opened[0].close()
