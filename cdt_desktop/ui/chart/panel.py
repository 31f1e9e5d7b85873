"""Chart panel: tooth chart + its toggles + findings form + candidate codes, kept in step.

The panel owns the "current tooth + findings -> Selection" loop so the shell only wires signals:
`chartChanged(findings, selection)` after every change, `codeHighlighted` when a candidate is
clicked once (the shell shows its detail), `codeChosen` on double-click or Enter (the shell makes
it the open case's code). Notation and dentition are remembered in the typed settings.

Findings belong to a tooth (``answers.AnswerBook``): another tooth shows its own answers, or
Unknown. ``reset`` (Close case / Next patient) forgets them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from cdt_desktop.domain.coding.findings import (
    Findings,
    Goal,
    Pulp,
    Root,
    Selection,
    Successor,
    Visit,
)
from cdt_desktop.domain.teeth import Tooth, tooth
from cdt_desktop.ui.chart.answers import AnswerBook, ToothAnswers, successor_answer
from cdt_desktop.ui.chart.candidates import CandidateList
from cdt_desktop.ui.chart.findings_form import FindingsForm
from cdt_desktop.ui.chart.toggles import ChartToggles
from cdt_desktop.ui.chart.tooth_chart import ToothChart
from cdt_desktop.ui.chart.tooth_line import ToothLine
from cdt_desktop.ui.common.combos import GuardedComboBox
from cdt_desktop.ui.common.metrics import TARGET, size_target
from cdt_desktop.ui.common.settings import Key, Settings

if TYPE_CHECKING:
    from cdt_desktop.ui.common.fields import ShortcutForwarder

_DENTITIONS = (("permanent", "Permanent"), ("primary", "Primary"), ("mixed", "Mixed"))
_NOTATIONS = (("universal", "Universal"), ("fdi", "FDI"), ("palmer", "Palmer"))


CANDIDATES_MIN_WIDTH = 200
"""The candidate list's least width: about 28 characters of a reason per line."""


class ChartPanel(QWidget):
    """Everything needed to go from a tooth to its candidate codes."""

    chartChanged = Signal(object, object)  # (Findings, Selection | None) after every change
    codeHighlighted = Signal(str)  # one click on a candidate: show it, change nothing
    codeChosen = Signal(str)  # double-click or Enter on a candidate
    notationChanged = Signal(str)  # the Notation box: this PC's numbering, saved in its settings
    notice = Signal(str)  # a word for the status bar (the chart switched to mixed by itself)
    dentitionChanged = Signal(str)  # the chart shows another dentition (chosen, or by itself)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartPanel")
        self._settings = settings
        self._names: dict[str, str] = {}
        self._name_source: Callable[[], Mapping[str, str]] | None = None
        self._answers = AnswerBook()  # per tooth, this visit
        self._tooth: Tooth | None = None
        self._selection: Selection | None = None
        self._roomy: tuple[QMargins, int, int] | None = None  # set_compact's way back
        self._compact = False
        self._row_height = TARGET
        self._zoom = 1.0  # View > Zoom, set by set_zoom

        self.chart = ToothChart(self)
        self.toggles = ChartToggles(self)  # above the chart, or the candidates (short + large)
        self.dentition_box = self._combo("dentitionMode", "Dentition", _DENTITIONS)
        self.notation_box = self._combo("notationMode", "Notation", _NOTATIONS)
        self.tooth_line = ToothLine(self)  # the chosen tooth's words, the Successor box
        self.tooth_label = self.tooth_line.label
        self.successor_box = self.tooth_line.successor_box
        self.findings = FindingsForm(self)
        self.candidates = CandidateList(self)

        self._lay_out()

        self._restore_settings()
        self.chart.toothSelected.connect(self._tooth_selected)
        self.chart.dentitionChanged.connect(self._chart_dentition_changed)
        self.chart.madeMixed.connect(self._say_made_mixed)
        self.dentition_box.currentIndexChanged.connect(self._dentition_chosen)
        self.notation_box.currentIndexChanged.connect(self._notation_chosen)
        self.findings.findingsChanged.connect(self._refresh)
        self.successor_box.currentIndexChanged.connect(self._refresh)
        self.candidates.codeChosen.connect(self.codeChosen)
        self.candidates.codeHighlighted.connect(self.codeHighlighted)
        self.chart.notationChanged.connect(self._sync_notation_box)
        self._refresh()

    def _lay_out(self) -> None:
        """The toggles above the chart, the tooth line and the questions under it, the
        candidates beside them."""
        self.toggles.add("&Dentition:", self.dentition_box)
        self.toggles.add("&Notation:", self.notation_box)
        # The questions sit under the chart, the candidates take the whole right column: at
        # 1366 px the chart then gets the width (bigger teeth, no empty bands above and below
        # them) and the candidate list the height (more rows without scrolling).
        self._left = left = QVBoxLayout()
        left.addWidget(self.toggles)
        left.addWidget(self.chart, 1)
        left.addWidget(self.tooth_line)
        left.addWidget(self.findings)
        self._outer = outer = QHBoxLayout(self)
        outer.addLayout(left, 3)
        # the reasons stay readable in a narrower window: the window stops shrinking before the
        # candidates do (about 1150 px wide at the least; the office screens are 1280 or more)
        self.candidates.setMinimumWidth(CANDIDATES_MIN_WIDTH)
        self._right = right = QVBoxLayout()
        right.addWidget(self.candidates, 1)
        outer.addLayout(right, 2)
        # Tab as the eye reads the column: Dentition and Notation above the chart, then the
        # chart (built first, it came before the two boxes over it), the questions under it
        QWidget.setTabOrder(self.notation_box, self.chart)

    def set_compact(self, compact: bool) -> None:
        """In a short window (768p at 125 % scaling, 720p) the panel has thin margins and its rows
        sit closer: about 40 px more for the chart, which the mixed dentition needs to keep its
        numbers readable (``ToothChart`` never draws smaller than they fit)."""
        if compact == self._compact:
            return
        self._compact = compact
        if self._roomy is None:  # the style's margin and spacings, for a taller screen
            margins = self._outer.contentsMargins()
            self._roomy = (margins, self._left.spacing(), self.findings.spacing())
        margins, spacing, rows = self._roomy
        self._outer.setContentsMargins(QMargins(4, 0, 4, 0) if compact else margins)
        self._left.setSpacing(3 if compact else spacing)
        self.findings.set_row_spacing(2 if compact else rows)
        self._right.setSpacing(self._left.spacing())
        self._place_toggles()

    def _place_toggles(self) -> None:
        """Short and large (compact, View > Large targets): the toggles go above the
        candidates, where the column has height to spare (``ChartToggles`` says why)."""
        beside = self._compact and self._row_height > TARGET
        if beside == self.toggles.stacked():
            return
        (self._left if beside else self._right).removeWidget(self.toggles)
        (self._right if beside else self._left).insertWidget(0, self.toggles)
        self.toggles.set_stacked(beside)

    def minimumSizeHint(self) -> QSize:
        """At least the height the panel needs at its width: the tooth line wraps to two or
        three lines in a narrow panel (125 % scaling), and a splitter that kept the one-line
        height squeezed the questions under it."""
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is not None and self.width() >= hint.width():
            hint.setHeight(max(hint.height(), layout.totalMinimumHeightForWidth(self.width())))
        return hint

    def _combo(self, name: str, label: str, items: tuple[tuple[str, str], ...]) -> GuardedComboBox:
        box = GuardedComboBox(self.toggles)
        box.setObjectName(name)
        box.setAccessibleName(label)
        size_target(box)
        for value, text in items:
            box.addItem(text, value)
        return box

    # ----- public API -------------------------------------------------------------------------
    def current_tooth(self) -> Tooth | None:
        return self._tooth

    def current_findings(self) -> Findings:
        values = self.findings.values()
        has_successor = None
        answer = self.tooth_line.successor()
        if self._tooth is not None and self._tooth.is_primary and answer is not None:
            has_successor = answer == Successor.YES
        return Findings(
            tooth=self._tooth,
            root=Root(values["root"]) if values["root"] else None,
            pulp=Pulp(values["pulp"]) if values["pulp"] else None,
            goal=Goal(values["goal"]) if values["goal"] else None,
            visit=Visit(values["visit"]) if values["visit"] else None,
            has_successor=has_successor,
        )

    def selection(self) -> Selection | None:
        """The candidates for the current tooth and findings (None until a tooth is chosen)."""
        return self._selection

    def set_shortcut_forwarder(self, shortcuts: ShortcutForwarder) -> None:
        """The window's shortcuts win over the panel's drop-downs."""
        for box in (
            self.dentition_box,
            self.notation_box,
            self.successor_box,
            *self.findings.boxes(),
        ):
            box.shortcuts = shortcuts

    def focus_chart(self) -> None:
        """Ctrl+T: the keyboard goes to the chart (arrows move, a typed "19" chooses #19)."""
        self.chart.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_findings(self) -> None:
        """Ctrl+D: the first clinical question."""
        self.findings.box("rootDevelopment").setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_candidates(self) -> None:
        """Ctrl+J: the candidate list, on its first row; with no tooth yet (no candidates) the
        chart, where the next step is."""
        view = self.candidates.list_widget()
        if not view.count():
            self.chart.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if view.currentRow() < 0 and view.count():
            view.setCurrentRow(0)

    def set_row_height(self, height: int) -> None:
        """Candidate rows at least ``height`` px (View -> Large targets); the teeth are targets
        too: the chart asks for as much more height (``ToothChart.set_enlargement``)."""
        self.candidates.set_min_row_height(height)
        self._row_height = height
        self._place_toggles()
        self._enlarge()

    def set_zoom(self, percent: int) -> None:
        """View > Zoom: the teeth's numbers grow with the text, and the chart asks for the
        height the larger rows above and below it took."""
        self._zoom = percent / 100
        self._enlarge()
        self.candidates.refit_font()  # the rows' own fonts (an excluded row's is smaller)

    def _enlarge(self) -> None:
        self.chart.set_enlargement(self._zoom * self._row_height / TARGET)

    def height_lacking(self, plain_chart: int = 0) -> int:
        """The height the panel lacks for the chart's wanted height (``plain_chart``: its
        height at 100 % without large targets) and three candidate rows (0 when it has it):
        the window gives it from the code detail after a zoom."""
        chart = self.chart
        return max(
            0, chart.wanted_height(plain_chart) - chart.height(), self.candidates.height_lacking()
        )

    def reset(self) -> None:
        """Next patient: no tooth, every question Unknown, no remembered answers."""
        self.set_state(None, forget_others=True)

    def check_code(self, code: str) -> str | None:
        """A warning when `code` (e.g. picked in search) does not fit the chosen tooth, or the
        candidates exclude it on these findings (``selector.code_warning``)."""
        if self._tooth is None:
            return None
        from cdt_desktop.domain.coding.selector import code_warning

        return code_warning(code, self._tooth, self._selection, self.notation_box.currentData(),
                            self.current_findings().has_successor)  # fmt: skip

    def set_names(self, names: Mapping[str, str]) -> None:
        """Short names (code -> name) from the reference library, shown beside each code."""
        self._names = dict(names)
        self._name_source = None
        self._refresh()

    def set_name_source(self, source: Callable[[], Mapping[str, str]]) -> None:
        """Where the short names come from, read at the first tooth chosen: the start reads
        nothing from the reference library (issue 19: its schema and full-text tables were
        about 0.25 MiB of the start's peak memory)."""
        self._name_source = source
        if self._tooth is not None:
            self._refresh()

    def _short_names(self) -> dict[str, str]:
        if self._name_source is not None:
            from cdt_desktop.core.errors import UserFacingError

            source, self._name_source = self._name_source, None
            try:
                self._names = dict(source())
            except UserFacingError:  # the library unreadable now: the codes without names,
                self._names = {}  # never a chart that stops (search says what is wrong)
        return self._names

    def set_state(
        self,
        tooth_: Tooth | str | None,
        root: str | None = None,
        pulp: str | None = None,
        goal: str | None = None,
        visit: str | None = None,
        has_successor: bool | None = None,
        *,
        forget_others: bool = False,
    ) -> str:
        """Restore a case's tooth and findings (a supernumerary tooth is kept but not drawn).

        ``forget_others``: another patient (Next patient, or another patient's case): the
        answers given for the other teeth are dropped, not kept for this patient's teeth.
        Returns what the chart changed by itself to show the tooth ("Tooth K is a primary
        tooth: the chart shows the mixed dentition now ..."), for the caller to say with the
        case; "" when nothing changed.
        """
        found = tooth(tooth_) if isinstance(tooth_, str) else tooth_
        if forget_others:
            self._tooth = None  # nothing on screen is remembered for the next patient
            self._answers.forget_all()
        self._remember_answers()
        self._tooth = found
        answers = ToothAnswers(root, pulp, goal, visit, successor_answer(has_successor))
        if found is not None:
            self._answers.keep(found.universal, answers)
        shown = self.chart.dentition()
        self.chart.blockSignals(True)
        try:
            if found is None or found.supernumerary:
                self.chart.clear_selection()
            else:
                self.chart.select_tooth(found.universal)
        finally:
            self.chart.blockSignals(False)
        self._sync_dentition_box()
        self._show_answers(answers)
        self._refresh()
        # the case's tooth of the other dentition switched the chart to Mixed: said with the
        # case opened (it went without a word, while typing K said it: walkthrough)
        if found is None or self.chart.dentition() == shown:
            return ""
        said = self._made_mixed(found.universal)
        self.dentitionChanged.emit(self.chart.dentition())
        return said

    # ----- internals --------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        notation = self._settings.get(Key.NOTATION)
        dentition = self._settings.get(Key.DENTITION)
        for box, value in ((self.notation_box, notation), (self.dentition_box, dentition)):
            index = box.findData(value)
            box.setCurrentIndex(max(0, index))
        self.chart.set_notation(self.notation_box.currentData())
        self.candidates.set_notation(self.notation_box.currentData())
        self.chart.set_dentition(self.dentition_box.currentData())
        self._reserve_tooth_label()

    def _tooth_selected(self, universal: str) -> None:
        """Another tooth: its own answers (Unknown when it has none), never the last tooth's."""
        self._remember_answers()
        self._tooth = tooth(universal)
        self._show_answers(self._answers.answers_for(universal))
        self._refresh()

    def _show_answers(self, answers: ToothAnswers) -> None:
        """Put a tooth's answers in the boxes without a refresh (the caller refreshes once)."""
        self.tooth_line.show_successor(answers.successor)
        self.findings.blockSignals(True)
        try:
            self.findings.set_values(answers.root, answers.pulp, answers.goal, answers.visit)
        finally:
            self.findings.blockSignals(False)

    def _remember_answers(self) -> None:
        if self._tooth is not None:
            answers = ToothAnswers.from_form(self.findings.values(), self.tooth_line.successor())
            self._answers.keep(self._tooth.universal, answers)

    def _dentition_chosen(self, _index: int) -> None:
        mode = self.dentition_box.currentData()
        self.dentition_box.setAccessibleDescription("")  # chosen: no longer switched by itself
        self.chart.set_dentition(mode)
        self._settings.set(Key.DENTITION, mode)
        self._drop_hidden_tooth()  # (the chart said the change: _chart_dentition_changed)

    def _say_made_mixed(self, universal: str) -> None:
        """Typing K on a permanent chart switched it to Mixed without a word: the Dentition
        box changed, and nothing said why (dentist walkthrough)."""
        self.notice.emit(self._made_mixed(universal))

    def _made_mixed(self, universal: str) -> str:
        """Why the chart shows the mixed dentition now; the Dentition box keeps it as its
        description, so a screen reader on the box hears why it reads Mixed."""
        found = tooth(universal)
        kind = "a primary" if found.is_primary else "a permanent"
        said = (
            f"Tooth {found.format(self.notation_box.currentData())} is {kind} tooth: the chart "
            "shows the mixed dentition now (Dentition box)."
        )
        self.dentition_box.setAccessibleDescription(said)
        return said

    def _chart_dentition_changed(self, mode: str) -> None:
        self._sync_dentition_box()
        self._settings.set(Key.DENTITION, mode)
        self._drop_hidden_tooth()
        self.dentitionChanged.emit(mode)

    def _drop_hidden_tooth(self) -> None:
        """A tooth the chart no longer shows (#8 after switching to Primary) is not kept with
        its candidates: the chart says "No tooth selected" until one is chosen, and the
        answers show Unknown (they stay with that tooth and come back with it: the boxes kept
        showing them, as if they were the next tooth's)."""
        t = self._tooth
        if t is not None and not t.supernumerary and t.universal not in self.chart.shown_teeth():
            self._remember_answers()
            self._tooth = None
            self.chart.blockSignals(True)
            self.chart.clear_selection()
            self.chart.blockSignals(False)
            self._show_answers(ToothAnswers())
            self._refresh()

    def _sync_notation_box(self, notation: str) -> None:
        index = self.notation_box.findData(notation)
        if index >= 0 and index != self.notation_box.currentIndex():
            self.notation_box.setCurrentIndex(index)

    def _sync_dentition_box(self) -> None:
        index = self.dentition_box.findData(self.chart.dentition())
        if index != self.dentition_box.currentIndex():
            self.dentition_box.blockSignals(True)
            self.dentition_box.setCurrentIndex(index)
            self.dentition_box.blockSignals(False)

    def _notation_chosen(self, _index: int) -> None:
        notation = self.notation_box.currentData()
        self.chart.set_notation(notation)
        self.candidates.set_notation(notation)
        self._settings.set(Key.NOTATION, notation)
        self._reserve_tooth_label()
        self._update_tooth_label()
        self.notationChanged.emit(notation)

    def _reserve_tooth_label(self) -> None:
        self.tooth_line.reserve(self.chart.notation())

    def _update_tooth_label(self) -> None:
        self.tooth_line.show_tooth(self._tooth, self.chart.notation())

    def _refresh(self) -> None:
        """Recompute the candidates; cheap (the selector is pure and fast), so done on every change."""
        t = self._tooth
        self._update_tooth_label()
        if t is None:
            self._selection = None
        else:
            from cdt_desktop.domain.coding.selector import select  # the rules, from the first tooth

            self._selection = select(self.current_findings(), self._short_names())
        self.candidates.show_selection(self._selection)
        self.chartChanged.emit(self.current_findings(), self._selection)
