"""The case form records the clinical facts an appeal states and the denial's category; a bad
fact is named beside its editor, and saving keeps the claim's status history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, Patient, Procedure
from cdt_desktop.domain.cases.status import StatusEvent
from cdt_desktop.services.auth import AuthService
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm


@pytest.fixture
def store(tmp_path: Path):
    opened = CaseStore.open(tmp_path)
    yield opened
    opened.close()


def test_facts_are_edited_validated_and_saved_with_the_history(qtbot, store: CaseStore) -> None:
    case = Case(
        patient=Patient(name="Helen Castillo"),
        procedure=Procedure(code="D3348", tooth="30"),
        facts=ClinicalFacts(prior_rct_date="2025-01-20"),
        status_history=(StatusEvent("submitted", "2026-09-23", claim_number="ND-55"),),
    )
    case_id = store.create_case(case, operator="AB")
    stored = store.get_case(case_id)
    form = CaseForm(
        CaseService(store),
        case=stored.case,
        case_id=case_id,
        version=stored.version,
        operator_source=lambda: "BK",
    )
    qtbot.addWidget(form)
    prior = form.editor("facts", "prior_rct_date")
    assert isinstance(prior, QLineEdit) and prior.text() == "2025-01-20"
    pulpal = form.editor("facts", "pulpal_diagnosis")
    assert isinstance(pulpal, QComboBox)
    pulpal.setCurrentIndex(pulpal.findData("previously-treated"))
    category = form.editor("claim", "denial_category")
    assert isinstance(category, QComboBox)
    category.setCurrentIndex(category.findData("frequency"))
    ept = form.editor("facts", "ept")
    assert isinstance(ept, QLineEdit)
    ept.setText("95")
    reason = form.editor("facts", "retreatment_reason")
    assert isinstance(reason, QLineEdit)
    reason.setText("missed distolingual canal")
    form.accept()
    assert form.saved_case_id is None
    assert "0-80" in form.error_text("facts", "ept")
    ept.setText("No response")  # as a chart note writes it; stored as no-response
    form.accept()
    assert form.saved_case_id == case_id
    saved = store.get_case(case_id).case
    assert saved.facts == replace(
        case.facts,
        pulpal_diagnosis="previously-treated",
        ept="no-response",
        retreatment_reason="missed distolingual canal",
    )
    assert saved.claim.denial_category == "frequency"
    assert saved.status_history == case.status_history and saved.status == "submitted"


def _billing_form(qtbot, store: CaseStore) -> tuple[CaseForm, int]:  # type: ignore[no-untyped-def]
    """The form of a new stored case (#19 D3330), opened by billing (BK)."""
    case = Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19"))
    case_id = store.create_case(case, operator="AB")
    stored = store.get_case(case_id)
    form = CaseForm(
        CaseService(store), case=stored.case, case_id=case_id, version=stored.version,
        operator_source=lambda: "BK",
    )  # fmt: skip
    qtbot.addWidget(form)
    return form, case_id


def test_billing_enters_the_plan_s_prior_authorization_address_in_the_claim_group(
    qtbot, store: CaseStore
) -> None:
    """The case held one payer address (the appeals one, from the EOB); the plan's
    pre-treatment review address has its own field beside the claim's, kept on save."""
    from PySide6.QtWidgets import QGroupBox, QPlainTextEdit

    form, case_id = _billing_form(qtbot, store)
    editor = form.editor("claim", "prior_auth_address")
    assert isinstance(editor, QPlainTextEdit)
    assert editor.objectName() == "field_claim_prior_auth_address"
    assert editor.accessibleName() == "Claim prior-authorization address"
    assert "pre-treatment review" in editor.placeholderText()
    group = editor.parent()
    while group is not None and not isinstance(group, QGroupBox):
        group = group.parent()
    assert isinstance(group, QGroupBox) and group.title().replace("&", "") == "Claim"
    editor.setPlainText("Attn: Pre-treatment Review\nPO Box 77\nSpringfield, IL 62705\n")
    form.accept()
    assert form.saved_case_id == case_id
    saved = store.get_case(case_id).case
    assert saved.claim.prior_auth_address == (
        "Attn: Pre-treatment Review\nPO Box 77\nSpringfield, IL 62705"
    )


def test_every_group_s_editors_start_at_one_column(qtbot, tmp_path) -> None:
    """The Prior-authorization address label, wider than the shared label column, pushed the
    Claim group's editors about 36 px right of every other group's; a long label now breaks
    before its last word, so the column holds."""
    from cdt_desktop.db.cases.sqlite.repository import CaseStore
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.ui.cases.form import CaseForm

    store = CaseStore.open(tmp_path)
    try:
        form = CaseForm(CaseService(store), operator_source=lambda: "AB")
        qtbot.addWidget(form)
        form.resize(900, 700)
        form.show()
        qtbot.waitExposed(form)
        lefts = {
            section: form.editor(section, key)
            .mapTo(form, form.editor(section, key).rect().topLeft())
            .x()
            for section, key in (("patient", "name"), ("payer", "name"), ("claim", "number"))
        }
        assert len(set(lefts.values())) == 1, lefts
        caption = form.editor("claim", "prior_auth_address")
        assert caption.accessibleName() == "Claim prior-authorization address"
    finally:
        store.close()


def test_the_billing_desk_records_the_plan_s_authorization_number(qtbot, store: CaseStore) -> None:
    """The plan's answer to a prior-authorization request (its number, claim form box 2) has
    a field in the Claim group; it is saved, audited and written to the case file."""
    from cdt_desktop.ui.cases.form_fields import SECTIONS

    form, case_id = _billing_form(qtbot, store)
    editor = form.editor("claim", "prior_auth_number")
    assert isinstance(editor, QLineEdit)
    assert editor.objectName() == "field_claim_prior_auth_number"
    assert editor.accessibleName() == "Claim prior-authorization number"
    assert "authorization or predetermination number" in editor.placeholderText()
    claim_keys = [key for key, _label, _kind in dict((s, f) for s, _t, f in SECTIONS)["claim"]]
    assert claim_keys.index("prior_auth_number") == claim_keys.index("prior_auth_address") + 1
    qtbot.keyClicks(editor, " PA-2026-00417 ")
    form.accept()
    assert form.saved_case_id == case_id
    assert store.get_case(case_id).case.claim.prior_auth_number == "PA-2026-00417"
    edits = [e.detail for e in store.audit(case_id) if e.action == "edit"]
    assert "fields: claim.prior_auth_number" in edits
    assert '"prior_auth_number": "PA-2026-00417"' in store.get_case(case_id).case.to_json()


@pytest.mark.parametrize(("history", "offered"), [((), True), (("submitted",), False),
                                                  (("submitted", "denied", "appealed"), False)])  # fmt: skip
def test_keep_as_incomplete_draft_is_offered_only_before_the_claim_goes_out(
    qtbot, store: CaseStore, history: tuple[str, ...], offered: bool
) -> None:
    """Keyboard walkthrough: an appealed claim's form offered "Keep as incomplete draft",
    which saved it as Save does; a claim that went out is no draft."""
    from PySide6.QtWidgets import QPushButton

    dates = {"submitted": "2026-06-02", "denied": "2026-07-01", "appealed": "2026-07-10"}
    events = tuple(
        StatusEvent(s, dates[s], reason="Not covered." if s == "denied" else "",
                    level="1" if s == "appealed" else "")
        for s in history
    )  # fmt: skip
    case = Case(patient=Patient(name="Robert Chen"), procedure=Procedure(code="D3348", tooth="19"),
                status_history=events)  # fmt: skip
    form = CaseForm(CaseService(store), case=case, operator_source=lambda: "BK")
    qtbot.addWidget(form)
    form.show()
    draft = form.findChild(QPushButton, "caseFormDraft")
    assert draft is not None and draft.isVisible() is offered


@pytest.mark.parametrize(
    ("user", "editable", "shown_only"),
    [
        ("Maria Ruiz", [("patient", "chart_number"), ("findings", "pulp")],
         [("claim", "number"), ("subscriber", "member_id"), ("procedure", "code")]),
        ("Bea Billing", [("claim", "number"), ("subscriber", "member_id")],
         [("findings", "pulp"), ("procedure", "code")]),
        ("Dr Diaz", [("procedure", "code"), ("findings", "pulp"), ("patient", "name")], []),
    ],
)  # fmt: skip
def test_fields_the_role_may_not_change_are_shown_not_editable(
    qtbot, tmp_path: Path, user: str, editable: list, shown_only: list
) -> None:
    """Office walkthrough: the assistant's Edit case offered the claim fields as editable,
    though her role may not change them; only Save said so, after the typing."""
    from PySide6.QtWidgets import QComboBox

    from tests.helpers.office import as_user, office

    with office(tmp_path / "data") as (service, auth):
        as_user(auth, "Dr Diaz")
        case_id = service.create(
            Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
            operator="DD",
        )
        initials = as_user(auth, user)
        stored = service.get(case_id)
        form = CaseForm(service, case=stored.case, case_id=case_id, version=stored.version,
                        operator_source=lambda: initials)  # fmt: skip
        qtbot.addWidget(form)

        def can_type(section: str, key: str) -> bool:
            editor = form.editor(section, key)
            if isinstance(editor, QComboBox):
                return editor.isEnabled()
            return not editor.isReadOnly()

        assert [f for f in editable if not can_type(*f)] == []
        assert [f for f in shown_only if can_type(*f)] == []
        if shown_only:
            assert "Your role may not change" in form.editor(*shown_only[0]).toolTip()

        def looks_fixed(section: str, key: str) -> bool:  # (walkthrough: a white box that
            from PySide6.QtGui import QPalette  # swallowed typing)

            palette = form.editor(section, key).palette()
            return palette.color(QPalette.ColorRole.Base) == palette.color(
                QPalette.ColorRole.Window
            )

        lines = [f for f in shown_only if isinstance(form.editor(*f), QLineEdit)]
        assert [f for f in lines if not looks_fixed(*f)] == []
        # and without a frame: in dark colours the window's grey and a field's were too close
        # to tell a fixed line from one to type in (walkthrough 43)
        assert [f for f in lines if form.editor(*f).hasFrame()] == []
        assert [f for f in shown_only if getattr(form.editor(*f), "placeholderText", str)()] == []
        assert [
            f for f in editable if isinstance(form.editor(*f), QLineEdit) and looks_fixed(*f)
        ] == []


def test_the_billing_desk_types_the_day_the_prior_auth_request_was_sent(
    qtbot, store: CaseStore
) -> None:
    """A request sent by the plan's portal (not printed from the window) is recorded in the
    Claim group: typed the US way, saved as YYYY-MM-DD, audited; a day after today is named
    as a problem and nothing is saved."""
    case = Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19"))
    case_id = store.create_case(case, operator="AB")
    stored = store.get_case(case_id)
    form = CaseForm(
        CaseService(store), case=stored.case, case_id=case_id, version=stored.version,
        operator_source=lambda: "BK",
    )  # fmt: skip
    qtbot.addWidget(form)
    editor = form.editor("claim", "prior_auth_sent")
    assert isinstance(editor, QLineEdit)
    assert editor.objectName() == "field_claim_prior_auth_sent"
    assert editor.accessibleName() == "Claim prior-authorization sent"
    ahead = date.today() + timedelta(days=3)
    qtbot.keyClicks(editor, ahead.isoformat())
    form.accept()
    assert form.saved_case_id is None
    assert store.get_case(case_id).case.claim.prior_auth_sent == ""
    editor.clear()
    sent = date.today() - timedelta(days=10)
    qtbot.keyClicks(editor, f"{sent:%m/%d/%Y}")
    editor.editingFinished.emit()
    form.accept()
    assert form.saved_case_id == case_id
    assert store.get_case(case_id).case.claim.prior_auth_sent == sent.isoformat()
    edits = [e.detail for e in store.audit(case_id) if e.action == "edit"]
    assert "fields: claim.prior_auth_sent" in edits


def _stored_with_a_symbol_in_its_claim_number(service: CaseService, auth: AuthService) -> int:
    """Ana Souza's D3330 #19, its claim number "CLM-1234 🦷" as an earlier version stored it."""
    from tests.helpers.office import as_user

    as_user(auth, "Dr Diaz")
    case_id = int(service.create(
        Case(patient=Patient(name="Ana Souza"), procedure=Procedure(code="D3330", tooth="19")),
        operator="DD",
    ))  # fmt: skip
    stored = service.get(case_id)
    old = replace(stored.case, claim=replace(stored.case.claim, number="CLM-1234 \U0001f9b7"))
    service.repository.update_case(case_id, old, operator="DD")  # as an earlier version did
    return case_id


def test_an_assistant_saves_a_case_whose_stored_claim_number_has_a_symbol(
    qtbot, tmp_path: Path
) -> None:
    """An earlier version stored "CLM-1234 🦷" as a claim number, which the form now refuses
    as typed: the assistant, whose role may not change the claim, could not save the patient's
    chart number either (the problem was in a field shown as saved). It is kept as stored."""
    from tests.helpers.office import as_user, office

    with office(tmp_path / "data") as (service, auth):
        case_id = _stored_with_a_symbol_in_its_claim_number(service, auth)
        initials = as_user(auth, "Maria Ruiz")
        stored = service.get(case_id)
        form = CaseForm(service, case=stored.case, case_id=case_id, version=stored.version,
                        operator_source=lambda: initials)  # fmt: skip
        qtbot.addWidget(form)
        chart = form.editor("patient", "chart_number")
        assert isinstance(chart, QLineEdit) and form.editor("claim", "number").isReadOnly()
        chart.setText("CH-77")
        form.accept()
        assert form.saved_case_id == case_id
        saved = service.get(case_id).case
        assert saved.patient.chart_number == "CH-77"
        assert saved.claim.number == "CLM-1234 \U0001f9b7"  # kept as stored: billing's to fix


def test_billing_opening_a_case_whose_stored_claim_number_has_a_symbol_is_told_at_once(
    qtbot, tmp_path: Path
) -> None:
    """The number only billing may change is named beside its field when the form opens (Save
    alone said it, after the clerk had typed her other changes); the assistant, who may not
    change it, is not asked to."""
    from tests.helpers.office import as_user, office

    with office(tmp_path / "data") as (service, auth):
        case_id = _stored_with_a_symbol_in_its_claim_number(service, auth)
        shown = {}
        for name in ("Bea Billing", "Maria Ruiz"):
            initials = as_user(auth, name)
            stored = service.get(case_id)
            form = CaseForm(service, case=stored.case, case_id=case_id, version=stored.version,
                            operator_source=lambda i=initials: i)  # fmt: skip
            qtbot.addWidget(form)
            shown[name] = form.error_text("claim", "number")
            summary = form.findChild(QLabel, "caseFormProblems")
            shown[name + " summary"] = summary.text() if summary.isVisibleTo(form) else ""
        assert "U+1F9B7" in shown["Bea Billing"]
        assert shown["Maria Ruiz"] == shown["Maria Ruiz summary"] == ""
        # the field's name once: it read "Claim claim number: has a symbol ..."
        assert "\n• Claim number: has a symbol" in shown["Bea Billing summary"]
        assert form.editor("claim", "number").accessibleName() == "Claim number"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("6/2015", "2015-06"), ("2015-6", "2015-06"), ("2015", "2015"), ("06/14/2015", "2015-06-14")],
)
def test_the_earlier_root_canal_date_may_be_an_estimate_to_the_month_or_year(
    qtbot, store: CaseStore, typed: str, stored: str
) -> None:
    # The checklist asks for the "Date (or best estimate)"; "2015-06" was refused ("type the
    # date as YYYY-MM-DD"), so the office invented a day the letter stated (walkthrough).
    form, case_id = _billing_form(qtbot, store)
    prior = form.editor("facts", "prior_rct_date")
    assert isinstance(prior, QLineEdit) and "YYYY-MM" in prior.placeholderText()
    prior.setText(typed)
    prior.editingFinished.emit()
    assert prior.text() == stored
    form.accept()
    assert form.saved_case_id == case_id
    assert store.get_case(case_id).case.facts.prior_rct_date == stored


def test_an_earlier_root_canal_date_that_is_no_estimate_says_how_to_write_one(
    qtbot, store: CaseStore
) -> None:
    form, _case_id = _billing_form(qtbot, store)
    form.editor("facts", "prior_rct_date").setText("June 2015")  # type: ignore[attr-defined]
    form.accept()
    assert form.saved_case_id is None
    assert "YYYY-MM or YYYY when the day is not known" in form.error_text("facts", "prior_rct_date")


@pytest.mark.parametrize(
    ("situation", "case_id", "name", "code", "offered"),
    [
        ("a new case", None, "", "", True),
        ("a saved incomplete draft (no code yet)", 1, "Robert Chen", "", True),
        ("a saved complete case", 1, "Robert Chen", "D3330", False),
    ],
)
def test_keep_as_incomplete_draft_is_offered_where_a_draft_can_be(
    qtbot: QtBot, store: CaseStore, situation: str, case_id: int | None, name: str, code: str,
    offered: bool,
) -> None:  # fmt: skip
    """Hostile-user walkthrough: Edit case of a complete saved case offered "Keep as
    incomplete draft", and what it would do there was unclear."""
    from PySide6.QtWidgets import QPushButton

    case = Case(patient=Patient(name=name), procedure=Procedure(code=code, tooth="19"))
    if case_id is not None:
        case_id = store.create_case(case, operator="BK")
    form = CaseForm(CaseService(store), case=case, case_id=case_id, operator_source=lambda: "BK")
    qtbot.addWidget(form)
    form.show()
    draft = form.findChild(QPushButton, "caseFormDraft")
    assert draft is not None and draft.isVisible() is offered, situation
