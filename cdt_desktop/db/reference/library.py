"""`ReferenceLibrary`: the shipped, read-only code library (``data/cdt.sqlite``) and its search.

The file is opened read-only and immutable, and checked (``opening.py``): a missing, empty,
damaged, foreign or newer file raises `ReferenceDataError` naming the file and what to do.

Search ranks in tiers (the budget: median < 2 ms, p95 < 10 ms, 100k codes < 16 ms; see
docs/design-rules.md, Performance budgets):

0. the exact code (``d3357``, ``3357``, `` D3357 ``): an indexed lookup;
1. codes starting with what was typed (``D33``, ``333``): an index range scan with LIMIT;
2. a synonym equal to the whole query (``RCT``, ``REP``, ``MTA``): an indexed lookup;
3. the name starts with the first word and every word is in the name or a synonym;
4. every word in the name; 5. every word in the name or a synonym (any order, the last word
   as a prefix, as the user types);
6. every word anywhere (summary included).

Deleted codes are found but flagged and come after every active hit (an exact code match still
leads); ties go by code. The FTS tiers read matches in rowid order, and rowids are assigned in
(deleted, code) order at build time, so SQLite stops at the LIMIT instead of ranking every match;
the name tiers use a separate, small FTS index (name and synonyms only) with short doclists.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from cdt_desktop.core import paths
from cdt_desktop.db.reference import fts
from cdt_desktop.db.reference.opening import (
    ReferenceDataError,
    check_header,
    library_error,
    open_checked,
)
from cdt_desktop.domain.reference import (
    ChecklistItem,
    CodeEntry,
    Comparison,
    Denial,
    Faq,
    SearchHit,
)

if TYPE_CHECKING:  # the appeal data is read when a letter is written, not at start-up
    from cdt_desktop.domain.appeal.profiles import DenialTemplate, PayerProfile

__all__ = ["ReferenceDataError", "ReferenceLibrary"]  # the error lives in opening.py

_HIT_COLUMNS = "id, code, name, category, subcategory, summary, deleted"


class ReferenceLibrary:
    """Read-only access to one reference library file; one connection per object."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        licensed: Callable[[str], str | None] | None = None,
    ) -> None:
        """``licensed`` looks up the practice's imported descriptor of a code (see codeset.py):
        `get` shows it beside our guidance; the library itself never holds ADA text."""
        self.path = Path(path) if path is not None else paths.reference_db_path()
        self._licensed = licensed
        # A missing, empty, foreign, truncated or other-version file is named now, from its
        # header; SQLite opens it at the first read (the window's start reads none: about
        # 0.25 MiB of its peak memory, issue 19), which checks the tables too.
        check_header(self.path)
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        self._names: dict[str, str] | None = None
        self._words: tuple[str, ...] | None = None  # the names' and synonyms' words (spelling)
        self._meta_read: dict[str, str] | None = None

    # ----------------------------------------------------------------- opening and checking
    def _fail(self, problem: str) -> ReferenceDataError:
        return library_error(self.path, problem)

    def _query(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        """Run one read; a damaged page becomes a `ReferenceDataError` (never user text in it)."""
        if self._closed:
            raise ReferenceDataError("the reference library was already closed")
        if self._conn is None:
            self._conn = open_checked(self.path)
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.ProgrammingError:
            raise ReferenceDataError("the reference library was already closed") from None
        except sqlite3.DatabaseError:
            raise self._fail("is damaged (a read failed)") from None

    @property
    def _meta(self) -> dict[str, str]:
        if self._meta_read is None:
            self._meta_read = {
                key: value for key, value in self._query("SELECT key, value FROM meta")
            }
        return self._meta_read

    # ----------------------------------------------------------------------------- metadata
    @property
    def edition(self) -> str:
        """The CDT edition most entries were reviewed against, e.g. "CDT 2026"."""
        return self._meta.get("edition", "")

    @property
    def source_hash(self) -> str:
        """sha256 of the TOML sources the file was built from (staleness check)."""
        return self._meta.get("source_hash", "")

    def names(self) -> dict[str, str]:
        """Code -> our short name, for every code (read once, then cached)."""
        if self._names is None:
            self._names = dict(self._query("SELECT code, name FROM codes ORDER BY code"))
        return self._names

    def all_codes(self) -> tuple[str, ...]:
        """Every code in the library, sorted."""
        return tuple(self.names())

    # --------------------------------------------------------------------------------- search
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Ranked hits for what the user typed; any text is a search, never an exception."""
        if limit <= 0 or not isinstance(query, str):
            return []
        # A lone surrogate (possible from a clipboard) cannot be bound as UTF-8: replace it.
        query = query.encode("utf-8", "replace").decode("utf-8")
        ranked: dict[int, tuple[tuple[int, ...], tuple[Any, ...], str]] = {}

        def add(rows: list[tuple[Any, ...]], tier: int, matched: str) -> None:
            for row in rows:
                key = (tier, row[6], row[0]) if tier else (0, 0, 0)
                if row[0] not in ranked or key < ranked[row[0]][0]:
                    ranked[row[0]] = (key, row, matched)

        prefix = fts.code_query(query)
        if prefix is not None:
            for rows, tier in self._code_rows(prefix, limit):
                add(rows, tier, "code")
        words = fts.tokens(query)
        if words and prefix is None:
            # the synonyms are singular: "molars" is the synonym "molar" (dentist walkthrough)
            singular = " ".join(fts.singular(word) or word for word in words)
            add(
                self._query(
                    f"SELECT {_HIT_COLUMNS} FROM codes WHERE id IN (SELECT code_id FROM synonyms "
                    "WHERE synonym COLLATE NOCASE IN (?, ?) ORDER BY code_id LIMIT ?)",
                    (" ".join(words), singular, limit),
                ),
                2,
                "synonym",
            )
        for tier, matched, table, expression in self._text_tiers(query):
            if expression is None or sum(1 for v in ranked.values() if not v[0][1]) >= limit:
                break  # nothing searchable, or later tiers cannot reach the first `limit`
            rows = self._query(
                f"SELECT {_HIT_COLUMNS} FROM codes WHERE id IN ("
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid LIMIT ?)",
                (expression, limit + len(ranked)),
            )
            add(rows, tier, matched)
        # Deleted codes after every active one, except an exact code match, which leads.
        ordered = sorted(ranked.values(), key=lambda v: (v[0][0] > 0, v[0][1], v[0][0], v[0][2]))
        return [_hit(row, matched) for _, row, matched in ordered[:limit]]

    def licensed_only(self, query: str) -> tuple[str, str] | None:
        """(code, its licensed text) when ``query`` is a whole code that only the practice's
        imported CDT code set has (a code added in a new edition: the import reported it, and
        the search said "No code matches": office walkthrough); else None."""
        code = fts.code_query(query)
        if self._licensed is None or code is None or len(code) != 5:
            return None
        if self._query("SELECT 1 FROM codes WHERE code = ?", (code,)):
            return None
        text = self._licensed(code)
        return (code, text) if text else None

    def did_you_mean(self, query: str) -> str | None:
        """The query with each misspelt word replaced by the closest word of our names and
        synonyms ("apexfication" -> "apexification", "root canl" -> "root canal"), or None
        when no word needs it. The search pane asks when nothing matched (dentist walkthrough:
        a typo found nothing, with no hint). A word some name word starts with is being typed,
        not misspelt; codes, numbers and words under four letters are left alone."""
        import difflib

        words = fts.tokens(query)
        if not words or fts.code_query(query) is not None:
            return None
        vocabulary = self._vocabulary()
        fixed, changed = [], False
        for word in words:
            lower = word.lower()
            if len(lower) < 4 or not lower.isalpha() or lower in vocabulary:
                fixed.append(word)
                continue
            if any(known.startswith(lower) for known in vocabulary):
                fixed.append(word)
                continue
            close = difflib.get_close_matches(lower, vocabulary, n=1, cutoff=0.8)
            fixed.append(close[0] if close else word)
            changed |= bool(close)
        return " ".join(fixed) if changed else None

    def _vocabulary(self) -> tuple[str, ...]:
        """The words of every code's name and synonyms, lower case (read once)."""
        if self._words is None:
            words: set[str] = set()
            for name, synonyms in self._query("SELECT name, synonyms_text FROM codes"):
                for text in (name, synonyms or ""):
                    words.update(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4)
            self._words = tuple(sorted(words))
        return self._words

    def _code_rows(self, prefix: str, limit: int) -> list[tuple[list[tuple[Any, ...]], int]]:
        """(rows, tier) for a typed code: the exact code (tier 0), then the codes it starts,
        active before deleted (tier 1)."""
        found = [(self._query(f"SELECT {_HIT_COLUMNS} FROM codes WHERE code = ?", (prefix,)), 0)]
        upper = fts.prefix_upper_bound(prefix)
        for deleted in (0, 1):
            rows = self._query(
                f"SELECT {_HIT_COLUMNS} FROM codes WHERE deleted = ? AND code >= ? "
                "AND code < ? ORDER BY code LIMIT ?",
                (deleted, prefix, upper, limit + 1),
            )
            found.append((rows, 1))
        return found

    @staticmethod
    def _text_tiers(query: str) -> list[tuple[int, str, str, str | None]]:
        """(tier, matched field, FTS table, expression) of the FTS tiers, strongest first."""
        names = fts.NAME_COLUMNS
        return [
            (3, "name", "names_fts", fts.match_expression(query, names, name_starts=True)),
            (4, "name", "names_fts", fts.match_expression(query, ("name",))),
            (5, "synonym", "names_fts", fts.match_expression(query, names)),
            (6, "summary", "codes_fts", fts.match_expression(query)),
        ]

    # ------------------------------------------------------------------------------- entries
    def get(self, code: str) -> CodeEntry | None:
        """The full entry for a code (``"d3330"`` and ``"3330"`` work too), or None."""
        code = fts.normalise_code(code)
        rows = self._query(
            "SELECT code, category, subcategory, name, summary, tooth_scope, series, series_step, "
            "status, edition, synonyms, replaced_by, verify, when_to_use, when_not_to_use, "
            "documentation, billing_tips, prior_auth_tips, related, deleted_in, "
            "deletion_unconfirmed FROM codes WHERE code = ?",
            (code,),
        )
        if not rows:
            return None
        import json  # here, not at the top: a start-up that shows no code never parses JSON

        row = rows[0]
        lists = [tuple(json.loads(value)) for value in row[10:19]]
        denials = self._query(
            "SELECT reason, counter, category FROM denials WHERE code = ? ORDER BY position",
            (code,),
        )
        faq = self._query(
            "SELECT question, answer FROM faq WHERE code = ? ORDER BY position", (code,)
        )
        return CodeEntry(
            code=row[0],
            category=row[1],
            subcategory=row[2],
            name=row[3],
            summary=row[4],
            tooth_scope=row[5],
            series=row[6],
            series_step=row[7],
            status=row[8],
            edition=row[9],
            synonyms=lists[0],
            replaced_by=lists[1],
            verify=lists[2],
            when_to_use=lists[3],
            when_not_to_use=lists[4],
            documentation=lists[5],
            billing_tips=lists[6],
            prior_auth_tips=lists[7],
            related=lists[8],
            comparisons=self.similar(code),
            checklist=self.checklist(code),
            denials=tuple(Denial(*d) for d in denials),
            faq=tuple(Faq(*f) for f in faq),
            licensed_descriptor=(self._licensed(code) or "") if self._licensed else "",
            deleted_in=row[19] or "",
            deletion_unconfirmed=bool(row[20]),
        )

    def checklist(self, code: str) -> tuple[ChecklistItem, ...]:
        """The documentation checklist of a code, in source order (empty for unknown codes)."""
        rows = self._query(
            "SELECT i.id, i.text, i.grp, c.required FROM code_checklist c "
            "JOIN checklist_items i ON i.id = c.item_id WHERE c.code = ? ORDER BY c.position",
            (fts.normalise_code(code),),
        )
        return tuple(ChecklistItem(r[0], r[1], r[2], bool(r[3])) for r in rows)

    def similar(self, code: str) -> tuple[Comparison, ...]:
        """How a code differs from the codes it is often confused with."""
        rows = self._query(
            "SELECT other_code, difference FROM comparisons WHERE code = ? ORDER BY position",
            (fts.normalise_code(code),),
        )
        return tuple(Comparison(*r) for r in rows)

    # ----------------------------------------------------------------------- appeal data
    def denial_templates(self) -> dict[str, DenialTemplate]:
        """The appeal argument of each denial category (``data/source/appeals.toml``), by id."""
        import json

        from cdt_desktop.domain.appeal.profiles import (
            DenialTemplate,
            EnclosureLine,
            EnclosureVariant,
            TemplateSentence,
        )

        def line(item: Any) -> EnclosureLine:  # a plain line, or its variants (build.py)
            if isinstance(item, str):
                return (EnclosureVariant(item),)
            return tuple(EnclosureVariant(v["text"], tuple(v.get("needs", ()))) for v in item)

        rows = self._query(
            "SELECT id, name, keywords, enclose, sentences, carc FROM denial_categories"
        )
        return {
            r[0]: DenialTemplate(
                id=r[0],
                name=r[1],
                keywords=tuple(json.loads(r[2])),
                enclose=tuple(line(item) for item in json.loads(r[3])),
                sentences=tuple(
                    TemplateSentence(tuple(s["text"]), tuple(s.get("codes", ())))
                    for s in json.loads(r[4])
                ),
                carc=tuple(int(c) for c in json.loads(r[5] or "[]")),
            )
            for r in rows
        }

    def payer_profiles(self) -> tuple[PayerProfile, ...]:
        """The payer profiles shipped with the app, by name (the office's own are in the store)."""
        import json

        from cdt_desktop.domain.appeal.profiles import PayerProfile

        rows = self._query(
            "SELECT id, name, address, window_days, signed_letter, contemporaneous_records, "
            "separate_mailing, brief, enclose, instructions, verify FROM payer_profiles "
            "ORDER BY name COLLATE NOCASE"
        )
        return tuple(
            PayerProfile(
                id=r[0],
                name=r[1],
                address=r[2],
                window_days=int(r[3]),
                signed_letter=bool(r[4]),
                contemporaneous_records=bool(r[5]),
                separate_mailing=bool(r[6]),
                brief=bool(r[7]),
                enclose=tuple(json.loads(r[8])),
                instructions=r[9],
                verify=tuple(json.loads(r[10])),
            )
            for r in rows
        )

    # ---------------------------------------------------------------------------- lifecycle
    def close(self) -> None:
        self._closed = True
        if self._conn is not None:
            self._conn.close()

    def __enter__(self) -> ReferenceLibrary:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _hit(row: tuple[Any, ...], matched: str) -> SearchHit:
    """A row of ``_HIT_COLUMNS`` as the search pane shows it."""
    return SearchHit(
        code=row[1],
        name=row[2],
        category=row[3],
        subcategory=row[4],
        summary=row[5],
        matched=matched,
        deleted=bool(row[6]),
    )
