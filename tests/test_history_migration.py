"""A database of the previous version — schema m011, whose history copied every inserted row
whole and stamped every change — migrates in place (m012), keeps every value it recorded,
and undoes its old batches exactly.

The previous version's writer is the current one with its two differences put back (the
copy of each inserted row, the time of each change), on a file whose migrations stop before
m012: the file is what that version wrote, built at test time from synthetic law texts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from glossary.han.text import han_hash, han_key
from glossary.store import history, laws, search_index
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch, now
from glossary.store.laws import paragraph_rows
from glossary.store.schema import migrations
from glossary.store.terms import BaiForm, TermRecord, upsert_term
from glossary.store.undo import list_changes, undo_batch
from test_history_undo import LAW, LAW_NAME, SLUG, dump, import_text, translate

FIRST_NEW = "m012_history_without_copies"  # the first migration the previous version lacked

CORRECTED = LAW.replace("当事人可以提出测试申请。", "当事人可以书面提出测试申请。").replace(
    "第四条 本法自2020年6月1日起施行。",
    "第四条 测试委员会的新条文。\n\n第五条 本法自2020年6月1日起施行。",
)


def indexed_with_copies(db, article_ids: list[int]) -> search_index.Vocab:
    """The article index as the previous version wrote it: a table with its own copy of
    every column (m004; m014 moved it to external content)."""
    vocab: search_index.Vocab = set()
    for chunk, marks in search_index._chunks(article_ids):
        db.execute(f"DELETE FROM article_search WHERE rowid IN ({marks})", chunk)
        rows = []
        for article_id, (cols, bai, tone) in search_index._articles_columns(
            db, chunk, marks
        ).items():
            rows.append((article_id, cols.han, cols.han2, cols.py, cols.py2, bai, tone))
            vocab |= search_index._vocab(cols, bai)
        db.conn.executemany(
            "INSERT INTO article_search (rowid, han, han2, py, py2, bai, bai_tone) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return vocab


def keyed_by_text(article_id: int, article: Any) -> list[dict[str, Any]]:
    """A law's 款/项 as the previous version wrote them: with the normalised text as the
    translation memory's key (m005; m015 keeps its hash)."""
    rows = paragraph_rows(article_id, article)
    for row in rows:
        del row["han_hash"]
        row["han_key"] = han_key(row["han"])
    return [{k: row[k] for k in (*(c for c in row if c != "han"), "han")} for row in rows]


def as_migrated(state: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """A content dump of the previous version as m015 leaves it: each 款's key (the last
    column) as its hash."""
    paragraphs = [(*row[:-1], han_hash(row[5])) for row in state["paragraphs"]]
    return state | {"paragraphs": sorted(paragraphs, key=repr)}


def copy_as_migrated(row: Any) -> Any:
    """An inserted row's copy with a 款's key as m015 keeps it (its hash)."""
    if not isinstance(row, dict) or "han_key" not in row:
        return row
    return {k: v for k, v in row.items() if k != "han_key"} | {"han_hash": han_hash(row["han"])}


def write_as_previous_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches record as the previous version did: the whole row of an insert, the time of
    every change, into the table ``changes`` (m017 renamed it); the article index keeps a
    copy of its columns, a 款 its key as text."""

    def whole_row(self: Batch, table: str, op: str, new: Any) -> Any:
        return new

    def every_time(self: Batch) -> str:
        return now()

    def one_by_one(self: Batch, table: str, inserted: list[tuple[int, str]]) -> None:
        for row_id, key in inserted:
            self.record(table, row_id, key, "insert", None, None, self.row(table, row_id))

    monkeypatch.setattr(history, "_RECORD", history._RECORD.replace("change_rows", "changes"))
    monkeypatch.setattr(Batch, "_recorded_new", whole_row)
    monkeypatch.setattr(Batch, "_at", every_time)
    monkeypatch.setattr(Batch, "record_inserts", one_by_one)
    monkeypatch.setattr(search_index, "index_articles", indexed_with_copies)
    monkeypatch.setattr(laws, "paragraph_rows", keyed_by_text)


def term_batch(db, record: TermRecord) -> int:
    batch = Batch(db, command="test-terms")
    with write_transaction(db):
        upsert_term(db, batch, record)
        batch.finish({})
    assert batch.id is not None
    return batch.id


def raw_inserts(db) -> dict[int, Any]:
    return {
        change_id: None if new is None else json.loads(new)
        for change_id, new in db.execute("SELECT id, new FROM changes WHERE op = 'insert'")
    }


@pytest.fixture
def previous(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A previous-version file with four batches, and the content after each of them."""
    path = tmp_path / "previous.sqlite"
    db = open_db(path, create=True, migrate=False)
    with write_transaction(db):
        migrations.apply(db, stop_before=FIRST_NEW)
        db.execute("PRAGMA user_version = 11")
    with monkeypatch.context() as patched:
        write_as_previous_version(patched)
        states = [dump(db)]
        batches = [import_text(db, tmp_path, LAW)]
        states.append(dump(db))
        batches.append(translate(db, SLUG, 3, 1, "test bai one"))
        states.append(dump(db))
        forms = [BaiForm("test bai two", "latin", "bca")]
        record = TermRecord(han="测试", definition="测试定义。", forms=forms)
        record.articles = [(SLUG, "2020", 3)]
        batches.append(term_batch(db, record))
        states.append(dump(db))
        batches.append(import_text(db, tmp_path, CORRECTED, "corrected.md"))
        states.append(dump(db))
    copies = raw_inserts(db)
    db.close()
    assert all(isinstance(b, int) for b in batches)
    copies = {i: copy_as_migrated(row) for i, row in copies.items()}
    return path, batches, [as_migrated(state) for state in states], copies


def test_the_previous_version_wrote_whole_copies(previous) -> None:
    _path, _batches, _states, copies = previous
    assert copies and all(isinstance(row, dict) and len(row) > 2 for row in copies.values())


def test_migration_drops_the_copies_and_keeps_every_value(previous) -> None:
    path, _batches, states, copies = previous
    size_before = path.stat().st_size
    db = open_db(path)
    try:
        applied = {r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")}
        assert FIRST_NEW in applied
        assert dump(db) == states[-1]  # the content is untouched
        kept = raw_inserts(db)
        assert set(kept) == set(copies)
        # An id table's insert keeps nothing but its id; laws and term_articles their key.
        assert {
            t
            for (t,) in db.execute(
                "SELECT DISTINCT table_name FROM changes WHERE op = 'insert' AND new IS NOT NULL"
            )
        } <= {"laws", "term_articles"}
        laws = db.execute("SELECT new FROM changes WHERE table_name = 'laws'").fetchall()
        assert [json.loads(new) for (new,) in laws] == [{"slug": SLUG}]
        # What the history shows of each insert holds every value of the copy the old
        # version kept (and the columns it left to their defaults, the id among them).
        shown = {c["id"]: c["new"] for c in list_changes(db) if c["op"] == "insert"}
        assert set(shown) == set(copies)
        assert {i: {k: shown[i].get(k) for k in copy} for i, copy in copies.items()} == copies
        assert all(c["at"] for c in list_changes(db))
    finally:
        db.close()
    assert path.stat().st_size < size_before  # the upgrade compacted the file


def test_an_old_batch_is_undone_exactly_after_the_migration(previous, tmp_path: Path) -> None:
    path, batches, states, _copies = previous
    db = open_db(path)
    try:
        # A batch of the new version on top, undone first, then the old ones, newest first.
        newer_text = CORRECTED.replace("新的条文", "更新的条文") + "\n第六条 测试新增的条文。\n"
        newer = import_text(db, tmp_path, newer_text, "newer.md")
        assert newer is not None
        inserted = db.execute(
            "SELECT new FROM changes WHERE batch_id = ? AND op = 'insert' AND table_name = ?",
            [newer, "paragraphs"],
        ).fetchall()
        assert inserted == [(None,)]
        undo_batch(db, newer)
        assert dump(db) == states[-1]
        undo_batch(db, batches[-1])  # the corrected text, recorded by the previous version
        assert dump(db) == states[-2]
        assert db.execute(
            "SELECT han FROM clauses WHERE law = ? AND article = 3 AND paragraph = 1", [SLUG]
        ).fetchone() == ("当事人可以提出测试申请。",)
        for batch, state in zip(reversed(batches[:-1]), reversed(states[:-2]), strict=True):
            undo_batch(db, batch)
            assert dump(db) == state
        assert not db.execute("SELECT 1 FROM laws").fetchone()
        # Its history still shows the law and where it came from.
        assert list_changes(db, ref=f"{SLUG}:3")
        assert LAW_NAME in json.dumps(list_changes(db, batch=batches[0]), ensure_ascii=False)
    finally:
        db.close()
