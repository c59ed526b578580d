"""Building hits from matching rows, and the tier each one ranks in."""

from __future__ import annotations

from typing import Any

from glossary.han import tokens
from glossary.search.context import Context
from glossary.search.model import TIER_TERM_EXACT, TIER_TERM_PARTIAL, TONE_BONUS, Hit, relevance
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
    """Terms by id; with the plan, those typed whole rank as exact, the others as partial."""
    if not ranks:
        return []
    marks = ",".join("?" * len(ranks))
    rows = ctx.db.execute(
        f"SELECT t.id, t.han, t.pinyin, s.py, s.initials, s.bai FROM terms t "
        f"JOIN term_search s ON s.rowid = t.id WHERE t.id IN ({marks})",
        list(ranks),
    ).fetchall()
    hits = []
    for term_id, han, pinyin, py, initials, bai in rows:
        exact = plan is not None and term_is_exact(plan, han, py, initials, bai)
        tier = TIER_TERM_EXACT if exact else TIER_TERM_PARTIAL
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
            )
        )
    return hits


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
        or (latin.bai is not None and " ".join(latin.bai) in forms)
    )


def reward_exact_tones(ctx: Context, hits: list[Hit], plan: Plan) -> None:
    """Bai typed with tone letters: hits with the very same tones rank first in a tier."""
    wanted = [c.latin.bai_tone for c in plan.positive if c.latin and c.latin.toned]
    if not wanted:
        return
    for hit in hits:
        table = "article_search" if hit.kind == "article" else "term_search"
        row = ctx.db.execute(f"SELECT bai_tone FROM {table} WHERE rowid = ?", [hit.id])
        found = row.fetchone()
        forms = [f" {f.strip()} " for f in (found[0] if found else "").split("|")]
        if any(f" {w} " in form for w in wanted for form in forms):
            hit.score += TONE_BONUS
