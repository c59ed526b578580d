"""The read queries behind the app (glossary.store.browse): no Textual here."""

from __future__ import annotations

import time
from pathlib import Path

from glossary.store.browse import (
    article_revisions,
    han_ngrams,
    laws_with_revisions,
    term_view,
    terms_in_text,
    text_diff,
    tree_children,
)
from glossary.store.reader import open_reader


def test_ngrams_are_the_han_runs_of_two_to_eight() -> None:
    grams = han_ngrams("离婚，ab调解书")
    assert {"离婚", "调解", "解书", "调解书"} <= grams
    assert "婚调" not in grams and all(2 <= len(g) <= 8 for g in grams)


def test_terms_in_text_longest_wins_and_forms_come_along(app_db: Path) -> None:
    db = open_reader(app_db)
    found = terms_in_text(db, "测试：向人民法院递交离婚诉讼材料，感情不和的，调解不成")
    hans = [t.han for t in found]
    assert "离婚诉讼" in hans and "离婚" not in hans  # 离婚 only inside 离婚诉讼 here
    assert hans.index("人民法院") < hans.index("离婚诉讼")  # in text order
    court = next(t for t in found if t.han == "人民法院")
    assert {f["dialect"] for f in court.forms} == {"bca", "bfs"}


def test_terms_in_text_stays_fast_with_100000_terms(app_db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(app_db)
    conn.executemany(
        "INSERT INTO terms (han, status, created_at, updated_at) VALUES (?, 'proposed', 'x', 'x')",
        ((f"测{chr(0x4E00 + i // 200)}{chr(0x4E00 + i % 200)}词",) for i in range(100_000)),
    )
    conn.commit()
    conn.close()
    db = open_reader(app_db)
    text = "测试：人民法院处理离婚纠纷，先行调解；感情无法维系、调解不成的，准予离婚。" * 4
    started = time.perf_counter()
    found = terms_in_text(db, text)
    took = time.perf_counter() - started
    assert {"人民法院", "离婚", "调解", "感情"} <= {t.han for t in found}
    assert took < 0.5, took


def test_tree_has_laws_revisions_divisions_and_articles(app_db: Path) -> None:
    db = open_reader(app_db)
    laws = {law["slug"]: law for law in laws_with_revisions(db)}
    assert [r["label"] for r in laws["minshi-susong-fa"]["revisions"]] == ["2023", "2021"]
    rev_id = laws["hunyin-fa"]["revisions"][0]["id"]
    top = tree_children(db, rev_id, None)
    assert [c["label"] for c in top if c["kind"] == "division"][:2] == ["第一章", "第二章"]
    chapter4 = next(c for c in top if c["label"] == "第四章")
    articles = tree_children(db, rev_id, chapter4["id"])
    assert 32 in [a["number"] for a in articles if a["kind"] == "article"]


def test_article_revisions_follow_the_concordance_both_ways(app_db: Path) -> None:
    db = open_reader(app_db)
    chain = article_revisions(db, "minshi-susong-fa", "2023", 40)
    revisions = [e["revision"] for e in chain]
    assert revisions[-2:] == ["2021", "2023"] and revisions[0] == "1991"
    imported = [e for e in chain if e["imported"]]
    assert len(imported) == 2 and all(e["han"] for e in imported)
    assert chain[-1]["relation"] == "modified" and chain[-1]["computed"]
    assert not chain[0]["imported"] and chain[0]["han"] is None


def test_text_diff_marks_what_was_removed_and_added() -> None:
    ops = text_diff("人民法院应当调解", "人民法院可以调解")
    assert ("-", "应当") in ops and ("+", "可以") in ops
    assert "".join(t for op, t in ops if op != "+") == "人民法院应当调解"
    assert "".join(t for op, t in ops if op != "-") == "人民法院可以调解"


def test_term_view_groups_forms_and_lists_articles(app_db: Path) -> None:
    db = open_reader(app_db)
    term_id = db.execute("SELECT id FROM terms WHERE han = '离婚'").fetchone()[0]
    term = term_view(db, term_id)
    assert term is not None
    assert [(g["dialect"], g["variety"]) for g in term["form_groups"]] == [
        ("bca", None),
        ("bfs", "test variety"),
    ]
    assert term["articles"][0]["label"] == "第三十二条"
    assert term_view(db, 10**9) is None
