"""The bundle's self-check (``cdt-desktop --self-check``): the window builds, a search and a
selection work, the appeal PDF prints every bundled script in its font.

``app.main`` imports this module only for the self-check, so an office's start does not pay
for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QMainWindow

SELF_CHECK_QUERY = "molar"


def self_check_problems(app: QApplication, window: QMainWindow) -> list[str]:
    """What the self-check found wrong with the shown window, the selector and the PDF (none
    when the bundle works): the molar RCT is found, recommended for #19, and the appeal PDF
    prints Korean, Hindi and Thai names in their bundled fonts (shaped)."""
    from PySide6.QtWidgets import QListView

    from cdt_desktop.report.selfcheck import pdf_problems

    window.resize(1366, 768)
    window.show()
    app.processEvents()
    problems: list[str] = []
    search = getattr(window, "search", None)
    if search is None:
        problems.append("no search pane")
    else:
        search.set_query(SELF_CHECK_QUERY)
        app.processEvents()
        results = window.findChild(QListView, "searchResults")
        codes = search.model.codes() if results is not None else []
        if "D3330" not in codes:
            problems.append(f"search for {SELF_CHECK_QUERY!r} did not find D3330")
    problems.extend(_check_selector())
    problems.extend(pdf_problems())
    return problems


def _check_selector() -> list[str]:
    from cdt_desktop.domain.coding.findings import Findings, Pulp, Root
    from cdt_desktop.domain.coding.selector import select
    from cdt_desktop.domain.teeth import parse_tooth

    findings = Findings(
        tooth=parse_tooth("19", "universal"), root=Root.COMPLETE, pulp=Pulp.NECROSIS
    )
    recommended = [c.code for c in select(findings).candidates if c.status == "recommended"]
    return [] if recommended == ["D3330"] else [f"selector recommended {recommended} for #19"]
