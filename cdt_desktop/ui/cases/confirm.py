"""The one question asked before a risky code goes on a case (form and chart alike)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdt_desktop.ui.common import msgbox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from cdt_desktop.services.code_risk import CodeRisk


def confirm_risk(parent: QWidget | None, risk: CodeRisk, notation: str = "universal") -> bool:
    """Ask before a code that is unknown, deleted or excluded goes on a case, or before a case
    whose claim was sent is re-coded (default: No). The reason names teeth in ``notation``
    (this PC's, as the candidates beside it do)."""
    from cdt_desktop.domain.cross_notation import in_notation

    question = (
        "Change the case's code anyway?"
        if risk.kind in ("billed", "visit")
        else "Change the case's tooth anyway?"
        if risk.kind == "billed-tooth"
        else "A claim with this code is likely to be denied. Use it anyway?"
    )
    title = (
        "Change the tooth anyway?" if risk.kind == "billed-tooth" else f"Use {risk.code} anyway?"
    )
    return msgbox.ask_yes_no(
        parent,
        title,
        f"{in_notation(risk.reason, notation)}\n\n{question} Your confirmation is recorded in the case's audit log.",
        default=False,
    )
