"""View > Zoom at 160 %: the case form opens as wide as its fields need (it opened 560 px wide
whatever the text size, so every field was cut at the right behind a sideways scroll bar:
new-user walkthrough)."""

from __future__ import annotations

from pathlib import Path

from cdt_desktop.db.cases.sqlite.repository import CaseStore
from cdt_desktop.services.cases import CaseService
from cdt_desktop.ui.cases.form import CaseForm
from tests.helpers.zoom import text_zoomed


def test_at_160_percent_the_form_shows_its_fields_whole(qtbot, tmp_path: Path) -> None:
    with text_zoomed(1.6), CaseStore.open(tmp_path / "data") as store:
        form = CaseForm(CaseService(store), operator_source=lambda: "AB")
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        scroll = form._scroll
        assert scroll.horizontalScrollBar().maximum() == 0, form.width()
        screen = form.screen().availableGeometry()
        assert form.width() <= screen.width()
