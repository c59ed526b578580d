"""Building hits from matching rows, and the tier each one ranks in."""

from __future__ import annotations

from typing import Any

from glossary.han import tokens
from glossary.search.context import Context
from glossary.search.model import (
    TIER_TERM_EXACT,
    TIER_TERM_GLOSS,
    TIER_TERM_PARTIAL,
    TONE_BONUS,
    Hit,
    relevance,
)
from glossary.search.plan import Plan
from glossary.search.scope import revision_statuses


def article_hits(
    ctx: Context, ranks: dict[int, float], tier: int, match: str, via: str = "han"
) -> list[Hit]:
    if not ranks:
        return []
    known = _article_places(ctx, list(ranks))
    hits = []
    for art_id, rank in ranks.items():
        if art_id not in known:
            continue
        number, label, law, rev, law_name, rev_id = known[art_id]
        hits.append(
            Hit(
                kind="article",
                law=law,
                revision=rev,
                article=number,
                han="",
                bai=None,
                score=tier + relevance(rank),
                match=match,
                id=art_id,
                label=label,
                law_name=law_name,
                via=via,
                status=revision_statuses(ctx).get(rev_id),
            )
        )
    return hits


def _article_places(ctx: Context, article_ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """Where each article belongs, kept until the data changes."""
    known: dict[int, tuple[Any, ...]] = ctx.cache.setdefault("articles", {})
    missing = [art_id for art_id in article_ids if art_id not in known]
    if missing:
        marks = ",".join("?" * len(missing))
        for row in ctx.db.execute(
            f"SELECT a.id, a.number, a.label, r.law, r.label, l.short_name, r.id "
            f"FROM articles a JOIN revisions r ON r.id = a.revision_id "
            f"JOIN laws l ON l.slug = r.law WHERE a.id IN ({marks})",
            missing,
        ):
            known[row[0]] = row[1:]
    return known


def term_hits(ctx: Context, ranks: dict[int, float], plan: Plan | None) -> list[Hit]:
    """Terms by id; with the plan, those typed whole rank as exact, those found only by
    their definition or English gloss lowest of the exact tiers, the others as partial."""
    if not ranks:
        return []
    marks = ",".join("?" * len(ranks))
    rows = ctx.db.execute(
        f"SELECT t.id, t.han, t.pinyin, s.py, s.initials, s.bai, s.english FROM terms t "
        f"JOIN term_search s ON s.rowid = t.id WHERE t.id IN ({marks})",
        list(ranks),
    ).fetchall()
    hits = []
    for term_id, han, pinyin, py, initials, bai, english in rows:
        via, tier = "han", TIER_TERM_PARTIAL
        if plan is not None and term_is_exact(plan, han, py, initials, bai):
            tier = TIER_TERM_EXACT
        elif plan is not None and (gloss := gloss_via(plan, han, py, initials, bai, english)):
            via, tier = gloss, TIER_TERM_GLOSS
        hits.append(
            Hit(
                kind="term",
                law=None,
                revision=None,
                article=None,
                han=han,
                bai=None,
                score=tier + relevance(ranks[term_id]),
                match="exact",
                id=term_id,
                label=pinyin,
                via=via,
            )
        )
    return hits


def gloss_via(plan: Plan, han: str, py: str, initials: str, bai: str, english: str) -> str | None:
    """ "english" or "definition" when some clause matched neither the term's Han, pinyin,
    initials nor Bai — only its gloss or definition; None when every clause is in the term."""
    name = "".join(t.text for t in tokens(han))
    for clause in plan.positive:
        latin = clause.latin
        if latin is None:
            if "".join(clause.han) not in name:
                return "definition"
            continue
        spoken = f" {py} | {initials} | {bai} "
        wanted = [" ".join(r) for r in latin.pinyin] + [" ".join(latin.abbreviation or [])]
        wanted += [" ".join(keys) for keys in latin.bai_keys]
        if not any(w and f" {w} " in spoken for w in wanted):
            return "english" if _has_words(english, clause.han) else None
    return None


def term_is_exact(plan: Plan, han: str, py: str, initials: str, bai: str) -> bool:
    """The whole term was typed (as Han, pinyin, initials or a Bai form)."""
    if len(plan.positive) != 1:
        return False
    clause = plan.positive[0]
    latin = clause.latin
    if latin is None:
        return "".join(clause.han) == "".join(t.text for t in tokens(han))
    readings = [" ".join(r) for r in latin.pinyin]
    forms = [f.strip() for f in bai.split("|")]
    return (
        py in readings
        or " ".join(latin.abbreviation or []) == initials
        or any(" ".join(keys) in forms for keys in latin.bai_keys)
    )


def _has_words(text: str, words: list[str]) -> bool:
    """The words, one after another, among the (Latin) words of a text."""
    found = " " + " ".join(t.text for t in tokens(text)) + " "
    return f" {' '.join(words)} " in found


def reward_exact_tones(ctx: Context, hits: list[Hit], plan: Plan) -> None:
    """Bai typed with tone letters: hits with the very same tones rank first in a tier."""
    wanted = [t for c in plan.positive if c.latin for t in c.latin.bai_tones]
    if not wanted:
        return
    for hit in hits:
        # an article's keys from the table the index reads (its view spells out the pinyin)
        table = "article_search_text" if hit.kind == "article" else "term_search"
        row = ctx.db.execute(f"SELECT bai_tone FROM {table} WHERE rowid = ?", [hit.id])
        found = row.fetchone()
        forms = [f" {f.strip()} " for f in (found[0] if found else "").split("|")]
        if any(f" {w} " in form for w in wanted for form in forms):
            hit.score += TONE_BONUS
