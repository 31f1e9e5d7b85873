"""Radiographs in the appeal letter: billing attaches the films, the letter lists them among its
enclosures and the PDF prints each on a page of its own; a film attached on one PC is there on
the next; a file that is not a film is refused by name and nothing is attached.

Real case store (SQLite), real case service, real Pillow images written to disk, real PDF.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.appeal.dialog import NarrativeDialog
from cdt_desktop.ui.common import file_dialogs, msgbox
from tests.helpers.images import film_file


def _film_file(folder: Path, name: str = "preop.jpg", size: tuple[int, int] = (500, 640)) -> Path:
    return film_file(folder, name, size)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[CaseStore, CaseService, int]]:
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")
        )
        case_id = store.create_case(case, operator="DR")
        yield store, CaseService(store), case_id


@contextmanager
def _sample_dialog(qtbot: QtBot, tmp_path: Path, case: Case) -> Iterator[NarrativeDialog]:
    """The appeal dialog of ``case`` saved in a store, with the shipped reference library."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    with CaseStore.open(tmp_path / "data") as store, ReferenceLibrary() as library:
        case_id = store.create_case(case, operator="DR")
        dialog = NarrativeDialog(
            store.get_case(case_id).case, library=library, store=store, case_id=case_id,
            operator="BL", films=CaseService(store),
        )  # fmt: skip
        qtbot.addWidget(dialog)
        yield dialog


def _dialog(qtbot: QtBot, store: CaseStore, service: CaseService, case_id: int) -> NarrativeDialog:
    dialog = NarrativeDialog(
        store.get_case(case_id).case, store=store, case_id=case_id, operator="BL", films=service
    )
    qtbot.addWidget(dialog)
    return dialog


def test_billing_attaches_the_pre_op_film_and_the_letter_encloses_it(
    qtbot: QtBot, tmp_path: Path, office: tuple[CaseStore, CaseService, int]
) -> None:
    store, service, case_id = office
    dialog = _dialog(qtbot, store, service, case_id)
    assert dialog.radiographs.list.count() == 0

    assert dialog.radiographs.attach_file(
        _film_file(tmp_path), "Pre-operative periapical #19", "2026-03-02"
    )

    assert dialog.radiographs.list.count() == 1
    line = "Pre-operative periapical #19, taken March 2, 2026 (image enclosed)"
    assert line in dialog.current_letter().enclosures
    assert dialog.radiographs.list.item(0).text() == line  # the list says what the letter says
    reader = PdfReader(io.BytesIO(dialog.render_pdf()))
    last = reader.pages[-1]
    assert "Enclosure: radiograph 1 of 1" in last.extract_text()
    assert len(last.images) == 1
    assert [e.action for e in store.audit(case_id)].count("attach") == 1


def test_a_film_attached_at_the_chair_is_there_at_the_front_desk(
    qtbot: QtBot, tmp_path: Path, office: tuple[CaseStore, CaseService, int]
) -> None:
    _store, service, case_id = office
    service.attach_radiograph(
        case_id, _film_file(tmp_path), caption="Bitewing", taken_on="", operator="AS"
    )
    with CaseStore.open(tmp_path / "data") as front_desk:
        dialog = _dialog(qtbot, front_desk, CaseService(front_desk), case_id)
        assert [f.caption for f in dialog.radiographs.films()] == ["Bitewing"]
        dialog.close()


def test_a_file_that_is_not_a_film_is_refused_by_name_and_nothing_is_attached(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, service, case_id = office
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, _t, text: shown.append(text))
    fake = tmp_path / "statement.jpg"
    fake.write_text("Dear patient, your balance is ...", encoding="utf-8")
    dialog = _dialog(qtbot, store, service, case_id)

    assert not dialog.radiographs.attach_file(fake, "Film", "")

    assert len(shown) == 1 and "statement.jpg" in shown[0]
    assert dialog.radiographs.list.count() == 0
    assert service.radiographs(case_id) == []


def test_removing_a_film_asks_first_and_no_keeps_it(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """And a case with no films says so instead of showing an empty list (a blank box and a
    Tab stop with nothing in it), before the first film and after the last is removed."""
    store, service, case_id = office
    dialog = _dialog(qtbot, store, service, case_id)
    box = dialog.radiographs
    dialog.show()
    qtbot.waitExposed(dialog)
    assert box.empty.isVisible() and not box.list.isVisible()
    assert box.empty.text() == "No radiographs are attached to this case yet."
    box.attach_file(_film_file(tmp_path, "post.png"), "Post-operative", "")
    assert box.list.isVisible() and not box.empty.isVisible()
    answers = iter([False, True])
    asked: list[str] = []
    monkeypatch.setattr(
        msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text) or next(answers)
    )

    assert not box.remove_selected()
    # the film as named, not the list's row (verification walk: "(image enclosed)" quoted)
    assert asked == [
        "Remove “Post-operative” from this case? It is no longer enclosed with the letter."
    ]
    assert len(service.radiographs(case_id)) == 1

    assert box.remove_selected()
    assert service.radiographs(case_id) == []
    assert box.list.count() == 0
    assert box.empty.isVisible() and not box.list.isVisible()
    assert "detach" in [e.action for e in store.audit(case_id)]


def test_a_letter_for_an_unsaved_case_says_to_save_it_first(qtbot: QtBot) -> None:
    case = Case(patient=Patient(name="Ana"), procedure=Procedure(code="D3330", tooth="19"))
    dialog = NarrativeDialog(case)
    qtbot.addWidget(dialog)
    assert not dialog.radiographs.attach_button.isEnabled()
    assert "Save the case" in dialog.radiographs.hint.text()


def test_the_wait_cursor_is_gone_after_a_refused_file(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QApplication

    store, service, case_id = office
    monkeypatch.setattr(msgbox, "show_error", lambda *_a: None)
    dialog = _dialog(qtbot, store, service, case_id)
    (tmp_path / "x.png").write_bytes(b"not a png")
    assert not dialog.radiographs.attach_file(tmp_path / "x.png", "Film", "")
    assert dialog.radiographs.attach_file(_film_file(tmp_path), "Film", "")
    assert QApplication.overrideCursor() is None


def test_the_default_caption_numbers_the_tooth_as_the_letter_does(qtbot: QtBot) -> None:
    """An FDI 16 case: the letter says #3; the film's caption said '#16' (another tooth)."""
    case = Case(
        patient=Patient(name="Ana"),
        procedure=Procedure(code="D3330", tooth="16", notation="fdi"),
    )
    dialog = NarrativeDialog(case)
    qtbot.addWidget(dialog)
    assert dialog.radiographs._default_caption == "Periapical radiograph, tooth #3"


def test_a_film_removed_at_the_chair_is_not_sent_by_the_front_desk(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wrong patient's film was removed on another PC while the letter was open."""
    store, service, case_id = office
    film = service.attach_radiograph(
        case_id, _film_file(tmp_path), caption="Wrong patient", taken_on="", operator="AS"
    )
    dialog = _dialog(qtbot, store, service, case_id)
    assert len(dialog.radiographs.films()) == 1
    with CaseStore.open(tmp_path / "data") as chair:
        CaseService(chair).remove_radiograph(case_id, film.id, operator="AS")
    monkeypatch.setattr("cdt_desktop.ui.appeal.precheck.confirm_export", lambda *_a: True)

    assert dialog._confirmed()

    pdf = PdfReader(io.BytesIO(dialog.render_pdf()))
    assert not any(page.images for page in pdf.pages)
    assert "Wrong patient" not in "\n".join(dialog.current_letter().enclosures)


def test_a_date_that_is_not_a_real_day_keeps_the_attach_dialog_open(qtbot: QtBot) -> None:
    from cdt_desktop.ui.appeal.radiographs import AttachDialog

    details = AttachDialog("pa.jpg", "Pre-op #19")
    qtbot.addWidget(details)
    details.date_field.setText("2026-02-30")
    details.accept()
    assert details.result() != details.DialogCode.Accepted
    assert details.problem.isVisibleTo(details) and "not a real date" in details.problem.text()
    details.date_field.setText("2026-02-27")
    details.accept()
    assert details.result() == details.DialogCode.Accepted


def test_a_read_only_store_says_so_before_any_file_is_chosen(
    qtbot: QtBot, tmp_path: Path, office: tuple[CaseStore, CaseService, int]
) -> None:
    _store, service, case_id = office
    service.attach_radiograph(
        case_id, _film_file(tmp_path), caption="Pre-op", taken_on="", operator="AS"
    )
    with CaseStore.open(tmp_path / "data", read_only=True) as copy:
        dialog = _dialog(qtbot, copy, CaseService(copy), case_id)
        assert dialog.radiographs.list.count() == 1  # the films still print
        dialog.radiographs.list.setCurrentRow(0)
        assert not dialog.radiographs.attach_button.isEnabled()
        assert not dialog.radiographs.remove_button.isEnabled()
        assert "read-only" in dialog.radiographs.hint.text()
        dialog.close()


def test_the_attached_dated_pre_op_film_answers_the_check_for_its_date(
    qtbot: QtBot, tmp_path: Path, office: tuple[CaseStore, CaseService, int]
) -> None:
    """The assistant ticked "pre-op radiograph" but recorded no date; billing attaches the film
    with its date: the banner stops naming the pre-op radiograph as undated."""
    store, service, case_id = office
    service.tick(case_id, "preop-radiograph", True, operator="AS")
    dialog = _dialog(qtbot, store, service, case_id)

    def undated() -> list[str]:
        return [p for p in dialog.check_problems()[0] if "without a date" in p]

    assert any("pre" in p.lower() for p in undated())
    assert dialog.radiographs.attach_file(_film_file(tmp_path), "Pre-op PA #19", "2026-03-02")
    assert not any("pre" in p.lower() for p in undated())
    dialog.update_check()
    assert "Enclosure without a date: Pre" not in dialog.banner.text()


def test_a_file_that_is_not_a_film_is_refused_before_its_caption_is_asked(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Billing picks the EOB PDF renamed .jpg by mistake: the refusal comes at once, not after
    a caption and a date were typed for it."""

    from cdt_desktop.ui.appeal.radiographs import AttachDialog

    store, service, case_id = office
    fake = tmp_path / "eob.jpg"
    fake.write_bytes(b"%PDF-1.7 not a film")
    shown: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "show_error", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: (str(fake), ""))
    monkeypatch.setattr(AttachDialog, "exec", lambda self: asked.append("caption") or 0)
    dialog = _dialog(qtbot, store, service, case_id)

    dialog.radiographs.choose_and_attach()

    assert asked == [] and len(shown) == 1 and "eob.jpg" in shown[0]
    fake.unlink()
    film = _film_file(tmp_path, "pa.jpg")
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: (str(film), ""))
    dialog.radiographs.choose_and_attach()  # a real film: now the caption is asked
    assert asked == ["caption"] and service.radiographs(case_id) == []  # cancelled: none kept


def test_the_date_taken_takes_a_us_date_as_the_case_form_does(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Tour7: the case form takes a date of birth typed 02/28/2015; the radiograph's "Taken on"
    refused 11/30/2026 ("must be a real date written YYYY-MM-DD"). Both take US dates now."""
    from cdt_desktop.ui.appeal.radiographs import AttachDialog

    dialog = AttachDialog("preop-19.jpg", "Pre-op periapical, tooth #19")
    qtbot.addWidget(dialog)
    dialog.date_field.setText("11/30/2026")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.taken_on() == "2026-11-30"
    again = AttachDialog("preop-19.jpg", "Pre-op")
    qtbot.addWidget(again)
    again.date_field.setText("02/31/2026")  # not a real day: refused as before
    again.accept()
    assert again.result() != again.DialogCode.Accepted and again.problem.isVisibleTo(again)


def test_the_answer_to_a_radiograph_denial_follows_the_films_attached(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The answer said "Both are enclosed" from the checklist's ticks, whatever films went out
    with the letter: it now says enclosed the films that are (the enclosure lines and the
    attached images), and follows each film attached; words the user typed there stay."""
    from dataclasses import replace

    from cdt_desktop.domain.appeal.compose import RESPONSE
    from tests.helpers import REPO_ROOT

    sample = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
    case = Case.from_json(sample.read_text("utf-8"))
    facts = replace(case.facts, preop_radiograph_date="", postop_radiograph_date="")
    checklist = {k: v for k, v in case.checklist.items() if "radiograph" not in k}
    case = replace(case, facts=facts, checklist=checklist)  # no film ticked or dated
    with _sample_dialog(qtbot, tmp_path, case) as dialog:
        answer = dialog.section_edits[RESPONSE]
        assert "enclosed" not in answer.toPlainText()

        dialog.radiographs.attach_file(_film_file(tmp_path, "post.jpg"), "Post-op PA #19", "")
        dialog.refresh_preview()
        assert (
            "insufficient. The post-operative periapical radiograph, taken after the canals "
            "were filled, is enclosed." in answer.toPlainText()
        )
        dialog.radiographs.attach_file(_film_file(tmp_path, "pre.jpg"), "Pre-op PA #19", "")
        dialog.refresh_preview()
        assert (
            "insufficient. Both are enclosed: the diagnostic pre-operative periapical "
            "radiograph and the post-operative periapical radiograph, taken after the canals "
            "were filled." in answer.toPlainText()
        )
        section = dialog.current_letter().section(RESPONSE)
        assert section is not None and "Both are enclosed" in " ".join(section.paragraphs)

        answer.setPlainText("Our own answer.")  # the user's words are never replaced
        dialog.enclosures_edit.setPlainText("")
        dialog.refresh_preview()
        assert answer.toPlainText() == "Our own answer."


def test_ticked_films_with_no_image_attached_are_said_to_be_taken_not_enclosed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Both films ticked and dated, no image file attached to the case: the answer said "Both
    are enclosed" though the letter carried no film. It now says where they are, and says
    enclosed of the film whose image goes with the letter (not of the other ticked one)."""
    from cdt_desktop.domain.appeal.compose import RESPONSE
    from tests.helpers import REPO_ROOT

    sample = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
    case = Case.from_json(sample.read_text("utf-8"))  # both ticked and dated
    with _sample_dialog(qtbot, tmp_path, case) as dialog:
        answer = dialog.section_edits[RESPONSE]
        assert "enclosed" not in answer.toPlainText(), answer.toPlainText()
        assert (
            "insufficient. Both are kept in the patient's record: the diagnostic pre-operative "
            "periapical radiograph taken on August 3, 2026 and the post-operative periapical "
            "radiograph taken on August 17, 2026, after the canals were filled."
        ) in answer.toPlainText()
        dialog.radiographs.attach_file(
            _film_file(tmp_path, "post.jpg"), "Post-op PA #19", "2026-08-17"
        )
        dialog.refresh_preview()
        # one image goes: that film is enclosed, the other ticked one is kept (it said "Both
        # are enclosed", and the list named the pre-op film no page stood for: review)
        assert (
            "insufficient. The post-operative periapical radiograph, taken on August 17, 2026 "
            "after the canals were filled, is enclosed; the diagnostic pre-operative periapical "
            "radiograph, taken on August 3, 2026, is kept in the patient's record."
        ) in answer.toPlainText()
        listed = dialog.enclosures_edit.toPlainText()
        # the field lists what the letter prints: the attached film's own line
        assert "Post-op PA #19, taken August 17, 2026 (image enclosed)" in listed
        assert "Pre-operative" not in listed, listed
        assert tuple(listed.splitlines()) == dialog.current_letter().enclosures


def test_a_missing_film_denial_is_reminded_until_a_film_is_attached(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Walk 13: 'Post-operative radiograph not received' answered by a letter with no image;
    the banner now says so, and the note goes once the film is attached."""
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Ana Souza"),
            procedure=Procedure(code="D3330", tooth="19"),
            claim=Claim(denial_reason="Post-operative radiograph not received.",
                        denial_category="radiograph"),
        )  # fmt: skip
        case_id = store.create_case(case, operator="DR")
        dialog = _dialog(qtbot, store, CaseService(store), case_id)
        dialog.update_check()
        assert "the case records no film" in dialog.banner.text()  # none dated or ticked
        assert dialog.radiographs.attach_file(
            _film_file(tmp_path, "postop.jpg"), "Post-operative periapical #19", "2026-03-02"
        )
        dialog.update_check()
        assert "records no film" not in dialog.banner.text()
        assert "no film goes with this letter" not in dialog.banner.text()


def test_remove_has_an_alt_letter_of_its_own_in_the_letter_dialog(
    qtbot: QtBot, tmp_path: Path, office: tuple[CaseStore, CaseService, int]
) -> None:
    """Keyboard walkthrough: Attach radiograph… had Alt+A, Remove none (a gloved assistant
    reached it only by tabbing through the letter). Alt+M removes; no two buttons or labels of
    the dialog share a letter (Alt+R is the claim remark's)."""
    from tests.helpers.qt_events import mnemonics

    store, service, case_id = office
    dialog = _dialog(qtbot, store, service, case_id)
    dialog.show()
    qtbot.waitExposed(dialog)
    found = mnemonics(dialog)
    assert "Re&move" in found.get("m", []), found
    assert {letter: owners for letter, owners in found.items() if len(owners) > 1} == {}
    dialog.close()


def test_alt_a_attaches_from_the_film_s_date_field_and_types_nothing(qtbot: QtBot) -> None:
    """Walkthrough: Alt+A (the letter's Attach radiograph…) pressed again in the film's own
    dialog typed an "a" into its date ("2026-02-30a"): its Attach button had no Alt letter."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from cdt_desktop.ui.appeal.radiographs import AttachDialog

    details = AttachDialog("pa.jpg", "Pre-op #19")
    qtbot.addWidget(details)
    details.show()
    qtbot.waitExposed(details)
    details.activateWindow()
    details.date_field.setText("2026-02-27")
    details.date_field.setFocus()
    qtbot.waitUntil(details.date_field.hasFocus)
    QTest.keyClick(details.date_field, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: details.result() == details.DialogCode.Accepted)  # (animated click)
    assert details.date_field.text() == "2026-02-27"


@pytest.mark.parametrize(("caption", "warned"), [("Pre-op PA #30", True), ("Pre-op PA #19", False)])
def test_a_film_captioned_with_another_tooth_is_questioned_as_it_is_attached(
    qtbot: QtBot,
    tmp_path: Path,
    office: tuple[CaseStore, CaseService, int],
    monkeypatch: pytest.MonkeyPatch,
    caption: str,
    warned: bool,
) -> None:
    """Re-walk: "Pre-op #30" attached to a #19 case went on without a word here; the Checklist
    row and To submit asked about it later. Attached, the film stays (Remove takes it off), and
    the dialog says the caption names another tooth."""
    said: list[str] = []
    monkeypatch.setattr(msgbox, "show_warning", lambda _p, _t, text: said.append(text))
    store, service, case_id = office
    dialog = _dialog(qtbot, store, service, case_id)
    assert dialog.radiographs.attach_file(_film_file(tmp_path), caption, "2026-11-30")
    assert len(service.radiographs(case_id)) == 1
    assert bool(said) is warned
    if warned:
        assert "names tooth #30, the case is #19" in said[0] and "remove it" in said[0]


def test_a_post_op_film_dated_before_the_treatment_is_asked_about_as_it_is_attached(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL hand-over walk: attached without a word, dated November 1 for a December 6
    root canal; only the letter's check asked, weeks later at the billing desk."""
    from cdt_desktop.ui.common import msgbox

    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(
        msgbox, "show_warning", lambda _p, title, text, **_k: warned.append((title, text))
    )
    with CaseStore.open(tmp_path / "data") as store:
        case = Case(
            patient=Patient(name="Ana Souza"),
            procedure=Procedure(code="D3330", tooth="30"),
            claim=Claim(date_of_service="2026-12-06"),
        )
        case_id = store.create_case(case, operator="DR")
        dialog = _dialog(qtbot, store, CaseService(store), case_id)
        assert dialog.radiographs.attach_file(
            _film_file(tmp_path, "postop.jpg"), "Post-operative (after treatment)", "2026-11-01"
        )
        assert [title for title, _text in warned] == ["Check the film"]
        assert "before the date of service, December 6, 2026" in warned[0][1]
        assert dialog.radiographs.attach_file(
            _film_file(tmp_path, "postop2.jpg"), "Post-operative (after treatment)", "2026-12-06"
        )
        assert len(warned) == 1  # dated the day of the treatment: nothing to ask


def test_a_caption_with_an_emoji_is_refused_naming_it(qtbot: QtBot) -> None:
    """Chairside walk: "Post-op PA tooth #19 🦷" was attached and drawn with a box, where a
    patient name with the same emoji is refused; the film's page and the enclosure list leave
    it out. The dialog stays open and names it, with its code point."""
    from cdt_desktop.ui.appeal.attach_dialog import AttachDialog

    dialog = AttachDialog("post-19.jpg", "")
    qtbot.addWidget(dialog)
    dialog.caption_field.setText("Post-op PA tooth #19 \U0001f9b7")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "\U0001f9b7 (U+1F9B7)" in dialog.problem.text()
    assert dialog.problem.isVisibleTo(dialog)
    dialog.caption_field.setText("Post-op PA tooth #19, Zoë's film")  # letters of any script
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
