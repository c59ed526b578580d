"""Fuzzy suggestions (store.suggest): ranked, banded as memoQ, with a character diff.

Made-up clause texts (a collection created by the clause import) and the corpus'
民事诉讼法 (2021, 2023); the Bai is plainly fake.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz import fuzz

import test_memory
from glossary.han.text import han_key
from glossary.store.queries import article_view
from glossary.store.suggest import band, char_diff, suggestions, suggestions_for_text
from test_memory import LAW, pid, translate

# The same fixtures as test_memory's: 民事诉讼法 2021 and 2023 in a fresh database.
template, texts, same, db = (
    test_memory.template,
    test_memory.texts,
    test_memory.same,
    test_memory.db,
)

BOOK = "测试条款集"
BASE = "调解委员会应当在受理申请之日起十五日内作出书面答复并告知当事人"
NEAR = BASE.replace("十五日", "十日")  # one character less
FAR = BASE.replace("书面答复并告知当事人", "口头说明理由")
OTHER = "本条例自公布之日起施行"


@pytest.fixture
def book(db, tmp_path: Path):
    """A collection of four made-up clauses, each translated."""
    rows = [
        [BOOK, "2024", str(n), "1", f"test bai {n}", "", "", text]
        for n, text in enumerate((NEAR, FAR, OTHER, BASE + "。"), start=1)
    ]
    translate(db, tmp_path, rows, "book.csv")
    return db


def test_suggestions_are_ranked_banded_and_carry_where_from(book) -> None:
    query = BASE + "，"
    found = suggestions_for_text(book, query, "bfs")
    assert [s.bai for s in found] == ["test bai 4", "test bai 1", "test bai 2"]
    expected = [int(fuzz.ratio(han_key(query), han_key(t))) for t in (BASE + "。", NEAR, FAR)]
    assert [s.score for s in found] == expected
    assert all(70 <= s.score < 100 for s in found)
    assert [s.band for s in found] == [band(score) for score in expected]
    assert found[0].band == "95–99"
    assert found[0].source.describe() == f"{BOOK} (2024) 第四条 第1款"
    assert all(s.computed for s in found)
    assert OTHER not in [s.han for s in found]  # below the minimum
    assert suggestions_for_text(book, query, "bfs", limit=1) == found[:1]
    assert suggestions_for_text(book, query, "bca") == []


def test_the_diff_shows_exactly_what_changed_from_the_source(book) -> None:
    (near,) = [s for s in suggestions_for_text(book, BASE, "bfs") if s.bai == "test bai 1"]
    assert near.han == NEAR
    assert near.diff == (("equal", NEAR[: NEAR.index("十日") + 1]), ("insert", "五"),
                         ("equal", NEAR[NEAR.index("十日") + 1 :]))  # fmt: skip
    assert "".join(t for op, t in near.diff if op != "delete") == BASE
    assert "".join(t for op, t in near.diff if op != "insert") == NEAR
    assert char_diff("甲乙", "甲丙") == (("equal", "甲"), ("delete", "乙"), ("insert", "丙"))


def test_bands_follow_memoq() -> None:
    assert [band(s) for s in (101, 100, 99, 95, 94, 85, 84, 75, 74, 50, 49)] == [
        "101", "100", "95–99", "95–99", "85–94", "85–94", "75–84", "75–84",
        "50–74", "50–74", "",
    ]  # fmt: skip


def test_a_new_translation_is_seen_by_the_next_suggestion(book, tmp_path: Path) -> None:
    assert suggestions_for_text(book, OTHER + "。", "bfs")[0].bai == "test bai 3"
    translate(book, tmp_path, [[BOOK, "2024", "3", "1", "test bai three"]], "fix.csv")
    assert suggestions_for_text(book, OTHER + "。", "bfs")[0].bai == "test bai three"


def test_a_changed_paragraph_gets_the_old_revisions_translation_as_a_suggestion(
    db, tmp_path: Path, texts
) -> None:
    old, new = texts["2021"], texts["2023"]
    article, position = next(
        (n, i)
        for n in sorted(old)
        for i, (a, b) in enumerate(zip(old[n], new.get(n, []), strict=False), start=1)
        if a != b and fuzz.ratio(a, b) >= 80
    )
    translate(db, tmp_path, [["民事诉讼法", "2021", str(article), str(position), "test bai one"]])
    target = pid(db, "2023", article, position)
    (found,) = suggestions(db, target, "bfs")
    assert found.bai == "test bai one" and found.source.revision == "2021"
    assert 80 <= found.score < 100
    assert any(op != "equal" for op, _t in found.diff)
    view = article_view(db, LAW, article, revision="2023")
    para = view["paragraphs"][position - 1]
    assert para["renderings"] == {} and para["bai"] is None
    (shown,) = para["suggestions"]
    assert (shown["score"], shown["computed"], shown["dialect"]) == (found.score, True, "bfs")
    assert shown["source"] == found.source.describe()


def test_the_same_text_at_the_same_article_is_101_and_a_rendering_is_no_suggestion(
    db, tmp_path: Path, same: list[int]
) -> None:
    article = same[0]
    translate(db, tmp_path, [["民事诉讼法", "2021", str(article), "1", "test bai one"]])
    target = pid(db, "2023", article, 1)
    assert suggestions(db, target, "bfs") == []  # it is the carried rendering already
    han = db.execute("SELECT han FROM paragraphs WHERE id = ?", [target]).fetchone()[0]
    (exact,) = suggestions_for_text(db, han, "bfs", exclude_paragraph=target)
    assert (exact.score, exact.band, exact.diff) == (101, "101", (("equal", han),))
    (anywhere,) = suggestions_for_text(db, han, "bfs")
    assert (anywhere.score, anywhere.band) == (100, "100")


def test_show_marks_carried_translations_and_machine_computed_suggestions(
    db, tmp_path: Path, texts, same: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    from glossary.cli import main

    article = same[0]
    translate(db, tmp_path, [["民事诉讼法", "2021", str(article), "1", "test bai one"]])
    second = texts["2021"][article][1]
    edited = second[:-2] + "的" + second[-1]
    translate(db, tmp_path, [[BOOK, "2024", "1", "1", "test bai near", "", "", edited]], "b.csv")
    path = db.execute("PRAGMA database_list").fetchone()[2]
    capsys.readouterr()
    main(["show", "民诉", str(article), "--revision", "2023", "--db", path])
    out = capsys.readouterr().out
    assert "[bfs] test bai one  (carried: same text as 民事诉讼法 (2021) " in out
    (hint,) = [line for line in out.splitlines() if "suggestion" in line]
    assert (
        hint.lstrip().startswith("suggestion ") and "machine-computed: [bfs] test bai near" in hint
    )
    assert f"like {BOOK} (2024) 第一条 第1款; differs: …" in hint
    assert hint.endswith("[-的][+则]。")  # from the source's text to this one


def test_scoring_near_lengths_first_finds_what_a_full_scan_finds() -> None:
    import random

    from rapidfuzz import process

    from glossary.store.suggest import Candidates

    rng = random.Random(7)
    words = {"".join(rng.choices("甲乙丙丁戊己庚辛", k=rng.randint(4, 40))) for _ in range(3000)}
    pool = Candidates((0, 0), keys=sorted(words, key=len))
    pool.lengths = [len(k) for k in pool.keys]
    for _ in range(50):
        key = rng.choice(pool.keys)[: rng.randint(3, 30)] + "甲"
        full = process.extract(key, pool.keys, scorer=fuzz.ratio, limit=5, score_cutoff=70)
        assert [r for _k, r in pool.best(key, 5, 70)] == [r for _k, r, _i in full]
