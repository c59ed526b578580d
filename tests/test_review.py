"""Reviewing translations (store.review, ``glossary review``): draft → reviewed → approved
with who and when, one batch in the history, undone exactly; and how mediators see the
status (``glossary show``, the copy/handout, the app's Bai cell).

The law text is the corpus' 人民调解法 (2010); the Bai is plainly fake ("test bai one").
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from glossary.store.review_status import STATUS_MARKS

CLAUSES = (
    "法律,修订,条,款,方言,白文\n"
    "调解法,2010,3,1,bfs,test bai one\n"
    "调解法,2010,3,2,bfs,test bai two\n"
    "调解法,2010,3,2,bca,test bai three\n"
    "调解法,2010,4,1,bfs,test bai four\n"
)


def translations(db_path: Path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    found = conn.execute("SELECT * FROM translations ORDER BY id").fetchall()
    conn.close()
    return found


def statuses(db_path: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db_path)
    found = conn.execute("SELECT bai, status, reviewed_by, reviewed_at FROM translations")
    out = {bai: rest for bai, *rest in found}
    conn.close()
    return {bai: tuple(rest) for bai, rest in out.items()}


@pytest.fixture
def imported(run, mediation_law_path: Path, tmp_path: Path) -> int:
    """The fake translations, imported as drafts; returns the import's batch."""
    path = tmp_path / "c.csv"
    path.write_text(CLAUSES, encoding="utf-8")
    result = run("import", path, "--json")
    assert result.exit_code == 0, result.stderr
    return int(result.json()["batch"])


def test_review_by_ref_sets_status_who_and_when(run, imported: int) -> None:
    result = run("review", "调解法", "3", "--status", "reviewed", "--by", "Test Reviewer")
    assert result.exit_code == 0, result.stderr
    assert "marked 3 of 3 translations reviewed by Test Reviewer" in result.stdout
    found = statuses(run.db_path)
    for bai in ("test bai one", "test bai two", "test bai three"):
        status, by, at = found[bai]
        assert (status, by) == ("reviewed", "Test Reviewer")
        assert at  # an ISO time, whatever the clock says
    assert found["test bai four"] == ("draft", None, None)


def test_review_by_ref_filters_by_dialect(run, imported: int) -> None:
    result = run("review", "调解法 3", "--status", "approved", "--by", "T", "--dialect", "bca")
    assert result.exit_code == 0, result.stderr
    found = statuses(run.db_path)
    assert found["test bai three"][:2] == ("approved", "T")
    assert found["test bai one"][0] == "draft"


def test_review_by_batch_takes_what_that_batch_wrote(run, imported: int, tmp_path: Path) -> None:
    later = tmp_path / "later.csv"
    later.write_text("法律,修订,条,款,方言,白文\n调解法,2010,5,1,bfs,test bai five\n")
    assert run("import", later).exit_code == 0
    result = run("review", "--batch", str(imported), "--status", "approved", "--by", "T", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["selected"] == 4
    found = statuses(run.db_path)
    assert {bai for bai, (status, *_r) in found.items() if status == "approved"} == {
        "test bai one",
        "test bai two",
        "test bai three",
        "test bai four",
    }
    assert found["test bai five"][0] == "draft"


def test_review_by_law(run, imported: int) -> None:
    result = run(
        "review", "--law", "调解法", "--revision", "2010", "--status", "reviewed", "--by", "T"
    )
    assert result.exit_code == 0, result.stderr
    assert {s for s, *_r in statuses(run.db_path).values()} == {"reviewed"}


def test_review_shows_in_history_and_undo_restores_exactly(run, imported: int) -> None:
    before = translations(run.db_path)
    result = run("review", "--law", "调解法", "--status", "approved", "--by", "T", "--json")
    batch = result.json()["batch"]
    assert batch and translations(run.db_path) != before
    listed = run("history").stdout.splitlines()[0]
    assert listed.startswith(f"batch {batch} ") and "review approved T: 12 changes" in listed
    lines = run("history", "调解法", "3").stdout
    assert "translations renmin-tiaojie-fa/2010/3/1/bfs status: 'draft' → 'approved'" in lines
    assert "reviewed_by: None → 'T'" in lines
    assert run("undo", str(batch)).exit_code == 0
    assert translations(run.db_path) == before


def test_demoting_needs_the_flag(run, imported: int) -> None:
    run("review", "调解法 4", "--status", "approved", "--by", "First")
    kept = run("review", "--law", "调解法", "--status", "reviewed", "--by", "Second")
    assert "1 approved kept (--demote to lower)" in kept.stdout
    assert statuses(run.db_path)["test bai four"][:2] == ("approved", "First")
    run("review", "调解法 4", "--status", "reviewed", "--by", "Second", "--demote")
    assert statuses(run.db_path)["test bai four"][:2] == ("reviewed", "Second")


def test_dry_run_writes_nothing(run, imported: int) -> None:
    before = translations(run.db_path)
    batches = run("history").stdout
    result = run("review", "调解法 3", "--status", "approved", "--by", "T", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "would mark 3 of 3" in result.stdout
    assert "renmin-tiaojie-fa/2010/3/2 [bca]" in result.stdout
    assert translations(run.db_path) == before
    assert run("history").stdout == batches


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["调解法 3", "--status", "approved"], "needs the reviewer's name"),
        (["调解法 3", "--status", "done", "--by", "T"], "unknown review status 'done'"),
        (["--status", "approved", "--by", "T"], "say which translations to review"),
        (["调解法 3", "--law", "调解法", "--status", "approved", "--by", "T"], "exactly one"),
        (["调解法 9999", "--status", "approved", "--by", "T"], "has no 第九千九百九十九条"),
        (["no such law 3", "--status", "approved", "--by", "T"], "unknown law"),
        (
            ["调解法 30", "--status", "approved", "--by", "T"],
            "nothing to review: article 调解法 30",
        ),
        (["--batch", "999", "--status", "approved", "--by", "T"], "there is no batch 999"),
        (["--batch", "1", "--revision", "2010", "--status", "approved", "--by", "T"], "narrow"),
        (
            ["调解法 3", "--dialect", "bfc", "--status", "reviewed", "--by", "T"],
            "nothing to review",
        ),
    ],
)
def test_refusals_are_one_line_and_write_nothing(run, imported: int, args, message) -> None:
    before = translations(run.db_path)
    result = run("review", *args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert translations(run.db_path) == before


def test_show_marks_draft_and_reviewed_not_approved(run, imported: int) -> None:
    run("review", "调解法 3", "--dialect", "bca", "--status", "approved", "--by", "T")
    run("review", "调解法 3", "--dialect", "bfs", "--status", "reviewed", "--by", "T")
    shown = run("show", "调解法 3").stdout
    assert "[bca] test bai three\n" in shown + "\n"
    assert f"[bfs] test bai one  ({STATUS_MARKS['reviewed']})" in shown
    draft = run("show", "调解法 4").stdout
    assert f"[bfs] test bai four  ({STATUS_MARKS['draft']})" in draft


def test_handout_and_copy_mark_the_status(run, imported: int) -> None:
    from glossary.io.handout import build_page
    from glossary.io.handout_render import render_markdown
    from glossary.store.db import open_db
    from glossary.store.queries import article_view
    from glossary.store.review_status import PLAIN_STATUS
    from glossary.tui.export import bai_of, plain_text

    run("review", "调解法 3", "--status", "approved", "--by", "T")
    db = open_db(run.db_path)
    approved = article_view(db, "renmin-tiaojie-fa", 3)
    draft = article_view(db, "renmin-tiaojie-fa", 4)
    handouts = {
        name: render_markdown(build_page(db, view, "en", ["bfs"]))
        for name, view in (("approved", approved), ("draft", draft))
    }
    db.close()
    assert bai_of(approved["paragraphs"][0], "bfs") == "test bai one"
    assert bai_of(draft["paragraphs"][0], "bfs") == f"test bai four ({STATUS_MARKS['draft']})"
    assert PLAIN_STATUS["draft"] in handouts["draft"]
    assert PLAIN_STATUS["draft"] not in handouts["approved"]
    assert "Approved by T on " in handouts["approved"]
    assert STATUS_MARKS["draft"] in plain_text(draft, "bfs")


def test_app_bai_cell_marks_a_draft_shortly(run, imported: int) -> None:
    from glossary.store.db import open_db
    from glossary.store.queries import article_view
    from glossary.store.review_status import SHORT_MARKS
    from glossary.tui.article_parts import bai_cell

    run("review", "调解法 3", "--status", "approved", "--by", "T")
    db = open_db(run.db_path)
    approved = article_view(db, "renmin-tiaojie-fa", 3)["paragraphs"][0]
    draft = article_view(db, "renmin-tiaojie-fa", 4)["paragraphs"][0]
    db.close()
    assert bai_cell(approved, "bfs").plain == "test bai one"
    assert bai_cell(draft, "bfs").plain == f"test bai four\n{SHORT_MARKS['draft']}"


def test_carried_bai_is_reviewed_at_its_source(run, mediation_law_path: Path, tmp_path) -> None:
    from glossary.store.db import open_db
    from glossary.store.queries import article_view

    db = open_db(run.db_path)
    han = article_view(db, "renmin-tiaojie-fa", 3)["paragraphs"][0]["han"]
    db.close()
    book = tmp_path / "book.csv"  # a collection whose 款 has the same Han: carried to 调解法 3
    with book.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [
                ["law", "revision", "article", "paragraph", "dialect", "bai", "han"],
                ["Test Book", "1", "1", "1", "bfs", "test bai carried", han],
            ]
        )
    assert run("import", book).exit_code == 0
    shown = run("show", "调解法 3", "--json").json()["paragraphs"][0]["renderings"]["bfs"]
    assert shown["origin"] == "carried"
    refused = run("review", "调解法 3", "--status", "approved", "--by", "T")
    assert refused.exit_code != 0
    assert "its Bai is carried — review it at its source: testbook (1) 第一条 第1款" in (
        refused.stderr
    )
    reviewed = run("review", "--law", "Test Book", "--status", "approved", "--by", "T")
    assert reviewed.exit_code == 0, reviewed.stderr
    shown = run("show", "调解法 3", "--json").json()["paragraphs"][0]["renderings"]["bfs"]
    assert (shown["status"], shown["reviewed_by"]) == ("approved", "T")
