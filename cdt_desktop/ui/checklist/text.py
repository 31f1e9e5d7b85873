"""Wording of the documentation checklist: tooltips, completeness summary, missing items.

Why a separate module: these are pure functions of the stored ticks, with no Qt, so they can be
tested without widgets and reused outside the panel (``case_io`` lists the missing
required items before an export).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CheckState as _CheckState

NO_CODE_TEXT = "Choose a code to see its documentation checklist."
NO_CASE_TEXT = "Open or create a case to tick items: ticks are saved with the case."
READ_ONLY_TEXT = "The case store is open read-only, so ticks cannot be saved."
OFFLINE_TEXT = (
    "Nothing can be ticked now: the case store is offline (the status bar says why, and when "
    "it is back)."
)
NO_OPERATOR_TEXT = (
    "Choose your initials in the Operator box on the toolbar first: every tick is recorded "
    "with who made it."
)


def format_check_time(at: Any) -> tuple[str, str]:
    """("10:42", "2026-11-23") in local time from a datetime or ISO text; ("", "") if unreadable."""
    if isinstance(at, datetime):
        moment = at
    else:
        try:
            moment = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
        except ValueError:
            return "", ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%H:%M"), moment.strftime("%Y-%m-%d")


def describe_check(state: _CheckState | None) -> str:
    """The tooltip: "Ticked by AB at 10:42 on 2026-11-23" (or "Unticked ..."; "" when never)."""
    if state is None or not state.by:
        return ""
    verb = "Ticked" if state.checked else "Unticked"
    clock, day = format_check_time(state.at)
    when = f" at {clock} on {day}" if clock else ""
    return f"{verb} by {state.by}{when}"


def record_text(answer: str, ticked: bool = False) -> str:
    """The line under an item the case's record answers: what answers it, that it counts (as
    "Mark as submitted" and the letters' checks count it), and what a tick adds; once ticked,
    that the tick records it ("a tick records who checked it" under a ticked item read as a tick
    still to make: walkthrough). Both lines are as long, so a tick moves no row below: the
    shorter ticked line moved them up 30-60 px and three quick clicks of four landed on text
    (office walkthrough)."""
    if ticked:  # as long as the unticked line: the row keeps its height (office walkthrough)
        return f"{answer}: counts as done. Your tick records that you checked it."
    return f"{answer}: counts as done. Tick it to record that you checked it."


def completeness_texts(
    done: int, required: int, ticked: int, total: int, answered: int = 0
) -> tuple[str, str]:
    """(short line, full sentence) for the completeness summary.

    The short line fits the narrow right pane at 1366 px ("3 of 5 required done · 4 of 8
    ticked"); the full sentence goes to the tooltip and to screen readers. ``answered`` of the
    required items done are answered by the case's record (facts, dated films), not ticked.
    """
    if required:
        short = f"{done} of {required} required done"
        full = f"{done} of {required} required items done"
        if answered:
            full += f", {answered} of them answered by the case's facts or films"
    else:
        short = full = "No required items"
    if total:
        short += f" · {ticked} of {total} ticked"
        full += f" ({ticked} of {total} items ticked)"
    return short, full
