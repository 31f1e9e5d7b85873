"""Search pane: typing fills a well-behaved model; the keyboard drives it; any text is a search."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QStaticText
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from cdt_desktop.domain.reference import SearchHit
from cdt_desktop.ui.search.model import (
    CodeRole,
    DeletedRole,
    SearchResultsModel,
    match_spans,
    query_terms,
)
from cdt_desktop.ui.search.pane import SearchPane, empty_state_text

HITS = [
    SearchHit("D3310", "Root canal, anterior", "Endodontics", "Endodontic therapy", "Front teeth."),
    SearchHit("D3320", "Root canal, premolar", "Endodontics", "Endodontic therapy", "Premolars."),
    SearchHit("D3330", "Root canal, molar", "Endodontics", "Endodontic therapy", "Molars.", "name"),
    SearchHit("D3354", "Pulpal regeneration (old)", "Endodontics", "", "", "code", True),
]


class FakeLibrary:
    """Matches every word as a prefix of a word in code/name; records the queries it got."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        self.queries.append(query)
        words = re.findall(r"\w+", query.casefold())
        if not words:
            return []
        found = []
        for hit in HITS:
            text = re.findall(r"\w+", f"{hit.code} {hit.name} {hit.code[1:]}".casefold())
            if all(any(t.startswith(w) for t in text) for w in words):
                found.append(hit)
        return found[:limit]


@pytest.fixture
def pane(qtbot: QtBot) -> SearchPane:
    widget = SearchPane(FakeLibrary())
    qtbot.addWidget(widget)
    widget.resize(320, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_results_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = SearchResultsModel()
    model.set_results("root", HITS)
    qtmodeltester.check(model)
    model.set_results("", [])
    qtmodeltester.check(model)


def test_model_roles_carry_each_field() -> None:
    model = SearchResultsModel()
    model.set_results("x", HITS)
    last = model.index(3, 0)
    assert last.data(CodeRole) == "D3354"
    assert last.data(DeletedRole) is True
    assert "deleted" in last.data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.index(0, 0).data() == "D3310  Root canal, anterior"


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("Root canal, molar", "mol", ["mol"]),
        ("Root canal, molar", "root molar", ["Root", "molar"]),
        ("D3330", "3330", ["3330"]),
        ("D3330", "d33", ["D33"]),
        ("Root canal, molar", "ola", []),  # not at a word start
        ("Root canal, molar", "<b>", []),
    ],
)
def test_match_spans_mark_word_prefixes_and_digits(
    text: str, query: str, marked: list[str]
) -> None:
    spans = match_spans(text, query_terms(query))
    assert [text[a:b] for a, b in spans] == marked


def test_typing_fills_results(pane: SearchPane, qtbot: QtBot) -> None:
    qtbot.keyClicks(pane.box, "molar")
    assert pane.model.codes() == ["D3330"]
    assert pane.results.isVisible()
    assert pane.empty_state_message() == ""


def test_no_match_shows_a_helpful_empty_state_with_the_query_literal(
    pane: SearchPane, qtbot: QtBot
) -> None:
    qtbot.keyClicks(pane.box, "<b>zz</b>")
    assert pane.model.rowCount() == 0
    assert pane.empty.textFormat() == Qt.TextFormat.PlainText
    assert "“<b>zz</b>”" in pane.empty_state_message()
    assert "3330" in pane.empty_state_message()


def test_a_pasted_right_to_left_override_is_dropped_from_the_search_and_its_message(
    pane: SearchPane, qtbot: QtBot
) -> None:
    """New-user walk: a pasted U+202E before "raloM" reversed the message under the box, so its
    "3330" read "0333", and "\u202emolar" found nothing."""
    pane.box.setText("\u202emolar")  # as a paste puts it in the box
    assert pane.model.codes() == ["D3330"]
    pane.box.setText("\u202eraloM \u05e9\u05d5\u05e8\u05e9")
    shown = pane.empty.text()
    assert pane.model.rowCount() == 0 and "\u202e" not in shown
    quoted = shown[shown.index("\u201c") + 1 : shown.index("\u201d")]
    assert quoted.startswith("\u2068") and quoted.endswith("\u2069")  # isolated: it reorders
    assert "(3330)" in shown.split("\u201d", 1)[1]  # nothing after it


def test_empty_box_shows_the_hint(pane: SearchPane, qtbot: QtBot) -> None:
    qtbot.keyClicks(pane.box, "mo")
    pane.box.clear()
    assert pane.model.rowCount() == 0
    assert "abbreviation" in pane.empty_state_message()


def test_down_moves_into_results_and_enter_activates(pane: SearchPane, qtbot: QtBot) -> None:
    qtbot.keyClicks(pane.box, "root")
    pane.box.setFocus()
    qtbot.keyClick(pane.box, Qt.Key.Key_Down)
    assert pane.results.hasFocus()
    qtbot.keyClick(pane.results, Qt.Key.Key_Down)
    assert pane.current_code() == "D3320"
    with qtbot.waitSignal(pane.codeActivated) as blocker:
        qtbot.keyClick(pane.results, Qt.Key.Key_Return)
    assert blocker.args == ["D3320"]


def test_enter_in_the_box_opens_the_first_result(pane: SearchPane, qtbot: QtBot) -> None:
    qtbot.keyClicks(pane.box, "root")
    with qtbot.waitSignal(pane.codeActivated) as blocker:
        qtbot.keyClick(pane.box, Qt.Key.Key_Enter)
    assert blocker.args == ["D3310"]


def test_up_from_the_first_row_returns_to_the_box(pane: SearchPane, qtbot: QtBot) -> None:
    qtbot.keyClicks(pane.box, "root")
    qtbot.keyClick(pane.box, Qt.Key.Key_Down)
    qtbot.keyClick(pane.results, Qt.Key.Key_Up)
    assert pane.box.hasFocus()


def test_escape_clears_from_box_and_list(pane: SearchPane, qtbot: QtBot) -> None:
    qtbot.keyClicks(pane.box, "root")
    qtbot.keyClick(pane.box, Qt.Key.Key_Escape)
    assert pane.query() == ""
    qtbot.keyClicks(pane.box, "root")
    qtbot.keyClick(pane.box, Qt.Key.Key_Down)
    qtbot.keyClick(pane.results, Qt.Key.Key_Escape)
    assert pane.query() == ""
    assert pane.box.hasFocus()


def test_typing_in_the_list_goes_on_searching(pane: SearchPane, qtbot: QtBot) -> None:
    qtbot.keyClicks(pane.box, "root")
    qtbot.keyClick(pane.box, Qt.Key.Key_Down)
    qtbot.keyClicks(pane.results, " m")
    assert pane.query() == "root m"
    assert pane.model.codes() == ["D3330"]


def test_clicking_a_result_activates_it(pane: SearchPane, qtbot: QtBot) -> None:
    qtbot.keyClicks(pane.box, "root")
    rect = pane.results.visualRect(pane.model.index(2, 0))
    with qtbot.waitSignal(pane.codeActivated) as blocker:
        qtbot.mouseClick(pane.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["D3330"]


def test_a_failing_library_shows_a_state_and_logs_no_query(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        def search(self, query: str, limit: int = 50) -> list[SearchHit]:
            raise RuntimeError(f"fts5: syntax error near {query}")

    widget = SearchPane(Broken())
    qtbot.addWidget(widget)
    widget.set_query("SECRET-QUERY")
    assert "unavailable" in widget.empty_state_message()
    assert "SECRET-QUERY" not in caplog.text
    assert "RuntimeError" in caplog.text


def type_unicode(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Per-character key events (qtbot.keyClicks aborts on many non-ASCII characters)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_unicode_typed_per_character_reaches_the_search(pane: SearchPane) -> None:
    type_unicode(pane.box, "Zoë 王小明")
    assert pane.query() == "Zoë 王小明"
    assert pane.model.rowCount() == 0
    assert "Zoë 王小明" in pane.empty_state_message()


def test_empty_state_text_shortens_long_queries() -> None:
    text = empty_state_text("x" * 300)
    assert len(text) < 200
    assert "x" * 39 + "…" in text


class _RecordingPainter:
    """Stands in for QPainter in the delegate's text drawing: records what is drawn."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def setFont(self, font: object) -> None:
        pass

    def drawStaticText(self, point: object, text: QStaticText) -> None:
        self.texts.append(text.text())

    def pen(self) -> object:
        from PySide6.QtGui import QPen

        return QPen()

    def fillRect(self, rect: object, colour: object) -> None:  # a match's underline
        pass


@pytest.mark.parametrize("width", [40, 90, 140, 200, 260])
def test_a_long_name_in_a_narrow_row_has_one_ellipsis_at_most(qtbot: QtBot, width: int) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFont

    from cdt_desktop.ui.search.model import SearchResultDelegate, SearchResultsModel

    model = SearchResultsModel()
    model.set_results("pulp fill", [])
    delegate = SearchResultDelegate(model)
    painter = _RecordingPainter()
    plain, bold = delegate._font(QFont(), bold=False), delegate._font(QFont(), bold=True)
    text = "Pulp therapy with resorbable fill, primary posterior tooth"
    delegate._draw_marked(painter, QRect(0, 0, width, 20), text, plain, bold)  # type: ignore[arg-type]
    drawn = "".join(painter.texts)
    assert drawn.count("…") <= 1
    assert drawn.endswith("…")
    assert text.startswith(drawn.removesuffix("…"))


def test_a_long_typed_word_wraps_in_the_no_match_message(pane: SearchPane) -> None:
    """Tour: "No code matches “…”" was cut off at the pane's edge for a long unbroken query."""
    pane.resize(210, 500)  # the search pane's width at 1366 px
    pane.set_query("pulpectomyretreatmentapexification")
    message = pane.empty_state_message()
    assert "pulpectomyretreatmentapexification" in message  # as typed, without break marks
    label = pane.findChild(QLabel, "searchEmptyState")
    assert label.minimumSizeHint().width() <= pane.width()


def test_after_view_zoom_the_bold_code_is_drawn_at_the_new_size(qtbot: QtBot) -> None:
    """View > Zoom in: the row's bold code grew with its name (the bold font was cached by
    Qt's font hash, which leaves the size out, so the code kept the old size)."""
    from PySide6.QtGui import QFont

    from cdt_desktop.ui.search.model import SearchResultDelegate

    delegate = SearchResultDelegate(SearchResultsModel())
    base = QFont()
    base.setPointSizeF(10)
    assert delegate._font(base, bold=True).font.pointSizeF() == 10
    zoomed = QFont(base)
    zoomed.setPointSizeF(14)
    bold = delegate._font(zoomed, bold=True)
    assert bold.font.pointSizeF() == 14 and bold.font.bold()
    small = delegate._underline(delegate._font(base, bold=True))
    assert delegate._underline(bold)[0] > small[0]  # the match's underline moved down with it


def test_at_1366_px_the_rows_fit_the_pane_without_a_sideways_scroll_bar(pane: SearchPane) -> None:
    """The list is under 200 px wide at 1366 px: rows were 200 px wide whatever the pane, so a
    sideways scroll bar came and went with the results and the rows' right edge was cut off."""
    pane.resize(190, 500)
    pane.set_query("root canal")
    view = pane.results
    view.doItemsLayout()
    assert view.model().rowCount() > 0
    row = view.visualRect(view.model().index(0, 0))
    assert row.width() == view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("shift", [0, 7, 13, 230])
def test_a_match_is_underlined_under_its_own_letters_wherever_the_row_is_painted(
    qtbot: QtBot, shift: int
) -> None:
    """Tour (xcb): typing "root canal", each underline started under the space before the word
    and stopped before its last letter. Qt draws an underlined QStaticText's line from the
    untranslated x; a list paints each row with its painter moved, so the line came adrift."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from cdt_desktop.ui.search.model import SearchResultDelegate

    model = SearchResultsModel()
    model.set_results("canal", [])
    delegate = SearchResultDelegate(model)
    image = QImage(shift + 240, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(shift, 0)
    painter.setPen(QColor("black"))
    plain, bold = delegate._font(QFont(), bold=False), delegate._font(QFont(), bold=True)
    delegate._draw_marked(painter, QRect(10, 0, 220, 30), "canal", plain, bold)
    painter.end()

    def dark(x: int, y: int) -> bool:
        return image.pixelColor(x, y).lightness() < 128

    rows = {y: [x for x in range(image.width()) if dark(x, y)] for y in range(image.height())}
    line_y = max(rows, key=lambda y: max((len(r) for r in _runs(rows[y])), default=0))
    line = max(_runs(rows[line_y]), key=len)
    ink = sorted({x for y, xs in rows.items() if y < line_y - 1 for x in xs})  # the letters
    assert len(line) >= 20  # an underline, as wide as the word
    assert abs(line[0] - ink[0]) <= 2 and abs(line[-1] - ink[-1]) <= 2


def _runs(xs: list[int]) -> list[list[int]]:
    """Consecutive x values, grouped."""
    runs: list[list[int]] = []
    for x in xs:
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    return runs


RETREATMENTS = [
    SearchHit("D3346", "Root canal retreatment, anterior tooth", "Endodontics", "Retreatment", ""),
    SearchHit("D3347", "Root canal retreatment, premolar", "Endodontics", "Retreatment", ""),
    SearchHit("D3348", "Root canal retreatment, molar", "Endodontics", "Retreatment", ""),
    SearchHit("D3354", "Pulpal regeneration, single course", "Endodontics", "", "", "code", True),
]


def _painted_row_texts(qtbot: QtBot, hit: SearchHit, query: str, width: int) -> list[str]:
    """The texts the delegate draws for ``hit``'s row, ``width`` px wide, in painting order."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QListView, QStyleOptionViewItem

    from cdt_desktop.ui.search.model import SearchResultDelegate

    class Recording(QPainter):
        def __init__(self, image: QImage) -> None:
            super().__init__(image)
            self.texts: list[str] = []

        def drawStaticText(self, *args: object) -> None:  # type: ignore[override]
            self.texts.append(args[-1].text())  # type: ignore[attr-defined]
            super().drawStaticText(*args)  # type: ignore[arg-type]

    model = SearchResultsModel()
    model.set_results(query, [hit])
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = SearchResultDelegate(model, view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, width, 44)
    option.widget = view  # type: ignore[assignment]
    image = QImage(width, 44, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = Recording(image)
    delegate.paint(painter, option, model.index(0, 0))
    painter.end()
    return painter.texts


@pytest.mark.parametrize("hit", RETREATMENTS[:3], ids=lambda hit: hit.code)
def test_retreatment_names_are_read_whole_in_the_pane_at_1366_px(
    qtbot: QtBot, hit: SearchHit
) -> None:
    """Walkthrough: D3346, D3347 and D3348 all read "Root canal retreatme…" in the 190 px list,
    so the row told anterior, premolar and molar apart by the number alone. The name now goes
    on over the second line, the query still marked."""
    drawn = _painted_row_texts(qtbot, hit, "retreat", 190)
    assert "…" not in "".join(drawn)
    assert drawn[0] == hit.code
    after_code = "".join(drawn[1:]).replace(" ", "")  # the name's pieces, then the category
    assert after_code.startswith(hit.name.replace(" ", ""))
    assert "retreat" in drawn  # the match is its own piece (marked), on whichever line


def test_a_short_name_keeps_its_category_on_the_second_line(qtbot: QtBot) -> None:
    hit = SearchHit("D3330", "Root canal, molar", "Endodontics", "Endodontic therapy", "")
    drawn = _painted_row_texts(qtbot, hit, "molar", 190)
    assert drawn[-1].startswith("Endodontics")


def test_a_deleted_code_keeps_its_warning_first_on_the_second_line(qtbot: QtBot) -> None:
    drawn = _painted_row_texts(qtbot, RETREATMENTS[3], "pulpal", 190)
    assert drawn[-1].startswith("DELETED CODE")


@pytest.mark.parametrize(
    ("typed", "spelled", "first"),
    [
        ("apexfication", "apexification", "D3351"),
        ("pulpotmy", "pulpotomy", "D3220"),
        ("root canl", "root canal", "D3310"),
    ],
)
def test_a_misspelt_word_shows_the_closest_spellings_results_and_says_so(
    qtbot: QtBot, typed: str, spelled: str, first: str
) -> None:
    """Dentist walkthrough: "apexfication", "pulpotmy" and "root canl" found nothing, with no
    hint of the spelling the library knows."""
    from cdt_desktop.db.reference.library import ReferenceLibrary

    with ReferenceLibrary() as library:
        widget = SearchPane(library)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.keyClicks(widget.box, typed)
        assert widget.model.codes()[:1] == [first]
        assert widget.results.isVisible()
        said = widget.empty_state_message()
        assert f"No code matches “{typed}”. Showing results for “{spelled}”." == said, said
        widget.box.clear()
        qtbot.keyClicks(widget.box, "xyzzyq")  # nothing close: the empty state, as before
        assert widget.model.rowCount() == 0 and "No code matches" in widget.empty_state_message()
        widget.close()
