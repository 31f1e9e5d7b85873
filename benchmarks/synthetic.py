"""A synthetic 100,000-code reference library, built with the project's own build code.

Real CDT codes are D + four digits, so there are at most 10,000 of them; the synthetic library
keeps the shape of real entries (names, synonyms, summaries drawn from clinical vocabulary) and
numbers them beyond that range. It lives in benchmarks/_generated/ (not in git) and is rebuilt only
when the generator changes.
"""

from __future__ import annotations

import random
from pathlib import Path

GENERATOR_VERSION = "1"
SIZE = 100_000

_WORDS = [
    "root",
    "canal",
    "molar",
    "premolar",
    "anterior",
    "incisor",
    "canine",
    "pulp",
    "pulpal",
    "necrotic",
    "vital",
    "apex",
    "apical",
    "apexification",
    "regeneration",
    "retreatment",
    "therapy",
    "crown",
    "core",
    "buildup",
    "post",
    "restoration",
    "amalgam",
    "composite",
    "resin",
    "ceramic",
    "porcelain",
    "implant",
    "abutment",
    "extraction",
    "surgical",
    "periradicular",
    "graft",
    "barrier",
    "membrane",
    "radiograph",
    "periapical",
    "bitewing",
    "panoramic",
    "evaluation",
    "limited",
    "comprehensive",
    "sealant",
    "fluoride",
    "prophylaxis",
    "scaling",
    "debridement",
    "splint",
    "occlusal",
    "guard",
    "denture",
    "partial",
    "bridge",
    "pontic",
    "retainer",
    "inlay",
    "onlay",
    "veneer",
    "bleaching",
    "space",
    "maintainer",
    "orthodontic",
    "bracket",
    "appliance",
]


def entries(size: int = SIZE, seed: int = 20261123) -> list[dict[str, object]]:
    rng = random.Random(seed)
    result: list[dict[str, object]] = []
    for number in range(size):
        name_words = rng.sample(_WORDS, 3)
        summary_words = rng.choices(_WORDS, k=18)
        result.append(
            {
                "code": f"D{number:04d}" if number < 10_000 else f"D{number:06d}",
                "category": rng.choice(("Endodontics", "Restorative", "Diagnostic", "Surgery")),
                "subcategory": rng.choice(("Therapy", "Imaging", "Evaluation", "Repair")),
                "name": " ".join(name_words).capitalize(),
                "summary": " ".join(summary_words).capitalize() + ".",
                "synonyms": rng.sample(_WORDS, 2),
            }
        )
    return result


def ensure_library(folder: Path) -> Path:
    """Build (once) and return the synthetic library file."""
    from cdt_desktop.db.reference.build import SCHEMA_VERSION, build_database

    folder.mkdir(parents=True, exist_ok=True)
    # the library's schema in the name: a schema change builds a new file instead of failing
    path = folder / f"synthetic-{SIZE}-v{GENERATOR_VERSION}-schema{SCHEMA_VERSION}.sqlite"
    if not path.exists():
        build_database(entries(), path, source_hash=f"synthetic-{GENERATOR_VERSION}")
    return path
