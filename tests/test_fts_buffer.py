"""m020: every full-text index holds up to 256 MiB of new entries before writing a segment
— in a new file, in an upgraded one, and after ensure_fts recreates an index."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bench.synthetic import write_synthetic_laws

from glossary.io.laws import import_law_files, load_law_files
from glossary.store.db import ensure_fts, open_db, write_transaction
from glossary.store.fts_buffer import FTS_WRITE_BUFFER, fts5_tables
from glossary.store.schema import migrations
from glossary.store.undo import undo_batch
from test_history_undo import LAW, dump, import_text


def buffers(db) -> dict[str, int | None]:
    """Each FTS5 table → its hashsize setting (None: FTS5's default of 1 MiB)."""
    out = {}
    for table in fts5_tables(db):
        row = db.execute(f"SELECT v FROM [{table}_config] WHERE k = 'hashsize'").fetchone()
        out[table] = None if row is None else row[0]
    return out


def test_every_index_of_a_new_file_has_the_write_buffer(tmp_path: Path) -> None:
    db = open_db(tmp_path / "new.sqlite", create=True)
    try:
        found = buffers(db)
        assert {"article_search", "term_search", "paragraphs_fts", "term_forms_fts"} <= set(found)
        assert set(found.values()) == {FTS_WRITE_BUFFER}
    finally:
        db.close()


def test_an_older_file_gets_it_and_its_old_batch_undoes_exactly(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite"
    db = open_db(path, create=True, migrate=False)
    with write_transaction(db):
        migrations.apply(db, stop_before="m020_fts_write_buffer")
        db.execute("PRAGMA user_version = 19")
    empty = dump(db)
    batch = import_text(db, tmp_path, LAW)
    assert set(buffers(db).values()) == {None}
    db.close()
    db = open_db(path)  # the upgrade
    try:
        assert set(buffers(db).values()) == {FTS_WRITE_BUFFER}
        assert batch is not None
        undo_batch(db, batch)
        assert dump(db) == empty
    finally:
        db.close()


def test_an_index_that_ensure_fts_recreates_keeps_it(tmp_path: Path) -> None:
    db = open_db(tmp_path / "repaired.sqlite", create=True)
    try:
        db.execute("DROP TRIGGER paragraphs_ai")
        assert ensure_fts(db) == ["paragraphs"]
        assert buffers(db)["paragraphs_fts"] == FTS_WRITE_BUFFER
    finally:
        db.close()


def segments(db, table: str) -> int:
    """How many segments the FTS5 index holds, from its structure record (the row with id
    10 of ``…_data``: a 4-byte cookie, in newer SQLite a 4-byte 0xff marker, then the
    number of levels and the number of segments as varints)."""
    block = db.execute(f"SELECT block FROM [{table}_data] WHERE id = 10").fetchone()[0]
    at = 8 if block[4:8] == b"\xff\xff\xff\xff" else 4

    def varint() -> int:
        nonlocal at
        value = 0
        while True:
            byte = block[at]
            at += 1
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                return value

    varint()  # levels
    return varint()


@pytest.mark.parametrize("buffer", [None, FTS_WRITE_BUFFER])
def test_a_bulk_import_writes_the_article_index_once(
    tmp_path: Path, laws_dir: Path, buffer: int | None
) -> None:
    """Two thousand articles add a few MiB to article_search: FTS5's own 1 MiB buffer
    writes them as several segments, the project's as one."""
    (tmp_path / "laws").mkdir()
    paths = write_synthetic_laws(tmp_path / "laws", 2000, random.Random(16))
    db = open_db(tmp_path / "bulk.sqlite", create=True)
    try:
        if buffer is None:
            db.execute("DELETE FROM article_search_config WHERE k = 'hashsize'")
        import_law_files(db, load_law_files(paths))
        found = segments(db, "article_search")
        assert found == 1 if buffer else found > 1
    finally:
        db.close()
