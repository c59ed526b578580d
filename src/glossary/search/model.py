"""What a search returns (hits, the result) and how hits rank.

Ranking, in this order (higher tiers always first):

1. an article reference (``民诉 122``) — the article itself;
2. glossary terms matched exactly (the whole term, its pinyin, initials or a Bai form), and
   the term a synonym or everyday word typed stands for (家暴 → 家庭暴力, ``via="synonym"``,
   ``through`` = the term);
3. glossary terms matched in part;
4. the articles linked to a term found through a synonym (``term_articles``; ``through`` =
   the term): a word the party used finds the law on it before any article that merely
   contains the characters;
5. articles matched exactly (every clause found as typed), by BM25 relevance;
6. glossary terms found only by their definition or English gloss (``via="definition"`` or
   ``"english"``): below a match on the term itself and below articles, so that a word
   many definitions mention does not push the law off the page;
7. glossary terms matched with a typo forgiven (fuzzy);
8. articles matched with a typo forgiven (fuzzy).

Within a tier: Bai with the same tone letters as typed first, then relevance, then — the
stated tie-break — law slug, newest revision first, article number, term.

In force first (:func:`in_force_first`, after that order): an article that is not in force
(its law repealed, or an older revision) never ranks above the article in force that
succeeds it when both are on the page in the same tier — it moves to right after its
successor. Its successor is the one the article view names (store.queries.successors: the
best concordance candidate of a repealed law's article, or the same law's newest revision
followed revision by revision). A higher tier still wins: a reference to 婚姻法 32 shows
that article first, whatever else matches.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

TIER_REF, TIER_TERM_EXACT, TIER_TERM_PARTIAL = 6000, 5000, 4000
TIER_ARTICLE, TIER_TERM_FUZZY, TIER_ARTICLE_FUZZY = 3000, 2000, 1000
TIER_SYNONYM_ARTICLE = 3500  # a synonym's term's linked articles (tier 4 above)
TIER_TERM_GLOSS = 2500  # a term found by its definition or English gloss only (tier 6)
TONE_BONUS = 500.0  # Bai typed with tone letters, found with the same tones


@dataclass
class Hit:
    kind: str  # "article" | "term"
    law: str | None
    revision: str | None
    article: int | None
    han: str
    bai: str | None
    score: float
    match: str  # "exact" | "fuzzy"
    spans: list[dict[str, Any]] = field(default_factory=list)
    id: int = 0  # articles.id or terms.id
    label: str | None = None  # 第一百二十二条, or the term's pinyin
    law_name: str | None = None
    via: str = "han"  # what matched: han | pinyin | initials | bai | reference | definition
    # | english | synonym
    status: str | None = (
        None  # an article's revision: lawtext.status IN_FORCE | SUPERSEDED | REPEALED
    )
    paragraph: int | None = None  # the 款 a reference named (第1079条第二款 → 2), to open at
    through: str | None = None  # the term a synonym or everyday word went through (家暴 → 家庭暴力)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    took_ms: float
    hits: list[Hit]
    message: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "took_ms": round(self.took_ms, 3),
            "hits": [h.to_json() for h in self.hits],
            "message": self.message,
        }


def relevance(bm25: float) -> float:
    """FTS5's bm25() is negative, smaller is better: map it into [0, 500)."""
    return min(499.0, max(0.0, -bm25 * 10))


def sort_key(hit: Hit) -> tuple[Any, ...]:
    return (
        -hit.score,
        0 if hit.kind == "term" else 1,
        hit.law or "",
        _descending(hit.revision or ""),
        hit.article or 0,
        hit.han,
        hit.id,
    )


ArticleKey = tuple[str, str, int]  # law, revision, article number


def article_key(hit: Hit) -> ArticleKey | None:
    if hit.kind != "article" or hit.law is None or hit.revision is None or hit.article is None:
        return None
    return (hit.law, hit.revision, hit.article)


def tier(hit: Hit) -> int:
    return int(hit.score // 1000)


def in_force_first(hits: list[Hit], successor_of: dict[ArticleKey, ArticleKey]) -> list[Hit]:
    """The ranked hits, each article not in force that ranks above its successor in the
    same tier moved to right after it (in their order); nothing else moves."""
    place = {key: i for i, h in enumerate(hits) if (key := article_key(h)) is not None}
    after: dict[ArticleKey, list[Hit]] = {}
    for i, hit in enumerate(hits):
        key = article_key(hit)
        successor = successor_of.get(key) if key else None
        if successor is None or successor not in place:
            continue
        if place[successor] > i and tier(hits[place[successor]]) == tier(hit):
            after.setdefault(successor, []).append(hit)
    moved = {id(h) for group in after.values() for h in group}
    result: list[Hit] = []
    for hit in hits:
        if id(hit) in moved:
            continue
        result.append(hit)
        key = article_key(hit)
        result.extend(after.get(key, []) if key else [])
    return result


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)
