"""The appeal letter's editable fields (the dialog's left side) and its warning banner.

The denial reason, the action requested, the enclosures, the radiographs, extra notes, the
letter's body sections and the claim remark, in one scrolling form. ``typed()`` is everything
the user typed, without the invisible break points long runs get (Qt would take minutes to lay
out a 100,000-character line: issue 15 item 13).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QScrollArea, QWidget

from cdt_desktop.core.text import break_long_runs, without_breaks
from cdt_desktop.domain.appeal.compose import RESPONSE, RESPONSE_TO_PAYMENT, response_heading
from cdt_desktop.domain.appeal.letter import (
    HISTORY,
    WHY_CODE,
    WHY_NOT,
    AppealLetter,
    Section,
)
from cdt_desktop.ui.common.focus_frame import show_focus

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cdt_desktop.ui.appeal.radiographs import RadiographsBox

EDITABLE_SECTIONS = (RESPONSE, HISTORY, WHY_CODE, WHY_NOT)
"""The letter's sections the user may reword, one field each, keyed by these headings."""
_SAME_FIELD = {RESPONSE_TO_PAYMENT: RESPONSE}
"""A heading printed in place of a field's: the answer to a reduced payment is the answer field."""


def field_key(heading: str) -> str:
    """The field (``EDITABLE_SECTIONS``) a letter's section heading is edited in."""
    return _SAME_FIELD.get(heading, heading)


def _shown_heading(letter: AppealLetter, key: str, section: Section | None) -> str:
    """The heading a field is shown under: its section's as the letter prints it, else, for the
    answer not written yet, the one the letter will print (verification walk: a claim paid short
    opened with no reason typed showed "Response to the denial" for good)."""
    if section is not None:
        return section.heading
    return response_heading(letter.denial_label) if key == RESPONSE else key


def editable_section(letter: AppealLetter, key: str) -> Section | None:
    """The letter's section edited in the field ``key``, under whichever heading it prints."""
    return next((s for s in letter.sections if field_key(s.heading) == key), None)


ENCLOSURES_TIP = (
    "The letter lists these lines as its enclosures, as they stand here. Each radiograph "
    "attached below has its own line: reword it as you like. A film whose line you delete is "
    "still listed, since its page prints after the letter."
)


def text_of(edit: QPlainTextEdit) -> str:
    """What the user typed in ``edit`` (without the break points ``text_edit`` added)."""
    return without_breaks(edit.toPlainText())


def split_paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())


def text_edit(name: str, label: str, text: str, lines: int) -> QPlainTextEdit:
    """A plain-text field of about ``lines`` lines; Tab moves on (it never types a tab)."""
    edit = show_focus(QPlainTextEdit(break_long_runs(text, 200)))
    edit.setObjectName(name)
    edit.setAccessibleName(label)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


def warning_banner(dark: bool) -> QLabel:
    """The amber "before this appeal is sent" banner, readable on light and dark themes (text
    contrast >= 7:1 on both); hidden until the pre-export check fills it."""
    banner = QLabel()
    banner.setObjectName("missingItemsBanner")
    banner.setWordWrap(True)
    background, text, border = (
        ("#3d2a00", "#ffd699", "#8a5a00") if dark else ("#fff4e5", "#7a4100", "#f0b45b")
    )
    banner.setStyleSheet(
        f"QLabel {{ background: {background}; color: {text}; border: 1px solid {border};"
        " border-radius: 4px; padding: 6px; }"
    )
    banner.setAccessibleName("Before export: missing or contradictory")
    banner.setVisible(False)
    return banner


class LetterFields(QScrollArea):
    """The letter's fields in a scrolling form (object names are the dialog's contract)."""

    def __init__(
        self,
        letter: AppealLetter,
        denial_reason: str,
        radiographs: RadiographsBox,
        *,
        appeal: bool = True,
        images: Sequence[tuple[str, str]] = (),
    ) -> None:
        """``appeal=False``: a prior-authorization request, with no denial to quote or answer
        and no claim remark (its denial field and remark stay hidden). ``images``: (caption,
        enclosure line) of the films printed behind the letter, whose lines the Enclosures
        field lists (``letter.enclosures`` holds them)."""
        super().__init__()
        self.setAccessibleName("Letter fields")
        self.setWidgetResizable(True)
        # the keyboard starts in the first field to fill (the denial reason; a request's
        # action requested), not on the area's frame, which shows no focus (walkthrough)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # named as the letter quotes it: "Reason for the reduced payment" on a claim paid short
        label = letter.denial_label or "Denial reason"
        self.denial_edit = text_edit("denialReasonEdit", label, denial_reason, 3)
        self.request_edit = text_edit("requestEdit", "Action requested", letter.request, 3)
        self.enclosures_edit = text_edit(
            "enclosuresEdit", "Enclosures, one per line", "\n".join(letter.enclosures), 5
        )
        self.enclosures_edit.setToolTip(ENCLOSURES_TIP)
        self.enclosures_edit.setAccessibleDescription(ENCLOSURES_TIP)
        self.notes_edit = text_edit("extraNotesEdit", "Additional notes", "", 3)
        self.radiographs = radiographs
        form = QFormLayout()
        # a narrow side (1366x768 at 125 %: about 400 px) puts a field under its label instead
        # of scrolling sideways with the field's right edge cut off
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        if appeal:
            # "(from the EOB)" only beside the short label: "Reason for the reduced payment
            # (from the EOB)" narrowed every field of the form to about 140 px (billing walk)
            form.addRow(f"{label} (from the EOB)" if label == "Denial reason" else label,
                        self.denial_edit)  # fmt: skip
        form.addRow("Action requested", self.request_edit)
        form.addRow("Enclosures (one per line)", self.enclosures_edit)
        form.addRow("Radiographs", radiographs)
        form.addRow("Additional notes", self.notes_edit)
        self.section_edits: dict[str, QPlainTextEdit] = {}
        self._section_labels: dict[str, QLabel] = {}
        for heading in EDITABLE_SECTIONS:
            section = editable_section(letter, heading)
            if section is None and not appeal:
                continue  # e.g. the response to a denial: a request has none
            text = "\n\n".join(section.paragraphs) if section else ""
            name = "section" + "".join(w.title() for w in heading.split()) + "Edit"
            shown = _shown_heading(letter, heading, section)
            self.section_edits[heading] = edit = text_edit(name, shown, text, 6)
            self._section_labels[heading] = row_label = QLabel(shown)
            form.addRow(row_label, edit)
        self._composed = {heading: text_of(edit) for heading, edit in self.section_edits.items()}
        self._composed_enclosures = text_of(self.enclosures_edit)
        self._image_lines = tuple(line for _caption, line in images)
        self.remark_label = QLabel()
        self.remark_label.setObjectName("claimRemarkLabel")
        self.remark_label.setAccessibleName("Claim remark")
        self.remark_label.setWordWrap(True)
        if appeal:
            form.addRow("Claim remark", self.remark_label)
        body = QWidget()
        body.setLayout(form)
        self.setWidget(body)
        if not appeal:  # kept (the dialog reads them) but never shown
            for unused in (self.denial_edit, self.remark_label):
                unused.setParent(body)
                unused.hide()

    def follow(self, letter: AppealLetter, images: Sequence[tuple[str, str]] = ()) -> bool:
        """The composer's new text in each section field nobody typed over (a film attached in
        the dialog: the answer to a missing-radiograph denial names it; the fields kept the
        words of the dialog's opening: tour7), and in the enclosure lines (a film removed here
        or on another workstation: its "dated ..." line went out without the film, tour9). A
        field the user edited keeps the user's words. True when the enclosure lines changed:
        the answer to the denial, which counts the films they name, is then composed again.
        Enclosure lines the user typed stay, but the attached films' own lines follow the films
        (``images``: caption, line), so the field keeps listing what the letter prints."""
        lines = "\n".join(letter.enclosures)
        typed = text_of(self.enclosures_edit)
        moved = typed == self._composed_enclosures != lines
        if moved:
            self._composed_enclosures = lines
            self.enclosures_edit.setPlainText(lines)
        elif typed != self._composed_enclosures:
            from cdt_desktop.domain.appeal.films import films_in_step

            now = {line for _caption, line in images}
            gone = [line for line in self._image_lines if line not in now]
            stepped = films_in_step(self.enclosures(), gone, images)
            if stepped != self.enclosures():
                moved = True
                self.enclosures_edit.setPlainText("\n".join(stepped))
        self._image_lines = tuple(line for _caption, line in images)
        for heading, edit in self.section_edits.items():
            section = editable_section(letter, heading)
            shown = _shown_heading(letter, heading, section)  # the reason typed may change it
            self._section_labels[heading].setText(shown)
            edit.setAccessibleName(shown)
            if text_of(edit) != self._composed.get(heading):
                continue
            self._composed[heading] = text = "\n\n".join(section.paragraphs) if section else ""
            if text != text_of(edit):
                edit.setPlainText(break_long_runs(text, 200))  # as the field was first filled
        return moved

    def enclosed_films(self, ticked: frozenset[str]) -> frozenset[str]:
        """The films the letter goes out with: its attached images' and its enclosure lines',
        but for the lines the checklist's ticks made (``ticked``: ``ticked_film_lines``)."""
        from cdt_desktop.domain.appeal.films import enclosed_films

        captions = (film.caption for film in self.radiographs.films())
        return enclosed_films(self.enclosures(), captions, ticked)

    def edits(self) -> list[QPlainTextEdit]:
        return [
            self.denial_edit,
            self.request_edit,
            self.enclosures_edit,
            self.notes_edit,
            *self.section_edits.values(),
        ]

    def typed(self) -> tuple[str, ...]:
        return tuple(text_of(edit) for edit in self.edits())

    def enclosures(self) -> tuple[str, ...]:
        """The enclosure lines as typed, blank lines left out."""
        lines = text_of(self.enclosures_edit).splitlines()
        return tuple(line.strip() for line in lines if line.strip())
