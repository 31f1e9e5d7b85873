"""A tick another workstation made, and the click that comes right after it.

Reliability probe: "Working length" unticked on screen; BB ticked it at another workstation;
the window showed it within 100 ms, and a click 120-900 ms later, meant for the unticked box,
sent an untick (7 trials of 7). Re-walk: a click before the window had shown BB's tick (a store
file is looked at every two seconds) ticked it again as AA's, BB's name and note gone. So the
panel reads the ticks once more as it is clicked, and a click on an item another workstation
changed a moment before is not sent: a tooltip at the box says what changed (a banner above
the rows moved them under the pointer: re-walk), and the next click goes through.

Also here: what the case's record answers, read again with the ticks (an item another
workstation ticked keeps its answer here).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cdt_desktop.core.errors import UserFacingError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtWidgets import QCheckBox

    from cdt_desktop.domain.cases.ports import CheckState
    from cdt_desktop.domain.reference import ChecklistItem
    from cdt_desktop.services.cases import CaseService

JUST_CHANGED_S = 2.0
"""A click this soon after another workstation's change of the same item showed is taken for a
click on what was shown before."""


def _ticked(state: CheckState | None) -> bool:
    return bool(state and state.checked)


class ChangedElsewhere:
    """The items whose tick changed in a re-read (only the panel itself ticks in this window,
    and its own ticks never come back as a change), and when."""

    def __init__(self) -> None:
        self._at: dict[str, float] = {}

    def clear(self) -> None:
        self._at.clear()

    def seen(self, before: Mapping[str, CheckState], now: Mapping[str, CheckState]) -> None:
        """A re-read of the case's ticks: what differs from ``before`` changed elsewhere."""
        at = time.monotonic()
        for item_id in set(before) | set(now):
            if _ticked(before.get(item_id)) != _ticked(now.get(item_id)):
                self._at[item_id] = at

    def forget(self, item_id: str) -> None:
        """This window ticked it: what it shows is its own."""
        self._at.pop(item_id, None)

    def notice(self, item: ChecklistItem, checked: bool, state: CheckState | None) -> str:
        """The words for a click asking ``checked`` on ``item`` (stored now as ``state``) that is
        not to be sent ("" for one that is): what it asks is so already (another workstation
        did it before the window showed it: sent, it took their name and note), or another
        workstation changed the item a moment before (the next click goes through)."""
        at = self._at.pop(item.id, None)
        done, undo = ("ticked", "untick") if _ticked(state) else ("unticked", "tick")
        who = (state.by if state is not None else "") or "Another workstation"
        if _ticked(state) == checked:  # what the click asks is done already, by another
            return f"{who} {done} \u201c{item.text}\u201d already, at another workstation."
        if at is None or time.monotonic() - at > JUST_CHANGED_S:
            return ""
        return (
            f"{who} just {done} \u201c{item.text}\u201d at another workstation: click it again to "
            f"{undo} it."
        )


def say_at(box: QCheckBox, text: str) -> None:
    """A word at the box clicked, where the eyes are: a banner above the rows moved them under
    the pointer (re-walk). Read by a screen reader as the box's description."""
    from PySide6.QtWidgets import QToolTip

    box.setAccessibleDescription(text)
    QToolTip.showText(box.mapToGlobal(box.rect().bottomLeft()), text, box, box.rect(), 8000)


def answers_of(
    service: CaseService, case_id: int, items: Sequence[ChecklistItem]
) -> tuple[dict[str, str], dict[str, str]]:
    """What case ``case_id``'s clinical facts and dated films answer of ``items``
    (``record_answers``, the rule "Mark as submitted" and the letters' checks count by), and
    which of them its record says are not so (``refuted_items``: not counted, not tickable)."""
    if not items:
        return {}, {}
    from cdt_desktop.domain.appeal.answered import record_answers
    from cdt_desktop.domain.appeal.code_fit import refuted_items
    from cdt_desktop.domain.cases.series import SERIES_DATES_ITEM, series_dates_refuted

    try:
        case = service.get(case_id).case
        films = service.film_dates(case_id)
    except UserFacingError:  # the ticks' own load says what is wrong
        return {}, {}
    # whatever the ticks say: re-read after another PC's tick, an item ticked there lost its
    # answer here, and this PC's untick then counted it as missing (two-PC walkthrough)
    from dataclasses import replace  # (not at start: dataclasses is no start-up module)

    unticked = replace(case, checklist={})
    ids = {item.id for item in items}
    refuted = {item_id: why for item_id, why in refuted_items(case).items() if item_id in ids}
    if SERIES_DATES_ITEM in ids:  # the other visits of the series, from the store
        refuted |= series_dates_refuted(service.series_out_of_order(case_id, case))
    return record_answers(unticked, ids, films), refuted


def film_date_wanted(service: CaseService, case_id: int, item_id: str) -> str:
    """What to say at a film's item just ticked with no date for that film
    (``answered.film_date_wanted``); "" for any other item, or when the store cannot say."""
    from cdt_desktop.domain.appeal.answered import FILM_ITEMS
    from cdt_desktop.domain.appeal.answered import film_date_wanted as wanted

    if item_id not in FILM_ITEMS:
        return ""  # no read for the other items
    try:
        return wanted(service.get(case_id).case, item_id, service.film_dates(case_id))
    except UserFacingError:
        return ""
