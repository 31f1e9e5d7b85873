"""Teeth and tooth numbering: Universal (stored), FDI / ISO 3950 and Palmer (accepted and shown).

Why Universal is the stored form: US claims use it (tooth system "JP"), and every code rule of the
selector is written against it. FDI and Palmer are converted at the edges only (the way Open Dental
does it), so a tooth has exactly one identity whatever notation the user prefers.

Tooth types follow docs/design-rules.md, Coding rules: Universal 6-11 and 22-27 anterior (canines
count as anterior, standard usage), 4, 5, 12, 13, 20, 21, 28, 29 premolar, the rest molar; primary
C-H and M-R anterior, A, B, I, J, K, L, S, T posterior. Primary molars are *never* premolars (Open
Dental's trap).

Palmer is display only. Its ASCII form is the quadrant (``UR``, ``UL``, ``LL``, ``LR``; patient's
upper/lower right/left) followed by the position from the midline, with no space: ``UR6`` (#3),
``LL6`` (#19), ``URE`` (#A), ``LLE`` (#K). A supernumerary tooth gets its nearest tooth's form
with a trailing ``s``: ``LL6s`` (#69). ``format("palmer-symbol")`` gives the bracket form
(``6┘``, ``└6``, ``┌6``, ``6┐``) for screens that have the glyphs.

Supernumerary teeth (ADA recommendation, as used by Open Dental and Dentrix): permanent = nearest
tooth + 50 (51-82), primary = nearest letter + ``S`` (AS-TS). They take their type, arch, side and
quadrant from the nearest tooth and have no FDI number.

A tooth written in one notation and read in another (a case typed at an FDI PC shown at a
Universal one, sorted, searched, or named in the selector's sentences): `cross_notation`.
"""

from enum import StrEnum
from typing import NamedTuple

from cdt_desktop.core.errors import InputError
from cdt_desktop.core.patterns import LazyPattern


class Notation(StrEnum):
    """Tooth numbering systems the app accepts and shows."""

    UNIVERSAL = "universal"
    FDI = "fdi"
    PALMER = "palmer"


class Dentition(StrEnum):
    PERMANENT = "permanent"
    PRIMARY = "primary"


class ToothType(StrEnum):
    """The tooth classes that CDT codes are split by (D3310/D3320/D3330, D3230/D3240)."""

    ANTERIOR = "anterior"
    PREMOLAR = "premolar"
    MOLAR = "molar"
    PRIMARY_ANTERIOR = "primary-anterior"
    PRIMARY_POSTERIOR = "primary-posterior"


class Arch(StrEnum):
    MAXILLARY = "maxillary"
    MANDIBULAR = "mandibular"


class InvalidToothError(InputError):
    """Text that is not a tooth in the chosen notation (the CLI exits 2 with this message)."""


PALMER_SYMBOL = "palmer-symbol"

_PERMANENT_POSITION_NAMES = (
    "central incisor",
    "lateral incisor",
    "canine",
    "first premolar",
    "second premolar",
    "first molar",
    "second molar",
    "third molar",
)
_PRIMARY_POSITION_NAMES = (
    "central incisor",
    "lateral incisor",
    "canine",
    "first molar",
    "second molar",
)
# FDI quadrant -> (arch, side, Palmer prefix). Quadrants 5-8 are the primary 1-4.
_QUADRANTS = {
    1: (Arch.MAXILLARY, "right", "UR"),
    2: (Arch.MAXILLARY, "left", "UL"),
    3: (Arch.MANDIBULAR, "left", "LL"),
    4: (Arch.MANDIBULAR, "right", "LR"),
}
_PRIMARY_LETTERS = "ABCDEFGHIJKLMNOPQRST"
_PALMER_PRIMARY_POSITIONS = "ABCDE"


class Tooth(NamedTuple):
    """One tooth, identified by its Universal designation; every other field is derived."""

    universal: str
    dentition: Dentition
    type: ToothType
    arch: Arch
    side: str
    quadrant: int
    position: int
    supernumerary: bool
    fdi: str | None
    palmer: str
    name: str

    @property
    def label(self) -> str:
        """Human label for lists and letters, e.g. ``#19, mandibular left first molar, FDI 36``."""
        if self.fdi is None:
            return f"#{self.universal}, {self.name}"
        return f"#{self.universal}, {self.name}, FDI {self.fdi}"

    @property
    def is_anterior(self) -> bool:
        return self.type in (ToothType.ANTERIOR, ToothType.PRIMARY_ANTERIOR)

    @property
    def is_posterior(self) -> bool:
        return not self.is_anterior

    @property
    def is_primary(self) -> bool:
        return self.dentition is Dentition.PRIMARY

    @property
    def nearest(self) -> "Tooth":
        """The regular tooth a supernumerary is charted against (itself for a regular tooth)."""
        if not self.supernumerary:
            return self
        if self.is_primary:
            return _BY_UNIVERSAL[self.universal[0]]
        return _BY_UNIVERSAL[str(int(self.universal) - 50)]

    @property
    def type_words(self) -> str:
        """Type in plain words for reasons: "permanent molar", "primary posterior tooth"..."""
        return {
            ToothType.ANTERIOR: "permanent anterior tooth",
            ToothType.PREMOLAR: "permanent premolar",
            ToothType.MOLAR: "permanent molar",
            ToothType.PRIMARY_ANTERIOR: "primary anterior tooth",
            ToothType.PRIMARY_POSTERIOR: "primary posterior tooth (primary molar)",
        }[self.type]

    def format(self, notation: Notation | str) -> str:
        """The tooth in a notation: ``"19"`` / ``"36"`` / ``"LL6"`` (or ``"palmer-symbol"``).

        FDI has no number for a supernumerary tooth; it is shown as its nearest tooth's number
        with an ``s`` (``"36s"``), a display form only.
        """
        if notation == PALMER_SYMBOL:
            return _palmer_symbol(self)
        notation = _notation(notation)
        if notation is Notation.UNIVERSAL:
            return self.universal
        if notation is Notation.FDI:
            return self.fdi if self.fdi is not None else f"{self.nearest.fdi}s"
        return self.palmer

    def __str__(self) -> str:
        return self.label


def _palmer_symbol(t: Tooth) -> str:
    mark = t.palmer[2:]
    prefix = t.palmer[:2]
    # Bracket as seen by the examiner: its corner points at the midline and the occlusal plane.
    return {"UR": f"{mark}┘", "UL": f"└{mark}", "LL": f"┌{mark}", "LR": f"{mark}┐"}[prefix]


def _notation(value: Notation | str) -> Notation:
    try:
        return Notation(str(value).strip().lower())
    except ValueError:
        raise InvalidToothError(
            f"unknown tooth notation {str(value)[:20]!r}; use universal, fdi or palmer"
        ) from None


def _permanent(universal: int) -> Tooth:
    if universal <= 8:
        quadrant, position = 1, 9 - universal
    elif universal <= 16:
        quadrant, position = 2, universal - 8
    elif universal <= 24:
        quadrant, position = 3, 25 - universal
    else:
        quadrant, position = 4, universal - 24
    arch, side, prefix = _QUADRANTS[quadrant]
    kind = (
        ToothType.ANTERIOR
        if position <= 3
        else ToothType.PREMOLAR
        if position <= 5
        else ToothType.MOLAR
    )
    return Tooth(
        universal=str(universal),
        dentition=Dentition.PERMANENT,
        type=kind,
        arch=arch,
        side=side,
        quadrant=quadrant,
        position=position,
        supernumerary=False,
        fdi=f"{quadrant}{position}",
        palmer=f"{prefix}{position}",
        name=f"{arch} {side} {_PERMANENT_POSITION_NAMES[position - 1]}",
    )


def _primary(letter: str) -> Tooth:
    index = _PRIMARY_LETTERS.index(letter)  # A=0 .. T=19
    if index < 5:
        quadrant, position = 1, 5 - index
    elif index < 10:
        quadrant, position = 2, index - 4
    elif index < 15:
        quadrant, position = 3, 15 - index
    else:
        quadrant, position = 4, index - 14
    arch, side, prefix = _QUADRANTS[quadrant]
    kind = ToothType.PRIMARY_ANTERIOR if position <= 3 else ToothType.PRIMARY_POSTERIOR
    return Tooth(
        universal=letter,
        dentition=Dentition.PRIMARY,
        type=kind,
        arch=arch,
        side=side,
        quadrant=quadrant + 4,
        position=position,
        supernumerary=False,
        fdi=f"{quadrant + 4}{position}",
        palmer=f"{prefix}{_PALMER_PRIMARY_POSITIONS[position - 1]}",
        name=f"primary {arch} {side} {_PRIMARY_POSITION_NAMES[position - 1]}",
    )


def _supernumerary(near: Tooth) -> Tooth:
    universal = f"{near.universal}S" if near.is_primary else str(int(near.universal) + 50)
    return Tooth(
        universal=universal,
        dentition=near.dentition,
        type=near.type,
        arch=near.arch,
        side=near.side,
        quadrant=near.quadrant,
        position=near.position,
        supernumerary=True,
        fdi=None,
        palmer=f"{near.palmer}s",
        name=f"supernumerary near #{near.universal}",
    )


PERMANENT_TEETH: tuple[Tooth, ...] = tuple(_permanent(n) for n in range(1, 33))
PRIMARY_TEETH: tuple[Tooth, ...] = tuple(_primary(letter) for letter in _PRIMARY_LETTERS)
ALL_TEETH: tuple[Tooth, ...] = PERMANENT_TEETH + PRIMARY_TEETH
SUPERNUMERARY_TEETH: tuple[Tooth, ...] = tuple(_supernumerary(t) for t in ALL_TEETH)

_BY_UNIVERSAL: dict[str, Tooth] = {t.universal: t for t in ALL_TEETH + SUPERNUMERARY_TEETH}
_BY_FDI: dict[str, Tooth] = {t.fdi: t for t in ALL_TEETH if t.fdi is not None}
_BY_PALMER: dict[str, Tooth] = {t.palmer.upper(): t for t in ALL_TEETH + SUPERNUMERARY_TEETH}

_SHOWABLE = LazyPattern(r"^[#A-Za-z0-9 .\-]{1,5}$")
_EXPECTED = {
    Notation.UNIVERSAL: "Universal numbering (1-32, A-T, supernumerary 51-82 or AS-TS)",
    Notation.FDI: "FDI numbering (11-48, primary 51-85)",
    Notation.PALMER: "Palmer notation (e.g. UR6, LL6, URE; quadrant UR/UL/LL/LR + 1-8 or A-E)",
}


def _invalid(text: str, notation: Notation) -> InvalidToothError:
    # A tooth entry is short; anything long or odd may be something else pasted in (a name, a
    # note), so it is not echoed: messages must carry no patient data.
    shown = repr(text.strip()) if _SHOWABLE.match(text.strip()) else "the entry"
    if not text.strip():
        return InvalidToothError(f"no tooth given; expected {_EXPECTED[notation]}")
    if shown == "the entry":  # not echoed, nor looked up in the other notations
        return InvalidToothError(f"{shown} is not a tooth in {_EXPECTED[notation]}")
    return InvalidToothError(f"{shown} {tooth_elsewhere(text, notation)}")


def tooth_elsewhere(text: str, notation: Notation | str) -> str:
    """Why ``text`` is no tooth in ``notation``, for a form's field: the notation's range, and
    what the text is in another notation that has it, written in this one (the case form said
    "is not a tooth in fdi numbering" for a 30 kept after its Notation was switched to FDI:
    Universal #30 is FDI 46)."""
    wanted = _notation(notation)
    return f"is not a tooth in {_EXPECTED[wanted]}{_elsewhere(text, wanted)}"


def _elsewhere(text: str, wanted: Notation) -> str:
    """ ": Universal #30 is FDI 46" when ``text`` is a tooth in another notation ("" if none)."""
    for other in Notation:
        found = None if other is wanted else _lookup(text, other)
        if found is not None and (wanted is not Notation.FDI or found.fdi is not None):
            return f": {_named(found, other)} is {_named(found, wanted)}"
    return ""  # (a supernumerary tooth has no FDI number)


def _named(t: Tooth, notation: Notation) -> str:
    """The tooth as `tooth_label` writes it, Universal's "#" named too: "Universal #30"."""
    label = label_in(t, notation)
    return f"Universal {label}" if notation is Notation.UNIVERSAL else label


def parse_tooth(text: str, notation: Notation | str = Notation.UNIVERSAL) -> Tooth:
    """Parse what a user typed ("#19", " k ", "36" in FDI mode, "LL6" in Palmer mode).

    Case and surrounding blanks are ignored, and so is a leading ``#``. Raises
    `InvalidToothError` for anything that is not a tooth in that notation: no guessing across
    notations, because "19" is a molar in Universal and nothing at all in FDI (the message says
    what the text is in another notation, for the user to choose).
    """
    if not isinstance(text, str):
        raise InvalidToothError("tooth must be text")
    mode = _notation(notation)
    found = _lookup(text, mode)
    if found is None:
        raise _invalid(text, mode)
    return found


def _lookup(text: str, mode: Notation) -> Tooth | None:
    key = text.strip().upper()
    if key.startswith("#"):
        key = key[1:].strip()
    if mode is Notation.UNIVERSAL:
        if key.isascii() and key.isdigit() and len(key) <= 2:
            key = str(int(key))  # "07" -> "7"; "0" stays "0" and is not found
        return _BY_UNIVERSAL.get(key)
    if mode is Notation.FDI:
        return _BY_FDI.get(key.replace(".", "").replace("-", "").replace(" ", ""))
    return _BY_PALMER.get(key.replace(" ", "").replace("-", ""))


def tooth(universal: str) -> Tooth:
    """The tooth with this Universal designation (convenience for code and tests)."""
    return parse_tooth(universal, Notation.UNIVERSAL)


TOOTH_SIGNS = {"universal": "#", "fdi": "FDI ", "palmer": "Palmer "}
"""How the app writes a tooth in each notation: "#19" (the tooth sign is Universal's), "FDI 36",
"Palmer LR6". A bare "#36" would read as a Universal tooth that does not exist."""


def tooth_label(tooth_text: str, notation: str = "") -> str:
    """A case's tooth as written in its notation ("#19", "FDI 46", "Palmer LR6"); "" when
    none. An unknown notation is Universal's, as the case file's default is."""
    text = tooth_text.strip()
    if not text:
        return ""
    return TOOTH_SIGNS.get((notation or "universal").strip().lower(), "#") + text.lstrip("#")


NO_TOOTH_TEXT = "No tooth selected"


def label_in(t: Tooth, notation: Notation | str) -> str:
    """``t`` as ``tooth_label`` writes it in ``notation``: "#30", "46", "LR6"."""
    return tooth_label(t.format(notation), notation)


def tooth_texts(t: Tooth | None, notation: str) -> tuple[str, str]:
    """(shown text, full text) for the selected-tooth line under the chart (``ui/chart``).

    The shown text leads with the tooth in the chosen notation and its name, then the other
    notations in brackets, so when the line wraps the important part stays on the first line.
    The full text (tooltip and accessible description) names every notation explicitly.
    """
    if t is None:
        return NO_TOOTH_TEXT, NO_TOOTH_TEXT
    shown = t.format(notation)
    if t.supernumerary:
        return f"Tooth {t.label}", f"Tooth {t.label}"
    others = " · ".join(
        part
        for part in (f"#{t.universal}", f"FDI {t.fdi}" if t.fdi else "", f"Palmer {t.palmer}")
        if part
    )
    full = f"Tooth {shown}: {t.label}, Palmer {t.palmer}"
    return f"Tooth {shown}: {t.name} ({others})", full
