"""Coverage (store.coverage, the view ``coverage``, `glossary coverage`, `stats`): the
figures equal an independent count, a carried translation is counted as carried.

The law texts are the corpus' 民事诉讼法 (2021, 2023), read at test time; the Bai is plainly
fake ("test bai one"). Translations are written through the clause import, as editors do.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from glossary.io.laws import import_law_files, load_law_files
from glossary.io.pairs import import_files
from glossary.store.coverage import coverage, first_untranslated
from glossary.store.db import open_db

LAW = "minshi-susong-fa"
HEADER = ["law", "revision", "article", "paragraph", "dialect", "bai", "status", "alternative"]

# The same counts, written apart from the view: per paragraph and dialect, what it has.
INDEPENDENT = """
WITH d(dialect) AS (VALUES ('bca'), ('bfs'), ('bfc')),
per AS (
    SELECT r.label AS revision, d.dialect, p.id,
           max(own.status) AS own_status,
           count(other.id) AS others
      FROM paragraphs p
      JOIN articles a ON a.id = p.article_id
      JOIN revisions r ON r.id = a.revision_id
      JOIN d
      LEFT JOIN translations own ON own.paragraph_id = p.id AND own.dialect = d.dialect
      LEFT JOIN paragraphs twin ON twin.han_hash = p.han_hash AND twin.id <> p.id
      LEFT JOIN translations other ON other.paragraph_id = twin.id
           AND other.dialect = d.dialect AND other.alternative = 0
     WHERE r.law = ?
     GROUP BY r.label, d.dialect, p.id
)
SELECT revision, dialect, count(*),
       sum(own_status IS NOT NULL),
       sum(own_status IS NULL AND others > 0),
       sum(coalesce(own_status, '') = 'reviewed'),
       sum(coalesce(own_status, '') = 'approved')
  FROM per GROUP BY revision, dialect ORDER BY revision, dialect
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("coverage") / "template.sqlite"
    db = open_db(path, create=True)
    files = [laws_dir / f"{LAW}-2021.md", laws_dir / f"{LAW}-2023.md"]
    import_law_files(db, load_law_files(files))
    db.close()
    return path


@pytest.fixture
def db_file(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "glossary.sqlite"
    shutil.copy(template, path)
    return path


@pytest.fixture
def db(db_file: Path):
    database = open_db(db_file)
    yield database
    database.close()


def translate(db, folder: Path, rows: list[list[str]]) -> None:
    """Import clause pairs: revision, article, paragraph, dialect, bai, status, alternative."""
    path = folder / "pairs.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(["民事诉讼法", *row] for row in rows)
    result = import_files(db, [path])
    assert result.error() is None, result.error()


def same_articles(db) -> list[int]:
    """Articles whose first 款 has the same Han in 2021 and 2023."""
    found = db.execute(
        "SELECT a.article FROM clauses a JOIN clauses b ON b.law = a.law AND b.article = "
        "a.article AND b.paragraph = 1 AND b.revision = '2023' AND b.han = a.han "
        "WHERE a.law = ? AND a.revision = '2021' AND a.paragraph = 1 AND a.article_sub = 0 "
        "ORDER BY a.article",
        [LAW],
    ).fetchall()
    return [row[0] for row in found]


@pytest.fixture
def translated(db, tmp_path: Path) -> list[int]:
    """2021: four own translations (draft, reviewed, approved, an alternative) in bfs, one
    in bca; each but the alternative is carried to the same text in 2023."""
    one, two, three, four, five = same_articles(db)[:5]
    translate(
        db,
        tmp_path,
        [
            ["2021", str(one), "1", "bfs", "test bai one", "draft", ""],
            ["2021", str(two), "1", "bfs", "test bai two", "reviewed", ""],
            ["2021", str(three), "1", "bfs", "test bai three", "approved", ""],
            ["2021", str(four), "1", "bfs", "test bai four", "", "yes"],
            ["2021", str(five), "1", "bca", "test bai five", "", ""],
            ["2023", str(two), "1", "bfs", "test bai six", "draft", ""],  # own beats carried
        ],
    )
    return [one, two, three, four, five]


def figures(rows) -> list[tuple]:
    return [
        (r.revision, r.dialect, r.total, r.translated, r.carried, r.reviewed, r.approved)
        for r in rows
    ]


def test_coverage_equals_an_independent_count(db, translated) -> None:
    mine = sorted(figures(coverage(db)))
    expected = sorted(tuple(row) for row in db.execute(INDEPENDENT, [LAW]).fetchall())
    assert mine == expected
    by = {(r.revision, r.dialect): r for r in coverage(db)}
    old, new = by["2021", "bfs"], by["2023", "bfs"]
    assert (old.translated, old.carried, old.reviewed, old.approved) == (4, 0, 1, 1)
    # 2023: its own 'six'; carried 'one' and 'three' (not the alternative, not 'two': own)
    assert (new.translated, new.carried, new.reviewed, new.approved) == (1, 2, 0, 0)
    assert (by["2023", "bca"].translated, by["2023", "bca"].carried) == (0, 1)
    assert by["2021", "bfc"].translated == 0
    assert old.percent("translated") == round(100 * 4 / old.total, 1)


def test_the_view_reads_in_plain_sqlite(db_file: Path, db, translated) -> None:
    import sqlite3

    db.close()
    plain = sqlite3.connect(db_file)
    row = plain.execute(
        "SELECT translated, carried FROM coverage WHERE revision = '2023' AND dialect = 'bfs'"
    ).fetchone()
    plain.close()
    assert row == (1, 2)


def test_first_untranslated_skips_translated_articles(db, tmp_path: Path) -> None:
    revision = db.execute(
        "SELECT id FROM revisions WHERE law = ? AND label = '2023'", [LAW]
    ).fetchone()[0]
    assert first_untranslated(db, revision, "bfs") == (1, 0)
    count = db.execute(
        "SELECT count(*) FROM clauses WHERE law = ? AND revision = '2023' AND article = 1",
        [LAW],
    ).fetchone()[0]
    translate(
        db,
        tmp_path,
        [["2023", "1", str(p), "bfs", "test bai one", "", ""] for p in range(1, count + 1)],
    )
    assert first_untranslated(db, revision, "bfs") == (2, 0)
    assert first_untranslated(db, revision, "bca") == (1, 0)


def test_coverage_command_text_json_and_dialect(run, db_file: Path, db, translated) -> None:
    db.close()
    run.db_path = db_file
    out = run("coverage", "--dialect", "bfs", "--json")
    assert out.exit_code == 0, out.stderr
    rows = {r["revision"]: r for r in out.json()}
    assert set(rows) == {"2021", "2023"} and {r["dialect"] for r in out.json()} == {"bfs"}
    assert rows["2023"]["carried"] == 2
    assert rows["2021"]["percent"]["translated"] == round(400 / rows["2021"]["total"], 1)
    text = run("coverage")
    assert "民事诉讼法 2023 [bfs]" in text.stdout and "carried 2 (" in text.stdout
    bad = run("coverage", "--dialect", "nowhere")
    assert bad.exit_code != 0 and "unknown dialect 'nowhere'" in bad.stderr


def test_stats_shows_the_dialect_split(run, db_file: Path, db, translated) -> None:
    db.close()
    run.db_path = db_file
    laws = {r["revision"]: r for r in run("stats", "--json").json()["laws"]}
    assert laws["2021"]["dialects"] == {"bca": 1, "bfs": 4}
    assert laws["2023"]["dialects"] == {"bfs": 1}
    assert "translations (bca 1, bfs 4)" in run("stats").stdout
