"""A bulk insert is recorded as runs of rows (m017): one row of ``change_rows`` for up to
RUN_LENGTH inserted rows, which the ``changes`` view gives back one a row, exactly as a
row-by-row record would; older files' inserts are gathered into runs on upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.store import history, search_index
from glossary.store.db import open_db, write_transaction
from glossary.store.history import RUN_LENGTH, RUN_MARK, Batch, insert_runs
from glossary.store.schema import migrations
from glossary.store.terms import changes_since, last_change
from glossary.store.undo import list_changes, undo_batch
from test_history_undo import LAW, dump, import_text

VIEW = "SELECT id, batch_id, at, table_name, row_id, key, op, field, old, new FROM changes"


def indexed_with_pinyin(db, article_ids: list[int]) -> search_index.Vocab:
    """The article index as m014–m017 wrote it: each article's pinyin whole in
    article_search_text (m018 keeps only the readings that are not the usual)."""
    vocab: search_index.Vocab = set()
    for chunk, marks in search_index._chunks(article_ids):
        found = search_index._articles_columns(db, chunk, marks)
        rows = [(i, cols.han, cols.py, bai, tone) for i, (cols, bai, tone) in found.items()]
        db.conn.executemany("INSERT INTO article_search_text VALUES (?, ?, ?, ?, ?)", rows)
        db.conn.executemany(
            "INSERT INTO article_search (rowid, han, han2, py, py2, bai, bai_tone) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(i, c.han, c.han2, c.py, c.py2, bai, tone) for i, (c, bai, tone) in found.items()],
        )
        for cols, bai, _tone in found.values():
            vocab |= search_index._vocab(cols, bai)
    return vocab


def one_by_one(self: Batch, table: str, inserted: list[tuple[int, str]]) -> None:
    """The record of a bulk insert before m017: a row of the history each."""
    for row_id, key in inserted:
        self.record(table, row_id, key, "insert", None, None, None)


def history_rows(db: Any) -> list[tuple[Any, ...]]:
    return db.execute(VIEW + " ORDER BY id").fetchall()


def test_a_law_import_is_recorded_in_runs_and_read_back_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk = open_db(tmp_path / "bulk.sqlite", create=True)
    import_text(bulk, tmp_path, LAW)
    with monkeypatch.context() as patched:
        patched.setattr(Batch, "record_inserts", one_by_one)
        single = open_db(tmp_path / "single.sqlite", create=True)
        import_text(single, tmp_path, LAW)
    try:
        runs = bulk.execute("SELECT count(*) FROM change_rows WHERE field = ?", [RUN_MARK])
        assert runs.fetchone()[0] >= 2  # the articles and the 款/项
        assert bulk.execute("SELECT count(*) FROM change_rows").fetchone()[0] < len(
            history_rows(bulk)
        )

        def what(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
            return [(r[0], *r[3:]) for r in rows]  # all but the batch's number and time

        assert what(history_rows(bulk)) == what(history_rows(single))
        ids = [r[0] for r in history_rows(bulk)]
        assert ids == list(range(1, len(ids) + 1))  # one id a row, none given twice
        paragraphs = {r[0] for r in bulk.execute("SELECT id FROM paragraphs")}
        inserted = bulk.execute(
            "SELECT row_id FROM changes WHERE table_name = 'paragraphs' AND op = 'insert'"
        ).fetchall()
        assert sorted(r[0] for r in inserted) == sorted(paragraphs)
    finally:
        bulk.close()
        single.close()


def test_a_change_after_a_run_takes_the_next_id_and_changes_since_spells_the_run_out(
    tmp_path: Path,
) -> None:
    db = open_db(tmp_path / "g.sqlite", create=True)
    try:
        mark = last_change(db)
        batch = Batch(db, command="test")
        with write_transaction(db):
            batch.record_inserts("articles", [(7, "test/1"), (8, "test/2"), (9, "test/3")])
            batch.record("articles", 8, "test/2", "update", "label", "old", "new")
        assert changes_since(db, mark) == [
            ("articles", "test/1", "insert", None, None, None),
            ("articles", "test/2", "insert", None, None, None),
            ("articles", "test/3", "insert", None, None, None),
            ("articles", "test/2", "update", "label", "old", "new"),
        ]
        rows = db.execute("SELECT id, row_id, key, op FROM changes ORDER BY id").fetchall()
        assert rows == [
            (mark + 1, 7, "test/1", "insert"),
            (mark + 2, 8, "test/2", "insert"),
            (mark + 3, 9, "test/3", "insert"),
            (mark + 4, 8, "test/2", "update"),
        ]
        assert last_change(db) == mark + 4
    finally:
        db.close()


@given(st.lists(st.integers(1, 30), min_size=0, max_size=60))
def test_runs_hold_consecutive_ids_in_order_and_nothing_else(ids: list[int]) -> None:
    pairs = [(i, f"k/{i}") for i in ids]
    runs = insert_runs(pairs)
    assert [p for run in runs for p in run] == pairs
    for run in runs:
        assert 1 <= len(run) <= RUN_LENGTH
        assert [i for i, _ in run] == list(range(run[0][0], run[0][0] + len(run)))


def test_an_older_file_has_its_inserts_gathered_into_runs_and_undoes_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "older.sqlite"
    db = open_db(path, create=True, migrate=False)
    with write_transaction(db):
        migrations.apply(db, stop_before="m017_history_runs")
        db.execute("PRAGMA user_version = 16")
    with monkeypatch.context() as patched:
        patched.setattr(history, "_RECORD", history._RECORD.replace("change_rows", "changes"))
        patched.setattr(Batch, "record_inserts", one_by_one)
        patched.setattr(search_index, "index_articles", indexed_with_pinyin)
        empty = dump(db)
        batch = import_text(db, tmp_path, LAW)
    before = history_rows(db)
    rows_before = db.execute("SELECT count(*) FROM changes").fetchone()[0]
    db.close()
    db = open_db(path)  # the upgrade
    try:
        assert history_rows(db) == before
        assert db.execute("SELECT count(*) FROM change_rows").fetchone()[0] < rows_before / 2
        assert [c["id"] for c in list_changes(db, batch=batch)] == sorted(
            (r[0] for r in before), reverse=True
        )
        assert batch is not None
        undo_batch(db, batch)
        assert dump(db) == empty
    finally:
        db.close()
