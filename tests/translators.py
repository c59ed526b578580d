"""Shared by the tests of the translators' files (worksheet, XLIFF, TMX): a database of
corpus laws with plainly fake Bai, one translation carried to a later revision, and a
dump of what an import could change (the fixtures are in conftest.py)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

LAWS = ("renmin-tiaojie-fa-2010.md", "minshi-susong-fa-2021.md", "minshi-susong-fa-2023.md")
#: 人民调解法 1/1 is the place's own (reviewed); 民诉 2021 1/1 is carried to 2023 1/1 (the
#: same Han); 民诉 2023 3/1 has its own draft; 民诉 2021 40/1 was reworded in 2023 (a
#: machine suggestion of 98% for 2023 40/1, not carried).
FAKE = """law,revision,article,paragraph,dialect,bai,status,translator
renmin-tiaojie-fa,2010,1,1,bca,test bai one,reviewed,tester
minshi-susong-fa,2021,1,1,bca,test bai two,,
minshi-susong-fa,2023,3,1,bca,test bai three,,tester
minshi-susong-fa,2021,40,1,bca,test bai five,approved,
"""
#: A glossary term with a fake Bai form, found in many 款/项 of 民诉.
TERMS = """han,bai,dialect
人民法院,test bai court,bca
"""
TABLES = ("translations", "paragraphs", "batches", "changes")


def cli(*args: str | Path) -> None:
    from glossary.cli import main

    main([str(a) for a in args])


def build_template(folder: Path, laws_dir: Path) -> Path:
    """The database: the corpus laws, then the fake translations and the term."""
    db = folder / "template.sqlite"
    cli("--db", db, "import-law", *(laws_dir / name for name in LAWS))
    (folder / "fake.csv").write_text(FAKE, encoding="utf-8")
    (folder / "terms.csv").write_text(TERMS, encoding="utf-8")
    cli("--db", db, "import", folder / "fake.csv", folder / "terms.csv")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row an import could write."""
    with closing(sqlite3.connect(db)) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}


def translation(db: Path, law: str, revision: str, article: int, position: int) -> tuple:
    """(bai, status, translator) of the own bca translation of a 款/项, or None."""
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT t.bai, t.status, t.translator FROM translations t "
            "JOIN paragraphs p ON p.id = t.paragraph_id JOIN articles a ON a.id = p.article_id "
            "JOIN revisions r ON r.id = a.revision_id WHERE r.law = ? AND r.label = ? "
            "AND a.number = ? AND p.position = ? AND t.dialect = 'bca'",
            [law, revision, article, position],
        ).fetchone()


def last_batch(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT max(id) FROM batches").fetchone()[0])
