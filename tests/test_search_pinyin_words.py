"""Pinyin words combine like Han words: ``lihun caichan`` requires both words, as
``离婚 财产`` does (before, the words were read as one phrase of four syllables)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from glossary.search import search
from glossary.search.plan import pinyin_words
from glossary.store.db import open_db

STARTER = Path(__file__).resolve().parents[1] / "data" / "glossary" / "starter-terms.csv"
LIMIT = 500


@pytest.fixture(scope="module")
def db(search_db_path: Path):
    database = open_db(search_db_path)
    yield database
    database.close()


def articles(db, text: str) -> set[int]:
    hits = search(db, text, limit=LIMIT).hits
    assert len(hits) < LIMIT, f"{text!r} fills the page: the sets cannot be compared"
    return {h.id for h in hits if h.kind == "article" and h.match == "exact"}


def test_lihun_caichan_finds_what_lihun_caichan_in_han_finds(db) -> None:
    han = articles(db, "离婚 财产")
    assert han and articles(db, "lihun caichan") == han
    assert articles(db, "li hun caichan") == han  # syllables typed apart are one word


def test_syllables_typed_apart_stay_one_phrase(db) -> None:
    vocab = frozenset({"li", "hun", "cai", "chan"})
    assert pinyin_words("li hun", lambda: vocab) == []  # one phrase, not li AND hun
    assert pinyin_words("li hun caichan", lambda: vocab) == [[["li", "hun"]], [["cai", "chan"]]]
    assert articles(db, "离婚") <= articles(db, "li hun")


def monophonic_words(db) -> list[tuple[str, str]]:
    """(Han, its pinyin) of starter terms whose every character has ONE reading: their
    pinyin cannot be read another way in context, so the pinyin query must find every
    article the Han one does (it may find more: homophones). Polyphones (调 tiao/diao,
    重 zhong/chong) are left out, where context decides and a typed reading may differ."""
    words = []
    for row in csv.DictReader(STARTER.open(encoding="utf-8-sig")):
        han = row["han"]
        if not 2 <= len(han) <= 4 or not row["articles"]:
            continue
        readings = [
            [r[0] for r in db.execute("SELECT reading FROM han_readings WHERE char = ?", [c])]
            for c in han
        ]
        if all(len(r) == 1 for r in readings):
            words.append((han, "".join(r[0] for r in readings)))
    return words


@pytest.fixture(scope="module")
def words(db) -> list[tuple[str, str]]:
    found = monophonic_words(db)
    assert len(found) > 30
    return found


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_pair_in_pinyin_finds_every_article_the_pair_in_han_finds(db, words, data) -> None:
    (han_a, py_a), (han_b, py_b) = data.draw(
        st.lists(st.sampled_from(words), min_size=2, max_size=2, unique=True)
    )
    han_hits = search(db, f"{han_a} {han_b}", limit=LIMIT).hits
    pinyin_hits = search(db, f"{py_a} {py_b}", limit=LIMIT).hits
    assume(len(han_hits) < LIMIT and len(pinyin_hits) < LIMIT)
    exact = {h.id for h in han_hits if h.kind == "article" and h.match == "exact"}
    found = {h.id for h in pinyin_hits if h.kind == "article"}
    assert exact <= found, (han_a, han_b, py_a, py_b)
