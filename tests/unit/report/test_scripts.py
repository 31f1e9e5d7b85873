"""Patients' names in the scripts a US dental office sees print in the appeal PDF, each in a
bundled font that has its glyphs, shaped where the script needs it; a script none covers is
named, never printed as boxes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import unicodedata
from datetime import date, datetime
from functools import cache

import pytest
from pypdf import PdfReader

from cdt_desktop.domain.appeal.compose import compose_appeal
from cdt_desktop.domain.appeal.letter import AppealLetter, plain_text
from cdt_desktop.domain.cases.model import Case
from cdt_desktop.report import fonts, shaping
from cdt_desktop.report.appeal_pdf import render_appeal_pdf
from cdt_desktop.report.markup import markup, needs_shaping
from tests.helpers import FIXTURES, REPO_ROOT

STAMP = datetime(2026, 11, 23, 9, 30, 0)

# (who, name, the bundled font that prints it: its PDF BaseFont without the subset prefix)
NAMES = [
    ("Korean", "김민준", "NanumSquareR"),
    ("Thai", "สมชาย", "NotoSansThai-Regular"),
    ("Thai with tone marks", "สมศักดิ์", "NotoSansThai-Regular"),
    ("Hindi", "अनिता", "NotoSansDevanagari-Regular"),
    ("Greek", "Ελένη", "DejaVuSans"),
    ("Russian", "Дмитрий", "DejaVuSans"),
    ("Hebrew", "שרה", "DejaVuSans"),
    ("Vietnamese", "Nguyễn", "DejaVuSans"),
    ("Bengali", "রহিম", "NotoSansBengali-Regular"),
    ("Punjabi", "ਪੰਜਾਬ", "NotoSansGurmukhi-Regular"),
    ("Gujarati", "ગીતા", "NotoSansGujarati-Regular"),
    ("Tamil", "முருகன்", "NotoSansTamil-Regular"),
    ("Telugu", "లక్ష్మి", "NotoSansTelugu-Regular"),
    ("Amharic", "አበበ", "NotoSansEthiopic-Regular"),
    ("Khmer", "សុខា", "NotoSansKhmer-Regular"),
    ("Burmese", "မောင်", "NotoSansMyanmar-Regular"),
    ("Lao", "ສົມພອນ", "NotoSansLao-Regular"),
    ("Armenian", "Արամ", "DejaVuSans"),
    ("Chinese", "王小明", "DroidSansFallback"),
    ("Arabic", "محمد", "NotoSansArabic-Regular"),
]


def _case(patient: str, notes: str = "") -> Case:
    data = json.loads((FIXTURES / "case_unicode.json").read_text("utf-8"))
    data["patient"]["name"] = patient
    data["findings"]["notes"] = notes or data["findings"]["notes"]
    return Case.from_dict(data)


def _letter(case: Case) -> AppealLetter:
    return compose_appeal(case, entry=None, selection=None, today=date(2026, 11, 23))


def _extract(pdf: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            embedded.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return unicodedata.normalize("NFC", text), embedded


@cache
def _all_names_pdf() -> tuple[str, set[str]]:
    """One letter naming everyone (the patient line and the clinical notes)."""
    notes = "Interpreters present: " + ", ".join(name for _, name, _ in NAMES) + "."
    return _extract(render_appeal_pdf(_letter(_case("김민준", notes)), creation_date=STAMP))


def test_korean_patient_name_prints_in_the_letter() -> None:
    pdf = render_appeal_pdf(_letter(_case("김민준 (Kim Min-jun)")), creation_date=STAMP)
    text, embedded = _extract(pdf)
    assert "김민준 (Kim Min-jun)" in text
    assert "Hangul text" not in text
    assert "NanumSquareR" in embedded


@pytest.mark.parametrize(("who", "name", "font"), NAMES, ids=[who for who, _, _ in NAMES])
def test_every_name_prints_in_a_font_that_has_its_glyphs(who: str, name: str, font: str) -> None:
    marked = markup(name)
    assert "[" not in marked  # no "[<Script> text]" stand-in
    for char in unicodedata.normalize("NFC", name):
        family = fonts.font_for(char)
        assert family != "", f"{who}: no bundled font has {char!r}"
        fonts.ensure_family(family or fonts.BASE)
        assert fonts.has_glyph(family or fonts.BASE, char), f"{who}: {char!r} would be a box"
    text, embedded = _all_names_pdf()
    assert font in embedded, f"{who}: {font} is not embedded"
    assert "\ufffd" not in text and " text]" not in text
    # every letter (marks may come out of extraction reordered or merged into a glyph)
    letters = {c for c in name if unicodedata.category(c) == "Lo" or c.isalpha()}
    letters = {c for c in letters if not unicodedata.category(c).startswith("M")}
    read = set(unicodedata.normalize("NFKC", text))  # Arabic comes back as its joined forms
    assert letters <= read, f"{who}: {sorted(letters - read)} missing from the PDF text"


@pytest.mark.parametrize(
    "name", ["김민준", "Ελένη", "Дмитрий", "Nguyễn", "አበበ", "王小明", "สมชาย", "Արամ"]
)
def test_names_that_need_no_reordering_come_back_whole_from_the_pdf_text(name: str) -> None:
    text, _ = _all_names_pdf()
    assert name in text


def test_a_hebrew_name_prints_right_to_left_and_reads_back_in_order() -> None:
    pdf = render_appeal_pdf(_letter(_case("שרה כהן")), creation_date=STAMP)
    text, embedded = _extract(pdf)
    assert "DejaVuSans" in embedded
    assert "שרה כהן" in text  # pypdf restores the logical order, as for Arabic


def test_hebrew_points_print_on_their_letters_or_are_left_out() -> None:
    """A point drawn without HarfBuzz lands beside its letter: letter + point become one
    precomposed glyph where Unicode has one (Yiddish אַ, פֿ, ײַ; dagesh; shin/sin dot), other
    vowel points are left out as everyday Hebrew is written."""
    marked = markup("שָׂרָה אַבְרָהָם פֿײַנבערג")
    assert {"\ufb2b", "\ufb2e", "\ufb4e", "\ufb1f"} <= set(marked)  # שׂ אַ פֿ ײַ
    assert not any("\u0591" <= c <= "\u05c7" for c in marked)
    pdf = render_appeal_pdf(_letter(_case("שָׂרָה כֹּהֵן")), creation_date=STAMP)
    text = unicodedata.normalize("NFKC", _extract(pdf)[0])
    assert "שׂרה" in text and "כּהן" in text


def _frag_word(*runs: tuple[str, str]) -> list[object]:
    from reportlab.lib.abag import ABag
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = sum(stringWidth(text, font, 10) for font, text in runs)
    return [width, *((ABag(fontName=font, fontSize=10), text) for font, text in runs)]


def test_devanagari_vowel_sign_i_is_drawn_before_its_consonant() -> None:
    fonts.ensure_base_fonts()
    fonts.ensure_family("CDTDevanagari")
    shaped = shaping.shape_frag_word(_frag_word(("CDTDevanagari", "अनिता")))
    if not shaping.available():
        pytest.skip("uharfbuzz is not installed")
    (_, glyphs), *_ = shaped[1:]  # type: ignore[misc]
    # अ, then the vowel sign's glyph (left of न, as written), then न, त, ा
    assert glyphs.index("न") == 2 and glyphs[0] == "अ"


def test_a_word_mixing_fonts_is_shaped_font_by_font() -> None:
    """ReportLab shapes a whole word in its first font: "(अनिता)" came out as U+FFFF glyphs."""
    fonts.ensure_base_fonts()
    fonts.ensure_family("CDTDevanagari")
    word = _frag_word(("CDTSans", "("), ("CDTDevanagari", "अनिता"), ("CDTSans", "),"))
    shaped = shaping.shape_frag_word(word)
    runs = [(style.fontName, str(text)) for style, text in shaped[1:]]  # type: ignore[union-attr]
    assert runs[0] == ("CDTSans", "(") and runs[-1] == ("CDTSans", "),")
    assert runs[1][0] == "CDTDevanagari" and "\uffff" not in runs[1][1]
    assert {"अ", "न", "त"} <= set(runs[1][1])


def test_only_paragraphs_with_a_shaped_script_are_shaped() -> None:
    assert not needs_shaping(markup("Zoë Ñúñez 王小明 김민준 Дмитрий"))
    assert needs_shaping(markup("Dr. अनिता"))
    assert needs_shaping(markup("สมชาย", bold=True))
    assert 'name="CDTThai-Bold"' in markup("สมชาย", bold=True)


def test_a_private_use_character_is_left_out_even_after_shaping_used_private_codes() -> None:
    markup("अनिता สมศักดิ์")  # shaping maps glyphs without a code to U+E000...
    render_appeal_pdf(_letter(_case("अनिता สมศักดิ์")), creation_date=STAMP)
    assert markup("a\ue000b") == "ab"


def test_plain_text_narrative_keeps_every_name_in_typed_order() -> None:
    names = [name for _, name, _ in NAMES]
    text = plain_text(_letter(_case(" ".join(names))))
    assert " ".join(names) in text


def test_an_english_letter_reads_no_script_font() -> None:
    """Script fonts load the first time their script appears, not with every letter."""
    code = (
        "import json; from datetime import date\n"
        "from cdt_desktop.domain.cases.model import Case\n"
        "from cdt_desktop.domain.appeal.compose import compose_appeal\n"
        "from cdt_desktop.report import appeal_pdf, fonts\n"
        f"data = json.loads(open({str(FIXTURES / 'case_d3330.json')!r}).read())\n"
        "letter = compose_appeal(Case.from_dict(data), entry=None, selection=None,"
        " today=date(2026, 11, 23))\n"
        "appeal_pdf.render_appeal_pdf(letter)\n"
        "print(sorted(fonts._cmaps))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "['CDTSans']"


def test_a_tibetan_name_is_announced_before_the_letter_is_sent() -> None:
    from cdt_desktop.report.appeal_pdf import print_gaps

    letter = _letter(_case("Tenzin བསྟན་འཛིན"))
    gaps = print_gaps(letter)
    assert len(gaps) == 1 and "Tibetan" in gaps[0] and "[Tibetan text]" in gaps[0]
    text, _ = _extract(render_appeal_pdf(letter, creation_date=STAMP))
    assert "Tenzin [Tibetan text]" in text  # named in the PDF, never boxes


def test_emoji_pasted_into_the_case_are_a_reminder_naming_them_not_a_problem() -> None:
    """They are left out of every channel on purpose (symbols.py); the check used to say
    nothing, so the clerk did not know the letter differed from what was typed."""
    from cdt_desktop.report.appeal_pdf import print_gaps, print_notes

    letter = _letter(_case("Ana Lee", notes="Pt reports \U0001f9b7 pain on biting \u2705"))
    notes = print_notes(letter)
    assert len(notes) == 1 and "(\U0001f9b7 \u2705)" in notes[0] and "left out" in notes[0]
    assert print_gaps(letter) == []  # nothing blocks sending
    assert print_notes(_letter(_case("Ana Lee", notes="Pain on biting."))) == []


def test_names_every_bundled_font_covers_are_not_announced() -> None:
    from cdt_desktop.report.appeal_pdf import print_gaps

    names = " ".join(name for _, name, _ in NAMES)
    assert print_gaps(_letter(_case(names))) == []


def test_sinhala_sri_keeps_its_zero_width_joiner_inside_the_sinhala_run() -> None:
    """ශ්‍රී (Sri, in many Sinhala names) needs ZWJ for its joined form; it was stripped."""
    assert markup("ශ්\u200dරී") == '<font name="CDTSinhala">ශ්\u200dරී</font>'


def test_a_persian_name_with_a_zero_width_non_joiner_keeps_its_letter_forms() -> None:
    marked = markup("نامه\u200cها")
    # heh before the ZWNJ ends its word (final form U+FEEA), no joiner glyph is drawn
    assert "\ufeea" in marked and "\u200c" not in marked


def test_a_stray_joiner_in_latin_text_is_left_out() -> None:
    assert markup("Ana\u200d Lee\u200c") == "Ana Lee"


def test_without_harfbuzz_a_hindi_name_is_announced_not_printed_silently_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cdt_desktop.report.appeal_pdf import print_gaps

    monkeypatch.setattr(shaping, "available", lambda: False)
    gaps = print_gaps(_letter(_case("अनिता 김민준")))
    assert len(gaps) == 1 and "Devanagari" in gaps[0] and "HarfBuzz" in gaps[0]


def test_a_thai_practice_name_in_the_bold_letterhead_prints_in_thai_bold() -> None:
    data = json.loads((FIXTURES / "case_unicode.json").read_text("utf-8"))
    data["provider"]["practice"] = "สมชาย Dental"
    pdf = render_appeal_pdf(_letter(Case.from_dict(data)), creation_date=STAMP)
    text, embedded = _extract(pdf)
    assert "NotoSansThai-Bold" in embedded and "สมชาย Dental" in text


def test_a_hebrew_name_at_a_line_end_is_never_split_over_two_lines() -> None:
    """The run is reversed before lines are broken: split, the surname would come first."""
    for filler in range(22, 34):  # the name's two words fall either side of a line end
        notes = "Guardian present: " + "ab " * filler + "שרה כהן, and more."
        pdf = render_appeal_pdf(_letter(_case("Ann Lee", notes)), creation_date=STAMP)
        lines = unicodedata.normalize("NFKC", _extract(pdf)[0]).splitlines()
        assert any("שרה" in line and "כהן" in line for line in lines), filler
