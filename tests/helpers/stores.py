"""Reading a case store file as an outsider would (plain sqlite3, no app code), to check what a
restore, a backup or a set-aside left in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def patient_names(path: Path) -> list[str]:
    """The patients' names in the case store (or backup) file ``path``, in case order."""
    conn = sqlite3.connect(path)
    try:
        return [str(r[0]) for r in conn.execute("SELECT patient_name FROM cases ORDER BY id")]
    finally:
        conn.close()
