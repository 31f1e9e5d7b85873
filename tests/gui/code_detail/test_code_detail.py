"""Code detail: every section from the library, escaped, and code: links that open codes."""

from __future__ import annotations

from typing import ClassVar

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.reference import ChecklistItem, CodeEntry, Comparison, Denial, Faq
from cdt_desktop.ui.code_detail.view import CodeDetail, code_link, render_entry_html

D3330 = CodeEntry(
    code="D3330",
    category="Endodontics",
    subcategory="Endodontic therapy",
    name="Root canal, molar",
    summary="Complete root canal treatment of a permanent molar.",
    synonyms=("RCT", "root canal"),
    when_to_use=("Permanent molar, root complete, irreversible pulpitis or necrosis.",),
    when_not_to_use=("Immature root: consider D3222 or the apexification series.",),
    documentation=("Pre-operative periapical radiograph.",),
    billing_tips=("Report the final restoration separately.",),
    prior_auth_tips=("Some plans want a pre-op image with the request.",),
    related=("D0220", "D2950"),
    comparisons=(Comparison("D3320", "D3320 is for premolars."),),
    checklist=(ChecklistItem("preop-radiograph", "Pre-op radiograph", "imaging", True),),
    denials=(Denial("Missing radiograph", "Attach the pre-op periapical."),),
    faq=(Faq("Can I bill the access separately?", "No: it is part of the procedure."),),
)
D3320 = CodeEntry("D3320", "Endodontics", "Endodontic therapy", "Root canal, premolar", "Premolar.")
D3354 = CodeEntry(
    "D3354",
    "Endodontics",
    "",
    "Pulpal regeneration (old)",
    "Deleted.",
    status="deleted",
    replaced_by=("D3355",),
)
HOSTILE = CodeEntry(
    "D9999",
    "<script>x</script>",
    "&amp;",
    "<b>bold</b>",
    "a < b & c > d",
    when_to_use=("<img src=x>",),
    faq=(Faq("<i>q</i>", "<a href='http://evil'>a</a>"),),
    licensed_descriptor="<table>",
)


class FakeLibrary:
    entries: ClassVar[dict[str, CodeEntry]] = {e.code: e for e in (D3330, D3320, D3354, HOSTILE)}

    def get(self, code: str) -> CodeEntry | None:
        return self.entries.get(code)

    def names(self) -> dict[str, str]:
        return {"D0220": "Periapical image", **{c: e.name for c, e in self.entries.items()}}


@pytest.fixture
def detail(qtbot: QtBot) -> CodeDetail:
    widget = CodeDetail(FakeLibrary())
    qtbot.addWidget(widget)
    widget.resize(600, 500)
    widget.show()
    return widget


@pytest.mark.parametrize(
    "heading",
    [
        "Overview",
        "When to use",
        "When not to use",
        "Similar codes and how they differ",
        "Documentation requirements",
        "Billing tips",
        "Prior authorization",
        "Common denials and how to answer them",
        "Questions",
        "Related and co-billed codes",
    ],
)
def test_every_section_is_rendered(heading: str) -> None:
    assert f"<h3>{heading}</h3>" in render_entry_html(D3330, FakeLibrary().names())


def test_similar_and_related_codes_are_code_links() -> None:
    page = render_entry_html(D3330, FakeLibrary().names())
    assert '<a href="code:D3320"><b>D3320</b> Root canal, premolar</a>' in page
    assert 'href="code:D0220"' in page
    assert 'href="code:D2950"' in page


def test_every_value_is_escaped() -> None:
    page = render_entry_html(HOSTILE, {})
    for raw in ("<script>", "<b>bold</b>", "<img", "<i>q</i>", "<a href='http", "<table>"):
        assert raw not in page
    assert "a &lt; b &amp; c &gt; d" in page
    assert "&amp;amp;" in page


def test_malformed_codes_are_never_links() -> None:
    assert "href" not in code_link('D1"><script>', {})


def test_deleted_code_is_flagged_with_its_replacement() -> None:
    page = render_entry_html(D3354, {})
    assert "Deleted code" in page
    assert 'href="code:D3355"' in page


def test_show_code_renders_and_reports(detail: CodeDetail, qtbot: QtBot) -> None:
    with qtbot.waitSignal(detail.codeShown) as blocker:
        assert detail.show_code("d3330")
    assert blocker.args == ["D3330"]
    assert "Root canal, molar" in detail.toPlainText()
    assert "Attach the pre-op periapical." in detail.toPlainText()


def test_hostile_entry_renders_literally(detail: CodeDetail) -> None:
    detail.show_code("D9999")
    text = detail.toPlainText()
    assert "<b>bold</b>" in text
    assert "<script>x</script>" in text


def test_unknown_code_says_so(detail: CodeDetail) -> None:
    assert detail.show_code("D1234") is False
    assert "not in the reference library" in detail.toPlainText()


def test_clicking_a_code_link_opens_that_code(detail: CodeDetail, qtbot: QtBot) -> None:
    detail.show_code("D3330")
    with qtbot.waitSignal(detail.codeShown) as blocker:
        detail.anchorClicked.emit(QUrl("code:D3320"))
    assert blocker.args == ["D3320"]
    assert detail.current_code() == "D3320"
    assert detail.go_back()
    assert detail.current_code() == "D3330"
    assert not detail.go_back()


@pytest.mark.parametrize("url", ["http://example.com", "file:///etc/passwd", "code:../x", "code:"])
def test_other_links_are_ignored(detail: CodeDetail, url: str) -> None:
    detail.show_code("D3330")
    detail.anchorClicked.emit(QUrl(url))
    assert detail.current_code() == "D3330"
    assert not detail.openLinks()


def test_a_real_mouse_click_on_a_similar_code_opens_it(detail: CodeDetail, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    detail.show_code("D3330")
    found = detail.document().find("Root canal, premolar")
    assert not found.isNull()
    found.setPosition(found.selectionStart() + 2)
    point = detail.cursorRect(found).center()
    with qtbot.waitSignal(detail.codeShown) as blocker:
        qtbot.mouseClick(detail.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == ["D3320"]


def test_a_new_system_palette_restyles_the_shown_code(qtbot: QtBot, detail: CodeDetail) -> None:
    """Dark mode switched on while the app runs: links and muted text follow the new palette."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from cdt_desktop.ui.code_detail.view import style_sheet

    assert detail.show_code("D3330")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    try:
        app.setPalette(dark)
        assert detail.page_style() == style_sheet(dark)
        link = style_sheet(dark).split("a { color: ")[1].split(";")[0]
        assert link in detail.toHtml()  # the page shown again in the new colours
        assert detail.current_code() == "D3330"
        assert "Root canal, molar" in detail.toPlainText()
    finally:
        app.setPalette(light)
    assert detail.page_style() == style_sheet(light)
