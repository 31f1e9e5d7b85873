"""Radiographs attached to a case, the same on every backend (the `repository` fixture runs each
test on SQLite and on a real PostgreSQL server): the chair attaches a film, billing at the front
desk reads it back byte for byte; the audit log names the image by digest, never by caption."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from cdt_desktop.db.cases import open_repository
from cdt_desktop.domain.cases.model import Case, Patient
from cdt_desktop.domain.cases.ports import (
    CaseNotFoundError,
    CaseRepository,
    CaseVoidedError,
    StoreInputError,
    StoreReadOnlyError,
)
from cdt_desktop.domain.cases.radiographs import MAX_PER_CASE, Radiograph
from tests.helpers.images import jpeg_bytes, png_bytes

CAPTION = "Pre-op PA #19 Zzyzx-Sentinel-Ω"


def _case(repository: CaseRepository) -> int:
    return repository.create_case(Case(patient=Patient(name="Nguyễn Thị B")), operator="AB")


def _attach(
    repository: CaseRepository, case_id: int, data: bytes | None = None, **kw: str
) -> Radiograph:
    data = data if data is not None else jpeg_bytes()
    media = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return repository.add_radiograph(
        case_id, caption=kw.get("caption", CAPTION), taken_on=kw.get("taken_on", "2025-03-14"),
        media_type=kw.get("media_type", media), data=data, width=64, height=48,
        operator=kw.get("operator", "AB"),
    )  # fmt: skip


def test_a_film_from_the_chair_is_read_back_by_billing(repository: CaseRepository) -> None:
    case_id = _case(repository)
    film, photo = jpeg_bytes(), png_bytes()
    first = _attach(repository, case_id, film)
    second = _attach(repository, case_id, photo, caption="Post-op", taken_on="", operator="CD")
    assert first.sha256 == hashlib.sha256(film).hexdigest() and first.added_by == "AB"
    assert first.added_at and first.case_id == case_id
    shown = repository.radiographs(case_id)
    assert shown == [first, second]
    assert shown[0].data == film and shown[0].caption == CAPTION
    assert shown[0].taken_on == "2025-03-14" and shown[0].media_type == "image/jpeg"
    assert (shown[1].data, shown[1].media_type, shown[1].taken_on) == (photo, "image/png", "")
    assert (shown[1].width, shown[1].height, shown[1].added_by) == (64, 48, "CD")
    assert repository.radiographs(_case(repository)) == []


def test_the_cases_holding_one_image_are_found_by_its_digest(repository: CaseRepository) -> None:
    """The same film on two patients' cases is asked about before the second attach (the
    window compares the digest of the cleaned image with the store's)."""
    film, other = jpeg_bytes(), png_bytes()
    first, second, third = _case(repository), _case(repository), _case(repository)
    _attach(repository, first, film)
    _attach(repository, third, film)
    _attach(repository, third, film, caption="Again")  # twice on one case: named once
    _attach(repository, second, other)
    digest = hashlib.sha256(film).hexdigest()
    assert repository.cases_with_image(digest) == [first, third]
    assert repository.cases_with_image(hashlib.sha256(b"none").hexdigest()) == []


def test_a_listing_leaves_the_bytes_in_the_store(repository: CaseRepository) -> None:
    """`cases show` and `store migrate`'s check list a case's films without carrying up to 48 MB
    over the office network: the same metadata, the size as stored, no bytes."""
    case_id = _case(repository)
    film = jpeg_bytes()
    _attach(repository, case_id, film)
    _attach(repository, case_id, png_bytes(), caption="Post-op")
    full = repository.radiographs(case_id)
    listed = repository.radiographs(case_id, with_data=False)
    assert [f.size for f in full] == [len(f.data) for f in full] and full[0].size == len(film)
    assert [(f.data, f.size) for f in listed] == [(b"", f.size) for f in full]
    assert [replace(f, data=b"") for f in full] == listed
    assert repository.radiographs(case_id + 999, with_data=False) == []


def test_attach_and_detach_are_audited_without_the_caption(repository: CaseRepository) -> None:
    case_id = _case(repository)
    image = _attach(repository, case_id)
    repository.remove_radiograph(case_id, image.id, operator="CD")
    assert repository.radiographs(case_id) == []
    entries = repository.audit(case_id)
    assert [(e.action, e.operator) for e in entries[:2]] == [("detach", "CD"), ("attach", "AB")]
    for entry in entries[:2]:
        assert image.sha256[:12] in entry.detail and "image/jpeg" in entry.detail
        assert "Zzyzx" not in entry.detail and "Pre-op" not in entry.detail
    assert repository.verify_audit() == []


def test_a_thirteenth_film_is_refused_and_nothing_is_written(repository: CaseRepository) -> None:
    case_id = _case(repository)
    for _ in range(MAX_PER_CASE):
        _attach(repository, case_id)
    audit_before = len(repository.audit(case_id))
    with pytest.raises(StoreInputError, match=f"already has {MAX_PER_CASE} radiographs"):
        _attach(repository, case_id)
    assert len(repository.radiographs(case_id)) == MAX_PER_CASE
    assert len(repository.audit(case_id)) == audit_before


def test_a_film_for_a_case_that_is_gone_is_refused(repository: CaseRepository) -> None:
    with pytest.raises(CaseNotFoundError):
        _attach(repository, 999)
    case_id = _case(repository)
    other = _case(repository)
    image = _attach(repository, case_id)
    with pytest.raises(CaseNotFoundError, match="not attached to case"):
        repository.remove_radiograph(other, image.id, operator="AB")
    with pytest.raises(CaseNotFoundError):
        repository.remove_radiograph(case_id, image.id + 100, operator="AB")
    assert repository.radiographs(case_id) == [image]


def test_deleting_a_case_takes_its_films_with_it(repository: CaseRepository) -> None:
    case_id = _case(repository)
    _attach(repository, case_id)
    repository.delete_case(case_id, operator="AB")
    assert repository.radiographs(case_id) == []
    assert repository.check() == ["ok"]


@pytest.mark.parametrize(
    ("situation", "change", "message"),
    [
        ("a caption holding a control character", {"caption": "a\x00b"}, "caption"),
        ("a caption longer than a line", {"caption": "x" * 121}, "caption"),
        ("a date that is not a day", {"taken_on": "2025-02-30"}, "real date"),
        ("a date written the US way", {"taken_on": "03/14/2025"}, "real date"),
        ("a TIFF", {"media_type": "image/tiff"}, "image/jpeg"),
        ("PNG bytes called a JPEG", {"media_type": "image/jpeg", "png": "1"}, "not image/jpeg"),
        ("no operator", {"operator": " "}, "initials"),
    ],
)
def test_bad_input_is_refused_naming_the_rule(
    repository: CaseRepository, situation: str, change: dict[str, str], message: str
) -> None:
    case_id = _case(repository)
    change = dict(change)  # the same dict serves both backends
    data = png_bytes() if change.pop("png", "") else jpeg_bytes()
    with pytest.raises(StoreInputError, match=message):
        _attach(repository, case_id, data, **change)
    assert repository.radiographs(case_id) == []


def test_empty_or_oversized_bytes_are_refused(repository: CaseRepository) -> None:
    case_id = _case(repository)
    with pytest.raises(StoreInputError):
        _attach(repository, case_id, b"")
    with pytest.raises(StoreInputError, match="MB"):
        _attach(repository, case_id, b"\xff\xd8\xff" + b"\0" * 4_000_000)


def test_a_read_only_store_refuses_a_film(store_url: str) -> None:
    with open_repository(store_url) as store:
        case_id = _case(store)
        image = _attach(store, case_id)
    with open_repository(store_url, read_only=True) as store:
        assert store.radiographs(case_id) == [image]
        with pytest.raises(StoreReadOnlyError):
            _attach(store, case_id)
        with pytest.raises(StoreReadOnlyError):
            store.remove_radiograph(case_id, image.id, operator="AB")
        assert store.radiographs(case_id) == [image]


def test_a_copied_film_keeps_its_uuid_and_is_copied_once(store_url: str, tmp_path: Path) -> None:
    from cdt_desktop.db.cases.radiograph_rows import RadiographRows

    other_url = f"sqlite:///{(tmp_path / 'other' / 'cases.sqlite').as_posix().lstrip('/')}"
    with open_repository(store_url) as source, open_repository(other_url) as target:
        assert isinstance(source, RadiographRows) and isinstance(target, RadiographRows)
        case_id = _case(source)
        image = _attach(source, case_id, operator="AB")
        (uuid,) = source.radiograph_uuids(case_id).values()
        there = _case(target)
        assert target.adopt_radiograph(there, image, uuid=uuid, operator="migrate") is True
        assert target.adopt_radiograph(there, image, uuid=uuid, operator="migrate") is False
        (copied,) = target.radiographs(there)
        assert (copied.data, copied.added_by, copied.added_at) == (image.data, "AB", image.added_at)
        assert target.radiograph_uuids(there) == {copied.id: uuid}
        assert target.audit(there)[0].detail.startswith("copied " + image.sha256[:12])


# -- the CLI: store migrate, cases show ------------------------------------------------------------
def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from cdt_desktop import cli

    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_store_migrate_brings_the_chairs_films_to_the_office_server(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A PC's cases.sqlite merged into the office store (either backend): films copied by uuid,
    once; a film attached on the PC after the first merge follows on the second."""
    from tests.helpers import FIXTURES

    pc = f"sqlite:///{(tmp_path / 'pc1' / 'cases.sqlite').as_posix().lstrip('/')}"
    _cli(capsys, "--store", pc, "cases", "import", str(FIXTURES / "case_d3330.json"),
         "--operator", "P1")  # fmt: skip
    with open_repository(pc) as store:
        first = _attach(store, 1, jpeg_bytes(), operator="P1")
        _attach(store, 1, png_bytes(), caption="Post-op", operator="P1")
    status, out, err = _cli(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0, err
    assert "copied 2 radiograph(s), skipped 0" in out and "radiograph and audit row" in out
    status, out, _ = _cli(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0 and "copied 0 radiograph(s), skipped 2" in out
    with open_repository(pc) as store:
        _attach(store, 1, jpeg_bytes(32, 32), caption="Bitewing", operator="P2")
    status, out, _ = _cli(capsys, "store", "migrate", "--from", pc, "--to", store_url)
    assert status == 0 and "copied 1 radiograph(s), skipped 2" in out and "verified" in out
    with open_repository(store_url) as office:
        (case_id,) = [s.id for s in office.list_cases()]
        films = office.radiographs(case_id)
        assert [f.caption for f in films] == [CAPTION, "Post-op", "Bitewing"]
        assert films[0].data == first.data and films[0].added_at == first.added_at
        attaches = [e for e in office.audit(case_id) if e.action == "attach"]
        # two came with the case's own trail; the late one is the migration's copy, and the
        # PC's own row of it (who attached it there, and when) is carried along too
        assert [e.operator for e in attaches] == ["migrate", "P2", "P1", "P1"]
        assert "on the source at" in attaches[1].detail
        assert office.verify_audit() == []
    status, out, _ = _cli(capsys, "--store", store_url, "store", "check")
    assert status == 0 and "result: healthy" in out


def test_cases_show_lists_the_films_without_their_bytes(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_repository(store_url) as store:
        case_id = _case(store)
    status, out, _ = _cli(capsys, "--store", store_url, "cases", "show", str(case_id), "--json")
    assert "radiographs" not in json.loads(out)  # without films: the keys it always had
    with open_repository(store_url) as store:
        image = _attach(store, case_id)
    status, out, _ = _cli(capsys, "--store", store_url, "cases", "show", str(case_id), "--json")
    shown = json.loads(out)
    assert status == 0
    assert {"id", "uuid", "version", "status", "case", "checklist", "audit"} < set(shown)
    assert shown["radiographs"] == [{
        "id": image.id, "caption": CAPTION, "taken_on": "2025-03-14", "media_type": "image/jpeg",
        "width": 64, "height": 48, "size_bytes": len(image.data), "sha256": image.sha256,
        "added_by": "AB", "added_at": image.added_at,
    }]  # fmt: skip
    assert "data" not in out
    status, out, _ = _cli(capsys, "--store", store_url, "cases", "show", str(case_id))
    assert status == 0 and f"radiograph {image.id}: {CAPTION}, taken 2025-03-14" in out


def test_a_film_removed_on_the_server_does_not_come_back_with_the_next_merge(
    store_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The front desk took a wrong patient's film off the case on the office store; the PC
    that attached it is merged again: the film stays off, and the merge still verifies."""
    from tests.helpers import FIXTURES

    pc = f"sqlite:///{(tmp_path / 'pc1' / 'cases.sqlite').as_posix().lstrip('/')}"
    _cli(capsys, "--store", pc, "cases", "import", str(FIXTURES / "case_d3330.json"),
         "--operator", "P1")  # fmt: skip
    with open_repository(pc) as store:
        _attach(store, 1, jpeg_bytes(), caption="Wrong patient", operator="P1")
        _attach(store, 1, png_bytes(), caption="Post-op", operator="P1")
    assert _cli(capsys, "store", "migrate", "--from", pc, "--to", store_url)[0] == 0
    with open_repository(store_url) as office:
        (case_id,) = [s.id for s in office.list_cases()]
        wrong = next(f for f in office.radiographs(case_id) if f.caption == "Wrong patient")
        office.remove_radiograph(case_id, wrong.id, operator="FD")

    status, out, err = _cli(capsys, "store", "migrate", "--from", pc, "--to", store_url)

    assert status == 0, err
    assert "verified" in out
    with open_repository(store_url) as office:
        assert [f.caption for f in office.radiographs(case_id)] == ["Post-op"]


def test_no_film_is_attached_to_or_removed_from_a_case_voided_meanwhile(
    repository: CaseRepository,
) -> None:
    """The chair's Radiographs dialog still open on a case the front desk has just voided."""
    case_id = _case(repository)
    kept = _attach(repository, case_id)
    repository.set_status(case_id, "void", operator="FD")
    trail = len(repository.audit(case_id))
    with pytest.raises(CaseVoidedError, match="voided"):
        _attach(repository, case_id, png_bytes())
    with pytest.raises(CaseVoidedError, match="voided"):
        repository.remove_radiograph(case_id, kept.id, operator="AB")
    assert [r.sha256 for r in repository.radiographs(case_id)] == [kept.sha256]
    assert len(repository.audit(case_id)) == trail


def test_an_exported_case_file_carries_the_dates_of_its_attached_films(
    repository: CaseRepository,
) -> None:
    """PostgreSQL hand-over walk: the window counted the pre-op film done by its attached
    image's date; the exported case file had no film date, so `narrative --check` on it said
    the pre-op film was not recorded. A file carries no image: it carries the dates the images
    give, where Clinical facts give none (as the window and the letter count them)."""
    import json

    case_id = _case(repository)
    _attach(repository, case_id, caption="Pre-op PA #19", taken_on="2026-08-03")
    _attach(repository, case_id, png_bytes(), caption="Post-op PA #19", taken_on="")  # undated
    facts = json.loads(repository.export_case(case_id))["facts"]
    assert facts["preop_radiograph_date"] == "2026-08-03"
    assert facts.get("postop_radiograph_date", "") == ""
    assert repository.get_case(case_id).case.facts.preop_radiograph_date == ""  # store unchanged
