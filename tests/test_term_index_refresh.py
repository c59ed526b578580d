"""The term index after refreshes that add, change, delete and re-add terms and synonyms is
the index built from scratch: the refresh skips deleting rows only where none can be (ids
above the highest indexed one), and a term's typo variants are the same rows. Fake Bai."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch
from glossary.store.synonyms import SynonymRecord, upsert_synonym
from glossary.store.terms import BaiForm, TermRecord, upsert_term

INDEX = {
    "term_search": "SELECT rowid, han, han2, py, py2, initials, bai, bai_tone, definition, "
    "english FROM term_search ORDER BY rowid",
    "term_variants": "SELECT * FROM term_variants ORDER BY 1, 2, 3",
    "synonym_keys": "SELECT * FROM synonym_keys ORDER BY 1, 2, 3",
}


def index(db: Any) -> dict[str, list[Any]]:
    return {table: db.execute(sql).fetchall() for table, sql in INDEX.items()}


def term(han: str, bai: str, definition: str | None = None) -> TermRecord:
    return TermRecord(han, definition=definition, forms=[BaiForm(bai, "latin", "bca")])


def write(db: Any, *terms: TermRecord) -> dict[str, int]:
    with write_transaction(db):
        batch = Batch(db, command="test")
        ids = {t.han: upsert_term(db, batch, t)[0] for t in terms}
        batch.finish({})
    return ids


def rebuilt(db: Any) -> dict[str, list[Any]]:
    """Every term marked dirty and its rows dropped: what a refresh from scratch writes."""
    with write_transaction(db):
        for table in INDEX:
            db.execute(f"DELETE FROM {table}")
        db.execute("INSERT OR IGNORE INTO search_dirty SELECT 'article', id FROM articles")
        db.execute("INSERT OR IGNORE INTO search_dirty SELECT 'term', id FROM terms")
    return index(db)


def test_refreshed_index_is_the_index_from_scratch(tmp_path: Path) -> None:
    db = open_db(tmp_path / "g.sqlite", create=True)
    ids = write(db, term("测试一", "test bai one"), term("测试二", "test bai two", "调解离婚"))
    with write_transaction(db):
        batch = Batch(db, command="test")
        upsert_synonym(db, batch, ids["测试二"], SynonymRecord("试二", "测试二"))
        batch.finish({})
    # one refresh: a changed low id, a deleted one, new ids above every indexed one
    with write_transaction(db):
        batch = Batch(db, command="test")
        upsert_term(db, batch, term("测试一", "test bai three", "重审"))
        db.execute("DELETE FROM term_forms WHERE term_id = ?", [ids["测试二"]])
        db.execute("DELETE FROM term_synonyms WHERE term_id = ?", [ids["测试二"]])
        db.execute("DELETE FROM terms WHERE id = ?", [ids["测试二"]])
        for n, han in enumerate(["检查", "试验", "行长", "绿色"]):
            upsert_term(db, batch, term(han, f"test bai {n}"))
        batch.finish({})
    # the highest id deleted and a new term given it again, in one refresh
    top = db.execute("SELECT max(id) FROM terms").fetchone()[0]
    with write_transaction(db):
        db.execute("DELETE FROM term_forms WHERE term_id = ?", [top])
        db.execute("DELETE FROM terms WHERE id = ?", [top])
        batch = Batch(db, command="test")
        again, _ = upsert_term(db, batch, term("审判长", "test bai again"))
        batch.finish({})
    assert again == top  # the id is reused: its old rows must go
    found = index(db)
    assert found["term_search"] and found["term_variants"] and found["synonym_keys"] == []
    assert found == rebuilt(db)
