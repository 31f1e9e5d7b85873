"""What is typed in the case form, kept on disk until it is saved or thrown away.

Why: the form saves a case as one change (it is checked as a whole), so a crash, a kill or a
power cut while it was open lost every field typed in it (reliability walk: a whole form of
patient, claim and provider details, gone after ``kill -9``; DESIGN: a crash loses at most the
last keystroke). Each edit writes the form's fields, a quarter second after the typing stops,
to one private file per case (``drafts/case-<id>.json``, ``drafts/new-case.json``) in the
data folder, which holds the case store too; Save and a confirmed Cancel remove it. When the
form opens again for that case, it offers to put the fields back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from cdt_desktop.core.log import get_logger

_log = get_logger("ui")

DRAFTS_FOLDER = "drafts"
Field = tuple[str, str]


class Draft:
    """The draft file of one form: the case's (``case_id``) or a new case's (None)."""

    def __init__(self, folder: Path, case_id: int | None) -> None:
        name = "new-case.json" if case_id is None else f"case-{int(case_id)}.json"
        self.path = folder / name
        self.case_id = case_id

    def write(self, values: Mapping[Field, str], version: int | None) -> None:
        """Keep ``values`` (best effort: a draft that cannot be written is logged, never a
        reason for the form to fail)."""
        from cdt_desktop.core.atomic import private_folder, private_opener

        data = {
            "case_id": self.case_id,
            "version": version,
            "written": datetime.now().astimezone().isoformat(timespec="seconds"),
            "fields": [[section, key, value] for (section, key), value in values.items()],
        }
        try:
            private_folder(self.path.parent)
            partial = self.path.with_name(self.path.name + ".part")
            with open(partial, "w", encoding="utf-8", opener=private_opener) as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(partial, self.path)
        except OSError as exc:
            _log.warning("case form draft not written (%s)", type(exc).__name__)

    def read(self) -> tuple[dict[Field, str], str] | None:
        """The kept fields and when they were written, or None (no draft, or one unreadable:
        then it is removed, it could never be put back)."""
        try:
            data: Any = json.loads(self.path.read_text(encoding="utf-8"))
            fields = {
                (str(section), str(key)): str(value) for section, key, value in data["fields"]
            }
            if data.get("case_id") != self.case_id:
                raise ValueError("another case's draft")
            return fields, str(data.get("written", ""))
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


def written_words(written: str) -> str:
    """ "at 14:05 on 2026-12-04" from the draft's time ("" when unreadable)."""
    try:
        when = datetime.fromisoformat(written)
    except ValueError:
        return ""
    return f" at {when:%H:%M} on {when:%Y-%m-%d}"
