"""What the file holds: no index that repeats another, and the history's lookups by key read
an index instead of scanning every change."""

from __future__ import annotations

from pathlib import Path

from glossary.store.db import open_db
from glossary.store.undo import key_range


def query_plan(db, sql: str, params: list) -> str:
    return " | ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_no_index_repeats_the_start_of_another(tmp_path: Path) -> None:
    db = open_db(tmp_path / "g.sqlite", create=True)
    try:
        columns: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for table, index in db.execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'"
        ).fetchall():
            info = db.execute(f"PRAGMA index_info([{index}])").fetchall()
            cols = tuple(r[2] for r in sorted(info))
            columns.setdefault(table, []).append((index, cols))
        repeated = [
            (index, other)
            for indexes in columns.values()
            for index, cols in indexes
            for other, longer in indexes
            if other != index and len(longer) > len(cols) and longer[: len(cols)] == cols
        ]
        assert repeated == []
        # The lookups the dropped ones served still read an index.
        assert "INDEX" in query_plan(db, "SELECT id FROM revisions WHERE law = ?", ["x"])
        assert "INDEX" in query_plan(db, "SELECT id FROM term_forms WHERE term_id = ?", [1])
    finally:
        db.close()


def test_the_history_of_an_article_reads_the_key_index(tmp_path: Path) -> None:
    db = open_db(tmp_path / "g.sqlite", create=True)
    try:
        low, high = key_range("minshi-susong-fa/2023/122/")
        assert (low, high) == ("minshi-susong-fa/2023/122/", "minshi-susong-fa/2023/1220")
        plan = query_plan(db, "SELECT id FROM changes WHERE key >= ? AND key < ?", [low, high])
        assert "changes_key" in plan
    finally:
        db.close()


def test_key_range_holds_exactly_the_keys_under_a_prefix() -> None:
    low, high = key_range("law/2023/12/")
    keys = ["law/2023/12", "law/2023/12/1", "law/2023/12/3/bfs", "law/2023/120", "law/2023/12-1"]
    assert [k for k in keys if low <= k < high] == ["law/2023/12/1", "law/2023/12/3/bfs"]


def test_the_translation_memory_joins_on_a_hash_not_a_copy_of_the_text(tmp_path: Path) -> None:
    db = open_db(tmp_path / "g.sqlite", create=True)
    try:
        columns = {r[1]: r[2] for r in db.execute("PRAGMA table_info(paragraphs)")}
        assert "han_key" not in columns and columns["han_hash"] == "INTEGER"
        plan = query_plan(
            db,
            "SELECT p.id FROM paragraphs q JOIN paragraphs p ON p.han_hash = q.han_hash "
            "WHERE q.id = ?",
            [1],
        )
        assert "paragraphs_han_hash" in plan
    finally:
        db.close()


def test_typo_variants_are_taken_out_by_their_key(tmp_path: Path) -> None:
    db = open_db(tmp_path / "g.sqlite", create=True)
    try:
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "term_variants_term" not in indexes
        plan = query_plan(
            db,
            "DELETE FROM term_variants WHERE variant = ? AND term_id = ? AND field = ?",
            ["x", 1, "han"],
        )
        assert "PRIMARY KEY" in plan or "sqlite_autoindex" in plan
    finally:
        db.close()
