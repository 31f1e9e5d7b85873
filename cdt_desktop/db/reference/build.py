"""Build the read-only reference library (``data/cdt.sqlite``) from ``data/source/*.toml``.

Two steps, usable on their own: `load_sources` reads and strictly validates the human-edited
TOML (schema in docs/architecture.md), `build_database` writes any list of entry dicts to a
SQLite file (the benchmark suite feeds it a synthetic 100,000-code library the same way).

The output is deterministic: the same sources give the same rows (and, on one SQLite version,
the same bytes), so the committed file only changes when the content does; no build time is
stored. The file is written next to its destination and moved into place with `os.replace`,
so a failed build never leaves a half-written library behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from cdt_desktop.db.reference.schema import APPLICATION_ID, REQUIRED_TABLES, SCHEMA_VERSION
from cdt_desktop.db.reference.validate import LIST_KEYS as _LIST_KEYS
from cdt_desktop.db.reference.validate import SourceError, validate_sources
from cdt_desktop.db.reference.validate_appeals import validate_appeal_sources

__all__ = [
    "APPLICATION_ID",
    "REQUIRED_TABLES",
    "SCHEMA_VERSION",
    "SourceError",
    "build_database",
    "load_appeal_sources",
    "load_sources",
    "source_files",
    "source_hash",
]

FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FTS_PREFIX = "1 2 3"  # prefix indexes: a 1-3 letter prefix never merges every term's doclist

_DEFAULTS: dict[str, Any] = {
    "tooth_scope": "any",
    "series": "",
    "series_step": "",
    "status": "active",
    "edition": "",
    "deleted_in": "",
    "deletion_unconfirmed": False,
}


def source_files(source_dir: Path) -> list[Path]:
    """The ``*.toml`` files of a source folder, in a stable (sorted by name) order."""
    return sorted(Path(source_dir).glob("*.toml"), key=lambda p: p.name)


def source_hash(source_dir: Path) -> str:
    """sha256 over the sorted source files (name and bytes): what the library was built from."""
    digest = hashlib.sha256()
    for path in source_files(source_dir):
        data = path.read_bytes()
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def load_sources(source_dir: Path) -> list[dict[str, Any]]:
    """Read and validate every ``*.toml`` in ``source_dir``; entries come back sorted by code.

    Raises `SourceError` listing every problem found (file and entry named in each line).
    """
    files = source_files(source_dir)
    if not files:
        raise SourceError([f"{source_dir}: no *.toml source files found"])
    return validate_sources(files)


def load_appeal_sources(source_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """The ``[[denial_category]]`` and ``[[payer]]`` tables of ``source_dir``, validated."""
    return validate_appeal_sources(source_files(source_dir))


def _enclosure_line(line: str | Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A template's enclosure line as its variants: a plain line is one variant needing nothing
    (``validate_appeals`` checked the shape)."""
    if isinstance(line, str):
        return [{"text": line, "needs": []}]
    return [{"text": v["text"], "needs": list(v.get("needs", []))} for v in line]


def _appeal_rows(
    appeal: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    def js(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    categories = [
        {
            "id": t["id"],
            "name": t["name"],
            "keywords": js([k.lower() for k in t.get("keywords", [])]),
            "carc": js([int(c) for c in t.get("carc", [])]),
            "enclose": js([_enclosure_line(line) for line in t.get("enclose", [])]),
            "sentences": js(
                [{"text": s["text"], "codes": s.get("codes", [])} for s in t.get("sentence", [])]
            ),
        }
        for t in appeal.get("denial_category", [])
    ]
    payers = [
        {
            "id": p["id"],
            "name": p["name"],
            "address": p.get("address", ""),
            "window_days": int(p.get("window_days", 180)),
            **{
                flag: 1 if p.get(flag) else 0
                for flag in (
                    "signed_letter",
                    "contemporaneous_records",
                    "separate_mailing",
                    "brief",
                )
            },
            "enclose": js(list(p.get("enclose", []))),
            "instructions": p.get("instructions", ""),
            "verify": js(list(p.get("verify", []))),
        }
        for p in appeal.get("payer", [])
    ]
    return {"denial_categories": categories, "payer_profiles": payers}


def _entry_rows(entry: Mapping[str, Any], row_id: int) -> dict[str, Any]:
    full = {**_DEFAULTS, **{k: v for k, v in entry.items() if v is not None}}
    row: dict[str, Any] = {
        "id": row_id,
        "code": full["code"],
        "digits": full["code"][1:],
        "deleted": 1 if full["status"] == "deleted" else 0,
        "category": full["category"],
        "subcategory": full["subcategory"],
        "name": full["name"],
        "summary": full["summary"],
        "tooth_scope": full["tooth_scope"],
        "series": full["series"],
        "series_step": full["series_step"],
        "status": full["status"],
        "edition": full["edition"],
        "deleted_in": full["deleted_in"],
        "deletion_unconfirmed": 1 if full["deletion_unconfirmed"] else 0,
    }
    for key in _LIST_KEYS:
        row[key] = json.dumps(list(full.get(key, ())), ensure_ascii=False)
    # What FTS indexes for synonyms: one phrase per line, so "root canal" stays a phrase.
    row["synonyms_text"] = "\n".join(full.get("synonyms", ()))
    return row


def _ordered(entries: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Active codes by code, then deleted codes by code: the id (and FTS rowid) order.

    Search walks FTS matches in rowid order and stops at its LIMIT, so this order *is* the
    tie-break of every ranking tier ("ties by code, deleted codes after active ones").
    """
    return sorted(entries, key=lambda e: (e.get("status") == "deleted", e["code"]))


def _create_schema(db: sqlite_utils.Database) -> None:
    _create_code_tables(db)
    _create_appeal_tables(db)
    _create_search_indexes(db)


def _create_code_tables(db: sqlite_utils.Database) -> None:
    """The codes and their checklists, comparisons, denials, FAQ, synonyms and related codes."""
    db.table("codes").create(
        {
            "id": int,
            "code": str,
            "digits": str,
            "deleted": int,
            "category": str,
            "subcategory": str,
            "name": str,
            "summary": str,
            "tooth_scope": str,
            "series": str,
            "series_step": str,
            "status": str,
            "edition": str,
            "deleted_in": str,
            "deletion_unconfirmed": int,
            **{key: str for key in _LIST_KEYS},
            "synonyms_text": str,
        },
        pk="id",
        not_null={"code", "name", "summary", "category", "subcategory"},
    )
    db.table("codes").create_index(["code"], unique=True)
    db.table("codes").create_index(["deleted", "code"], index_name="idx_codes_deleted_code")
    db.table("checklist_items").create({"id": str, "text": str, "grp": str}, pk="id")
    db.table("code_checklist").create(
        {"code": str, "position": int, "item_id": str, "required": int},
        pk=("code", "position"),
        foreign_keys=[("item_id", "checklist_items", "id")],
    )
    for table, columns in (
        ("comparisons", {"other_code": str, "difference": str}),
        ("denials", {"reason": str, "counter": str, "category": str}),
        ("faq", {"question": str, "answer": str}),
        ("synonyms", {"synonym": str, "code_id": int}),
        ("related", {"related_code": str}),
    ):
        db.table(table).create({"code": str, "position": int, **columns}, pk=("code", "position"))
    db.table("meta").create({"key": str, "value": str}, pk="key")


def _create_appeal_tables(db: sqlite_utils.Database) -> None:
    """The denial categories' paragraphs and the payer profiles the letters follow."""
    db.table("denial_categories").create(
        {"id": str, "name": str, "keywords": str, "carc": str, "enclose": str, "sentences": str},
        pk="id",
    )
    db.table("payer_profiles").create(
        {
            "id": str,
            "name": str,
            "address": str,
            "window_days": int,
            "signed_letter": int,
            "contemporaneous_records": int,
            "separate_mailing": int,
            "brief": int,
            "enclose": str,
            "instructions": str,
            "verify": str,
        },
        pk="id",
    )


def _create_search_indexes(db: sqlite_utils.Database) -> None:
    """The exact synonym index and the two FTS5 indexes the search reads."""
    # Exact synonym lookup ("RCT", "REP", "MTA"), walked in code_id order so LIMIT stops early.
    db.execute("CREATE INDEX idx_synonyms_exact ON synonyms(synonym COLLATE NOCASE, code_id)")
    # Two contentless FTS5 indexes, rowid = codes.id. names_fts (name, synonyms) is small, so the
    # name tiers read short doclists; codes_fts (everything) serves the last, broadest tier.
    for fts_table, fts_columns in (
        ("codes_fts", "code, name, synonyms, summary"),
        ("names_fts", "name, synonyms"),
    ):
        db.execute(
            f"CREATE VIRTUAL TABLE {fts_table} USING fts5({fts_columns}, content='', "
            f"tokenize='{FTS_TOKENIZE}', prefix='{FTS_PREFIX}')"
        )


def _child_rows(entries: list[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of the per-code tables; ``entries`` are in id order (id = position + 1)."""
    tables: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in ("code_checklist", "comparisons", "denials", "faq", "synonyms", "related")
    }
    items: dict[str, dict[str, Any]] = {}
    for code_id, entry in enumerate(entries, start=1):
        code = entry["code"]
        for pos, item in enumerate(entry.get("checklist", ())):
            items.setdefault(
                item["id"], {"id": item["id"], "text": item["text"], "grp": item["group"]}
            )
            required = 1 if item.get("required", False) else 0
            tables["code_checklist"].append(
                {"code": code, "position": pos, "item_id": item["id"], "required": required}
            )
        for pos, comp in enumerate(entry.get("compare", ())):
            tables["comparisons"].append(
                {
                    "code": code,
                    "position": pos,
                    "other_code": comp["code"],
                    "difference": comp["difference"],
                }
            )
        for pos, den in enumerate(entry.get("denial", ())):
            tables["denials"].append(
                {
                    "code": code,
                    "position": pos,
                    "reason": den["reason"],
                    "counter": den["counter"],
                    "category": den.get("category", ""),
                }
            )
        for pos, faq in enumerate(entry.get("faq", ())):
            tables["faq"].append(
                {"code": code, "position": pos, "question": faq["q"], "answer": faq["a"]}
            )
        for pos, synonym in enumerate(entry.get("synonyms", ())):
            tables["synonyms"].append(
                {"code": code, "position": pos, "synonym": synonym, "code_id": code_id}
            )
        for pos, other in enumerate(entry.get("related", ())):
            tables["related"].append({"code": code, "position": pos, "related_code": other})
    tables["checklist_items"] = sorted(items.values(), key=lambda row: row["id"])
    return tables


def _edition(entries: list[Mapping[str, Any]]) -> str:
    """The most common edition among the entries (ties: the latest name), or ""."""
    counts = Counter(str(e.get("edition") or "") for e in entries)
    counts.pop("", None)
    if not counts:
        return ""
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _fill(
    db: sqlite_utils.Database,
    conn: sqlite3.Connection,
    ordered: list[Mapping[str, Any]],
    appeal: Mapping[str, Sequence[Mapping[str, Any]]],
    source_hash: str,
) -> None:
    """Every row, the search indexes and the library's identity, in the caller's transaction."""
    db.table("codes").insert_all(
        (_entry_rows(e, i) for i, e in enumerate(ordered, start=1)), batch_size=2000
    )
    for table, rows in _child_rows(ordered).items():
        db.table(table).insert_all(rows, batch_size=2000)
    for table, rows in _appeal_rows(appeal).items():
        db.table(table).insert_all(rows, batch_size=2000)
    conn.execute(
        "INSERT INTO codes_fts(rowid, code, name, synonyms, summary) "
        "SELECT id, code, name, synonyms_text, summary FROM codes ORDER BY id"
    )
    conn.execute(
        "INSERT INTO names_fts(rowid, name, synonyms) "
        "SELECT id, name, synonyms_text FROM codes ORDER BY id"
    )
    for table in ("codes_fts", "names_fts"):
        conn.execute(f"INSERT INTO {table}({table}) VALUES('optimize')")
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "source_hash": source_hash,
        "edition": _edition(ordered),
        "code_count": str(len(ordered)),
    }
    db.table("meta").insert_all([{"key": k, "value": v} for k, v in sorted(meta.items())])
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def build_database(
    entries: Iterable[Mapping[str, Any]],
    out_path: Path,
    *,
    source_hash: str,
    appeal: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> Path:
    """Write ``entries`` (dicts shaped like the TOML entries) to a new library at ``out_path``.

    Missing optional keys default to empty, so generated entries need only code, category,
    subcategory, name and summary. `appeal` holds the denial categories and payer profiles
    (`load_appeal_sources`). No validation happens here: the loaders do it.
    """
    ordered = _ordered(entries)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".cdt-build-", suffix=".sqlite", dir=out_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("PRAGMA page_size=4096")
            db = sqlite_utils.Database(conn)
            _create_schema(db)
            with conn:
                _fill(db, conn, ordered, appeal or {}, source_hash)
            conn.execute("ANALYZE")
            conn.commit()
            conn.execute("VACUUM")
        finally:
            conn.close()
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the library is readable by every user
        os.replace(tmp, out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out_path
