"""What is typed in the case form, kept on disk until it is saved or thrown away.

Why: the form saves a case as one change (it is checked as a whole), so a crash, a kill or a power
cut while it was open lost every field typed in it (reliability walk: a whole form of patient, claim
and provider details, gone after ``kill -9``; docs/design-rules.md, R2: a crash loses at most the
last keystroke). Each edit writes the form's fields, a quarter second after the typing stops, to one
private file per case and per person (``drafts/<who>/case-<id>.json``,
``drafts/<who>/new-case.json``) in the data folder, which holds the case store too; Save and a
confirmed Cancel remove it. When the same person opens the form of that case again, it offers to put
the fields back.

Whose: the signed-in user's (``user-<id>``), else the typed operator's initials
(``initials-<AB>``), fixed when the form opens. A draft is never offered to anyone else: after
a crash, Dr. Lee's typing was offered to the assistant at her sign-in, and her Save recorded
it under her name (walkthrough). Another user unlocking the window closes the form, and its
draft stays its typist's.

:class:`Draft` is the file; :class:`FormDraft` is the form's side of it (``ui/cases/form.py``
holds one when it is given a drafts folder): it watches the editors, writes a moment after the
typing stops, drops the file, and asks whether to put it back. Imported with the form, never at
start-up (json).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import weakref
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QBoxLayout, QComboBox, QDialog, QLabel, QPlainTextEdit, QWidget

from cdt_desktop.core.log import get_logger
from cdt_desktop.ui.cases.form_rebase import (
    CaseForm,
    both_changed,
    changed_fields,
    form_fields,
    load,
    name_both_changed,
    start_fields,
)
from cdt_desktop.ui.common import msgbox

_log = get_logger("ui")

DRAFTS_FOLDER = "drafts"
DRAFT_DELAY_MS = 250
NOT_KEPT = (
    "\u26a0 What you type here cannot be kept on this PC's disk (it is full, or cannot be "
    "written): it would not come back if the app closed before Save. Save when you can."
)
"""What is typed goes to the draft on disk this long after the typing stops."""
Field = tuple[str, str]


def owner_key(user_id: int | None, initials: str) -> str:
    """Whose draft, as a folder name: ``user-7`` (signed in) or ``initials-AB`` (sign-in off;
    ``initials-`` with none)."""
    if user_id is not None:
        return f"user-{int(user_id)}"
    safe = "".join(c for c in initials.upper() if c.isascii() and c.isalnum())
    return f"initials-{safe}"


def owner_for(auth: Any, initials: str) -> str:
    """:func:`owner_key` for whoever works at this PC now: the signed-in user of ``auth`` (the
    service's sign-in, None when off), else the typed ``initials``."""
    user = auth.user if auth is not None else None
    return owner_key(user.id if user is not None else None, initials)


NEW_CASE_FILE = "new-case.json"
_CASE_FILE = re.compile(r"case-(\d+)\.json")


def kept_drafts(folder: Path, owner: str) -> tuple[tuple[int, ...], bool]:
    """The cases whose form drafts ``owner`` has kept in ``folder``, and whether a new case's
    is kept too (the names :class:`Draft` writes), read without opening any."""
    try:
        names = {path.name for path in (folder / owner).iterdir()}
    except OSError:
        return (), False
    ids = sorted(int(m.group(1)) for n in names if (m := _CASE_FILE.fullmatch(n)))
    return tuple(ids), NEW_CASE_FILE in names


class Draft:
    """The draft file of one form: the case's (``case_id``) or a new case's (None), typed by
    ``owner`` (:func:`owner_key`)."""

    def __init__(self, folder: Path, case_id: int | None, owner: str) -> None:
        name = NEW_CASE_FILE if case_id is None else f"case-{int(case_id)}.json"
        self.path = folder / owner / name
        self.case_id = case_id
        self.owner = owner

    def write(
        self,
        values: Mapping[Field, str],
        version: int | None,
        base: Mapping[Field, str] | None = None,
    ) -> bool:
        """Keep ``values``, typed in the form of the case's ``version`` that opened with
        ``base``; False when it cannot be written (a full disk: logged, and the form says its
        typing is not kept, never a reason for the form to fail)."""
        from cdt_desktop.core.atomic import private_folder, private_opener

        data = {
            "case_id": self.case_id,
            "owner": self.owner,
            "version": version,
            "written": datetime.now().astimezone().isoformat(timespec="seconds"),
            "fields": [[section, key, value] for (section, key), value in values.items()],
        }
        if base is not None:  # what was typed is what differs from it (``Kept.typed``)
            data["base"] = [[section, key, value] for (section, key), value in base.items()]
        partial = self.path.with_name(self.path.name + ".part")
        try:
            private_folder(self.path.parent)
            with open(partial, "w", encoding="utf-8", opener=private_opener) as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(partial, self.path)
        except OSError as exc:
            _log.warning("case form draft not written (%s)", type(exc).__name__)
            with contextlib.suppress(OSError):  # a cut-off part file (a full disk): no draft
                partial.unlink(missing_ok=True)
            return False
        return True

    def read(self) -> Kept | None:
        """The kept draft, or None (no draft, or one unreadable: then it is removed, it could
        never be put back)."""
        try:
            data: Any = json.loads(self.path.read_text(encoding="utf-8"))
            fields = _fields(data["fields"])
            base = _fields(data["base"]) if "base" in data else None
            if data.get("case_id") != self.case_id:
                raise ValueError("another case's draft")
            if data.get("owner") != self.owner:
                raise ValueError("another person's draft")
            version = data.get("version")
            if version is not None and not isinstance(version, int):
                raise ValueError("a version that is no number")
            return Kept(fields, str(data.get("written", "")), version, base)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _log.warning("case form draft unreadable (%s), removed", type(exc).__name__)
            self.remove()
            return None

    def remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            _log.warning("case form draft not removed (%s)", type(exc).__name__)


class Kept(NamedTuple):
    """A draft as read: the fields, when they were written, the version of the case the form
    held then, and what that form opened with (None in a draft of an earlier version)."""

    fields: dict[Field, str]
    written: str
    version: int | None
    base: dict[Field, str] | None

    def typed(self, now: Mapping[Field, str]) -> dict[Field, str]:
        """The fields the typist changed: those that differ from what the form opened with;
        without it, from ``now`` (the case as stored now)."""
        return changed_fields(self.base if self.base is not None else now, self.fields)


def _fields(rows: Any) -> dict[Field, str]:
    return {(str(section), str(key)): str(value) for section, key, value in rows}


def _written_at(written: str) -> datetime | None:
    """The draft's time, or None when unreadable (a hand-edited file)."""
    try:
        return datetime.fromisoformat(written)
    except ValueError:
        return None


def written_words(written: str) -> str:
    """ "at 14:05 on 2026-12-04" from the draft's time ("" when unreadable)."""
    when = _written_at(written)
    return f" at {when:%H:%M} on {when:%Y-%m-%d}" if when is not None else ""


def kept_when(written: str, today: str) -> str:
    """ "18:00" for a draft written ``today`` (ISO), "2026-12-04 18:00" for an older one, ""
    when unreadable: short, for the status bar."""
    when = _written_at(written)
    if when is None:
        return ""
    day = when.date().isoformat()
    return f"{when:%H:%M}" if day == today else f"{day} {when:%H:%M}"


class DraftedForm(CaseForm, Protocol):
    """What :class:`FormDraft` uses of ``ui.cases.form.CaseForm`` (a QDialog; it imports this
    module)."""

    saved_case_id: int | None

    def is_dirty(self) -> bool: ...

    def parentWidget(self) -> QWidget | None: ...


class FormDraft:
    """The draft of one open case form: written :data:`DRAFT_DELAY_MS` after each edit,
    dropped by Save and a confirmed Cancel, offered back when the form opens again."""

    def __init__(self, form: DraftedForm, folder: Path, owner: str) -> None:
        # weakly: the form holds this, and a form nobody holds any more goes at once
        self._form: DraftedForm = weakref.proxy(form)
        # whose: fixed now, so the write a moment after another user unlocked the window (it
        # closes the form) is still the typist's
        self._draft = Draft(folder, form._case_id, owner)
        # the form's own timer (the form is a QDialog): it goes with the form
        self._timer = QTimer(cast("QDialog", form), singleShot=True, interval=DRAFT_DELAY_MS)
        self._timer.timeout.connect(self._keep)
        edited = self._timer.start
        for editor in (*form._editors.values(), form._enclosures):
            if isinstance(editor, QComboBox):
                editor.currentIndexChanged.connect(lambda *_: edited())
            elif isinstance(editor, QPlainTextEdit):
                editor.textChanged.connect(edited)
            else:
                editor.textChanged.connect(lambda *_: edited())

    def _keep(self) -> None:
        """What is typed, on disk; nothing when it is what the form opened with."""
        if self._form.saved_case_id is not None:
            return
        if self._form.is_dirty():
            form = self._form
            kept = self._draft.write(form_fields(form), form._version, start_fields(form))
            self._say_kept(kept)
        else:
            self._draft.remove()

    def _say_kept(self, kept: bool) -> None:
        """A draft that cannot be written (a full disk) is said above the fields: the typist
        believed the typing would come back after a crash, and it did not (reliability
        probe); the line goes once a draft is written again."""
        form = cast("QDialog", self._form)
        notice = form.findChild(QLabel, "caseFormDraftNotice")
        if notice is None:
            if kept:
                return
            layout = form.layout()
            if not isinstance(layout, QBoxLayout):
                return
            notice = QLabel(NOT_KEPT)  # (the form is held weakly here: the layout parents it)
            notice.setObjectName("caseFormDraftNotice")
            notice.setWordWrap(True)
            notice.setAccessibleName("Typing not kept")
            layout.insertWidget(0, notice)
        notice.setVisible(not kept)

    def offer(self) -> bool:
        """Ask to put back what was typed in the form before the app ended without saving it;
        True when the fields were put back."""
        form = self._form
        found = self._draft.read()
        if found is None:
            return False
        now = form_fields(form)  # the case as stored now
        # a new case's draft comes back whole: its prefill (the chart's tooth and code, a
        # series visit's patient) is part of it, and the form's prefill now may be another's
        typed = found.fields if form._case_id is None else found.typed(now)
        if not any(now.get(field, "") != value for field, value in typed.items()):
            self._draft.remove()  # nothing typed that the case does not hold already
            return False
        which = (
            f"case {form._case_id}" if form._case_id is not None else _new_case_words(found.fields)
        )
        instead = "" if form._case_id is not None else _replaced_words(found.fields, now)
        if not msgbox.ask_yes_no(
            form.parentWidget(),
            "Put back unsaved edits?",
            f"Edits you typed in the form of {which}{written_words(found.written)} were not saved: "
            f"the app closed, or another user unlocked the window, before Save. Put them back "
            f"in the form{instead}? (No throws them away.)",
            default=True,
        ):
            self._draft.remove()
            return False
        # only what was typed goes back, on top of the case as saved now: the whole old copy
        # put back wrote over what others had saved since (office walkthrough)
        load(form, form._initial, typed)
        if found.version != form._version:  # saved by someone else since: say what both changed
            clash = (
                both_changed(found.base, found.fields, now)
                if found.base is not None
                else list(typed)  # an older draft: every field it changes is named
            )
            name_both_changed(form, clash, now, (
                f"Case {form._case_id} was saved by someone else after these edits were typed. "
                "The form shows it as saved now with your edits on top: check them and press "
                "Save."
            ))  # fmt: skip
        return True

    def drop(self) -> None:
        """Save, or a confirmed Cancel: the pending write is stopped and the file removed."""
        self._timer.stop()
        self._draft.remove()


def _who_and_what(fields: Mapping[Field, str]) -> str:
    """ "Zoë Kowalski, tooth 8, D3330": the patient, tooth and code a form's fields hold."""
    name = fields.get(("patient", "name"), "").strip()
    tooth = fields.get(("procedure", "tooth"), "").strip()
    code = fields.get(("procedure", "code"), "").strip()
    return ", ".join(p for p in (name, f"tooth {tooth}" if tooth else "", code) if p)


def _new_case_words(fields: Mapping[Field, str]) -> str:
    """ "a new case (Zoë Kowalski, tooth 8, D3330)": whose the kept edits are, so they are
    not put into the next patient's form unread (chairside walkthrough)."""
    who = _who_and_what(fields)
    return f"a new case ({who})" if who else "a new case"


def _replaced_words(kept: Mapping[Field, str], now: Mapping[Field, str]) -> str:
    """ " in place of what the form holds now (tooth 30)" when the form was opened for another
    patient, tooth or code than the kept edits; "" when it holds the same or nothing."""
    holds = _who_and_what(now)
    return (
        f", in place of what the form holds now ({holds})"
        if holds and holds != _who_and_what(kept)
        else ""
    )
