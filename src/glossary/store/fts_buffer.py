"""Migration m020: a full-text index holds what a transaction adds to it in memory, up to
256 MiB, and writes it out once.

FTS5 keeps the new entries of an index in memory and writes them as a new segment of the
index when they pass ``hashsize`` (1 MiB by default), then merges segments as they pile
up. A bulk import of 100 000 articles wrote a segment into ``article_search`` for every MiB
of new entries and merged them again and again — the same entries written several times —
and left 12 segments, each of which every later query has to look a term up in. With the
cap at 256 MiB an import writes each index once, as one segment (``python -m
bench.imports``, 100 000 articles: the law import 23.2 → 17 s; ``人民法院调解`` as the
first search of a process 10.7 → 8.7–9.3 ms; the file no larger). It is a cap, not an
allocation: an everyday import holds a few hundred KiB (the 100 000-article import's
peak memory grew by 21 MB). The setting is a row of each index's ``…_config`` table, so
it holds for every connection.
"""

from __future__ import annotations

from sqlite_utils import Database

FTS_WRITE_BUFFER = 256 * 1024 * 1024  # bytes of new entries an FTS5 index may hold in memory


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
