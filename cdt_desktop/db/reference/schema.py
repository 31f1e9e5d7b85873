"""Identity of the reference library file, shared by the builder and the read-only reader.

Kept apart from `build.py` so that opening the library at start-up never imports the builder (and
sqlite-utils with it): that import alone cost about 90 ms of a 400 ms start.
"""

from __future__ import annotations

APPLICATION_ID = 0x43445452  # "CDTR": CDT Companion reference library (PRAGMA application_id)
SCHEMA_VERSION = 4  # PRAGMA user_version; ReferenceLibrary refuses a newer one
# 4: codes.deleted_in and codes.deletion_unconfirmed (the import of a licensed file reads them)
REQUIRED_TABLES = (
    "codes",
    "codes_fts",
    "names_fts",
    "checklist_items",
    "code_checklist",
    "comparisons",
    "denials",
    "faq",
    "synonyms",
    "related",
    "meta",
    "denial_categories",
    "payer_profiles",
)
