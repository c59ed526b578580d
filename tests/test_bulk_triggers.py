"""Bulk inserts with their per-row insert triggers applied set-based (store.bulk_triggers):
the FTS index and the search marks come out as the triggers would have made them, the
triggers come back with their own SQL, and a failure leaves everything as before."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlite_utils import Database

from glossary.store import bulk_triggers, history
from glossary.store.bulk_triggers import (
    insert_triggers_set_based,
    replayable,
    suspendable_triggers,
)

LAWS = ("renmin-tiaojie-fa-2010.md", "hunyin-fa-2001.md")


def triggers(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


def everything(path: Path) -> list[str]:
    """The whole database as SQL (schema, triggers and rows, FTS shadow tables included)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_bulk_law_import_indexes_every_new_paragraph(run, laws_dir: Path, db_path: Path) -> None:
    assert run("init").exit_code == 0
    before = triggers(db_path)
    assert run("import-law", *[laws_dir / f for f in LAWS]).exit_code == 0
    assert triggers(db_path) == before  # back, with the same SQL
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO paragraphs_fts(paragraphs_fts, rank) VALUES('integrity-check', 1)")
    rows = conn.execute("SELECT id, han FROM paragraphs ORDER BY id").fetchall()
    assert len(rows) > 100
    for para_id, han in rows[::7]:
        probe = han[:6]
        if len(probe) < 3 or '"' in probe:
            continue
        found = {
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?", [f'"{probe}"']
            )
        }
        like = {
            r[0] for r in conn.execute("SELECT id FROM paragraphs WHERE instr(han, ?)", [probe])
        }
        assert para_id in found and found == like
    # every new article was marked and indexed before the commit
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM article_search").fetchone()[0] == articles
    assert conn.execute("SELECT count(*) FROM search_dirty").fetchone()[0] == 0
    conn.close()


def test_the_law_import_suspends_the_fts_and_search_triggers(
    run, laws_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the paragraphs go in, the per-row insert triggers are not there."""
    assert run("init").exit_code == 0
    seen: dict[str, set[str]] = {}
    real = bulk_triggers.insert_triggers_set_based

    @contextmanager
    def watching(db: Database, table: str, first: int, last: int) -> Iterator[None]:
        with real(db, table, first, last):
            seen[table] = {t.name for t in db.table(table).triggers}
            yield

    monkeypatch.setattr(history, "insert_triggers_set_based", watching)
    assert run("import-law", laws_dir / LAWS[0]).exit_code == 0
    assert "paragraphs_ai" not in seen["paragraphs"]
    assert "search_paragraph_ins" not in seen["paragraphs"]
    assert {"paragraphs_au", "paragraphs_ad", "search_paragraph_upd"} <= seen["paragraphs"]


def test_a_failure_mid_import_leaves_triggers_and_rows_as_before(
    run, laws_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init").exit_code == 0
    assert run("import-law", laws_dir / LAWS[0]).exit_code == 0
    before = everything(db_path)
    real = bulk_triggers.insert_triggers_set_based
    calls: list[str] = []

    @contextmanager
    def failing(db: Database, table: str, first: int, last: int) -> Iterator[None]:
        with real(db, table, first, last):
            yield  # the rows are in, the triggers dropped
            calls.append(table)
            if table == "paragraphs":
                raise OSError("disk full (simulated)")

    monkeypatch.setattr(history, "insert_triggers_set_based", failing)
    assert run("import-law", laws_dir / LAWS[1]).exit_code != 0
    assert calls == ["articles", "paragraphs"]
    assert everything(db_path) == before


def _toy(tmp_path: Path) -> Database:
    db = Database(sqlite3.connect(tmp_path / "toy.sqlite", isolation_level=None))
    db.executescript(
        """
        CREATE TABLE t (id INTEGER PRIMARY KEY, owner INTEGER, txt TEXT);
        CREATE TABLE marks (kind TEXT, owner INTEGER, PRIMARY KEY (kind, owner));
        CREATE TABLE log (n INTEGER);
        CREATE TRIGGER t_mark AFTER INSERT ON t BEGIN
            INSERT OR IGNORE INTO marks VALUES ('t', new.owner);
        END;
        CREATE TRIGGER t_when AFTER INSERT ON t WHEN new.owner > 1 BEGIN
            INSERT INTO log VALUES (new.id);
        END;
        CREATE TRIGGER t_reads AFTER INSERT ON t BEGIN
            INSERT INTO log VALUES ((SELECT count(*) FROM t));
        END;
        """
    )
    db.table("t").enable_fts(["txt"], tokenize="trigram", create_triggers=True)
    return db


def test_only_triggers_with_an_exact_replay_are_suspended(tmp_path: Path) -> None:
    db = _toy(tmp_path)
    assert [t.name for t in suspendable_triggers(db, "t")] == ["t_mark", "t_ai"]
    assert (
        replayable("CREATE TRIGGER x BEFORE INSERT ON t BEGIN INSERT INTO log VALUES (1); END", "t")
        is None
    )
    assert (
        replayable("CREATE TRIGGER x AFTER UPDATE ON t BEGIN INSERT INTO log VALUES (1); END", "t")
        is None
    )
    assert (
        replayable("CREATE TRIGGER x AFTER INSERT ON t BEGIN INSERT INTO t VALUES (1); END", "t")
        is None
    )


def test_the_set_based_replay_equals_the_triggers(tmp_path: Path) -> None:
    rows = [(i, i % 3, f"text number {i} of owner {i % 3}") for i in range(1, 40)]

    def fill(db: Database, suspended: bool) -> list[list[tuple]]:
        db.execute("BEGIN")
        if suspended:
            with insert_triggers_set_based(db, "t", 1, len(rows)):
                db.conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
        else:
            db.conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
        db.execute("COMMIT")
        db.execute("INSERT INTO t_fts(t_fts, rank) VALUES('integrity-check', 1)")
        return [
            db.execute(sql).fetchall()
            for sql in (
                "SELECT * FROM marks ORDER BY rowid",
                "SELECT * FROM log ORDER BY rowid",
                "SELECT rowid FROM t_fts WHERE t_fts MATCH '\"owner 2\"' ORDER BY rowid",
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            )
        ]

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert fill(_toy(tmp_path / "a"), True) == fill(_toy(tmp_path / "b"), False)


def test_rows_outside_the_range_or_not_new_are_refused(tmp_path: Path) -> None:
    db = _toy(tmp_path)
    db.execute("BEGIN")
    db.execute("INSERT INTO t VALUES (5, 1, 'five')")
    with pytest.raises(RuntimeError, match="not new"), insert_triggers_set_based(db, "t", 3, 10):
        pass
    with pytest.raises(RuntimeError, match="after rowid"), insert_triggers_set_based(db, "t", 6, 7):
        db.execute("INSERT INTO t VALUES (9, 1, 'nine')")
    # each refusal took its block back: the triggers are there, row 9 is not
    assert db.execute("SELECT max(id) FROM t").fetchone()[0] == 5
    assert len(suspendable_triggers(db, "t")) == 2
    db.execute("ROLLBACK")
    with (
        pytest.raises(RuntimeError, match="write transaction"),
        insert_triggers_set_based(db, "t", 1, 2),
    ):
        pass


def test_a_bulk_write_has_a_larger_cache_then_its_own_again(tmp_path: Path) -> None:
    from glossary.store.db import BULK_CACHE_KIB, open_db, write_transaction

    db = open_db(tmp_path / "g.sqlite", create=True)
    own = db.execute("PRAGMA cache_size").fetchone()[0]
    with write_transaction(db, bulk=True):
        assert db.execute("PRAGMA cache_size").fetchone()[0] == -BULK_CACHE_KIB
    assert db.execute("PRAGMA cache_size").fetchone()[0] == own
    with pytest.raises(OSError), write_transaction(db, bulk=True):
        db.execute("INSERT INTO batches (at, command) VALUES ('2026', 'x')")
        raise OSError("disk full (simulated)")
    assert db.execute("PRAGMA cache_size").fetchone()[0] == own
    assert db.execute("SELECT count(*) FROM batches WHERE command = 'x'").fetchone()[0] == 0
    assert not db.conn.in_transaction
