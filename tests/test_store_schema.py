"""The store itself: schema, migrations from the first version, FTS guard, refusals."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.store.db import ensure_fts, open_db
from glossary.store.schema import APPLICATION_ID, FTS_TABLES, migration_names, migrations


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_has_schema_pragmas_and_fts(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    for table in (
        "laws",
        "revisions",
        "divisions",
        "articles",
        "paragraphs",
        "translations",
        "terms",
        "term_forms",
        "term_articles",
        "concordance",
        "batches",
        "changes",
    ):
        assert db[table].exists(), table
    assert {"clauses", "article_texts", "clause_translations", "term_list"} <= set(db.view_names())
    for table in FTS_TABLES:
        triggers = {t.name for t in db[table].triggers}
        assert {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= triggers
        assert "trigram" in db[f"{table}_fts"].schema
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(migration_names())


def seed_first_version(db: Database) -> None:
    db.execute("INSERT INTO laws (slug, name, short_name) VALUES ('test-law', '测试法', '测试法')")
    db.execute(
        "INSERT INTO revisions (id, law, label, title) VALUES (1, 'test-law', '2020', '测试法')"
    )
    db.execute("INSERT INTO articles (id, revision_id, number, label) VALUES (1, 1, 1, '第一条')")
    db.execute(
        "INSERT INTO paragraphs (article_id, position, kind, han) "
        "VALUES (1, 1, 'paragraph', '当事人可以申请调解委员会调解。')"
    )
    db.execute(
        "INSERT INTO translations (article_id, paragraph_id, dialect, bai, created_at, updated_at)"
        " VALUES (1, 1, 'bfs', 'test bai one', '2020-01-01', '2020-01-01')"
    )


def test_upgrade_from_first_schema_version_keeps_everything(db_path: Path) -> None:
    first, second = migration_names()[:2]
    old = Database(db_path)
    migrations.apply(old, stop_before=second)
    assert [m.name for m in migrations.applied(old)] == [first]
    with old.atomic():
        seed_first_version(old)
    old.close()

    db = open_db(db_path)
    assert [m.name for m in migrations.applied(db)] == migration_names()
    assert db.execute("SELECT han FROM paragraphs").fetchall() == [
        ("当事人可以申请调解委员会调解。",)
    ]
    hits = db.execute(
        "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH '调解委员会'"
    ).fetchall()
    assert hits == [(1,)], "the upgrade must index rows that existed before FTS"
    assert db.execute("SELECT bai_bfs FROM clauses").fetchone() == ("test bai one",)
    bai = db.execute("SELECT rowid FROM translations_fts WHERE translations_fts MATCH 'bai one'")
    assert bai.fetchall() == [(1,)]


def test_fts_guard_restores_triggers_dropped_by_transform(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    with db.atomic():
        seed_first_version(db)
    db["paragraphs"].transform(types={"label": str})  # sqlite-utils drops the triggers here
    assert not {t.name for t in db["paragraphs"].triggers}
    assert ensure_fts(db) == ["paragraphs"]
    db.execute(
        "INSERT INTO paragraphs (article_id, position, kind, han) "
        "VALUES (1, 2, 'paragraph', '人民法院应当及时审理。')"
    )
    found = db.execute("SELECT han FROM paragraphs_fts WHERE paragraphs_fts MATCH '及时审理'")
    assert found.fetchall() == [("人民法院应当及时审理。",)]
    old = db.execute("SELECT han FROM paragraphs_fts WHERE paragraphs_fts MATCH '调解委员会'")
    assert old.fetchall() == [("当事人可以申请调解委员会调解。",)]
    assert ensure_fts(db) == []


def test_database_from_a_newer_version_is_refused_and_untouched(db_path: Path) -> None:
    open_db(db_path, create=True).close()
    raw = sqlite3.connect(db_path)
    raw.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('glossary', 'm999_from_the_future', '2030-01-01')"
    )
    raw.commit()
    raw.close()
    before = digest(db_path)
    for read_only in (False, True):
        with pytest.raises(GlossaryError, match="newer version of glossary"):
            open_db(db_path, read_only=read_only)
    assert digest(db_path) == before


def test_non_sqlite_and_foreign_sqlite_files_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("这不是数据库\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="not a SQLite database"):
        open_db(text)
    assert text.read_text(encoding="utf-8") == "这不是数据库\n"

    foreign = tmp_path / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(foreign)
    with pytest.raises(GlossaryError, match="not a glossary database"):
        open_db(foreign)
    assert digest(foreign) == before


def test_missing_database_says_how_to_build_one(db_path: Path) -> None:
    with pytest.raises(GlossaryError) as info:
        open_db(db_path)
    assert "glossary init" in str(info.value)
    assert not db_path.exists()


def test_read_only_never_writes(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    with db.atomic():
        seed_first_version(db)
    db.close()
    before = digest(db_path)
    ro = open_db(db_path, read_only=True)
    assert ro.execute("SELECT count(*) FROM paragraphs").fetchone() == (1,)
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("DELETE FROM paragraphs")
    ro.close()
    assert digest(db_path) == before


def test_read_only_refuses_to_upgrade_an_old_file(db_path: Path) -> None:
    old = Database(db_path)
    migrations.apply(old, stop_before=migration_names()[1])
    old.close()
    before = digest(db_path)
    with pytest.raises(GlossaryError, match="read-only"):
        open_db(db_path, read_only=True)
    assert digest(db_path) == before


def test_a_file_the_user_cannot_write_needs_read_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_db(db_path, create=True).close()
    real_access = __import__("os").access
    monkeypatch.setattr(
        "glossary.store.db.os.access",
        lambda p, mode: False if Path(p) == db_path else real_access(p, mode),
    )
    with pytest.raises(GlossaryError, match="--read-only"):
        open_db(db_path)
    open_db(db_path, read_only=True).close()
