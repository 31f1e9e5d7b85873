"""User text -> safe ReportLab Paragraph markup: escaped, font-fallback tagged, Arabic shaped.

ReportLab parses Paragraph text as markup: ``a<b`` raises, ``R&D`` turns into ``R&D;``,
``<img src=...>`` reads a local file and the exception message embeds the text (PHI). So every
user string is escaped with `xml.sax.saxutils.escape` *first*, run by run, and only then do we add
our own ``<font>`` tags for the characters the body font lacks (docs/design-rules.md, R19).
Emoji and dingbats are dropped first, as in every appeal channel
(`cdt_desktop.domain.appeal.symbols`); no character ever prints as a replacement box: another
symbol no bundled font has is left out, and a word in a script none of them covers (Tibetan,
Cherokee, ...) prints as its script's name in brackets ("[Tibetan text]"), which the appeal
dialog's pre-export check announces (`unprintable_scripts`).
Arabic and Hebrew runs are shaped (arabic_reshaper; Hebrew points as precomposed letters) and
put in visual order (python-bidi), because ReportLab lays them out left to right; the scripts
HarfBuzz must shape (Devanagari, Thai, ...) are tagged with their font and shaped by ReportLab
(`needs_shaping`, `cdt_desktop.report.shaping`).
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from cdt_desktop.domain.appeal.symbols import without_pictographs
from cdt_desktop.report import fonts

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
# ZWNJ/ZWJ: inside a Persian word (نامه‌ها) or an Indic syllable (Sinhala ශ්‍රී) they choose the
# letter forms, so they stay in the word's run and font
_JOINERS = "\u200c\u200d"
RTL_UNBROKEN = 60  # characters: a right-to-left run up to this long is never broken
_RTL_RUN = re.compile(rf"[{_RTL}](?:[{_RTL}\s\u064b-\u065f{_JOINERS}]*[{_RTL}])?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalise(text: str) -> str:
    """NFC (so "Nguyễn" typed with combining marks uses precomposed glyphs), no control chars."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " "))
    return _CONTROL.sub("", text)


def visual_order(text: str) -> str:
    """Shape and reorder each right-to-left run in place; left-to-right text is untouched."""
    if not _RTL_RUN.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    def _fix(match: re.Match[str]) -> str:
        run = arabic_reshaper.reshape(_hebrew_points(match.group(0)))
        # Reversed before ReportLab breaks the lines (left to right): a run broken there would
        # read its last line first. So a run is broken here, in reading order, into lines of
        # at most RTL_UNBROKEN characters (a name or an address line is one), each reversed
        # on its own and kept whole (no-break spaces).
        return "\n".join(
            str(get_display(line, base_dir="R")).replace(" ", "\u00a0") for line in rtl_lines(run)
        )

    return _RTL_RUN.sub(_fix, text)


def rtl_lines(run: str, limit: int = RTL_UNBROKEN) -> list[str]:
    """A right-to-left run (logical order) as lines of at most ``limit`` characters, broken
    between words in reading order (a longer word is a line of its own); its own line breaks
    are kept."""
    lines: list[str] = []
    for part in run.split("\n"):
        line = ""
        for word in part.split(" "):
            if line and len(line) + 1 + len(word) > limit:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


def _hebrew_forms() -> dict[tuple[str, str], str]:
    """(letter, point) -> the precomposed presentation form (U+FB1D-FB4F: אַ, פּ, שׂ, ײַ)."""
    forms = {}
    for code in range(0xFB1D, 0xFB50):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            forms[(chr(int(parts[0], 16)), chr(int(parts[1], 16)))] = chr(code)
    return forms


_HEBREW_FORMS = _hebrew_forms()


def _hebrew_points(run: str) -> str:
    """Hebrew points as the PDF can print them: a letter with its point as one precomposed
    glyph where Unicode has one (Yiddish אַ, פֿ, ײַ; dagesh; the shin and sin dots), other
    vowel points and cantillation marks left out, as everyday Hebrew is written (and as
    arabic_reshaper leaves out Arabic vowel marks): without HarfBuzz a point lands beside
    its letter, not on it."""
    if not any("\u0591" <= c <= "\u05c7" for c in run):
        return run
    out: list[str] = []
    for char in run:
        if "\u0591" <= char <= "\u05c7" and unicodedata.category(char) == "Mn":
            if out and (out[-1], char) in _HEBREW_FORMS:
                out[-1] = _HEBREW_FORMS[(out[-1], char)]
            continue
        out.append(char)
    return "".join(out)


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup that prints `text` literally, in fonts that have every glyph.

    Newlines become line breaks. Characters no bundled font has are left out or named
    (`_undrawable`). `bold`: the paragraph's font is bold, so are the fallback fonts' runs.
    """
    text = _undrawable(visual_order(normalise(without_pictographs(text))))
    fonts.ensure_base_fonts()
    out: list[str] = []
    run: list[str] = []
    current: str | None = None

    def _flush() -> None:
        if not run:
            return
        chunk = escape("".join(run)).replace("\n", "<br/>")
        if current:
            chunk = f'<font name="{fonts.face(current, bold=bold)}">{chunk}</font>'
        out.append(chunk)
        run.clear()

    family: str | None
    for char in text:
        if char in _JOINERS:  # HarfBuzz hides them; other fonts would draw a visible mark
            if current not in fonts.SHAPED_FAMILIES:
                continue  # (Arabic: arabic_reshaper has already chosen the letter forms)
            family = current
        else:
            family = None if char in "\n " else fonts.font_for(char)
        if family == "":  # _undrawable named or dropped these; defensive
            continue
        if family != current:
            _flush()
            current = family
        run.append(char)
    _flush()
    return "".join(out)


def needs_shaping(marked: str) -> bool:
    """Whether Paragraph markup from `markup` holds text in a font that must be shaped."""
    return '<font name="' in marked and any(
        f'<font name="{font}">' in marked for font in fonts.SHAPED_FONTS
    )


_SAME_SCRIPT_WORDS = re.compile(r"\[(\w+) text\](?: \[\1 text\])+")


def _script(char: str) -> str:
    """The script of a letter, from its Unicode name ("HANGUL SYLLABLE GIM" -> "Hangul")."""
    words = unicodedata.name(char, "").split()
    return words[0].title() if words else ""


def _undrawable(text: str) -> str:
    """`text` with every character no bundled font has replaced on purpose.

    A run of letters (with their combining marks) in one script becomes "[<Script> text]", so a
    name stays visibly present and the reviewer knows why it is not printed; any other
    character (a symbol, a private-use or unassigned code point) is left out.
    """
    if text.isascii() or all(ord(c) < 0x250 for c in text):
        return text
    out: list[str] = []
    script = ""
    for char in text:
        drawable = char in "\n " or fonts.font_for(char) != ""
        category = unicodedata.category(char)
        if drawable:
            script = ""
            out.append(char)
        elif category[0] in "LN" or (category[0] == "M" and script):
            name = _script(char) if category[0] != "M" else script
            if name != script:
                out.append(f"[{name} text]" if name else "")
                script = name
        # anything else (symbols, format characters, unassigned) is left out
    return _SAME_SCRIPT_WORDS.sub(r"[\1 text]", "".join(out))  # "김 민준": one bracket


def unprintable_scripts(text: str) -> list[str]:
    """The scripts (by Unicode name: "Tibetan") of letters in `text` that no bundled font has."""
    if all(ord(c) < 0x250 for c in text):
        return []
    scripts: list[str] = []
    for char in normalise(text):
        if ord(char) < 0x250 or not unicodedata.category(char).startswith("L"):
            continue
        if fonts.font_for(char) == "" and (name := _script(char)) not in scripts:
            scripts.append(name)
    return scripts


def unshaped_scripts(text: str) -> list[str]:
    """The scripts in `text` that need HarfBuzz when it is not installed ("Devanagari")."""
    from cdt_desktop.report import shaping

    if all(ord(c) < 0x250 for c in text) or shaping.available():
        return []
    families = {fonts.font_for(c) for c in normalise(text) if ord(c) >= 0x250}
    return sorted(fonts.script_name(f) for f in families if f in fonts.SHAPED_FAMILIES)


def plain(text: str) -> str:
    """`text` as it should appear in a plain-text channel: normalised, no control characters."""
    return normalise(text)
