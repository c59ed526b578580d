"""The article index keeps no pinyin (m021): a pinyin query finds an article through the Han
strings it can be read as — what the index found by its own pinyin columns, and the
articles whose characters can be read so in another reading. Synthetic law texts (plainly
made up, not real law)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.han import bigrams
from glossary.search import search
from glossary.store.db import open_db
from glossary.store.schema import migrations
from glossary.store.search_index import _han_columns, article_display_texts
from glossary.store.undo import undo_batch
from test_history_undo import LAW, dump, import_text

READINGS_LAW = """# 中华人民共和国测试读音法

2020年5月1日 第一届测试代表大会第二次会议通过

<!-- INFO END -->

第一条 银行应当重新审查当事人的行为。

第二条 测试委员会可以重新处理；当事人不服的，可以提出复核。

第三条 本法所称测试，包括ISO 9001认证的测试。
"""
QUERIES = ("ceshi", "ce", "yinhang", "chongxin", "xingwei", "iso", "lihun", "测试")


def pinyin_in_index(db: Any) -> dict[str, int]:
    """Terms of each indexed column of article_search (fts5vocab)."""
    db.execute("CREATE VIRTUAL TABLE temp.terms_of USING fts5vocab(main, article_search, 'col')")
    try:
        return dict(db.execute("SELECT col, count(*) FROM temp.terms_of GROUP BY col").fetchall())
    finally:
        db.execute("DROP TABLE temp.terms_of")


def integrity_ok(db: Any) -> bool:
    try:
        db.execute(
            "INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError:
        return False
    return True


def article_numbers(db: Any, query: str) -> list[tuple[str, int]]:
    return sorted(
        (h.law, h.article)
        for h in search(db, query, limit=500).hits
        if h.kind == "article" and h.article is not None
    )


def imported(folder: Path, stop_before: str | None = None) -> Path:
    path = folder / "glossary.sqlite"
    db = open_db(path, create=True, migrate=stop_before is None)
    if stop_before:
        with db.conn:
            migrations.apply(db, stop_before=stop_before)
            db.execute("PRAGMA user_version = 20")
    import_text(db, folder, LAW)
    import_text(db, folder, READINGS_LAW, "readings.md")
    db.close()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return imported(tmp_path_factory.mktemp("pinyin"))


def test_the_article_index_holds_han_and_no_pinyin(store: Path) -> None:
    db = open_db(store)
    try:
        columns = pinyin_in_index(db)
        assert columns.get("han") and columns.get("han2") and not {"py", "py2"} & set(columns)
        assert integrity_ok(db)
        # The pinyin columns are still there to read, as the view gives them.
        row = db.execute("SELECT py, py2 FROM article_search WHERE article_search MATCH '银行'")
        py, py2 = row.fetchone()
        assert "yin hang" in py and "yinhang" in py2
        assert not db.execute(
            "SELECT count(*) FROM article_search WHERE article_search MATCH 'yinhang'"
        ).fetchone()[0]
    finally:
        db.close()


def test_the_pairs_in_use_are_listed_for_pinyin(store: Path) -> None:
    db = open_db(store)
    try:
        listed = {r[0] for r in db.execute("SELECT token FROM search_vocab WHERE kind = 'han2'")}
        held = {
            p for (han2,) in db.execute("SELECT han2 FROM article_search") for p in han2.split()
        }
        assert held and held <= listed
    finally:
        db.close()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ceshi", "测试"),
        ("ce", "测"),
        ("yinhang", "银行"),  # 行 in context: hang
        ("yinxing", "银行"),  # and in another of its readings, as before after the others
        ("chongxin", "重新"),
        ("xingwei", "行为"),
        ("iso", "ISO"),  # a Latin word stands for itself
    ],
)
def test_pinyin_finds_the_articles_whose_han_reads_so(store: Path, query: str, found: str) -> None:
    db = open_db(store)
    try:
        hits = [h for h in search(db, query, limit=50).hits if h.kind == "article"]
        assert hits, query
        assert all(found in h.han.replace("\n", "") for h in hits), query
    finally:
        db.close()


def test_pinyin_not_in_the_text_finds_no_article(store: Path) -> None:
    db = open_db(store)
    try:
        assert not [h for h in search(db, "lihun").hits if h.kind == "article"]
    finally:
        db.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_what_the_pinyin_columns_found_is_found(store: Path, data: st.DataObject) -> None:
    """Any run of one to four syllables of an article's pinyin in context (what its py and
    py2 columns held) finds that article."""
    db = open_db(store)
    try:
        ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
        article_id = data.draw(st.sampled_from(ids))
        text = article_display_texts(db, [article_id])[article_id]
        syllables = _han_columns(text).py.split()
        runs = [
            syllables[i : i + n]
            for n in range(1, 5)
            for i in range(len(syllables) - n + 1)
            if all(s.isalpha() for s in syllables[i : i + n])  # as typed: no digits
        ]
        run = data.draw(st.sampled_from(runs))
        query = data.draw(st.sampled_from(["".join(run), " ".join(run)]))
        found = {h.id for h in search(db, query, limit=500).hits if h.kind == "article"}
        assert article_id in found, (query, text)
    finally:
        db.close()


def test_an_older_file_is_indexed_again_without_pinyin_and_undoes_exactly(
    tmp_path: Path,
) -> None:
    older = tmp_path / "older"
    newer = tmp_path / "newer"
    older.mkdir()
    newer.mkdir()
    path = older / "glossary.sqlite"
    db = open_db(path, create=True, migrate=False)
    with db.conn:
        migrations.apply(db, stop_before="m021_pinyin_through_han")
        db.execute("PRAGMA user_version = 20")
    empty = dump(db)
    batch = import_text(db, older, LAW)
    import_text(db, older, READINGS_LAW, "readings.md")
    db.execute("DELETE FROM search_vocab WHERE kind = 'han2'")  # the previous version had none
    db.conn.commit()
    assert {"py", "py2"} <= set(pinyin_in_index(db))
    before = dump(db)
    db.close()
    shutil.copy(path, tmp_path / "copy.sqlite")
    db = open_db(path)  # the upgrade
    try:
        assert dump(db) == before  # the index reads as it did: its columns come from the view
        assert not {"py", "py2"} & set(pinyin_in_index(db)) and integrity_ok(db)
        pairs = {
            p for (han2,) in db.execute("SELECT han2 FROM article_search") for p in han2.split()
        }
        listed = {r[0] for r in db.execute("SELECT token FROM search_vocab WHERE kind = 'han2'")}
        assert pairs <= listed
        fresh = open_db(imported(newer))
        try:
            for query in QUERIES:
                assert article_numbers(db, query) == article_numbers(fresh, query), query
        finally:
            fresh.close()
        assert batch is not None
        later = db.execute("SELECT max(id) FROM batches").fetchone()[0]
        undo_batch(db, later)
        undo_batch(db, batch)
        assert dump(db) == empty
    finally:
        db.close()


def test_pairs_are_those_of_the_han_column() -> None:
    columns = _han_columns("银行应当重新审查。")
    assert {p for k, p in columns.vocab if k == "han2"} == set(bigrams(columns.han.split()))
