"""Migration m020: every full-text index gathers up to 16 MiB of new entries in memory before
it writes them out.

FTS5 keeps what a transaction adds to an index in memory and writes it as a new segment of
the index when that passes ``hashsize`` (1 MiB by default), then merges segments as they
pile up. A bulk import of 100 000 articles wrote about a hundred and fifty segments into
``article_search`` and merged them again and again: the same entries written several
times over. With 16 MiB the import writes a tenth of the segments and merges far less
(``python -m bench.imports``: the law import of 100 000 articles 23.2 → 18.1 s, the index
no larger). The setting is a row of each index's ``…_config`` table, so it holds for every
connection; what it costs is memory while a write is under way, at most 16 MiB an index
being written.
"""

from __future__ import annotations

from sqlite_utils import Database

FTS_WRITE_BUFFER = 16 * 1024 * 1024  # bytes of pending entries an FTS5 index holds in memory


def fts5_tables(db: Database) -> list[str]:
    """The FTS5 tables of the database (not their shadow tables)."""
    return [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name"
        ).fetchall()
    ]


def set_write_buffer(db: Database, table: str) -> None:
    """Give one FTS5 table the write buffer (a table sqlite-utils recreates needs it again)."""
    db.execute(
        f"INSERT INTO [{table}] ([{table}], rank) VALUES ('hashsize', ?)", [FTS_WRITE_BUFFER]
    )


def m020_fts_write_buffer(db: Database) -> None:
    for table in fts5_tables(db):
        set_write_buffer(db, table)
