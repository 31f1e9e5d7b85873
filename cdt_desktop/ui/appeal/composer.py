"""What one letter says, from the case as edited: the appeal or the prior-authorization request.

The letter dialog (``dialog.py``) keeps what is typed and shown; this holds what the letter is
composed from and does not change while it is open: the code's reference entry, the selector's
answer for the case's findings, the day, the denial templates and the payer's profile. From those
it composes the letter (``domain/appeal/compose.py``, ``prior_auth.py``), names the film lines
the composer makes, writes the claim remark, runs the pre-export check (``precheck.py``) and picks
the films printed behind the letter. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from cdt_desktop.domain.appeal.argument import with_fact_ticks
from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import AppealLetter, missing_required
from cdt_desktop.domain.appeal.remark import claim_remark
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.domain.cases.selection import selection_for_findings
from cdt_desktop.domain.reference import CodeLibrary

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.radiographs import Radiograph


def after_treatment(film: Radiograph) -> bool:
    """A post-op film, which a request before treatment leaves out."""
    from cdt_desktop.domain.appeal.prior_auth import after_treatment_film

    return after_treatment_film(film.caption)


class LetterComposer:
    """The letter of one case: an appeal, or with ``prior_auth`` the request to authorize the
    planned treatment (no claim or denial yet)."""

    def __init__(
        self,
        case: Case,
        library: CodeLibrary | None,
        *,
        today: date,
        prior_auth: bool,
        code_note: str = "",
    ) -> None:
        """``code_note``: the case list's note on the case's code ("deleted in CDT 2027", held
        to the date of service): a code the practice's newest edition deleted."""
        from cdt_desktop.ui.appeal import precheck

        self.prior_auth = prior_auth
        self.today = today
        self.code_note = code_note
        self.entry = library.get(case.procedure.code) if library is not None else None
        self.selection = selection_for_findings(case)
        self.templates, self.profiles, self.profile = precheck.reference_for(library, case)
        self.other_visits: list[tuple[str, date]] = []
        """The other visits of the case's series (the dialog reads them from the store)."""

    def compose(
        self,
        case: Case,
        request: str | None = None,
        notes: str = "",
        enclosed: frozenset[str] | None = None,
    ) -> AppealLetter:
        """The composer's letter: the appeal, or the prior-authorization request."""
        if self.prior_auth:
            from cdt_desktop.domain.appeal.prior_auth import compose_prior_auth

            return compose_prior_auth(
                case, entry=self.entry, selection=self.selection, today=self.today,
                request=request, extra_notes=notes, profile=self.profile, enclosed=enclosed,
            )  # fmt: skip
        return compose_appeal(
            case, entry=self.entry, selection=self.selection, today=self.today,
            request=request, extra_notes=notes, templates=self.templates, profile=self.profile,
            enclosed=enclosed, other_visits=self.other_visits,
        )  # fmt: skip

    def film_lines(self, case: Case) -> frozenset[str]:
        """The film lines the composer makes for this letter (ticks, the denial's argument,
        the payer profile): none of them says a film goes (`compose.composed_film_lines`)."""
        from cdt_desktop.domain.appeal.argument import category_for
        from cdt_desktop.domain.appeal.compose import composed_film_lines

        ticked = with_fact_ticks(case, self.entry)
        templates = self.templates or {}
        template = None if self.prior_auth else templates.get(
            category_for(ticked, self.entry, templates)
        )  # fmt: skip
        return composed_film_lines(ticked, self.entry, template, self.profile)

    def missing_items(self, case: Case) -> list[str]:
        """The required checklist items the case lacks, as the pre-export check counts them:
        what the record answers (working lengths with the canals, a recorded diagnosis) is not
        missing."""
        answered = with_fact_ticks(case, self.entry)
        return [item.text for item in missing_required(answered, self.entry)]

    def remark(self, case: Case, enclosed: frozenset[str]) -> str:
        """The claim remark: the films it says are attached are the ``enclosed`` ones."""
        return claim_remark(case, entry=self.entry, enclosed=enclosed)

    def check(
        self, case: Case, letter: AppealLetter, attached: Iterable[tuple[str, str]]
    ) -> tuple[list[str], list[str]]:
        """(problems, reminders) of the pre-export check for ``case`` as edited, its
        ``letter`` and the ``attached`` films' (caption, date taken)."""
        from cdt_desktop.domain.appeal.code_fit import (
            BEFORE_REQUEST,
            CORRECTED_CLAIM,
            deleted_by_the_yearly_change,
        )
        from cdt_desktop.ui.appeal import precheck

        problems, reminders = precheck.letter_problems(
            case, letter, prior_auth=self.prior_auth, entry=self.entry,
            selection=self.selection, today=self.today, profile=self.profile,
            templates=self.templates, attached=attached,
        )  # fmt: skip
        if self.entry is None or not self.entry.is_deleted:  # (the library's says it already)
            then = BEFORE_REQUEST if self.prior_auth else CORRECTED_CLAIM
            code = case.procedure.code.strip().upper()
            problems[:0] = deleted_by_the_yearly_change(code, self.code_note, then)
        return problems, reminders

    def enclosed_images(self, films: list[Radiograph]) -> list[Radiograph]:
        """The films printed behind the letter: the case's, but a request before treatment
        leaves out the post-op ones (``prior_auth.before_treatment``; the check says so)."""
        if not self.prior_auth:
            return films
        return [film for film in films if not after_treatment(film)]
