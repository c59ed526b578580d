"""The synonym stage: an everyday word or synonym typed (家暴) lands on the term it stands for
(家庭暴力) and on that term's articles, each hit saying which term it went through.

A one-word query that is a synonym (as Han, or as its pinyin) gives the term in the exact-term
tier and its linked articles (``term_articles``) in their own tier above ordinary article
matches (see :mod:`glossary.search.model`); articles that contain the term's text but are not
linked rank as ordinary article matches. In a query of several words the synonym is one more
way to match its word (fts.clause_expressions).
"""

from __future__ import annotations

from glossary.han import tokens
from glossary.search.context import Context
from glossary.search.fts import fts_phrase, fts_rows
from glossary.search.hits import article_hits, term_hits
from glossary.search.model import (
    TIER_ARTICLE,
    TIER_SYNONYM_ARTICLE,
    TIER_TERM_EXACT,
    TIER_TERM_PARTIAL,
    Hit,
)
from glossary.search.plan import Plan
from glossary.search.scope import scope_filter


def synonym_hits(
    ctx: Context, plan: Plan, ids: list[int], article_weights: tuple[float, ...]
) -> list[Hit]:
    """The terms a one-word query stands for, and their articles (through = the term)."""
    clause = plan.single
    if clause is None:
        return []
    hits: list[Hit] = []
    for term_id, han in ctx.synonym_terms(clause.synonym_keys):
        for hit in term_hits(ctx, {term_id: 0.0}, None):
            hit.score += TIER_TERM_EXACT - TIER_TERM_PARTIAL  # without a plan: partial
            hits.append(hit)
        if ids:
            hits.extend(_term_articles(ctx, term_id, han, ids, article_weights))
        for hit in hits:
            if hit.through is None:
                hit.through, hit.via = han, "synonym"
    return hits


def _term_articles(
    ctx: Context, term_id: int, han: str, ids: list[int], weights: tuple[float, ...]
) -> list[Hit]:
    """The term's linked articles in scope (their own tier), then the other articles with
    its text, each ranked by how well the term's text matches it."""
    marks = ",".join("?" * len(ids))
    linked = {
        r[0]
        for r in ctx.db.execute(
            f"SELECT a.id FROM term_articles ta "
            f"JOIN revisions r ON r.law = ta.law AND r.label = ta.revision "
            f"JOIN articles a ON a.revision_id = r.id AND a.number = ta.article AND a.sub = 0 "
            f"WHERE ta.term_id = ? AND r.id IN ({marks})",
            [term_id, *ids],
        )
    }
    toks = [t.text for t in tokens(han)]
    expression = fts_phrase("han", toks)
    ranks = fts_rows(ctx, "article_search", weights, expression, scope_filter(ctx, ids))
    hits = article_hits(ctx, {a: ranks.get(a, 0.0) for a in linked}, TIER_SYNONYM_ARTICLE, "exact")
    others = {a: rank for a, rank in ranks.items() if a not in linked}
    return hits + article_hits(ctx, others, TIER_ARTICLE, "exact")


def merge(first: list[Hit], then: list[Hit]) -> list[Hit]:
    """One hit per term or article: the higher score, and the term it went through if
    either says one."""
    merged: dict[tuple[str, int], Hit] = {}
    for hit in [*first, *then]:
        key = (hit.kind, hit.id)
        known = merged.get(key)
        if known is None:
            merged[key] = hit
        elif hit.score > known.score:
            if known.through:
                hit.through, hit.via = known.through, known.via
            merged[key] = hit
    return list(merged.values())
