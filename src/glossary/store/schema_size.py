"""Migration m013: indexes no query needs go.

``revisions_law`` and ``term_forms_term`` repeat the first column of a UNIQUE index that
SQLite already uses for the same lookups (``UNIQUE (law, label)``; ``UNIQUE (term_id, form,
…)``, which also serves the foreign key's ON DELETE CASCADE): each cost space and time on
every write and bought nothing. (bench.dbstat lists what every table and index costs.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database


def m013_redundant_indexes(db: Database) -> None:
    db.executescript(
        """
        DROP INDEX IF EXISTS revisions_law;
        DROP INDEX IF EXISTS term_forms_term;
        """
    )


def backfill_paragraphs(db: Database, column: str, value_of: Callable[[str], Any]) -> None:
    """Fill a new column of every 款 from its Han. It changes no searchable text: the
    articles its update marks for re-indexing are not (unless something else had)."""
    dirty = db.execute("SELECT count(*) FROM search_dirty").fetchone()[0]
    db.conn.executemany(
        f"UPDATE paragraphs SET {column} = ? WHERE id = ?",
        [(value_of(han), pid) for pid, han in db.execute("SELECT id, han FROM paragraphs")],
    )
    if not dirty:
        db.execute("DELETE FROM search_dirty")


def m015_han_hash(db: Database) -> None:
    """The translation memory matches 款/项 on ``paragraphs.han_hash`` (store.memory):
    ``han_key``, the normalised text, was a second copy of every 款 with an index over it
    (a tenth of a large file); its 64-bit hash does the same joins in 8 bytes. The text's
    key is computed where it is compared (store.suggest)."""
    from glossary.han.text import han_hash
    from glossary.store.schema_views import clause_renderings_view, coverage_view

    db.executescript(
        """
        DROP VIEW clause_renderings;
        DROP VIEW coverage;
        DROP INDEX paragraphs_han_key;
        ALTER TABLE paragraphs DROP COLUMN han_key;
        ALTER TABLE paragraphs ADD COLUMN han_hash INTEGER;
        """
    )
    backfill_paragraphs(db, "han_hash", han_hash)
    # The update re-indexed every 款 in paragraphs_fts (its trigger fires on any column):
    # merge away the old entries, or the index would keep them until its next merges.
    db.execute("INSERT INTO paragraphs_fts (paragraphs_fts) VALUES ('optimize')")
    _history_of_han_hash(db)
    db.executescript(
        "CREATE INDEX paragraphs_han_hash ON paragraphs (han_hash);"
        + clause_renderings_view("han_hash")
        + coverage_view("han_hash")
    )


def _history_of_han_hash(db: Database) -> None:
    """The history speaks of the column as it is now, so that undo restores it: a recorded
    change of han_key becomes the change of han_hash, and a deleted 款's copy holds the hash."""
    from glossary.han.text import han_hash
    from glossary.store.history import history_json
    from glossary.store.schema_history import history_table

    table = history_table(db)  # a file whose migrations are re-run may have m017 already

    def hashed(value: str | None) -> str | None:
        return None if value is None else history_json(han_hash(json.loads(value)))

    updates = db.execute(
        f"SELECT id, old, new FROM {table} WHERE table_name = 'paragraphs' AND field = 'han_key'"
    ).fetchall()
    db.conn.executemany(
        f"UPDATE {table} SET field = 'han_hash', old = ?, new = ? WHERE id = ?",
        [(hashed(old), hashed(new), change_id) for change_id, old, new in updates],
    )
    copies = []
    for change_id, old in db.execute(
        f"SELECT id, old FROM {table} WHERE table_name = 'paragraphs' AND op = 'delete' "
        "AND old IS NOT NULL"
    ).fetchall():
        row = json.loads(old)
        key = row.pop("han_key", None)
        row["han_hash"] = None if key is None else han_hash(row["han"])
        copies.append((history_json(row), change_id))
    db.conn.executemany(f"UPDATE {table} SET old = ? WHERE id = ?", copies)


def m016_term_variants_by_key(db: Database) -> None:
    """``term_variants_term`` (the typo variants by term) goes: re-indexing a term takes its
    variants out by their key, derived from its index row (store.search_index), and search
    reads them by variant. It was as large as the table itself."""
    db.execute("DROP INDEX IF EXISTS term_variants_term")
