"""Which 款/项 of one article became which of another: the paragraph alignment.

Computed on the fly from the two articles' stored paragraphs (a few at most: 3.8 ms a pair
of 民事诉讼法 articles, their 款 reversed, on an AMD EPYC), never stored: it follows every
re-import and undo by itself. Pairs are kept per connection while the data is unchanged
(``PRAGMA data_version``, ``total_changes``), so the 款 of one article ask once.

The aligner is the articles' own (:func:`glossary.lawtext.align.align`, bigram Dice, in
order, then moved, then split and merged) with one rule more for very short 项
(:mod:`glossary.lawtext.paragraph_align`, where the thresholds and what was measured are),
run over the 款 and 项 of the two articles in reading order, each keyed by its legal name
(第二款, 第一款第三项), so that a pair with the same text under another name is
``renumbered`` (a moved or renumbered 款) and one under the same name ``identical``.

Two readers share it: the app's "what changed" between revisions of an article (one diff
per pair of 款, :mod:`glossary.store.browse`), and the translation memory's suggestions
(:mod:`glossary.store.suggest`), which offer a changed 款's predecessor's Bai, named.
The predecessor is found through the concordance (rank order; for a split or merged row any
of the linked articles), then through this alignment.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from glossary.lawtext.labels import article_label, paragraph_names
from glossary.lawtext.paragraph_align import align_paragraphs
from glossary.store.reader import Queryable, rows


@dataclass(frozen=True)
class Para:
    """One stored 款/项 with its legal name within its article."""

    id: int
    position: int
    kind: str  # paragraph | item
    label: str | None
    han: str
    name: str  # 第二款, 第一款第三项, 第三项 (an article of one 款)


@dataclass(frozen=True)
class ParagraphPair:
    """One line of the paragraph alignment: machine-computed, like the article's."""

    relation: str  # identical | modified | renumbered | split | merged | added | deleted
    score: float  # Dice of the bigrams, 0–1 (0 for added and deleted)
    old: tuple[Para, ...]
    new: tuple[Para, ...]

    @property
    def renamed(self) -> bool:
        """Paired under other names (第二款 → 第三款)."""
        return bool(self.old and self.new) and [p.name for p in self.old] != [
            p.name for p in self.new
        ]


def article_paragraphs(db: Queryable, article_id: int) -> list[Para]:
    """An article's 款 and 项 in reading order, each with its name."""
    found = rows(
        db,
        "SELECT id, position, kind, label, han FROM paragraphs WHERE article_id = ? "
        "ORDER BY position",
        [article_id],
    )
    names = paragraph_names([r["kind"] for r in found])
    return [Para(**r, name=name) for r, name in zip(found, names, strict=True)]


def pair_paragraphs(old: Sequence[Para], new: Sequence[Para]) -> list[ParagraphPair]:
    """The alignment of two lists of paragraphs, in the newer one's reading order (a
    deleted 款 where it stood: after the pair of the old 款 before it)."""
    by_old = {p.name: p for p in old}
    by_new = {p.name: p for p in new}
    found = align_paragraphs([(p.name, p.han) for p in old], [(p.name, p.han) for p in new])
    pairs = [
        ParagraphPair(
            row.relation,
            row.score,
            tuple(by_old[k] for k in row.from_articles),
            tuple(by_new[k] for k in row.to_articles),
        )
        for row in found
    ]
    return sorted(pairs, key=lambda pair: _reading_place(pair, pairs, old))


def _reading_place(
    pair: ParagraphPair, pairs: list[ParagraphPair], old: Sequence[Para]
) -> tuple[float, int]:
    if pair.new:
        return (pair.new[0].position, 0)
    before = [p for p in old if p.position < pair.old[0].position]
    for earlier in reversed(before):
        partner = next((q for q in pairs if earlier in q.old and q.new), None)
        if partner is not None:
            return (partner.new[-1].position + 0.5, pair.old[0].position)
    return (0.5, pair.old[0].position)


_CACHE: weakref.WeakKeyDictionary[Any, dict[tuple[int, int], Any]] = weakref.WeakKeyDictionary()


def paragraph_pairs(db: Queryable, old_article_id: int, new_article_id: int) -> list[ParagraphPair]:
    """Which 款/项 of the old article became which of the new one (two stored articles)."""
    version = (db.conn.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
    mine = _CACHE.setdefault(db, {})
    cached = mine.get((old_article_id, new_article_id))
    if cached is not None and cached[0] == version:
        return list(cached[1])
    found = pair_paragraphs(
        article_paragraphs(db, old_article_id), article_paragraphs(db, new_article_id)
    )
    if len(mine) > 1000:
        mine.clear()
    mine[(old_article_id, new_article_id)] = (version, found)
    return list(found)


@dataclass(frozen=True)
class Predecessor:
    """A 款/项 of an older article that became the asked one, and its full name."""

    paragraph: Para
    name: str  # 民事诉讼法 (2017) 第一百一十九条第二款


@dataclass(frozen=True)
class Lineage:
    """What the concordance says of a paragraph's past: ``aligned`` when some row leads to
    its article (then ``predecessors`` is the whole truth, possibly none: an added 款 or
    article); not aligned, the caller may fall back on article numbers."""

    aligned: bool
    predecessors: tuple[Predecessor, ...] = ()


def predecessor_articles(db: Queryable, article_id: int) -> tuple[bool, list[dict]]:
    """The older articles the concordance names as this one's source, best rank first:
    (whether any row leads here at all, [{id, law_name, revision, number}])."""
    here = rows(
        db,
        "SELECT r.law, r.label AS revision, a.number, a.sub FROM articles a "
        "JOIN revisions r ON r.id = a.revision_id WHERE a.id = ?",
        [article_id],
    )
    if not here or here[0]["sub"]:
        return False, []  # the concordance addresses 第X条, never 第X条之一
    law, revision, number = here[0]["law"], here[0]["revision"], here[0]["number"]
    links = rows(
        db,
        "SELECT c.from_law, c.from_revision, c.from_article, c.confidence, a.id, "
        "l.short_name AS law_name FROM concordance c "
        "LEFT JOIN revisions r ON r.law = c.from_law AND r.label = c.from_revision "
        "LEFT JOIN articles a ON a.revision_id = r.id AND a.number = c.from_article "
        "AND a.sub = 0 LEFT JOIN laws l ON l.slug = c.from_law "
        "WHERE c.to_law = ? AND c.to_article = ? AND coalesce(c.to_revision, ?) = ? "
        "AND NOT (c.from_law = c.to_law AND c.from_revision = ?) "
        "ORDER BY c.rank, c.from_law, c.from_revision, c.from_article",
        [law, number, revision, revision, revision],
    )
    found = [
        {
            "id": link["id"],
            "law_name": link["law_name"] or link["from_law"],
            "revision": link["from_revision"],
            "number": link["from_article"],
        }
        for link in links
        if link["id"] is not None and (link["confidence"] or "") != "none"
    ]
    return bool(links), list({f["id"]: f for f in found}.values())


def lineage(db: Queryable, paragraph_id: int) -> Lineage:
    """Where a stored 款/项 came from: through the concordance to its article's
    predecessors, then through the paragraph alignment to their 款/项."""
    found = db.execute("SELECT article_id FROM paragraphs WHERE id = ?", [paragraph_id]).fetchone()
    if found is None:
        return Lineage(False)
    aligned, sources = predecessor_articles(db, found[0])
    if not aligned:
        return Lineage(False)
    out: list[Predecessor] = []
    for source in sources:
        where = f"{source['law_name']} ({source['revision']}) {article_label(source['number'])}"
        for pair in paragraph_pairs(db, source["id"], found[0]):
            if any(p.id == paragraph_id for p in pair.new):
                out += [Predecessor(p, where + p.name) for p in pair.old]
    return Lineage(True, tuple(out))


__all__ = [
    "Lineage",
    "Para",
    "ParagraphPair",
    "Predecessor",
    "article_paragraphs",
    "lineage",
    "pair_paragraphs",
    "paragraph_pairs",
    "predecessor_articles",
]
