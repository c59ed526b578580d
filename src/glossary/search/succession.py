"""Which article in force succeeds each article hit that is not (for ranking in force
first, search.model.in_force_first) — the successor the article view names."""

from __future__ import annotations

from typing import Any

from glossary.lawtext.status import IN_FORCE
from glossary.search.context import Context
from glossary.search.model import ArticleKey, Hit, article_key
from glossary.store.queries import rows, successors


def successor_keys(ctx: Context, hits: list[Hit]) -> dict[ArticleKey, ArticleKey]:
    """For each article hit not in force, its best successor's key (none when the
    concordance names no article); nothing is looked up when no hit is in force."""
    keys = [(h, article_key(h)) for h in hits]
    if not any(h.status == IN_FORCE for h, key in keys if key):
        return {}
    found: dict[ArticleKey, ArticleKey] = {}
    for hit, key in keys:
        if key is None or hit.status == IN_FORCE:
            continue
        successor = best_successor(ctx, key)
        if successor is not None:
            found[key] = successor
    return found


def best_successor(ctx: Context, key: ArticleKey) -> ArticleKey | None:
    """The first successor store.queries.successors gives that names an article, kept
    until the data changes."""
    cache: dict[ArticleKey, ArticleKey | None] = ctx.cache.setdefault("successors", {})
    if key not in cache:
        law, revision, number = key
        entries = successors(ctx.db, law_row(ctx, law), {"label": revision}, number)
        best = next((e for e in entries if e.get("article") and e.get("revision")), None)
        cache[key] = (best["law"], best["revision"], best["article"]) if best else None
    return cache[key]


def law_row(ctx: Context, law: str) -> dict[str, Any]:
    laws: dict[str, dict[str, Any]] = ctx.cache.setdefault("law_rows", {})
    if law not in laws:
        laws[law] = rows(ctx.db, "SELECT * FROM laws WHERE slug = ?", [law])[0]
    return laws[law]
