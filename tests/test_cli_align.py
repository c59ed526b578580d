"""``glossary align``: revisions aligned and written into the concordance, machine-computed;
verified rows kept, a recompute with nothing changed writes nothing, undo takes it back."""

from __future__ import annotations

import sqlite3

import pytest

LINK = "SELECT {} FROM concordance WHERE from_law = ? AND from_revision = ? AND to_revision = ?"


def concordance(path) -> list[tuple]:
    """Every row but its id, in a stable order."""
    with sqlite3.connect(path) as db:
        names = [r[1] for r in db.execute("PRAGMA table_info(concordance)") if r[1] != "id"]
        return sorted(
            db.execute(f"SELECT {', '.join(names)} FROM concordance").fetchall(), key=repr
        )


def clear(path, law: str, revision: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "DELETE FROM concordance WHERE from_law = ? AND from_revision = ?", [law, revision]
        )


def test_two_revisions_are_aligned_and_written(corpus_run) -> None:
    clear(corpus_run.db_path, "minshi-susong-fa", "2021")
    result = corpus_run("align", "minshi-susong-fa", "2021", "2023", "--json")
    assert result.exit_code == 0, result.stderr
    (link,) = result.json()["links"]
    assert link["from"] == {"law": "minshi-susong-fa", "revision": "2021"}
    assert link["to"]["revision"] == "2023" and link["added"] > 250
    relations = {r["relation"] for r in link["computed"]}
    assert {"identical", "added"} <= relations
    first = link["computed"][0]
    assert first["from"] == [1] and first["to"] == [1] and first["machine_computed"]
    with sqlite3.connect(corpus_run.db_path) as db:
        stored = db.execute(
            LINK.format("count(*), min(computed), max(verified)"),
            ["minshi-susong-fa", "2021", "2023"],
        ).fetchone()
    assert stored == (link["added"], 1, 0)


def test_recomputing_with_nothing_changed_writes_nothing(corpus_run) -> None:
    before = concordance(corpus_run.db_path)
    assert before, "import-law should have aligned 2021 with 2023 already"
    result = corpus_run("align", "minshi-susong-fa")
    assert result.exit_code == 0, result.stderr
    assert "already up to date" in result.stdout
    assert concordance(corpus_run.db_path) == before
    with sqlite3.connect(corpus_run.db_path) as db:
        assert db.execute("SELECT count(*) FROM batches WHERE command = 'align'").fetchone() == (0,)


def test_a_row_a_person_verified_is_never_overwritten(corpus_run) -> None:
    """An editor says 2021 第一条 became 2023 第二条 (wrong or not, it is theirs): the
    recompute keeps it and computes the rest without those two articles."""
    path = corpus_run.db_path
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE concordance SET to_article = 2, relation = 'modified', computed = 0, "
            "verified = 1, source = 'editor' WHERE from_law = 'minshi-susong-fa' "
            "AND from_revision = '2021' AND from_article = 1"
        )
        db.execute(
            "DELETE FROM concordance WHERE from_law = 'minshi-susong-fa' "
            "AND from_revision = '2021' AND from_article = 2"
        )
    result = corpus_run("align", "minshi-susong-fa", "2021", "2023", "--json")
    assert result.exit_code == 0, result.stderr
    (link,) = result.json()["links"]
    assert link["verified_kept"] == 1
    assert all(1 not in r["from"] and 2 not in r["to"] for r in link["computed"])
    with sqlite3.connect(path) as db:
        kept = db.execute(
            "SELECT to_article, verified, source FROM concordance WHERE from_law = "
            "'minshi-susong-fa' AND from_revision = '2021' AND from_article = 1"
        ).fetchall()
    assert kept == [(2, 1, "editor")]


def test_undo_takes_the_alignment_back_exactly(corpus_run) -> None:
    path = corpus_run.db_path
    with sqlite3.connect(path) as db:  # a stale machine value the recompute will correct
        db.execute(
            "UPDATE concordance SET similarity = 0.123, relation = 'modified' "
            "WHERE from_law = 'minshi-susong-fa' AND from_revision = '2021' AND from_article = 5"
        )
    before = concordance(path)
    result = corpus_run("align", "minshi-susong-fa", "--json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["batch"] is not None and sum(x["changed"] for x in data["links"]) == 1
    assert concordance(path) != before
    undone = corpus_run("undo", str(data["batch"]))
    assert undone.exit_code == 0, undone.stderr
    assert concordance(path) == before


def test_a_law_replaced_by_part_of_another(corpus_run) -> None:
    result = corpus_run("align", "hunyin-fa", "2001", "--to", "minfadian:2020", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "第三条\t第一千零四十二条\t" in result.stdout  # 婚姻法 3 → 民法典 1042
    assert "nothing written" in result.stderr


def test_only_the_part_that_replaced_the_law_is_aligned_with(corpus_run) -> None:
    """民法典 stands for 婚姻法 only in 第五编 (catalog: arts 1040–1118): an article of
    another part, even one worded like a 婚姻法 article, is never its match."""
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
    (link,) = result.json()["links"]
    (row,) = [r for r in link["computed"] if r["from"] == [3]]
    assert row["to"] == [1042]
    assert all(3 not in r["to"] for r in link["computed"])


def test_revisions_that_are_not_neighbours_are_shown_not_written(corpus_run, laws_dir) -> None:
    assert corpus_run("import-law", str(laws_dir / "minshi-susong-fa-2017.md")).exit_code == 0
    before = concordance(corpus_run.db_path)
    refused = corpus_run("align", "minshi-susong-fa", "2017", "2023")
    assert refused.exit_code != 0 and "neighbouring revisions" in refused.stderr
    shown = corpus_run("align", "minshi-susong-fa", "2017", "2023", "--dry-run")
    assert shown.exit_code == 0 and "第一条\t第一条\tidentical" in shown.stdout
    assert concordance(corpus_run.db_path) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("minshi-susong-fa", "2021"), "missing"),
        (("minshi-susong-fa", "2021", "2023", "--to", "minfadian:2020"), "not both"),
        (("hunyin-fa", "2001", "--to", "minfadian"), "LAW:REV"),
        (("minshi-susong-fa", "1990", "2023"), "no revision"),
        (("minshi-susong-fa", "--to", "minfadian:2020"), "needs FROM"),
    ],
)
def test_bad_arguments_are_one_clear_message(corpus_run, args, words) -> None:
    before = concordance(corpus_run.db_path)
    result = corpus_run("align", *args)
    assert result.exit_code != 0 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert concordance(corpus_run.db_path) == before
