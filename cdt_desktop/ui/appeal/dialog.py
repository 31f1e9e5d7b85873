"""The appeal narrative dialog: edit the letter, see the PDF live, save, print, copy remark/text.

Billing staff open it from a case (`exportAppealButton`). Left: the fields a denial changes (denial
reason, requested action, enclosures, extra notes) and the letter's body paragraphs; right: the
PDF itself (QtPdf), re-rendered 300 ms after the last keystroke so typing never waits on
ReportLab. Missing required checklist items are listed in a banner before anything is sent.
Every export (file, printer, clipboard) is written to the case store's audit log.

What the letter says, from the case as edited (the composed letter, the claim remark, the
pre-export check, the films printed behind it): ``composer.py``. Its Save, Print and Copy
buttons (the check before a letter leaves, the audit, the appeal or request marked after):
``sending.py``, mixed into the dialog. Where a letter goes and how its export is audited:
``export.py``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QDialog,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cdt_desktop.domain.appeal.answered import attached_film_questions
from cdt_desktop.domain.appeal.films import (
    field_enclosures,
    printed_enclosures,
    recorded_film_dates,
    with_film_dates,
)
from cdt_desktop.domain.appeal.letter import AppealLetter, film_enclosure
from cdt_desktop.domain.appeal.remark import tooth_display
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.reference import CodeLibrary
from cdt_desktop.ui.appeal import export, precheck
from cdt_desktop.ui.appeal.composer import LetterComposer, after_treatment
from cdt_desktop.ui.appeal.letter_buttons import letter_buttons
from cdt_desktop.ui.appeal.letter_fields import (
    LetterFields,
    field_key,
    split_paragraphs,
    text_of,
    warning_banner,
)
from cdt_desktop.ui.appeal.preview import PdfPreview
from cdt_desktop.ui.appeal.sending import LetterSending
from cdt_desktop.ui.common import msgbox
from cdt_desktop.ui.common.metrics import follow_window_targets

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.cases.radiographs import Radiograph
    from cdt_desktop.services.auth import AuthService
    from cdt_desktop.ui.appeal.radiographs import RadiographSource


PREVIEW_DELAY_MS = 300
READ_ONLY_NOTE = (
    "the case store is open read-only: saving, printing or copying this letter is not "
    "recorded in the case's audit log, and the claim's status cannot be marked."
)


class NarrativeDialog(LetterSending, QDialog):
    """Edit and export the appeal letter of one case (its Save, Print and Copy: sending.py)."""

    exported = Signal(str)  # kind: "appeal-pdf" | "appeal-print" | "claim-remark" | "appeal-text"
    claimAppealed = Signal()  # the user recorded the appeal after saving or printing the letter
    priorAuthSent = Signal()  # the user marked the request sent after saving or printing it

    def __init__(
        self,
        case: Case,
        *,
        library: CodeLibrary | None = None,
        store: CaseRepository | None = None,
        case_id: int | None = None,
        operator: str = "",
        parent: QWidget | None = None,
        today: date | None = None,
        films: RadiographSource | None = None,
        prior_auth: bool = False,
        auth: AuthService | None = None,
        code_note: str = "",
    ) -> None:
        """``code_note``: the case list's note on the case's code (a code the practice's
        newest CDT edition deleted, for this date of service: the check names it first)."""
        super().__init__(parent)
        self._auth = auth  # who is signed in: marking a request sent is billing's claim edit
        # prior_auth: the request to authorize the planned treatment (no claim or denial yet)
        self.prior_auth = prior_auth
        title = "Prior authorization request" if prior_auth else "Appeal letter"
        self.setObjectName("priorAuthDialog" if prior_auth else "narrativeDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._store, self._case_id, self._operator = store, case_id, operator
        self._export_log = export.ExportLog(store, case_id, operator)
        self._film_source = films  # the case service: the radiographs enclosed
        self._series_said: dict[str, list[str]] = {}  # by date of service (_series_problems)
        self._today = today or date.today()
        self._case = self._with_store_checks(case)
        # what the letter is composed from (the code's entry, the payer's profile): composer.py
        self._letters = LetterComposer(
            self._case, library, today=self._today, prior_auth=prior_auth, code_note=code_note
        )
        visits = getattr(films, "series_visits", None)  # an interim or final visit's letter
        if not prior_auth and case_id is not None and callable(visits):  # names the others
            self._letters.other_visits = list(visits(case_id, self._case))
        base = self._compose(self._case)
        self._pdf = b""
        self._build(base)
        self._follow_films()  # the films attached earlier are enclosed too
        self._sent = self._typed()  # what the last save, print or copy took along
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        for edit in self._edits():
            edit.textChanged.connect(self._timer.start)
        self.resize(1200, 760)
        screen = self.screen()
        if screen is not None:  # a 768 px screen with a taskbar: Save / Print / Close stay on it
            free = screen.availableGeometry().size()
            self.resize(self.size().boundedTo(free * 0.95))
        self.refresh_preview()
        follow_window_targets(self)  # View > Large targets: the window's size

    # --- building -----------------------------------------------------------------------------

    def _with_store_checks(self, case: Case) -> Case:
        """Checklist ticks live in the store; merge them so enclosures and warnings are current."""
        if self._store is None or self._case_id is None:
            return case
        checks = self._store.get_case(self._case_id).checks
        ticks = {item: bool(getattr(state, "checked", state)) for item, state in checks.items()}
        return replace(case, checklist={**case.checklist, **ticks})

    def _build(self, letter: AppealLetter) -> None:
        from cdt_desktop.ui.appeal.radiographs import RadiographsBox
        from cdt_desktop.ui.common.palette import is_dark

        self.banner = warning_banner(is_dark(self.palette()))  # filled by update_check
        self.missing_items = self._letters.missing_items(self._case)
        tooth, _long = tooth_display(self._case)  # #3 for FDI 16: the letter's numbers
        self.radiographs = RadiographsBox(
            self._film_source,
            self._case_id,
            operator=self._operator,
            default_caption=f"Periapical radiograph, tooth {tooth}" if tooth else "Radiograph",
            left_out=after_treatment if self.prior_auth else None,
            recorded_dates=recorded_film_dates(self._case),
            check_film=lambda caption, taken: attached_film_questions(self._case, caption, taken),
        )
        self.radiographs.changed.connect(self._films_changed)
        films = [(film.caption, film.taken_on) for film in self.radiographs.films()]
        if films:  # the sections' first text: a dated pre-op image is the pre-op film
            letter = self._compose(with_film_dates(self._case, films))
        self.fields = fields = LetterFields(
            self._for_field(letter),
            self._case.claim.denial_reason,
            self.radiographs,
            appeal=not self.prior_auth,
            images=self._image_lines(),
        )
        self.denial_edit, self.request_edit = fields.denial_edit, fields.request_edit
        self.enclosures_edit, self.notes_edit = fields.enclosures_edit, fields.notes_edit
        self.section_edits, self.remark_label = fields.section_edits, fields.remark_label

        self.document = QPdfDocument(self)
        self.preview = PdfPreview(self.document, f"{self.windowTitle()} preview")
        splitter = QSplitter()
        splitter.addWidget(self.fields)
        splitter.addWidget(self.preview)
        splitter.setSizes([480, 720])

        buttons = letter_buttons(  # letter_buttons.py
            save=self.save_pdf, print_=self.print_letter, copy_remark=self.copy_remark,
            copy_text=self.copy_plain_text, close=self.reject, appeal=not self.prior_auth,
        )  # fmt: skip
        self.save_button, self.print_button = buttons.save, buttons.print
        self.copy_remark_button, self.copy_text_button = buttons.copy_remark, buttons.copy_text

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons.row)

    def _typed(self) -> tuple[str, ...]:
        return self.fields.typed()

    def reject(self) -> None:
        """Close or Esc: edits made since the last save, print or copy live only in this dialog
        (the case keeps the denial reason when the letter leaves), so closing asks first."""
        if self._typed() != self._sent and not msgbox.ask_yes_no(
            self,
            "Discard the edited letter?",
            "Close the appeal letter and lose the changes typed in it? Save, print or copy the "
            "letter first to keep them.",
        ):
            return
        super().reject()

    def _edits(self) -> list[QPlainTextEdit]:
        return self.fields.edits()

    # --- content ------------------------------------------------------------------------------
    def current_case(self) -> Case:
        claim = replace(self._case.claim, denial_reason=text_of(self.denial_edit).strip())
        return replace(self._case, claim=claim)

    def follow_ticks(self) -> bool:
        """The checklist's ticks changed in the store (at another workstation, or in the
        Checklist tab beside): the sections nobody typed over, the check and its banner follow
        them at once; True when they changed. The letter's check named an item unticked
        elsewhere only once the letter was opened again, and its PDF went out (office
        walkthrough)."""
        from cdt_desktop.core.errors import UserFacingError

        try:
            ticked = self._with_store_checks(self._case)
        except UserFacingError:  # the store unreachable now: Save asks again
            return False
        if ticked.checklist == self._case.checklist:
            return False
        self._case = ticked
        self._films_changed()  # the same recomposing as a film attached
        self.update_check()
        return True

    def follow_store(self) -> None:
        """Another workstation changed the case: the films attached or removed there and the
        ticks made there, followed at once (a film removed at PC 1 stayed in the letter's
        enclosures here until Save as PDF; the ticks already followed: two-PC walkthrough)."""
        if precheck.changed_elsewhere(self._store, self._case_id, self._case).voided:
            self.voided = True  # voided there (the window closed the case): said at once
            self.update_check()
            return
        before = [film.id for film in self.radiographs.films()]
        if self.radiographs.reload() and [f.id for f in self.radiographs.films()] != before:
            self._films_changed()
            self.update_check()
        self.follow_ticks()

    def _films_changed(self) -> None:
        """A film attached or removed here: the sections nobody typed over follow it (tour7);
        that alone is no unsaved edit."""
        untouched = self._typed() == self._sent
        self._follow()
        if untouched:
            self._sent = self._typed()
        self._timer.start()

    def _letter_case(self) -> Case:
        """The case as the letter and its check read it: a dated pre-op (post-op) image on the
        case is its pre-op (post-op) radiograph where the clinical facts record none."""
        films = [(film.caption, film.taken_on) for film in self.radiographs.films()]
        return with_film_dates(self.current_case(), films)

    def _follow_films(self) -> None:
        """The answer to the denial says enclosed only the films that are ("Both are enclosed"
        followed the ticks while one film was attached): the paragraphs nobody typed over are
        recomposed as the enclosure lines change (a film attached or removed: _films_changed)."""
        if not self.prior_auth:
            self._follow()

    def _follow(self) -> None:
        """The fields nobody typed over take the composer's text for the films now on the case
        (the enclosure lines first: the answer to the denial counts the films they name)."""
        for _again in range(2):
            composed = self._compose(self._letter_case(), text_of(self.request_edit))
            if not self.fields.follow(self._for_field(composed), self._image_lines()):
                break

    def _image_lines(self) -> list[tuple[str, str]]:
        """(caption, enclosure line) of each film printed behind the letter."""
        return [(film.caption, film_enclosure(film)) for film in self._enclosed_images()]

    def _for_field(self, letter: AppealLetter) -> AppealLetter:
        """The composer's letter with the enclosure list the Enclosures field shows: the list
        the letter prints (`films.field_enclosures`), its films' own lines included."""
        return replace(letter, enclosures=field_enclosures(letter.enclosures, self._image_lines()))

    def _compose(self, case: Case, request: str | None = None, notes: str = "") -> AppealLetter:
        """The composer's letter: the appeal, or the prior-authorization request."""
        films = None  # while the dialog is built: the films its own enclosure list names
        if hasattr(self, "fields"):
            films = self._enclosed_films(case)
        return self._letters.compose(case, request, notes, enclosed=films)

    def _enclosed_films(self, case: Case) -> frozenset[str]:
        """The films the letter goes out with, but for the film lines the composer made."""
        return self.fields.enclosed_films(self._letters.film_lines(case))

    def current_letter(self) -> AppealLetter:
        """The letter as edited: the composer's output with the user's text in place."""
        letter = self._compose(
            self._letter_case(), text_of(self.request_edit), text_of(self.notes_edit)
        )
        sections = []
        for section in letter.sections:
            edit = self.section_edits.get(field_key(section.heading))
            if edit is not None:
                section = replace(section, paragraphs=split_paragraphs(text_of(edit)))
            sections.append(section)
        # the field's lines as typed; an attached film no line names still gets its own (its
        # page prints behind the letter, and the reviewer counts the films listed)
        enclosures = printed_enclosures(self.fields.enclosures(), self._image_lines())
        return replace(letter, sections=tuple(sections), enclosures=enclosures)

    def check_problems(self) -> tuple[list[str], list[str]]:
        """(problems, reminders) of the pre-export check for the case as edited; first, the
        other visits of its apexification or regeneration series dated on the wrong side of it
        (the store's: Mark as submitted named them, the letter's check did not: walkthrough)."""
        attached = [(film.caption, film.taken_on) for film in self.radiographs.films()]
        case = self._letter_case()
        problems, reminders = self._letters.check(case, self.current_letter(), attached)
        return self._series_problems(case) + problems, reminders

    def _series_problems(self, case: Case) -> list[str]:
        """``series_out_of_order`` of the case service, asked once per date of service (the
        check runs at each pause in the typing)."""
        ask = getattr(self._film_source, "series_out_of_order", None)
        if self._case_id is None or not callable(ask):
            return []
        key = case.claim.date_of_service.strip()
        if key not in self._series_said:
            self._series_said[key] = list(ask(self._case_id, case))
        return self._series_said[key]

    def update_check(self) -> None:
        """The banner lists every problem and what the payer wants done by hand."""
        letter = "request" if self.prior_auth else "appeal"  # a request is no appeal
        if self.voided:  # nothing else to check: nothing goes out
            self.banner.setText(precheck.voided_words(self._case_id, letter))
            self.banner.setVisible(True)
            return
        problems, reminders = self.check_problems()
        lines = [f"• {p}" for p in problems] + [f"Note: {r}" for r in reminders]
        if getattr(self._store, "read_only", False):  # said before the export, not only after
            lines.append(f"Note: {READ_ONLY_NOTE}")
        # only notes: nothing blocks, but "Ready to send." read as all clear above a note that
        # the film the payer asked for does not go (billing walkthrough)
        head = f"Before this {letter} is sent:" if problems else "Nothing blocks sending; check:"
        self.banner.setText("\n".join([head, *lines]))
        self.banner.setVisible(bool(lines))

    def render_pdf(self) -> bytes:
        from cdt_desktop.report.appeal_pdf import render_appeal_pdf

        stamp = datetime.combine(self._today, datetime.min.time())
        return render_appeal_pdf(
            self.current_letter(), creation_date=stamp, radiographs=self._enclosed_images()
        )

    def _enclosed_images(self) -> list[Radiograph]:
        """The films printed behind the letter (a request before treatment: not the post-op)."""
        return self._letters.enclosed_images(self.radiographs.films())

    def refresh_preview(self) -> None:
        """Re-render and show the PDF; the remark label follows the edits too."""
        self._timer.stop()
        self._follow_films()
        self.update_check()
        self._pdf = self.render_pdf()
        self.preview.show_pdf(self._pdf)
        if not self.prior_auth:
            remark = self._remark()
            self.remark_label.setText(f"{remark}  ({len(remark)}/80)")

    @property
    def pdf_bytes(self) -> bytes:
        if self._timer.isActive():
            self.refresh_preview()
        return self._pdf

    def _remark(self) -> str:
        """The claim remark: the films it says are attached are the ones going with the letter."""
        case = self._letter_case()
        return self._letters.remark(case, self._enclosed_films(case))
