"""In force first: where an article not in force and the article in force that succeeds it
both match, the one in force ranks first. Successors are computed here from the
concordance table itself, independently of the search."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glossary.lawtext.status import IN_FORCE
from glossary.search import search
from glossary.search.model import TIER_ARTICLE, TIER_REF, Hit, in_force_first, sort_key
from glossary.store.db import open_db

QUERIES = ["离婚", "抚养", "夫妻 财产", "子女", "调解", "诉讼 费用", "判决"]


@pytest.fixture(scope="module")
def db(search_db_path: Path, tmp_path_factory: pytest.TempPathFactory, laws_dir: Path):
    """The search corpus with the shipped concordance tables imported."""
    from glossary.io.concordance import import_concordances

    path = tmp_path_factory.mktemp("in-force-first") / "glossary.sqlite"
    shutil.copy(search_db_path, path)
    conn = open_db(path)
    import_concordances(conn, sorted(laws_dir.glob("concordance-*.computed.csv")))
    yield conn
    conn.close()


def successors_from_table(db) -> dict[tuple[str, str, int], tuple[str, str, int]]:
    """Every article of a repealed law → its best candidate (confidence not 'none'); every
    article of an older revision → the newest revision's, step by step (rank 1)."""
    found = {}
    repealed = {
        slug: succ
        for slug, succ in db.execute("SELECT slug, successor FROM laws WHERE status = 'repealed'")
    }
    for law, rev, article, to_law, to_rev, to_article in db.execute(
        "SELECT from_law, from_revision, from_article, to_law, to_revision, to_article "
        "FROM concordance WHERE to_article IS NOT NULL AND from_article IS NOT NULL "
        "AND coalesce(confidence, '') != 'none' ORDER BY rank DESC"
    ):
        if law in repealed and to_law == repealed[law]:
            found[(law, rev, article)] = (to_law, to_rev, to_article)  # rank 1 written last
    step = {
        (law, rev, article): (to_rev, to_article)
        for law, rev, article, to_rev, to_article in db.execute(
            "SELECT from_law, from_revision, from_article, to_revision, to_article "
            "FROM concordance WHERE from_law = to_law AND rank = 1 AND from_article IS NOT NULL"
        )
    }
    newest = dict(db.execute("SELECT law, max(label) FROM revisions GROUP BY law"))
    for law, rev, article in list(step):
        if law in repealed or rev == newest[law]:
            continue
        current: tuple[str, int | None] = (rev, article)
        while current[0] != newest[law] and (law, *current) in step:
            current = step[(law, *current)]
        if current[0] == newest[law] and current[1] is not None:
            found[(law, rev, article)] = (law, current[0], current[1])
    return found


def key(hit: Hit) -> tuple[str, str, int]:
    return (hit.law or "", hit.revision or "", hit.article or 0)


def pairs_on_page(hits: list[Hit], successor_of) -> list[tuple[Hit, Hit]]:
    """(successor in force, predecessor not in force) both on the page, in the same tier."""
    by_key = {key(h): h for h in hits if h.kind == "article"}
    pairs = []
    for hit in by_key.values():
        successor = by_key.get(successor_of.get(key(hit)))  # type: ignore[arg-type]
        same_tier = successor is not None and successor.score // 1000 == hit.score // 1000
        if hit.status != IN_FORCE and successor is not None and same_tier:
            pairs.append((successor, hit))
    return pairs


def test_the_article_in_force_ranks_above_the_one_it_succeeds(db) -> None:
    successor_of = successors_from_table(db)
    assert successor_of, "the concordance was imported"
    inverted_before = 0
    checked = 0
    for query in QUERIES:
        hits = search(db, query, all_revisions=True, limit=200).hits
        plain = sorted(hits, key=sort_key)  # the order by relevance alone
        for successor, predecessor in pairs_on_page(hits, successor_of):
            checked += 1
            assert hits.index(successor) < hits.index(predecessor), (query, key(predecessor))
            if plain.index(predecessor) < plain.index(successor):
                inverted_before += 1
                # moved to right after its successor (or after others moved there too)
                between = hits[hits.index(successor) + 1 : hits.index(predecessor)]
                assert all(successor_of.get(key(h)) == key(successor) for h in between)
    assert checked > 20
    assert inverted_before > 0, "relevance alone put some repealed article first"


def test_default_search_puts_the_civil_code_above_the_marriage_law_it_replaced(db) -> None:
    successor_of = successors_from_table(db)
    hits = search(db, "离婚", limit=100).hits
    pairs = [(s, p) for s, p in pairs_on_page(hits, successor_of) if p.law == "hunyin-fa"]
    assert pairs
    for successor, predecessor in pairs:
        assert successor.law == "minfadian"
        assert hits.index(successor) < hits.index(predecessor)


def test_without_successors_nothing_moves(db) -> None:
    hits = search(db, "离婚", all_revisions=True, limit=100).hits
    assert in_force_first(hits, {}) == hits


def test_a_higher_tier_still_wins() -> None:
    """A reference to the old article stays first; an equal tier moves it after."""

    def article(law: str, rev: str, number: int, score: float, status: str) -> Hit:
        return Hit("article", law, rev, number, "", None, score, "exact", status=status)

    old = article("hunyin-fa", "2001", 32, TIER_REF, "repealed")
    new = article("minfadian", "2020", 1079, TIER_ARTICLE + 10, IN_FORCE)
    successor_of = {("hunyin-fa", "2001", 32): ("minfadian", "2020", 1079)}
    assert in_force_first([old, new], successor_of) == [old, new]
    same_tier = article("hunyin-fa", "2001", 32, TIER_ARTICLE + 50, "repealed")
    other = article("minfadian", "2020", 1080, TIER_ARTICLE + 20, IN_FORCE)
    assert in_force_first([same_tier, other, new], successor_of) == [other, new, same_tier]
