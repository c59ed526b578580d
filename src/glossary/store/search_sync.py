"""The store's side of the search index: bring it up to date before a write commits."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def refresh_search_index(db: Database) -> int:
    """Re-index what triggers marked dirty. Cheap when nothing is (one indexed lookup), so
    every writer calls it; pypinyin is loaded only when there is work to do."""
    if db.execute("SELECT 1 FROM search_dirty LIMIT 1").fetchone() is None:
        return 0
    from glossary.search.index import refresh

    return refresh(db)
