"""Article numbers without a law, 款 and 项, and references to what is not imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.lawtext.labels import article_label
from glossary.lawtext.numerals import int_to_cn
from glossary.lawtext.status import IN_FORCE
from glossary.search import search
from glossary.store.db import open_db


@pytest.fixture(scope="module")
def db(search_db_path: Path):
    conn = open_db(search_db_path, read_only=True)
    yield conn
    conn.close()


def newest_numbers(db) -> dict[int, set[str]]:
    """Article number → the laws whose newest revision has it (computed here, not by search)."""
    found: dict[int, set[str]] = {}
    for law, number in db.execute(
        "SELECT r.law, a.number FROM articles a JOIN revisions r ON r.id = a.revision_id "
        "WHERE a.sub = 0 AND coalesce(r.decided_on, r.label) = (SELECT max(coalesce("
        "r2.decided_on, r2.label)) FROM revisions r2 WHERE r2.law = r.law)"
    ):
        found.setdefault(number, set()).add(law)
    return found


def forms(number: int) -> list[str]:
    return [f"第{number}条", str(number), f"第{int_to_cn(number)}条", f"{number}条"]


def test_a_bare_number_one_law_has_is_that_law_s_article(db) -> None:
    numbers = newest_numbers(db)
    single = sorted(n for n, laws in numbers.items() if len(laws) == 1)
    assert len(single) > 100
    for number in single[:: len(single) // 12]:
        (law,) = numbers[number]
        for text in forms(number):
            result = search(db, text)
            assert [(h.law, h.article, h.via) for h in result.hits] == [
                (law, number, "reference")
            ], text
            assert result.message is None


def test_a_law_filter_picks_the_law_of_a_bare_number(db) -> None:
    numbers = newest_numbers(db)
    shared = [n for n, laws in numbers.items() if len(laws) > 1][:5]
    assert shared
    for number in shared:
        for law in numbers[number]:
            hits = search(db, f"第{int_to_cn(number)}条", law=law).hits
            assert [(h.law, h.article) for h in hits] == [(law, number)]


def test_a_number_several_laws_have_gives_each_law_in_force_first(db) -> None:
    numbers = newest_numbers(db)
    for number in [n for n, laws in numbers.items() if len(laws) > 1][:8]:
        result = search(db, str(number))
        assert {h.law for h in result.hits} == numbers[number]
        assert len(result.hits) == len(numbers[number])
        statuses = [h.status == IN_FORCE for h in result.hits]
        assert statuses == sorted(statuses, reverse=True)  # in force before repealed
        assert result.message is not None
        for hit in result.hits:
            assert hit.law_name in result.message


def paragraphs_of(db, law: str, number: int) -> list[tuple[str, str]]:
    return db.execute(
        "SELECT p.kind, coalesce(p.label, '') || p.han FROM paragraphs p "
        "JOIN articles a ON a.id = p.article_id JOIN revisions r ON r.id = a.revision_id "
        "WHERE r.law = ? AND a.number = ? AND a.sub = 0 AND r.label = (SELECT max(label) "
        "FROM revisions WHERE law = r.law) ORDER BY p.position",
        [law, number],
    ).fetchall()


def paragraph_text(rows: list[tuple[str, str]], paragraph: int) -> str:
    """The 款 and the 项 under it, as lines, from the rows (an independent reading)."""
    groups: list[list[str]] = []
    for kind, text in rows:
        if kind == "paragraph":
            groups.append([text])
        else:
            groups[-1].append(text)
    return "\n".join(groups[paragraph - 1])


@pytest.mark.parametrize(
    ("text", "law", "number", "paragraph"),
    [
        ("第1079条第三款", "minfadian", 1079, 3),
        ("民法典1079条第2款", "minfadian", 1079, 2),
        ("民法典第一千零七十九条第五款", "minfadian", 1079, 5),
        ("人民调解法第三十三条第2款", "renmin-tiaojie-fa", 33, 2),
    ],
)
def test_a_paragraph_reference_opens_at_that_paragraph(
    db, text: str, law: str, number: int, paragraph: int
) -> None:
    (hit,) = search(db, text).hits
    assert (hit.law, hit.article, hit.paragraph) == (law, number, paragraph)
    (span,) = hit.spans
    expected = paragraph_text(paragraphs_of(db, law, number), paragraph)
    assert hit.han[span["start"] : span["end"]] == expected


def test_every_law_s_second_paragraphs_are_found(db) -> None:
    """For each law, articles with two 款 or more: 〈law〉第N条第二款 spans the second."""
    laws = db.execute(
        "SELECT DISTINCT r.law, l.short_name FROM revisions r JOIN laws l ON l.slug = r.law"
    )
    for law, name in laws.fetchall():
        numbers = [
            n
            for (n,) in db.execute(
                "SELECT DISTINCT a.number FROM articles a JOIN revisions r ON r.id = a.revision_id "
                "JOIN paragraphs p ON p.article_id = a.id WHERE r.law = ? AND p.kind = 'paragraph' "
                "AND r.label = (SELECT max(label) FROM revisions WHERE law = r.law) "
                "AND a.sub = 0 GROUP BY a.id HAVING count(*) >= 2 ORDER BY a.number LIMIT 3",
                [law],
            )
        ]
        assert numbers, law
        for number in numbers:
            (hit,) = search(db, f"{name}第{int_to_cn(number)}条第二款").hits
            assert (hit.law, hit.article, hit.paragraph) == (law, number, 2)
            (span,) = hit.spans
            expected = paragraph_text(paragraphs_of(db, law, number), 2)
            assert hit.han[span["start"] : span["end"]] == expected


def test_an_item_reference_points_at_the_item(db) -> None:
    (hit,) = search(db, "民诉第122条第三项").hits
    (span,) = hit.spans
    assert hit.han[span["start"] : span["end"]].startswith("（三）")
    assert hit.paragraph == 1
    (hit,) = search(db, "第1079条第三款第二项").hits
    (span,) = hit.spans
    assert hit.paragraph == 3
    assert hit.han[span["start"] : span["end"]] == paragraphs_of(db, "minfadian", 1079)[4][1]


def test_a_paragraph_the_article_lacks_is_said(db) -> None:
    count = sum(kind == "paragraph" for kind, _ in paragraphs_of(db, "minfadian", 1079))
    result = search(db, "第1079条第九款")
    (hit,) = result.hits
    assert hit.paragraph is None and not hit.spans
    assert result.message is not None
    assert f"1–{count} only" in result.message and "第九款" in result.message


def test_an_article_outside_the_imported_part_says_what_is_there(db) -> None:
    first, last = db.execute(
        "SELECT min(a.number), max(a.number) FROM articles a JOIN revisions r "
        "ON r.id = a.revision_id WHERE r.law = 'minfadian'"
    ).fetchone()
    for text in ("民法典 第一千二百条", "民法典1200", "民法典第一条", "民法典 第1000条第二款"):
        result = search(db, text)
        assert result.hits == [], text
        assert result.message is not None
        assert "民法典: only 婚姻家庭编" in result.message
        assert article_label(first) in result.message and article_label(last) in result.message


def test_a_law_not_imported_lists_the_laws_that_are(db) -> None:
    names = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT l.short_name FROM laws l JOIN revisions r ON r.law = l.slug"
        )
    ]
    for text in ("继承法第一条", "刑法 5", "反家庭暴力法第二十三条"):
        result = search(db, text)
        assert result.hits == [], text
        assert result.message is not None and "is not imported" in result.message
        for name in names:
            assert name in result.message


def test_a_number_past_the_last_article_says_the_range(db) -> None:
    (last,) = db.execute(
        "SELECT max(a.number) FROM articles a JOIN revisions r ON r.id = a.revision_id "
        "WHERE r.law = 'minshi-susong-fa' AND r.label = '2023'"
    ).fetchone()
    result = search(db, f"民诉 {last + 50}")
    assert result.hits == []
    assert result.message is not None and article_label(last) in result.message
    bare = search(db, "第九百条")
    assert bare.hits == [] and bare.message is not None
    assert "no law searched has 第九百条" in bare.message


def test_a_law_outside_the_scope_searched_is_said(db) -> None:
    result = search(db, "婚姻法 32", in_force_only=True)
    assert result.hits == []
    assert result.message is not None and "婚姻法 (2001)" in result.message


def test_the_answers_are_in_chinese_for_a_chinese_interface(db) -> None:
    from glossary import i18n

    with i18n.language("zh"):
        part = search(db, "民法典 第一千二百条").message
        empty = search(db, "车祸").message
    assert part is not None and "民法典：只导入了婚姻家庭编" in part
    assert empty is not None and empty.startswith("没有找到")
    assert "F1" in empty and "同义词" in empty
