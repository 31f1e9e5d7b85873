"""`cdt-desktop store ...` and `cdt-desktop cases ...` (docs/design-rules.md, Contracts) on both
backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdt_desktop import cli
from cdt_desktop.db.cases import open_repository
from tests.helpers import FIXTURES

CASE_KEYS = {"id", "uuid", "patient", "tooth", "code", "date_of_service", "status", "updated_at"}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_init_import_list_show_tick_export(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _run(capsys, "--store", store_url, "store", "init")[0] == 0
    status, out, _ = _run(capsys, "--store", store_url, "store", "init")
    assert status == 0 and "schema" in out  # a current schema: nothing changes
    fixture = str(FIXTURES / "case_d3330.json")
    status, out, _ = _run(
        capsys, "--store", store_url, "cases", "import", fixture, "--operator", "AB", "--json"
    )
    assert status == 0
    case_id = json.loads(out)["id"]
    status, out, _ = _run(capsys, "--store", store_url, "cases", "list", "--json")
    listed = json.loads(out)
    assert status == 0 and [c["id"] for c in listed] == [case_id]
    assert set(listed[0]) == CASE_KEYS and listed[0]["code"] == "D3330"
    assert listed[0]["patient"] == json.loads(Path(fixture).read_text())["patient"]["name"]

    status, out, err = _run(
        capsys, "--store", store_url, "cases", "tick", str(case_id), "preop-radiograph",
        "--operator", "CD", "--note", "PA taken",
    )  # fmt: skip
    assert status == 0, err
    status, out, _ = _run(capsys, "--store", store_url, "cases", "show", str(case_id), "--json")
    shown = json.loads(out)
    assert set(shown) == {"id", "uuid", "version", "status", "case", "checklist", "audit"}
    assert shown["uuid"] == listed[0]["uuid"] and shown["case"]["procedure"]["code"] == "D3330"
    row = next(r for r in shown["checklist"] if r["id"] == "preop-radiograph")
    assert set(row) == {"id", "label", "required", "checked", "by", "at", "note"}
    assert (row["checked"], row["by"], row["note"]) == (True, "CD", "PA taken")
    assert [a["action"] for a in shown["audit"]][:2] == ["tick", "import"]
    assert set(shown["audit"][0]) == {"at", "operator", "action", "detail"}

    status, out, _ = _run(capsys, "--store", store_url, "cases", "export", str(case_id))
    assert status == 0 and json.loads(out)["procedure"]["code"] == "D3330"
    out_file = tmp_path / "exported.json"
    assert (
        _run(capsys, "--store", store_url, "cases", "export", str(case_id), "-o", str(out_file))[0]
        == 0
    )
    exported = json.loads(out_file.read_text())
    assert exported["checklist"]["preop-radiograph"] is True
    # who ticked it and when, as the window's Export... writes them (verification walk: the
    # command line's file had no ticks, and no film dates, so its --check disagreed)
    assert exported["ticks"]["preop-radiograph"]["by"] == "CD"
    status, out, _ = _run(capsys, "--store", store_url, "store", "check")
    assert status == 0 and "healthy" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("cases", "show", "999", "--json"),
        ("cases", "export", "999"),
        ("cases", "tick", "999", "consent", "--operator", "AB"),
        ("cases", "tick", "1", "no-such-item", "--operator", "AB"),
        ("cases", "list", "--status", "lost"),
    ],
)
def test_unknown_case_or_item_exits_2_with_one_error_line(
    store_url: str, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    _run(capsys, "--store", store_url, "store", "init")
    fixture = str(FIXTURES / "case_d3330.json")
    _run(capsys, "--store", store_url, "cases", "import", fixture, "--operator", "AB")
    status, out, err = _run(capsys, "--store", store_url, *argv)
    assert status == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1


def test_migrate_merges_by_uuid_keeping_ticks_and_audit(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Two PCs' SQLite files into one store (either backend): idempotent, counts verified."""
    fixture = str(FIXTURES / "case_d3330.json")
    pcs = []
    for n in (1, 2):
        pc = f"sqlite:///{(tmp_path / f'pc{n}' / 'cases.sqlite').as_posix().lstrip('/')}"
        _run(capsys, "--store", pc, "cases", "import", fixture, "--operator", f"P{n}")
        tick = ("cases", "tick", "1", "preop-radiograph", "--operator", f"T{n}")
        assert _run(capsys, "--store", pc, *tick)[0] == 0
        pcs.append(pc)
    for pc in pcs:
        status, out, err = _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)
        assert status == 0, err
        assert "copied 1 case(s), skipped 0" in out and "verified" in out
    status, out, _ = _run(capsys, "store", "migrate", "--from", pcs[0], "--to", store_url)
    assert status == 0 and "copied 0 case(s), skipped 1" in out
    status, out, _ = _run(capsys, "--store", store_url, "cases", "list", "--json")
    merged = json.loads(out)
    assert len(merged) == 2 and len({c["uuid"] for c in merged}) == 2
    for case in merged:
        _, out, _ = _run(capsys, "--store", store_url, "cases", "show", str(case["id"]), "--json")
        shown = json.loads(out)
        assert [(a["action"], a["operator"][0]) for a in shown["audit"]] == [
            ("tick", "T"), ("import", "P"),
        ]  # fmt: skip
        consent = next(r for r in shown["checklist"] if r["id"] == "preop-radiograph")
        assert consent["checked"] and consent["by"].startswith("T")


def test_a_bad_scheme_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "--store", "mysql://h/db", "cases", "list")
    assert status == 2 and err.startswith("error: ") and "mysql" in err


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ana:s3cret@office:5433/cdt", "postgresql://ana:***@office:5433/cdt"),
        ("postgresql://office/cdt?password=s3cret&sslmode=verify-full",
         "postgresql://office/cdt?password=***&sslmode=verify-full"),
        ("postgresql://ana@office/cdt?sslmode=verify-full",
         "postgresql://ana@office/cdt?sslmode=verify-full"),
        ("sqlite:///tmp/x/cases.sqlite", "sqlite:///tmp/x/cases.sqlite"),
    ],
)  # fmt: skip
def test_a_url_is_shown_without_its_password(url: str, shown: str) -> None:
    from cdt_desktop.db.cases.url import has_password, redact

    assert redact(url) == shown
    assert has_password(url) == ("s3cret" in url)


def test_backup_follows_the_store_in_use(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`backup` copies the SQLite store that --store names; a server store is pg_dump's job."""
    _run(capsys, "--store", store_url, "store", "init")
    status, out, err = _run(capsys, "--store", store_url, "backup", str(tmp_path))
    if store_url.startswith("sqlite"):
        assert status == 0 and "backup written" in out
    else:
        assert status == 2 and "pg_dump" in err and err.count("\n") == 1


def test_the_store_option_beats_the_environment_which_beats_the_saved_choice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdt_desktop.db.cases.url import ENV_VAR, default_url, resolve_store_url, save_url

    data = tmp_path / "data"
    assert resolve_store_url(None, data) == default_url(data)
    save_url("postgresql://cdt_app@saved/cdt", data)
    assert resolve_store_url(None, data) == "postgresql://cdt_app@saved/cdt"
    monkeypatch.setenv(ENV_VAR, "postgresql://cdt_app@env/cdt")
    assert resolve_store_url(None, data) == "postgresql://cdt_app@env/cdt"
    assert resolve_store_url("sqlite:///x/cases.sqlite", data) == "sqlite:///x/cases.sqlite"


def test_a_tick_on_a_voided_case_fails_with_one_error_line_and_writes_nothing(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An office's script ticks a case the front desk voided: refused (exit 1), not saved."""
    fixture = str(FIXTURES / "case_d3330.json")
    status, out, _ = _run(
        capsys, "--store", store_url, "cases", "import", fixture, "--operator", "AB", "--json"
    )
    case_id = json.loads(out)["id"]
    with open_repository(store_url) as store:
        store.set_status(case_id, "void", operator="FD")
    status, out, err = _run(
        capsys,
        "--store",
        store_url,
        "cases",
        "tick",
        str(case_id),
        "preop-radiograph",
        "--operator",
        "CD",
    )
    assert status == 1 and out == ""
    assert err.splitlines() == [err.strip()] and f"Case {case_id} was voided" in err
    _, out, _ = _run(capsys, "--store", store_url, "cases", "show", str(case_id), "--json")
    assert json.loads(out)["audit"][0]["action"] == "status"


def test_a_second_migrate_brings_the_pc_s_later_ticks_and_keeps_the_server_s(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Tour7: the office admin migrated the front-desk PC while its window stayed open; the
    assistant ticked one more item there, and at chair 2 (on the server) the dentist ticked
    another. The second `store migrate` (idempotent, says the README) copied nothing of the
    PC's tick and failed: "case 1: tick count differs in the target", "audit rows missing in
    the target", exit 1, with no way on. Now the PC's later tick comes along (one the server has
    a newer tick of keeps the server's) and the run verifies."""
    fixture = str(FIXTURES / "case_d3330.json")
    pc = f"sqlite:///{(tmp_path / 'pc' / 'cases.sqlite').as_posix().lstrip('/')}"
    _run(capsys, "--store", pc, "cases", "import", fixture, "--operator", "PC")
    first = ("cases", "tick", "1", "working-length-recorded", "--operator", "AA")
    assert _run(capsys, "--store", pc, *first)[0] == 0
    assert _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)[0] == 0
    _, out, _ = _run(capsys, "--store", store_url, "cases", "list", "--json")
    there = str(json.loads(out)[0]["id"])

    later = ("cases", "tick", "1", "restoration-plan", "--operator", "NTL")
    assert _run(capsys, "--store", pc, *later)[0] == 0  # the PC's window, after the first run
    server = ("cases", "tick", there, "pulp-diagnosis", "--untick", "--operator", "DDK")
    assert _run(capsys, "--store", store_url, *server)[0] == 0  # chair 2, on the server
    undo = ("cases", "tick", there, "working-length-recorded", "--untick", "--operator", "DDK")
    assert _run(capsys, "--store", store_url, *undo)[0] == 0  # newer on the server: it stays

    status, out, err = _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0, err
    assert "verified" in out and "copied 1 tick(s)" in out
    _, out, _ = _run(capsys, "--store", store_url, "cases", "show", there, "--json")
    rows = {r["id"]: r for r in json.loads(out)["checklist"]}
    assert rows["restoration-plan"]["checked"] and rows["restoration-plan"]["by"] == "NTL"
    assert not rows["pulp-diagnosis"]["checked"]  # unticked on the server after the first run
    assert not rows["working-length-recorded"]["checked"]
    status, out, err = _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0 and "copied 0 tick(s)" not in out, (out, err)  # nothing more to say


def test_a_second_migrate_keeps_the_note_of_the_pc_s_later_tick(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The assistant ticked the PA with a note on the PC after the first run ('PA 11/30, on the
    sensor PC'); the second run brought the tick but wrote only 'migrate: ticked <time>' as its
    note, so what she wrote was lost on the office server."""
    fixture = str(FIXTURES / "case_d3330.json")
    pc = f"sqlite:///{(tmp_path / 'pc' / 'cases.sqlite').as_posix().lstrip('/')}"
    _run(capsys, "--store", pc, "cases", "import", fixture, "--operator", "PC")
    assert _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)[0] == 0
    note = "PA 11/30, on the sensor PC"
    later = ("cases", "tick", "1", "restoration-plan", "--operator", "NTL", "--note", note)
    assert _run(capsys, "--store", pc, *later)[0] == 0
    status, out, err = _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0 and "copied 1 tick(s)" in out, (out, err)
    _, out, _ = _run(capsys, "--store", store_url, "cases", "list", "--json")
    there = str(json.loads(out)[0]["id"])
    _, out, _ = _run(capsys, "--store", store_url, "cases", "show", there, "--json")
    row = {r["id"]: r for r in json.loads(out)["checklist"]}["restoration-plan"]
    assert row["checked"] and row["by"] == "NTL"
    assert note in row["note"] and "migrate" in row["note"]


def test_a_second_migrate_after_the_pc_opened_the_case_again_still_verifies(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """After the first run the assistant opens the case on the PC (audited: a view) and ticks
    one item there: the second run copies the tick, and the check must not then fail on the
    view ("audit rows missing in the target", exit 1, no way on)."""
    fixture = str(FIXTURES / "case_d3330.json")
    pc = f"sqlite:///{(tmp_path / 'pc' / 'cases.sqlite').as_posix().lstrip('/')}"
    _run(capsys, "--store", pc, "cases", "import", fixture, "--operator", "PC")
    assert _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)[0] == 0
    with open_repository(pc) as store:
        store.record_view(1, operator="NTL")
    later = ("cases", "tick", "1", "restoration-plan", "--operator", "NTL")
    assert _run(capsys, "--store", pc, *later)[0] == 0
    status, out, err = _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0 and "verified" in out, (out, err)
    status, out, err = _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0 and "verified" in out, (out, err)  # a third run carries nothing twice
    _, out, _ = _run(capsys, "--store", store_url, "cases", "show", "1", "--json")
    audit = json.loads(out)["audit"]
    views = [a for a in audit if a["action"] == "view" and a["operator"] == "NTL"]
    assert len(views) == 1 and "on the source at" in views[0]["detail"]


def test_a_second_migrate_brings_the_pc_s_later_edit_and_void_and_keeps_the_server_s(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """After the first run the dentist re-coded case 1 on the PC and the front desk voided
    case 2 there (a duplicate). The second run carried their audit rows ("edit: fields:
    procedure.code", "status draft -> void") but not the edits: the server kept the old code
    and a live case 2, and the run said "verified". Now the edit and the void come along; a
    case the server changed too keeps the server's, and the run says so."""
    from dataclasses import replace

    pc = f"sqlite:///{(tmp_path / 'pc' / 'cases.sqlite').as_posix().lstrip('/')}"
    fixture = str(FIXTURES / "case_d3330.json")
    for _ in range(3):
        _run(capsys, "--store", pc, "cases", "import", fixture, "--operator", "PC")
    assert _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)[0] == 0
    with open_repository(pc) as store:
        for case_id in (1, 3):
            stored = store.get_case(case_id)
            recoded = replace(stored.case, procedure=replace(stored.case.procedure, code="D3310"))
            store.update_case(case_id, recoded, operator="DDK", expected_version=stored.version)
        store.set_status(2, "void", operator="FD")
    with open_repository(store_url) as server:
        there = {s.uuid: s.id for s in server.list_cases()}
        with open_repository(pc) as store:
            third = there[store.get_case(3).uuid]
        stored = server.get_case(third)  # chair 2 changed case 3 on the server meanwhile
        renamed = replace(stored.case, patient=replace(stored.case.patient, name="Ann Other"))
        server.update_case(third, renamed, operator="NTL", expected_version=stored.version)
    status, out, err = _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0 and "verified" in out, (out, err)
    assert "later edits of 2 case(s)" in out and "warning: case 3 was changed" in out
    with open_repository(store_url) as server, open_repository(pc) as store:
        first, second, third_now = (
            server.get_case(there[store.get_case(n).uuid]) for n in (1, 2, 3)
        )
    assert first.case.procedure.code == "D3310" and second.status == "void"
    assert third_now.case.procedure.code == "D3330"  # the server's case 3 is kept
    assert third_now.case.patient.name == "Ann Other"
    status, out, err = _run(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0 and "later edits" not in out, (out, err)  # a third run: nothing new


@pytest.mark.parametrize("direction", ["pc-to-store", "store-to-pc"])
def test_migrated_audit_rows_name_the_same_signed_in_user_in_the_target(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, direction: str
) -> None:
    """`store migrate` copied a case's audit rows with their initials but no user (sign-in
    on): the audit trail of the target said nobody had signed in. A row names the target's
    user of the same name (the users come along by name, ids differ between stores), the hash
    chain holds and `store check` passes, both ways and on a second run."""
    from cdt_desktop.domain.cases.model import Case, Patient, Procedure
    from cdt_desktop.domain.pins import ScryptParams
    from cdt_desktop.domain.session import Role
    from cdt_desktop.services.auth import AuthService

    fast = ScryptParams(n=2**10)
    pc = f"sqlite:///{(tmp_path / 'pc' / 'cases.sqlite').as_posix().lstrip('/')}"
    source, target = (pc, store_url) if direction == "pc-to-store" else (store_url, pc)
    with open_repository(target) as there:  # the target has people of its own: ids differ
        office = AuthService(there, params=fast)
        office.create_first_admin("Bea Billing", "916420")
        office.add_user("Carl Front", Role.ASSISTANT, "660431")
    with open_repository(source) as here:
        auth = AuthService(here, params=fast)
        auth.create_first_admin("Ana Admin", "482913")
        lan = auth.add_user("Nguyễn Lan", Role.ASSISTANT, "730184")
        auth.sign_in(lan.id, "730184")
        case_id = here.create_case(
            Case(patient=Patient(name="Zoë"), procedure=Procedure(code="D3330")), operator="NL"
        )
        auth.record_view(case_id)
        here.tick(case_id, "consent", True, operator="NL")
        case_uuid = here.get_case(case_id).uuid

    status, _out, err = _run(capsys, "store", "migrate", "--from", source, "--to", target)
    assert status == 0, err
    with open_repository(target) as there:
        moved = there.find_uuid(case_uuid)
        theirs = there.find_user("Nguyễn Lan")
        assert moved is not None and theirs is not None and theirs.id != lan.id
        rows = there.audit_trail(case_id=moved)
        assert [(r.action, r.user_id, r.user_name) for r in rows] == [
            ("create", theirs.id, "Nguyễn Lan"),
            ("view", theirs.id, "Nguyễn Lan"),
            ("tick", theirs.id, "Nguyễn Lan"),
        ]
        assert there.verify_audit() == []
    with open_repository(source) as here:  # the PC's window opened the case again since
        auth = AuthService(here, params=fast)
        auth.sign_in(lan.id, "730184")
        auth.record_view(case_id)
    status, _out, err = _run(capsys, "store", "migrate", "--from", source, "--to", target)
    assert status == 0, err
    with open_repository(target) as there:
        rows = there.audit_trail(case_id=moved)
        assert [(r.action, r.user_name) for r in rows][-1] == ("view", "Nguyễn Lan")
        assert there.acting_user_id is None and there.verify_audit() == []
    for url in (source, target):
        status, out, err = _run(capsys, "--store", url, "store", "check")
        assert status == 0 and "healthy" in out, err


def test_a_row_by_a_user_the_target_lacks_names_no_user(tmp_path: Path) -> None:
    """Ids differ between stores: a source user with no namesake in the target is never
    mistaken for whoever has that id there; the row keeps its initials and names no user."""
    from cdt_desktop.commands.migrate import copy_cases, user_map
    from cdt_desktop.domain.cases.model import Case, Patient
    from cdt_desktop.domain.pins import ScryptParams
    from cdt_desktop.domain.session import Role
    from cdt_desktop.services.auth import AuthService

    fast = ScryptParams(n=2**10)
    with (
        open_repository(f"sqlite:///{(tmp_path / 'a.sqlite').as_posix().lstrip('/')}") as here,
        open_repository(f"sqlite:///{(tmp_path / 'b.sqlite').as_posix().lstrip('/')}") as there,
    ):
        auth = AuthService(here, params=fast)
        admin = auth.create_first_admin("Ana Admin", "482913")
        auth.sign_in(admin.id, "482913")
        here.create_case(Case(patient=Patient(name="Zoë")), operator="AA")
        AuthService(there, params=fast).create_first_admin("Someone Else", "916420")
        AuthService(there, params=fast).store.add_user(
            "Ana Admin II", "AB", Role.ASSISTANT, "", operator="SE"
        )
        mapping = user_map(here, there)
        assert mapping == {}
        copy_cases(here, there, mapping)
        rows = there.audit_trail(case_id=there.list_cases()[0].id)
        assert [(r.action, r.operator, r.user_id) for r in rows] == [("create", "AA", None)]
        assert there.verify_audit() == []


def test_show_says_which_items_the_record_answers(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Checklist tab and Mark as submitted count an item the case's record answers (a dated
    post-op film on the case) as done; `cases show` said only "checked": false (review9). Such
    a row now says what answers it; the other rows keep exactly their keys."""
    from cdt_desktop.domain.cases.model import Case, Claim, Patient, Procedure
    from tests.helpers.images import jpeg_bytes

    with open_repository(store_url) as store:
        case_id = store.create_case(
            Case(
                patient=Patient(name="Nguyễn Zoë"),
                claim=Claim(date_of_service="2026-12-01"),
                procedure=Procedure(code="D3330", tooth="19"),
            ),
            operator="AB",
        )
        store.add_radiograph(
            case_id, caption="Post-operative periapical radiograph, tooth #19",
            taken_on="2026-12-02", media_type="image/jpeg", data=jpeg_bytes(), width=64,
            height=48, operator="AB",
        )  # fmt: skip
    status, out, err = _run(capsys, "--store", store_url, "cases", "show", str(case_id), "--json")
    assert status == 0, err
    rows = {r["id"]: r for r in json.loads(out)["checklist"]}
    post = rows["postop-radiograph"]
    assert post["checked"] is False
    assert post["answered_by"] == "Post-operative film attached, taken December 2, 2026"
    assert set(rows["preop-radiograph"]) == {"id", "label", "required", "checked", "by", "at",
                                             "note"}  # fmt: skip
    status, out, _ = _run(capsys, "--store", store_url, "cases", "show", str(case_id))
    assert "postop-radiograph *  (done: Post-operative film attached" in out


def test_the_shipped_radiograph_sample_letter_lists_no_film_it_says_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`narrative` carries no image: the sample's answer says both films are kept in the
    patient's record, and its Enclosures named both as enclosed (billing walkthrough)."""
    from pypdf import PdfReader

    from tests.helpers import REPO_ROOT

    out = tmp_path / "appeal.pdf"
    sample = REPO_ROOT / "docs" / "samples" / "appeal-d3330-radiograph.json"
    status, _out, _err = _run(capsys, "narrative", str(sample), "-o", str(out))
    assert status == 0
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert "Both are kept in the patient's record" in text
    enclosures = text.split("Enclosures", 1)[1].split("Action requested", 1)[0]
    assert "radiograph" not in enclosures.lower(), enclosures


@pytest.mark.parametrize(
    ("code", "warned"),
    [("D3354", "D3354"), ("D3330", ""), ("D3310", "is D3330"), ("D3421", "is D3425")],
)
def test_a_case_imported_with_a_deleted_code_is_said_on_stderr(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, code: str, warned: str
) -> None:
    """New-office walkthrough: `cases import` of a D3354 case said nothing; stdout stays the
    id (the contract), stderr says the code is deleted. A code of another tooth type (D3310 or
    D3421 on molar #19) is said too, with the molar's code, as Mark as submitted says it."""
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    data["procedure"]["code"] = code
    case_id, err = _import_new(store_url, capsys, tmp_path, data)
    assert (f"warning: case {case_id}: " in err) is bool(warned), err
    assert warned in err


def test_a_case_imported_dated_after_its_claim_went_out_is_said_on_stderr(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Verification walk: `cases import` took a service of 2027-01-05 under a claim sent
    2026-08-18 without a word (the case form refuses it)."""
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    data["claim"]["date_of_service"] = "2027-01-05"
    data["status_history"] = [{"status": "submitted", "date": "2026-08-18"}]
    _case_id, err = _import_new(store_url, capsys, tmp_path, data)
    assert "a claim is never for a later day" in err, err


def _import_new(
    store_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data: dict,  # type: ignore[type-arg]
) -> tuple[int, str]:
    """``data`` as a case file imported into a new store: (its id, what stderr said)."""
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _run(capsys, "--store", store_url, "store", "init")[0] == 0
    status, out, err = _run(
        capsys, "--store", store_url, "cases", "import", str(path), "--operator", "AB", "--json"
    )
    assert status == 0 and set(json.loads(out)) == {"id"}  # stdout: the id alone (contract)
    return int(json.loads(out)["id"]), err


def test_a_prior_auth_sent_day_goes_through_import_show_and_export(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`claim.prior_auth_sent` in a case file is imported, shown and exported as it was; a
    file from before it existed imports and exports with the key empty."""
    data = json.loads((FIXTURES / "case_d3330.json").read_text(encoding="utf-8"))
    data["claim"]["prior_auth_sent"] = "2026-09-02"
    sent = tmp_path / "sent.json"
    sent.write_text(json.dumps(data), encoding="utf-8")
    assert _run(capsys, "--store", store_url, "store", "init")[0] == 0
    for path, expected in ((sent, "2026-09-02"), (FIXTURES / "case_d3330.json", "")):
        status, out, err = _run(
            capsys, "--store", store_url, "cases", "import", str(path), "--operator", "AB",
            "--json",
        )  # fmt: skip
        assert status == 0, err
        case_id = str(json.loads(out)["id"])
        shown = json.loads(
            _run(capsys, "--store", store_url, "cases", "show", case_id, "--json")[1]
        )
        assert shown["case"]["claim"]["prior_auth_sent"] == expected
        exported = json.loads(_run(capsys, "--store", store_url, "cases", "export", case_id)[1])
        assert exported["claim"]["prior_auth_sent"] == expected
    data["claim"]["prior_auth_sent"] = "2026-02-30"
    sent.write_text(json.dumps(data), encoding="utf-8")
    status, _out, err = _run(
        capsys, "--store", store_url, "cases", "import", str(sent), "--operator", "AB"
    )
    assert status == 2 and err.startswith("error:") and "'claim.prior_auth_sent'" in err


def test_importing_a_case_file_twice_imports_it_and_says_which_case_it_repeats(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The contract stands (exit 0, the new id on stdout); a `warning:` line on stderr names
    the case the file repeats, where nothing was said (walkthrough)."""
    _run(capsys, "--store", store_url, "store", "init")
    fixture = str(FIXTURES / "case_d3330.json")
    argv = ("--store", store_url, "cases", "import", fixture, "--operator", "AB", "--json")
    status, out, err = _run(capsys, *argv)
    first = json.loads(out)["id"]
    assert status == 0 and "repeats" not in err
    status, out, err = _run(capsys, *argv)
    second = json.loads(out)["id"]
    assert status == 0 and second != first
    assert f"warning: case {second} repeats case {first}" in err


@pytest.mark.parametrize(("code", "warned"), [("D3310", True), ("D3330", False)])
def test_ticking_that_the_tooth_fits_a_code_it_does_not_fit_warns(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, code: str, warned: bool
) -> None:
    """Re-walk: the window refuses the tick of "Tooth number on the claim fits the code" on
    D3310 for molar #19; `cases tick` took it with "ticked by MA" and no word. The tick is
    saved as asked (exit 0, the contract) and stderr says why it is not so."""
    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    data["procedure"]["code"] = code
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _run(capsys, "--store", store_url, "store", "init")[0] == 0
    _status, out, _err = _run(
        capsys, "--store", store_url, "cases", "import", str(path), "--operator", "AB", "--json"
    )
    case_id = str(json.loads(out)["id"])
    status, out, err = _run(
        capsys, "--store", store_url, "cases", "tick", case_id, "tooth-number-matches-code",
        "--operator", "MA",
    )  # fmt: skip
    assert status == 0 and "ticked by MA" in out
    assert ("Not so: D3310 is for permanent anterior teeth" in err) is warned, err


def test_store_check_notes_a_claim_left_sent_with_no_status_change(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Re-walk: before this version, taking back a claim's only status change left it
    "submitted" with no change recorded, in no To submit list. `store check` names such cases
    (a note: the store is healthy), and not a claim whose change is recorded."""
    from cdt_desktop.db.cases import open_repository
    from cdt_desktop.domain.cases.status import StatusEvent
    from cdt_desktop.services.billing import BillingService

    data = json.loads((FIXTURES / "case_d3330.json").read_text("utf-8"))
    data.pop("status_history", None)
    data.pop("status", None)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _run(capsys, "--store", store_url, "store", "init")[0] == 0
    ids = []
    for _ in range(2):
        _status, out, _err = _run(capsys, "--store", store_url, "cases", "import", str(path),
                                  "--operator", "AB", "--json")  # fmt: skip
        ids.append(json.loads(out)["id"])
    with open_repository(store_url) as store:
        store.set_status(ids[0], "submitted", operator="BK")  # as the old take-back left it
        BillingService(store).advance(ids[1], StatusEvent("submitted", "2026-11-02"),
                                      operator="BK")  # fmt: skip

    status, out, _err = _run(capsys, "--store", store_url, "store", "check")

    assert status == 0 and "result: healthy" in out
    [note] = [line for line in out.splitlines() if "no status change recorded" in line]
    assert f"case(s) {ids[0]} (submitted)" in note and f"{ids[1]} (" not in note
