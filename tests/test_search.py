"""Search over the real corpus: Han of any length, pinyin, references, typos, ranking."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.search import search
from glossary.store.db import open_db


@pytest.fixture(scope="module")
def db(search_db_path: Path):
    db = open_db(search_db_path, read_only=True)
    yield db
    db.close()


def newest_articles_containing(db, needle: str) -> set[int]:
    """An independent answer: article ids whose text contains ``needle`` (newest revisions)."""
    rows = db.execute(
        "SELECT t.article_id FROM article_texts t JOIN revisions r "
        "ON r.law = t.law AND r.label = t.revision "
        "WHERE r.id IN (SELECT id FROM revisions r2 WHERE r2.law = r.law "
        "ORDER BY coalesce(decided_on, label) DESC LIMIT 1) AND instr(t.han, ?) > 0",
        [needle],
    ).fetchall()
    return {r[0] for r in rows}


def article_ids(result, match: str = "exact") -> set[int]:
    return {h.id for h in result.hits if h.kind == "article" and h.match == match}


@pytest.mark.parametrize("needle", ["婚", "离婚", "调解", "人民法院", "本法第一百二十二条"])
def test_han_of_any_length_finds_every_article(db, needle: str) -> None:
    result = search(db, needle, limit=500)
    expected = newest_articles_containing(db, needle)
    assert expected, "the corpus has this text"
    assert article_ids(result) == expected, "nothing may be silently dropped or added"
    for hit in result.hits:
        if hit.match == "fuzzy":  # a homophone (立婚 for 离婚), marked and ranked last
            continue
        spans = [hit.han[s["start"] : s["end"]] for s in hit.spans if s["field"] == "han"]
        assert spans and all(s == needle for s in spans)


def test_several_terms_must_all_match_and_exclusions_exclude(db) -> None:
    both = article_ids(search(db, "人民法院 调解", limit=500))
    assert both == newest_articles_containing(db, "人民法院") & newest_articles_containing(
        db, "调解"
    )
    without = article_ids(search(db, "人民法院 -调解", limit=500))
    assert without == newest_articles_containing(db, "人民法院") - newest_articles_containing(
        db, "调解"
    )


def test_exact_phrase_in_quotes(db) -> None:
    phrase = article_ids(search(db, '"人民调解委员会"', limit=500))
    assert phrase == newest_articles_containing(db, "人民调解委员会")
    loose = article_ids(search(db, "人民 委员会", limit=500))
    assert phrase < loose


def test_traditional_and_full_width_input_find_the_simplified_text(db) -> None:
    simplified = article_ids(search(db, "起诉", limit=500))
    assert article_ids(search(db, "起訴", limit=500)) == simplified
    assert article_ids(search(db, "ｌｉｈｕｎ", limit=500)) == article_ids(
        search(db, "lihun", limit=500)
    )


@pytest.mark.parametrize("typed", ["lihun", "li hun", "lí hūn", "li2 hun1", "LiHun", "li'hun"])
def test_pinyin_in_every_spelling_finds_li_hun(db, typed: str) -> None:
    result = search(db, typed, limit=500)
    assert newest_articles_containing(db, "离婚") <= article_ids(result)
    for hit in result.hits[:20]:
        spans = [hit.han[s["start"] : s["end"]] for s in hit.spans]
        assert spans, hit.label
        assert "离婚" in spans or all(len(s) == 2 for s in spans)


@pytest.mark.parametrize("typed", ["funv", "fu nü", "fu nu:", "fu3 nv3"])
def test_pinyin_u_umlaut_spellings(db, typed: str) -> None:
    assert newest_articles_containing(db, "妇女") <= article_ids(search(db, typed, limit=500))


@pytest.mark.parametrize(("typed", "han"), [("tiaojie", "调解"), ("chongshen", "重审")])
def test_polyphonic_characters_are_read_in_context(db, typed: str, han: str) -> None:
    assert newest_articles_containing(db, han) <= article_ids(search(db, typed, limit=500))


def test_every_reading_of_a_character_is_indexed(db) -> None:
    # 重 read zhong in 重审 is the wrong reading in context, but still indexed.
    found = search(db, "zhongshen", limit=500)
    assert newest_articles_containing(db, "重审") <= article_ids(found)
    assert any("终审" in h.han for h in found.hits), "终审 reads zhongshen too"
    in_context = search(db, "chongshen", limit=500)
    assert "重审" in in_context.hits[0].han


def test_article_reference_goes_straight_to_the_article(db) -> None:
    for typed in ["民诉 122", "民事诉讼法第一百二十二条", "minshi-susong-fa:122"]:
        result = search(db, typed)
        assert len(result.hits) == 1
        hit = result.hits[0]
        assert (hit.law, hit.revision, hit.article, hit.via) == (
            "minshi-susong-fa",
            "2023",
            122,
            "reference",
        )
        expected = db.execute(
            "SELECT han FROM article_texts WHERE law = 'minshi-susong-fa' "
            "AND revision = '2023' AND article = 122"
        ).fetchone()[0]
        assert hit.han == expected


def test_newest_revision_by_default_and_others_on_request(db) -> None:
    default = search(db, "起诉状", limit=500)
    assert {h.revision for h in default.hits if h.law == "minshi-susong-fa"} == {"2023"}
    every = search(db, "起诉状", all_revisions=True, limit=500)
    assert {h.revision for h in every.hits if h.law == "minshi-susong-fa"} == {"2021", "2023"}
    old = search(db, "起诉状", revision="2021", limit=500)
    assert {h.revision for h in old.hits} == {"2021"}
    law_only = search(db, "离婚", law="hunyin-fa", limit=500)
    assert {h.law for h in law_only.hits} == {"hunyin-fa"}


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("离昏", "离婚"), ("调节委员会", "调解委员会"), ("人民调解委会", "人民调解委员会")],
)
def test_one_typo_is_forgiven_and_marked_fuzzy(db, typo: str, meant: str) -> None:
    result = search(db, typo, limit=50)
    assert result.hits, typo
    fuzzy = [h for h in result.hits if h.match == "fuzzy"]
    assert fuzzy
    assert any(meant in h.han for h in fuzzy)
    tiers = [h.match for h in result.hits]
    assert tiers == sorted(tiers, key=lambda m: m == "fuzzy"), "fuzzy hits rank below exact"


def test_ties_are_broken_in_a_stable_stated_order(db) -> None:
    first = [(h.law, h.revision, h.article) for h in search(db, "婚", limit=200).hits]
    second = [(h.law, h.revision, h.article) for h in search(db, "婚", limit=200).hits]
    assert first == second


NASTY = [
    '"',
    '""',
    "AND",
    "OR NOT",
    "NEAR(",
    'NEAR("a" "b", 2)',
    "han:离婚",
    "*",
    "^离婚",
    "'; DROP TABLE laws; --",
    "😀",
    "离婚😀",
    "\x00",
    "-",
    "-离婚",
    '"unterminated',
    "　",
    "x" * 10_000,
    "离" * 10_000,
    "{py}: li",
    "li*",
    "(离婚",
]


@pytest.mark.parametrize("typed", NASTY)
def test_any_input_is_safe(db, typed: str) -> None:
    result = search(db, typed)
    assert isinstance(result.hits, list)
    if not result.hits:
        assert result.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(db, typed: str) -> None:
    result = search(db, typed, limit=5)
    assert len(result.hits) <= 5
    for hit in result.hits:
        for span in hit.spans:
            text = hit.han if span["field"] == "han" else hit.bai
            assert 0 <= span["start"] < span["end"] <= len(text)


def test_cli_search_json_shape(search_db_path: Path, run) -> None:
    run.db_path = search_db_path
    data = run("search", "离婚", "--json", "--limit", "3").json()
    assert set(data) >= {"query", "took_ms", "hits"}
    assert data["query"] == "离婚" and data["took_ms"] >= 0 and len(data["hits"]) == 3
    for hit in data["hits"]:
        assert set(hit) >= {
            "kind",
            "law",
            "revision",
            "article",
            "han",
            "bai",
            "score",
            "match",
            "spans",
        }
        assert hit["kind"] == "article" and hit["match"] == "exact" and hit["bai"] is None
        assert re.search("离婚", hit["han"])
    bad = run("search", "")
    assert bad.exit_code == 0 and bad.stderr
