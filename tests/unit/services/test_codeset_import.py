"""Who may import the licensed CDT file on a one-PC office, and where it goes: billing and admins
(not the chair), never into a read-only store, audited in this PC's case store; the code set
stays this PC's own file. Real SQLite files; made-up practice text, never ADA text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.db.cases import open_repository
from cdt_desktop.db.cdt_file import ImportedCode, ImportReport
from cdt_desktop.db.codesets import CodeSetStore
from cdt_desktop.domain.session import PermissionDeniedError
from cdt_desktop.services.codeset_import import CodeSetImport
from tests.helpers.office import as_user, office


def _report() -> ImportReport:
    report = ImportReport(edition="2026")
    report.accepted.append(ImportedCode("D3330", "Molar RCT (practice)", "Practice text"))
    return report


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("Maria Ruiz", False), ("Dr Diaz", False), ("Bea Billing", True), ("Ana Admin", True)],
)
def test_billing_and_admins_import_the_chair_does_not(
    tmp_path: Path, who: str, allowed: bool
) -> None:
    data = tmp_path / "data"
    with office(data) as (service, auth):
        initials = as_user(auth, who)
        target = CodeSetImport(data, service.repository, auth=auth)
        assert target.where == "this PC" and target.shared is None
        if not allowed:
            with pytest.raises(PermissionDeniedError, match="needs the billing or admin role"):
                target.save(_report(), "CDT2026.txt")
            assert CodeSetStore.open_existing(data) is None
            return
        assert target.shown() == "No CDT code set imported yet."
        target.save(_report(), "CDT2026.txt")
        assert target.shown().startswith("Shown now: CDT 2026 (1 code, imported ")
        imports = [e for e in service.repository.audit() if e.action == "cdt-import"]
        assert [(e.operator, e.detail) for e in imports] == [(initials, "CDT 2026: 1 codes")]
    with CodeSetStore(data) as codes:
        assert codes.descriptor("D3330") == "Molar RCT (practice)\n\nPractice text"


def test_a_read_only_store_refuses_the_import_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_repository(None, data_dir=data):
        pass
    with open_repository(None, data_dir=data, read_only=True) as store:
        target = CodeSetImport(data, store, operator="OM")
        with pytest.raises(UserFacingError, match="read-only"):
            target.save(_report(), "CDT2026.txt")
    assert CodeSetStore.open_existing(data) is None


@pytest.mark.parametrize(
    ("situation", "editions", "year", "said"),
    [
        ("next year's file imported in December", [("2027", "2026-12-06", 17), ("2026", "2026-01-10", 16)],
         "2026", "CDT 2026 (16 codes, imported 2026-01-10); CDT 2027 (17 codes, imported "
                 "2026-12-06) takes over on January 1, 2027"),
        ("the new year came", [("2027", "2026-12-06", 17), ("2026", "2026-01-10", 16)],
         "2027", "CDT 2027 (17 codes, imported 2026-12-06)"),
        ("only a future edition", [("2027", "2026-12-06", 1)], "2026",
         "CDT 2027 (1 code, imported 2026-12-06)"),
    ],
)  # fmt: skip
def test_the_dialog_names_the_edition_in_force_and_the_one_ahead(
    situation: str, editions: list[tuple[str, str, int]], year: str, said: str
) -> None:
    """Office manager walk: "Shown now: CDT 2027" on December 6, 2026, while the code detail
    showed, rightly, CDT 2026's text."""
    from cdt_desktop.services.codeset_import import _newest

    assert _newest(editions, year) == said, situation
