"""An article reference (``民诉 122``): the article itself, above everything else."""

from __future__ import annotations

from glossary.lawtext.refs import ArticleRef
from glossary.search.context import Context
from glossary.search.hits import article_hits
from glossary.search.loading import load_texts
from glossary.search.model import TIER_REF, Hit
from glossary.search.scope import revision_ids
from glossary.store.queries import resolve_law


def reference_hit(ctx: Context, ref: ArticleRef) -> Hit | None:
    """The referenced article in the newest revision searched, or None if there is none."""
    slug = resolve_law(ctx.db, ref.law) if ref.law else ctx.law
    if slug is None:
        return None
    ids = revision_ids(ctx, law=slug)
    if not ids:
        return None
    marks = ",".join("?" * len(ids))
    row = ctx.db.execute(
        f"SELECT a.id FROM articles a JOIN revisions r ON r.id = a.revision_id "
        f"WHERE a.revision_id IN ({marks}) AND a.number = ? AND a.sub = ? "
        f"ORDER BY coalesce(r.decided_on, r.label) DESC LIMIT 1",
        [*ids, ref.number, ref.sub],
    ).fetchone()
    if row is None:
        return None
    hit = article_hits(ctx, {row[0]: 0.0}, TIER_REF, "exact", via="reference")[0]
    load_texts(ctx, [hit])
    return hit
