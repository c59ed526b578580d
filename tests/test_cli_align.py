"""``glossary align``: two stored revisions aligned and shown, nothing written."""

from __future__ import annotations

import pytest


def test_two_revisions_of_one_law_as_json(corpus_run) -> None:
    result = corpus_run("align", "minshi-susong-fa", "2021", "2023", "--json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["from"]["revision"] == "2021" and data["to"]["revision"] == "2023"
    relations = {r["relation"] for r in data["rows"]}
    assert "identical" in relations and "added" in relations
    first = data["rows"][0]
    assert first["from"] == ["第一条"] and first["to"] == ["第一条"] and first["machine_computed"]


def test_a_law_replaced_by_part_of_another(corpus_run) -> None:
    result = corpus_run("align", "hunyin-fa", "2001", "--to", "minfadian:2020", "--dry-run")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "第三条\t第一千零四十二条\t" in "\n".join(lines)  # 婚姻法 3 → 民法典 1042
    assert "nothing written" in result.stderr


def test_only_the_part_that_replaced_the_law_is_aligned_with(corpus_run) -> None:
    """民法典 stands for 婚姻法 only in 第五编 (catalog: arts 1040–1118): an article of
    another part, even one worded like a 婚姻法 article, is never its match."""
    import sqlite3

    with sqlite3.connect(corpus_run.db_path) as conn:
        (revision_id,) = conn.execute(
            "SELECT id FROM revisions WHERE law = 'minfadian' AND label = '2020'"
        ).fetchone()
        (source_id,) = conn.execute(
            "SELECT a.id FROM articles a JOIN revisions r ON r.id = a.revision_id "
            "WHERE r.law = 'hunyin-fa' AND a.number = 3"
        ).fetchone()
        conn.execute(
            "INSERT INTO articles (revision_id, number, sub, label) VALUES (?, 3, 0, '第三条')",
            [revision_id],
        )
        (copy_id,) = conn.execute("SELECT last_insert_rowid()").fetchone()
        conn.execute(
            "INSERT INTO paragraphs (article_id, position, kind, label, han) "
            "SELECT ?, position, kind, label, han FROM paragraphs WHERE article_id = ?",
            [copy_id, source_id],
        )
    result = corpus_run("align", "hunyin-fa", "2001", "--to", "minfadian:2020", "--json")
    assert result.exit_code == 0, result.stderr
    rows = result.json()["rows"]
    (row,) = [r for r in rows if r["from"] == ["第三条"]]
    assert row["to"] == ["第一千零四十二条"]
    assert all("第三条" not in r["to"] for r in rows)


def test_nothing_is_written(corpus_run) -> None:
    import sqlite3

    def count() -> int:
        with sqlite3.connect(corpus_run.db_path) as db:
            return db.execute("SELECT count(*) FROM concordance").fetchone()[0]

    before = count()
    assert corpus_run("align", "minshi-susong-fa", "2021", "2023").exit_code == 0
    assert count() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("minshi-susong-fa", "2021"), "missing"),
        (("minshi-susong-fa", "2021", "2023", "--to", "minfadian:2020"), "not both"),
        (("hunyin-fa", "2001", "--to", "minfadian"), "LAW:REV"),
        (("minshi-susong-fa", "1990", "2023"), "no revision"),
    ],
)
def test_bad_arguments_are_one_clear_message(corpus_run, args, words) -> None:
    result = corpus_run("align", *args)
    assert result.exit_code != 0 and words in result.stderr
    assert "Traceback" not in result.stderr
