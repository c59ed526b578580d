"""Every revision of an article, and every article it is linked to in each: the concordance
followed both ways, through splits (one article → several, ranks 1, 2 … of relation
``split``) and merges (several → one), within the law and across to the law that replaced
it (婚姻法 2001 → 民法典 2020).

A link is followed when it is the best match (rank 1) or part of a split; a second-best
guess (relation ``candidate``, rank 2, from the shipped CSV) and a row whose confidence is
``none`` are not links. Plain dicts, no Textual: the app's revisions list and the inline
"Other revisions" both read :func:`article_revisions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from glossary.lawtext.labels import paragraph_text_sql
from glossary.store.paragraph_pairs import ParagraphPair, paragraph_pairs
from glossary.store.queries import revisions_of, rows
from glossary.store.reader import Queryable

#: The rows that link two articles (the same test :func:`glossary.store.queries.predecessors`
#: makes): the best match, or one part of a split; never a second guess.
FOLLOWED = "(c.rank = 1 OR c.relation = 'split') AND coalesce(c.confidence, '') != 'none'"
MAX_ARTICLES = 200  # a chain of merges and splits through a whole law is not a list to read

Node = tuple[str, str, int | None]  # (law, revision, article); article None: deleted there


def article_revisions(db: Queryable, law: str, revision: str, number: int) -> list[dict[str, Any]]:
    """The article ``law`` ``revision`` ``number`` and every article linked to it, oldest
    revision first, one entry per (law, revision, article).

    Each entry: law, revision, article (None where the article was deleted), here (the one
    asked for), imported (that revision's text is in the store), han (its text, else None),
    links (the concordance rows that lead into it from the revision before, each with the
    source article, relation, rank, confidence, similarity, computed, verified, by and row
    id, and for a split the articles its source was split into), relation and computed (of
    those links, for a short summary) and next (the keys it leads to)."""
    found = linked_rows(db, law, revision, number)
    newest = _newest_revisions(db, {law} | {r["to_law"] for r in found})
    nodes: dict[Node, dict[str, Any]] = {}

    def entry(key: Node) -> dict[str, Any]:
        return nodes.setdefault(
            key,
            {
                "law": key[0],
                "revision": key[1],
                "article": key[2],
                "links": [],
                "next": [],
            },
        )

    entry((law, revision, number))
    for row in found:
        source = _source(row)
        target = _target(row, newest)
        if source is not None:
            entry(source)["next"].append(target)
        link = {
            "id": row["id"],
            "law": row["from_law"],
            "revision": row["from_revision"],
            "article": row["from_article"],
            "relation": row["relation"],
            "rank": row["rank"],
            "confidence": row["confidence"],
            "similarity": row["similarity"],
            "computed": bool(row["computed"]),
            "verified": bool(row["verified"]),
        }
        entry(target)["links"].append(link)
    for e in nodes.values():
        for link in e["links"]:
            link["split_into"] = sorted(
                r["to_article"]
                for r in found
                if link["relation"] == r["relation"] == "split"
                and (r["from_law"], r["from_revision"], r["from_article"])
                == (link["law"], link["revision"], link["article"])
                and r["to_law"] == e["law"]
            )
    add_verifiers(db, [link for e in nodes.values() for link in e["links"]])
    imported = {(lw, r["label"]) for lw in {k[0] for k in nodes} for r in revisions_of(db, lw)}
    order = _revision_order(db, {k[0] for k in nodes})
    for key, e in nodes.items():
        e["here"] = key == (law, revision, number)
        e["imported"] = (key[0], key[1]) in imported
        e["han"] = _text(db, key) if e["imported"] and key[2] is not None else None
        e["relation"] = e["links"][0]["relation"] if e["links"] else None
        e["computed"] = any(link["computed"] for link in e["links"])
        e["links"].sort(key=lambda lk: (lk["law"], lk["revision"], lk["article"] or 0))
    return sorted(
        nodes.values(),
        key=lambda e: (order.get((e["law"], e["revision"]), e["revision"]), e["article"] or 0),
    )


def linked_rows(db: Queryable, law: str, revision: str, number: int) -> list[dict[str, Any]]:
    """Every concordance row reached from the article, both ways, through every linked
    article (at most :data:`MAX_ARTICLES`)."""
    seen: set[Node] = set()
    todo: list[Node] = [(law, revision, number)]
    found: dict[int, dict[str, Any]] = {}
    while todo and len(seen) < MAX_ARTICLES:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        here_law, here_rev, here_art = key
        step = rows(
            db,
            f"SELECT c.* FROM concordance c WHERE {FOLLOWED} AND ("
            "(c.from_law = ? AND c.from_revision = ? AND c.from_article = ?) OR "
            "(c.to_law = ? AND c.to_article = ? AND coalesce(c.to_revision, ?) = ?))",
            [here_law, here_rev, here_art, here_law, here_art, here_rev, here_rev],
        )
        for row in step:
            found[row["id"]] = row
            source = _source(row)
            if source is not None and source not in seen:
                todo.append(source)
            if row["to_article"] is not None and row["to_revision"] is not None:
                target = (row["to_law"], row["to_revision"], row["to_article"])
                if target not in seen:
                    todo.append(target)
    return sorted(found.values(), key=lambda r: r["id"])


def _source(row: dict[str, Any]) -> Node | None:
    if row["from_article"] is None:
        return None
    return (row["from_law"], row["from_revision"], row["from_article"])


def _target(row: dict[str, Any], newest: dict[str, str]) -> Node:
    revision = row["to_revision"] or newest.get(row["to_law"]) or "?"
    return (row["to_law"], revision, row["to_article"])


def _newest_revisions(db: Queryable, laws: Iterable[str]) -> dict[str, str]:
    out = {}
    for law in laws:
        found = revisions_of(db, law)
        if found:
            out[law] = found[0]["label"]
    return out


def _revision_order(db: Queryable, laws: Iterable[str]) -> dict[tuple[str, str], str]:
    """What sorts revisions oldest first: the decision date where the text is imported."""
    return {
        (law, r["label"]): r["decided_on"] or r["label"]
        for law in laws
        for r in revisions_of(db, law)
    }


def _text(db: Queryable, key: Node) -> str | None:
    law, revision, article = key
    return article_text(db, law, revision, article) if article is not None else None


def article_text(db: Queryable, law: str, revision: str, number: int, sub: int = 0) -> str | None:
    """One article's Han text, one line per 款/项, labels included."""
    found = db.execute(
        f"SELECT group_concat(t, char(10)) FROM (SELECT {paragraph_text_sql('p')} AS t "
        "FROM paragraphs p JOIN articles a ON a.id = p.article_id "
        "JOIN revisions r ON r.id = a.revision_id "
        "WHERE r.law = ? AND r.label = ? AND a.number = ? AND a.sub = ? ORDER BY p.position)",
        [law, revision, number, sub],
    ).fetchone()
    return found[0] if found and found[0] else None


def add_verifiers(db: Queryable, links: list[dict[str, Any]]) -> None:
    """Each verified link's ``by``: the name given when a person confirmed or wrote it
    (``glossary concordance verify/correct --by``, the app's editor), else None."""
    from glossary.store.concordance import verifiers

    names = verifiers(db, [link["id"] for link in links if link["verified"]])
    for link in links:
        link["by"] = names.get(link["id"])


def changed_pairs(entries: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The imported texts to compare, older → newer: each imported article of the law and
    the next imported articles it leads to (through revisions whose text is not imported)."""
    by_key = {(e["law"], e["revision"], e["article"]): e for e in entries}
    pairs = []
    for entry in entries:
        if not entry["han"]:
            continue
        todo, seen = list(entry["next"]), set()
        while todo:
            key = todo.pop(0)
            if key in seen or key not in by_key:
                continue
            seen.add(key)
            after = by_key[key]
            if after["law"] != entry["law"]:
                continue
            if after["han"]:
                pairs.append((entry, after))
            elif not after["imported"]:
                todo.extend(after["next"])
    return pairs


def compared(
    db: Queryable, entries: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any], list[ParagraphPair]]]:
    """:func:`changed_pairs` with, for each, which 款/项 of the older article became which of
    the newer (store.paragraph_pairs), so that the diff pairs the right paragraphs."""
    out = []
    for older, newer in changed_pairs(entries):
        old_id, new_id = _article_id(db, older), _article_id(db, newer)
        pairs = [] if old_id is None or new_id is None else paragraph_pairs(db, old_id, new_id)
        out.append((older, newer, pairs))
    return out


def _article_id(db: Queryable, entry: dict[str, Any]) -> int | None:
    found = db.execute(
        "SELECT a.id FROM articles a JOIN revisions r ON r.id = a.revision_id "
        "WHERE r.law = ? AND r.label = ? AND a.number = ? AND a.sub = 0",
        [entry["law"], entry["revision"], entry["article"]],
    ).fetchone()
    return int(found[0]) if found else None
