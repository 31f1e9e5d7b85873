"""The bundled script fonts, lent to the window the first time a case shows text that needs one.

The appeal PDF embeds a font for each script a patient's name may be written in
(``report.fonts``). The window relied on the PC's own fonts: on a PC without a Korean font (a
Linux workstation installed without CJK fonts) "김민준" showed as three boxes in the case list
and the case heading while the letter printed it. ``cover`` registers the bundled font of each
script the text uses with Qt once (``QFontDatabase.addApplicationFont``); Qt's font fallback then
finds its letters, and a PC with its own font for the script keeps drawing with it first.
Latin, Greek and Cyrillic are left to the system, which always has them. Text that is all ASCII
costs one ``str.isascii`` call: nothing is imported or read at start-up.
"""

from __future__ import annotations

_lent: set[str] = set()  # families registered with Qt in this process

_CJK_BLOCKS = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # half- and full-width forms
)


def cover(*texts: str) -> list[str]:
    """Lend the window the bundled font of every script in ``texts`` it has not got yet;
    returns the families registered by this call."""
    added: list[str] = []
    for text in texts:
        if text.isascii():
            continue
        for char in set(text):
            family = _family(ord(char))
            if family is not None and family not in _lent:
                for lent in _together(family):
                    if lent not in _lent:
                        _lent.add(lent)
                        _lend(lent)
                        added.append(lent)
    return added


def _together(family: str) -> tuple[str, ...]:
    """The families lent with ``family``: the Korean one (first) with the Chinese and Japanese
    one. Droid Sans Fallback, lent alone for a Chinese name, became the fallback Qt keeps for
    Hangul typed later, and it has no Hangul syllables: "김" and "민" drew the same box."""
    from cdt_desktop.report import fonts

    if family in (fonts.HANGUL, fonts.CJK):
        return (fonts.HANGUL, fonts.CJK)
    return (family,)


def _family(codepoint: int) -> str | None:
    if codepoint < 0x370:  # Latin, its accents and IPA: every system font has them
        return None
    from cdt_desktop.report import fonts

    family = fonts.script_family(codepoint)
    if family is not None:
        return family
    if fonts.is_arabic(codepoint):
        return fonts.ARABIC
    if any(first <= codepoint <= last for first, last in _CJK_BLOCKS):
        return fonts.CJK
    return None


def _lend(family: str) -> None:
    from PySide6.QtGui import QFontDatabase

    from cdt_desktop.core.paths import resource_path
    from cdt_desktop.report.fonts import family_files

    for filename in family_files(family):
        path = resource_path("fonts", filename)
        if path.is_file():  # a damaged installation: the self-check names it, not this
            QFontDatabase.addApplicationFont(str(path))
