"""Numbers a payer's system matches are kept as plain digits and letters, whatever was typed."""

from __future__ import annotations

import pytest

from cdt_desktop.core.text import reference_text
from cdt_desktop.domain.cases.model import Case


@pytest.mark.parametrize(
    ("situation", "typed", "kept"),
    [
        ("full-width digits from an input method left on", "CLM ００７", "CLM 007"),
        ("full-width letters and digits", "ＣＬＭ－２０２６", "CLM-2026"),
        ("an ideographic space between parts", "CLM\u3000007", "CLM 007"),
        ("a pasted line break and tab", "CLM-\r\n2026\t7 ", "CLM- 2026 7"),
        ("plain ASCII as typed", "ML-26-0817-88431", "ML-26-0817-88431"),
        ("an en dash and a letter with a stroke stay", "0916–Ø", "0916–Ø"),
    ],
)
def test_a_claim_number_typed_with_wide_digits_is_kept_plain(
    situation: str, typed: str, kept: str
) -> None:
    """Billing walkthrough: "CLM 2026 0916–Ø ００７" was stored as typed and the letter printed
    "０ ０ ７" in wide glyphs: the payer's system would not match the claim."""
    assert reference_text(typed) == kept, situation


def test_a_case_keeps_its_numbers_plain_and_its_names_as_written() -> None:
    case = Case.from_dict(
        {
            "patient": {"name": "Ｙｕｋｉ", "chart_number": "ＣＨ－１２"},
            "subscriber": {"member_id": "ＸＤＬ４８８", "group_number": "ＧＲＰ２"},
            "claim": {"number": "ＣＬＭ００７"},
            "provider": {"npi": "１２３４５６７８９３"},
        }
    )
    assert case.patient.chart_number == "CH-12"
    assert (case.subscriber.member_id, case.subscriber.group_number) == ("XDL488", "GRP2")
    assert (case.claim.number, case.provider.npi) == ("CLM007", "1234567893")
    assert case.patient.name == "Ｙｕｋｉ"  # a name is the patient's as written


@pytest.mark.parametrize(
    ("situation", "field", "pasted", "kept"),
    [
        ("a zero-width space in a claim number", ("claim", "number"), "CLM-\u200b77", "CLM-77"),
        (
            "a byte-order mark before a member ID",
            ("subscriber", "member_id"),
            "\ufeffMET-44",
            "MET-44",
        ),
        ("a word joiner in a patient name", ("patient", "name"), "Ana\u2060 Souza", "Ana Souza"),
        ("a soft hyphen in a name", ("patient", "name"), "Nguy\u00adễn", "Nguyễn"),
        (
            "a zero-width space in clinical notes",
            ("findings", "notes"),
            "pain\u200b on biting",
            "pain on biting",
        ),
        (
            "the non-joiner a Persian name is written with stays",
            ("patient", "name"),
            "\u0645\u06cc\u200c\u0631\u0648\u062f",
            "\u0645\u06cc\u200c\u0631\u0648\u062f",
        ),
        (
            "the joiner inside an emoji stays",
            ("findings", "notes"),
            "👩\u200d⚕️ seen",
            "👩\u200d⚕️ seen",
        ),
    ],
)
def test_invisible_characters_a_paste_brings_are_not_kept_in_a_case(
    situation: str, field: tuple[str, str], pasted: str, kept: str
) -> None:
    """Walkthrough on a shared store: a claim number pasted from a portal kept a zero-width
    space; the payer's system does not match it, and "Copy plain text" carried it along."""
    section, key = field
    case = Case.from_dict({section: {key: pasted}})
    assert getattr(getattr(case, section), key) == kept, situation
