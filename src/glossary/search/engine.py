"""The search engine: one function, :func:`search`, for the command line and the app.

A pipeline, in the manner of lunr: the lexer and parser (``query``) and the analysis
(``plan``) read what was typed once; the stages — scope, full text (``fts``), ``fuzzy``,
``loading``, ``spans`` — read the plan. Ranking is described in ``model``.
"""

from __future__ import annotations

import time

from glossary.i18n import _
from glossary.search.context import Context
from glossary.search.fts import matching
from glossary.search.fuzzy import fuzzy
from glossary.search.hits import article_hits, reward_exact_tones, term_hits
from glossary.search.loading import load_texts
from glossary.search.model import TIER_ARTICLE, Hit, SearchResult, in_force_first, sort_key
from glossary.search.plan import Plan, analyse_after, reference_of
from glossary.search.reference import Answer, reference_answer
from glossary.search.scope import revision_ids, scope_filter
from glossary.search.spans import add_spans
from glossary.search.succession import successor_keys
from glossary.search.synonyms import merge, synonym_hits
from glossary.store.reader import Queryable

__all__ = ["Hit", "SearchResult", "search"]

FUZZY_BELOW = 5  # typos are forgiven only when fewer exact hits than this are found
MAX_LIMIT = 500
# Column weights for BM25: han, han2, py, py2, bai, bai_tone (terms add initials, definition,
# english). The articles' py and py2 are not indexed (m021): their pinyin matches han/han2.
ARTICLE_WEIGHTS = (10.0, 10.0, 6.0, 6.0, 8.0, 9.0)
TERM_WEIGHTS = (10.0, 10.0, 6.0, 6.0, 5.0, 8.0, 9.0, 1.0, 4.0)


def search(
    db: Queryable,
    text: str,
    *,
    law: str | None = None,
    revision: str | None = None,
    all_revisions: bool = False,
    in_force_only: bool = False,
    limit: int = 20,
) -> SearchResult:
    """Search terms and articles. Never raises for what the user typed: a query that cannot
    run comes back with no hits and a ``message`` saying why and what to try."""
    started = time.perf_counter()
    ctx = Context.open(
        db, law=law, revision=revision, all_revisions=all_revisions, in_force_only=in_force_only
    )
    ctx.limit = max(1, min(limit, MAX_LIMIT))
    reference = reference_of(text)
    answer = reference_answer(ctx, reference) if reference else None
    plan: Plan | None = None
    if answer is not None and not answer.text_first:  # the article: nothing else to read
        hits, message = answer.hits, answer.message
    else:
        plan = analyse_after(reference, text, ctx.pinyin_vocab, ctx.bai_vocab)
        hits, message = run(ctx, plan, answer)
    if not hits and message is None and text.strip():
        plan = plan or analyse_after(reference, text, ctx.pinyin_vocab, ctx.bai_vocab)
        message = no_results_advice(plan)
    return SearchResult(text, (time.perf_counter() - started) * 1000, hits, message)


def run(ctx: Context, plan: Plan, answer: Answer | None) -> tuple[list[Hit], str | None]:
    """The stages after the reference (``answer``, when the text is one that also searches
    its words), in order: exact, fuzzy (when too little), rank, load, spans."""
    if plan.error is not None:
        return [], plan.error
    ids = revision_ids(ctx)
    hits = exact_terms(ctx, plan) + exact_articles(ctx, plan, ids)
    hits = merge(synonym_hits(ctx, plan, ids, ARTICLE_WEIGHTS), hits)  # 家暴 → 家庭暴力
    if answer is not None and not hits:
        return [], answer.message
    if answer is None and len(hits) < min(ctx.limit, FUZZY_BELOW):
        seen = {(h.kind, h.id) for h in hits}
        hits += [h for h in fuzzy(ctx, plan, ids) if (h.kind, h.id) not in seen]
    reward_exact_tones(ctx, hits, plan)
    hits.sort(key=sort_key)
    hits = in_force_first(hits[: ctx.limit], successor_keys(ctx, hits[: ctx.limit]))
    load_texts(ctx, hits)
    for hit in hits:
        add_spans(ctx, hit, plan)
    return hits, None


def exact_terms(ctx: Context, plan: Plan) -> list[Hit]:
    return term_hits(ctx, matching(ctx, "term_search", TERM_WEIGHTS, plan), plan)


def exact_articles(ctx: Context, plan: Plan, ids: list[int]) -> list[Hit]:
    if not ids:
        return []
    scope = scope_filter(ctx, ids)
    ranks = matching(ctx, "article_search", ARTICLE_WEIGHTS, plan, scope)
    return article_hits(ctx, ranks, TIER_ARTICLE, "exact")


def no_results_advice(plan: Plan) -> str:
    """What to try when nothing matched: another way of writing it, an everyday word from
    the synonym list, and the help (F1 in the app)."""
    if plan.has_han:
        return _(
            "nothing found — try fewer characters, pinyin (lihun), the everyday word's "
            "legal term (the glossary's synonym list), another law, or F1 for help"
        )
    return _(
        "nothing found — try Han characters (离婚), pinyin or Bai without tone letters, "
        "the legal term for an everyday word (the glossary's synonym list), or F1 for help"
    )
