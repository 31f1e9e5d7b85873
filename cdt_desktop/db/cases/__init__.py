"""The case store: ``open_repository(url)`` picks the backend from the store URL.

``sqlite/`` is the embedded file (one PC, the default), ``postgres/`` a PostgreSQL server shared
by the office's workstations; each has its own migrations. Both implement
``cdt_desktop.domain.cases.ports.CaseRepository``; ``url`` resolves and redacts store URLs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdt_desktop.domain.cases.ports import CaseRepository


def open_repository(
    url: str | None = None,
    *,
    data_dir: Path | str | None = None,
    read_only: bool = False,
    create: bool = True,
    offline_ok: bool = False,
    check_budget_s: float | None = None,
) -> CaseRepository:
    """Open the case store at ``url`` (None: ``cases.sqlite`` in the data folder).

    A new SQLite file is created when ``create``; a PostgreSQL database gets its schema from
    ``cdt-desktop store init`` (or here when ``create`` and the database is empty). Raises the
    StoreErrors of ``cdt_desktop.domain.cases.ports`` (StoreUrlError for an unknown scheme,
    StoreUnavailableError for a server that cannot be reached, unless ``offline_ok``: then
    the window gets a store that reconnects by itself). ``check_budget_s`` bounds an SQLite
    file's quick check on open (the window: the rest runs in the background).
    """
    from cdt_desktop.db.cases import url as store_url

    target = store_url.parse(url or store_url.default_url(data_dir))
    if target.kind == "sqlite":
        from cdt_desktop.db.cases.sqlite.repository import CaseStore

        assert target.path is not None
        return CaseStore.open_file(
            target.path, read_only=read_only, create=create, check_budget_s=check_budget_s
        )
    from cdt_desktop.db.cases.postgres.repository import PostgresCaseStore

    return PostgresCaseStore.open(
        target.conninfo, read_only=read_only, create=create, offline_ok=offline_ok
    )
