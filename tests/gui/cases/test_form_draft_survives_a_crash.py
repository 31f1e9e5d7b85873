"""The case form's typing outlives a crash: each edit is kept in the data folder's drafts a
moment after the typing stops, and the form of that case offers to put it back the next time
it opens (reliability walk: after `kill -9` a whole form of typing was nowhere on disk). The
killed app is a real process: a child Python runs the real form, types, and is killed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from cdt_desktop.ui.cases.form_recovery import Draft
from cdt_desktop.ui.common import msgbox

CHILD = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
app = QApplication([])
folder = Path(sys.argv[1])
store = CaseStore.open(folder)
stored = store.get_case(1)
form = CaseForm(CaseService(store), case=stored.case, case_id=1, version=stored.version,
                operator_source=lambda: "BK", drafts=folder / "drafts")
form.show()
form.editor("patient", "chart_number").setText("CHART999")
form.editor("claim", "number").setText("CLM-KILLED")
print("typed", flush=True)
app.exec()
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    with CaseStore.open(tmp_path) as store:
        store.create_case(
            Case(patient=Patient(name="Ana Souza", chart_number="RE1042"),
                 procedure=Procedure(code="D3330", tooth="19")), operator="AB",
        )  # fmt: skip
    return tmp_path


def test_typing_in_a_form_killed_before_save_is_offered_back(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder)], env=env,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "typed"
    draft = folder / "drafts" / "initials-BK" / "case-1.json"
    deadline = time.monotonic() + 20
    while not draft.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)  # a crash, a power cut
    child.wait(timeout=30)
    child.stdout.close()
    assert draft.exists()
    kept = {(s, k): v for s, k, v in json.loads(draft.read_text("utf-8"))["fields"]}
    assert kept[("patient", "chart_number")] == "CHART999"
    if os.name == "posix":
        assert draft.stat().st_mode & 0o077 == 0  # patient data: the user's only
    with CaseStore.open(folder) as store:
        stored = store.get_case(1)
        assert stored.case.patient.chart_number == "RE1042"  # nothing was saved
        asked: list[str] = []
        monkeypatch.setattr(msgbox, "ask_yes_no",
                            lambda parent, title, text, default=False: asked.append(text) or True)  # fmt: skip
        form = CaseForm(CaseService(store), case=stored.case, case_id=1, version=stored.version,
                        operator_source=lambda: "BK", drafts=folder / "drafts")  # fmt: skip
        qtbot.addWidget(form)
        assert form.offer_draft()
        assert asked and "case 1" in asked[0] and "were not saved" in asked[0]
        assert form.editor("patient", "chart_number").text() == "CHART999"
        assert form.editor("claim", "number").text() == "CLM-KILLED"
        form.accept()  # Save: the case has the typing and the draft is gone
        assert form.saved_case_id == 1
        assert store.get_case(1).case.claim.number == "CLM-KILLED"
    assert not draft.exists()


def test_no_to_the_question_throws_the_draft_away(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with CaseStore.open(folder) as store:
        stored = store.get_case(1)
        Draft(folder / "drafts", 1, "initials-BK").write({("patient", "chart_number"): "TYPED"}, 1)
        monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: False)
        form = CaseForm(CaseService(store), case=stored.case, case_id=1, version=stored.version,
                        operator_source=lambda: "BK", drafts=folder / "drafts")  # fmt: skip
        qtbot.addWidget(form)
        assert not form.offer_draft()
        assert form.editor("patient", "chart_number").text() == "RE1042"
    assert not (folder / "drafts" / "initials-BK" / "case-1.json").exists()


def test_a_form_cancelled_on_purpose_leaves_no_draft_and_another_case_s_is_not_offered(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with CaseStore.open(folder) as store:
        stored = store.get_case(1)
        form = CaseForm(CaseService(store), case=stored.case, case_id=1, version=stored.version,
                        operator_source=lambda: "BK", drafts=folder / "drafts")  # fmt: skip
        qtbot.addWidget(form)
        qtbot.keyClicks(form.editor("patient", "chart_number"), "-X")
        draft = folder / "drafts" / "initials-BK" / "case-1.json"
        qtbot.waitUntil(draft.exists)
        monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: True)  # discard: yes
        form.reject()
        assert not draft.exists()
        Draft(folder / "drafts", 2, "initials-BK").write({("patient", "name"): "Other"}, 1)
        again = CaseForm(CaseService(store), case=stored.case, case_id=1, version=stored.version,
                         operator_source=lambda: "BK", drafts=folder / "drafts")  # fmt: skip
        qtbot.addWidget(again)
        assert not again.offer_draft()  # case 2's draft is case 2's


def test_the_window_keeps_the_form_s_drafts_in_its_data_folder(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from cdt_desktop.ui.cases.form_recovery import DRAFTS_FOLDER
    from tests.helpers.windows import shown_window

    with shown_window(qtbot, tmp_path / "data", operator="AB") as window:
        assert window.controller.drafts == tmp_path / "data" / DRAFTS_FOLDER


def test_a_case_opened_with_kept_edits_says_so_to_their_typist(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Walkthrough: after a kill the assistant opened the case and nothing said that her typing
    was kept; the form offers it back only when Edit case is opened again. The status line
    now says so when the case opens, to her (a draft is its typist's: not to another person)."""
    from PySide6.QtWidgets import QComboBox, QWidget

    from cdt_desktop.core import paths
    from tests.helpers.windows import shown_window

    data = tmp_path / "data"
    with shown_window(qtbot, data, operator="BK", active=True) as window:
        case_id = window.cases.create(
            Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
            operator="BK",
        )
        drafts = paths.user_data_dir(data) / "drafts"
        assert window.controller.drafts == drafts
        Draft(drafts, case_id, "initials-BK").write({("claim", "number"): "CLM-KILLED"}, 1)
        dentition = window.findChild(QComboBox, "dentitionMode")
        dentition.setCurrentIndex(dentition.findData("primary"))  # #19: the chart goes Mixed
        window.open_case(case_id)
        said = window.statusBar().currentMessage()
        assert said.startswith(f"Case {case_id} opened. Tooth 19 is a permanent tooth")
        tail = r" Unsaved edits of its form \(\d\d:\d\d\) are kept: Edit case… puts them back\."
        assert re.search(tail + "$", said), said  # written today: the time alone
        # the whole line is read at 1366 px, beside the store's name and Set up sign-in…
        beside = sum(w.width() for w in window.statusBar().findChildren(QWidget)
                     if w.isVisible() and w.parent() is window.statusBar())  # fmt: skip
        room = window.statusBar().width() - beside
        assert window.statusBar().fontMetrics().horizontalAdvance(said) < room

        window.close_case()
        window.operator_picker.set_operator("DR")  # someone else at this PC
        window.open_case(case_id)
        assert window.statusBar().currentMessage() == f"Case {case_id} opened."
        assert (drafts / "initials-BK" / f"case-{case_id}.json").exists()  # still hers


@pytest.mark.parametrize(
    ("written", "when"),
    [
        ("2026-12-05T18:00:07+00:00", "18:00"),  # today: the time says it
        ("2026-12-04T18:00:07+00:00", "2026-12-04 18:00"),  # an older draft: its day too
        ("not a time", ""),  # a hand-edited file: no time rather than a wrong one
    ],
)
def test_a_kept_draft_s_time_reads_short_in_the_status_line(written: str, when: str) -> None:
    from cdt_desktop.ui.cases.form_recovery import kept_when

    assert kept_when(written, "2026-12-05") == when


def _form_for(qtbot: QtBot, store: CaseStore, folder: Path, operator: str) -> CaseForm:
    stored = store.get_case(1)
    form = CaseForm(CaseService(store), case=stored.case, case_id=1, version=stored.version,
                    operator_source=lambda: operator, drafts=folder / "drafts")  # fmt: skip
    qtbot.addWidget(form)
    return form


def test_put_back_edits_go_on_top_of_what_others_saved_since(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Office walkthrough: the dentist's typing was kept when the assistant unlocked the
    window; meanwhile billing saved the member ID. His "Put back unsaved edits?" put his
    whole old copy of the case back, and his Save wrote the old member ID over billing's,
    without a word (the draft was stamped with the version the form had just read). Only
    the fields he typed come back; one both changed is named, and Save keeps his."""
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: True)
    with CaseStore.open(folder) as store:
        form = _form_for(qtbot, store, folder, "DR")
        form.editor("findings", "notes").setPlainText("Sinus tract buccal to #19.")
        form.editor("claim", "number").setText("CLM-DR")
        qtbot.waitUntil(lambda: (folder / "drafts" / "initials-DR" / "case-1.json").exists())
        form.close()  # another user unlocked the window: the draft stays the dentist's
        stored = store.get_case(1)
        billing = replace(stored.case,
                          subscriber=replace(stored.case.subscriber, member_id="MBR778813"),
                          claim=replace(stored.case.claim, number="CLM-BL"))  # fmt: skip
        store.update_case(1, billing, operator="BL", expected_version=stored.version)

        again = _form_for(qtbot, store, folder, "DR")
        assert again.offer_draft()

        assert again.editor("subscriber", "member_id").text() == "MBR778813"  # billing's
        assert again.editor("findings", "notes").toPlainText() == "Sinus tract buccal to #19."
        assert again.editor("claim", "number").text() == "CLM-DR"  # both typed it: his
        assert "CLM-BL" in again.error_text("claim", "number")  # and billing's is named
        again.editor("patient", "chart_number").setText("RE1042-B")  # another field edited
        assert "CLM-BL" in again.error_text("claim", "number")  # the notice stays (review)
        again.accept()
        saved = store.get_case(1).case
    assert saved.subscriber.member_id == "MBR778813"
    assert saved.findings.notes == "Sinus tract buccal to #19."
    assert saved.claim.number == "CLM-DR"


def test_a_new_case_s_draft_comes_back_whole_with_the_tooth_and_code_it_was_typed_for(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review: a new case's draft typed for D3330 on #19 came back, after a crash, into a new
    form the chart had prefilled with D3310 on #8, with only the name and date put back: the
    case would have been saved on the wrong tooth, without a word."""
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda *a, **k: True)

    def new_form(code: str, tooth: str) -> CaseForm:
        form = CaseForm(CaseService(store), case=Case(procedure=Procedure(code=code, tooth=tooth)),
                        operator_source=lambda: "DR", drafts=folder / "drafts")  # fmt: skip
        qtbot.addWidget(form)
        return form

    with CaseStore.open(folder) as store:
        first = new_form("D3330", "19")
        first.editor("patient", "name").setText("Ana Souza")
        qtbot.waitUntil((folder / "drafts" / "initials-DR" / "new-case.json").exists)
        first.close()
        later = new_form("D3310", "8")
        assert later.offer_draft()
        assert later.editor("patient", "name").text() == "Ana Souza"
        assert later.editor("procedure", "tooth").text() == "19"
        assert later.editor("procedure", "code").text() == "D3330"


def test_the_question_for_a_new_case_s_draft_names_whose_it_is_and_what_it_replaces(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chairside walkthrough: after a crash, "Edits you typed in the form of a new case at 13:31
    ... Put them back?" came up as the assistant began the next patient's case on #30, and Enter
    put Zoë's name, tooth #8 and findings into it: the question said neither whose the edits were
    nor that they replace what the form holds now."""
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "ask_yes_no", lambda _p, _t, text, **_k: asked.append(text))

    with CaseStore.open(folder) as store:

        def new_form(tooth: str) -> CaseForm:
            form = CaseForm(
                CaseService(store), case=Case(procedure=Procedure(code="D3330", tooth=tooth)),
                operator_source=lambda: "DR", drafts=folder / "drafts",
            )  # fmt: skip
            qtbot.addWidget(form)
            return form

        first = new_form("8")
        first.editor("patient", "name").setText("Zoë Kowalski")
        qtbot.waitUntil((folder / "drafts" / "initials-DR" / "new-case.json").exists)
        first.close()
        later = new_form("30")
        assert not later.offer_draft()  # (the question answered No)
    [question] = asked
    assert "the form of a new case (Zoë Kowalski, tooth 8, D3330) at " in question
    assert "in place of what the form holds now (tooth 30, D3330)?" in question
