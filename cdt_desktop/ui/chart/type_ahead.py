"""Choosing a tooth on the chart by typing its number, and what the chart says of a miss.

The dentist types "19" (or "36" with the chart in FDI, "LL6" in Palmer): the tooth is chosen as
soon as no longer label starts with what was typed, or at Enter, or after a pause of
``TYPE_AHEAD_MS``. A
text that is no tooth in the chart's notation is said at the chart (a tool tip, and the screen
reader's description), naming the tooth it is in another notation; a key typed on right after a
tooth chosen at its last digit ("99") is said as a miss, the tooth staying chosen.

Why apart from ``ToothChart`` (tooth_chart.py): typing is one way in among the mouse and the
arrow keys, with its own rules and words, which change with what dentists type; the chart keeps
the selection, the cursor and the painting. The chart makes its ``TypeAhead`` at the first letter
or digit typed at it, so the window's start imports neither this module nor its timer
(docs/performance.md: every module imported at start costs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt, QTimer

from cdt_desktop.domain.teeth import InvalidToothError, Notation, label_in, parse_tooth, tooth

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

TYPE_AHEAD_MS = 800
_NOTATION_NAMES = {Notation.UNIVERSAL: "Universal", Notation.FDI: "FDI", Notation.PALMER: "Palmer"}


class Chart(Protocol):
    """What the type-ahead asks of its chart: a ``ToothChart``, which is a QWidget (not imported
    here: the chart imports this module, and import cycles are refused)."""

    def selected(self) -> str | None: ...

    def cursor_tooth(self) -> str: ...

    def notation(self) -> str: ...

    def select_tooth(self, universal: str) -> None: ...


class TypeAhead:
    """What has been typed at one chart, until it chooses a tooth or is said to be none."""

    def __init__(self, chart: Chart) -> None:
        self._chart = chart
        self._widget = cast("QWidget", chart)  # the chart is a QWidget (see `Chart`)
        self.typed = ""  # the letters and digits typed since the last tooth chosen or missed
        self.said = ""  # the last miss, still shown at the chart beside the tooth
        self._chosen_typed = ""  # a tooth chosen at its last digit, while a typo could follow
        self._timer = QTimer(self._widget)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPE_AHEAD_MS)
        self._timer.timeout.connect(self.commit)

    def key(self, key: Qt.Key, text: str) -> bool:
        """A key the chart did not take as an arrow: True when it was the type-ahead's (Enter
        or Escape with something typed, a letter or digit); False leaves it to the chart."""
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if not self.typed:
                return False
            self.commit()
            return True
        if key == Qt.Key.Key_Escape and self.typed:
            self.typed = ""
            self._timer.stop()
            return True
        if len(text) == 1 and text.isascii() and text.isalnum():
            if self._chosen_typed and not self.typed and self._timer.isActive():
                self._typo_after_chosen(self._chosen_typed + text.upper())
                return True
            self.typed += text.upper()
            self._timer.start()
            if self._typed_is_complete():
                typed = self.typed
                self.commit()
                if self._chart.selected() is not None:  # "99": the second 9 comes while this runs
                    self._chosen_typed = typed
                    self._timer.start()
            return True
        self._chosen_typed = ""
        return False

    def commit(self) -> None:
        """Choose the tooth typed (Enter, its last key, or the pause), or say it is none."""
        typed, self.typed = self.typed, ""
        self._chosen_typed = ""
        self._timer.stop()
        if not typed:
            return
        notation = self._notation()
        try:
            found = parse_tooth(typed, notation)
        except InvalidToothError:
            self._say(not_a_tooth(typed, notation))
            return
        if found.supernumerary:
            self._say(f"Tooth {typed} is a supernumerary tooth: the chart has no place for it")
            return
        if self.said:  # the last miss, still shown at the chart beside the tooth
            from PySide6.QtWidgets import QToolTip

            QToolTip.hideText()
        self.said = ""
        self._chart.select_tooth(found.universal)

    def _notation(self) -> Notation:
        return Notation(self._chart.notation())

    def _typo_after_chosen(self, typed: str) -> None:
        """A key right after a tooth chosen at its last digit: no tooth starts with both, so
        it is a typo of a longer number ("99"), said as a miss; the tooth chosen stays. It
        chose #9 without a word (walkthrough), where "33" says why."""
        self._chosen_typed = ""
        self._timer.stop()
        notation = self._notation()
        chosen = label_in(tooth(self._chart.selected() or self._chart.cursor_tooth()), notation)
        self._say(f"{not_a_tooth(typed, notation)}; {chosen} stays selected")

    def _typed_is_complete(self) -> bool:
        """True when the typed text names a tooth and no longer label starts with it."""
        typed = self.typed
        notation = self._notation()
        labels = [tooth(u).format(notation).upper() for u in _all_ids()]
        return typed in labels and not any(
            label != typed and label.startswith(typed) for label in labels
        )

    def _say(self, message: str) -> None:
        """A typed miss is said where the dentist looks (a tool tip at the chart) and to the
        screen reader; it was only the latter, so a miss looked like a slow chart (tour7)."""
        from PySide6.QtCore import QPoint
        from PySide6.QtWidgets import QToolTip

        widget = self._widget
        self.said = message
        widget.setAccessibleDescription(message)
        widget.setToolTip(message)
        if widget.isVisible():
            QToolTip.showText(widget.mapToGlobal(QPoint(12, 12)), message, widget)


def _all_ids() -> list[str]:
    return [str(n) for n in range(1, 33)] + list("ABCDEFGHIJKLMNOPQRST")


def not_a_tooth(typed: str, notation: Notation) -> str:
    """ "No tooth 33 in Universal numbering (1-32, A-T); FDI 33 is #22: switch Notation above
    the chart": the tooth the text names in another notation, where it names one."""
    message = f"No tooth {typed} in {_NOTATION_NAMES[notation]} numbering"
    for other in Notation:
        if other is notation:
            continue
        try:
            found = parse_tooth(typed, other)
        except InvalidToothError:
            continue
        if found.supernumerary:
            continue
        named = label_in(found, notation)
        return (
            f"{message}; {_NOTATION_NAMES[other]} {typed} is {named} (Notation is above the chart)"
        )
    return message
