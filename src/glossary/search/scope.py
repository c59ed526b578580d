"""The scope stage: which revisions are searched, and the SQL that keeps to them."""

from __future__ import annotations

from typing import Any

from glossary.lawtext.status import IN_FORCE
from glossary.search.context import Context
from glossary.store.queries import revision_statuses as store_revision_statuses


def revision_ids(ctx: Context, law: str | None = None) -> list[int]:
    """Which revisions to search: the newest of each law unless told otherwise (``law``
    overrides the context's, for an article reference that names one)."""
    law = law or ctx.law
    statuses = revision_statuses(ctx)
    sql = "SELECT id, law, label, decided_on FROM revisions"
    params: list[Any] = []
    if law:
        sql += " WHERE law = ?"
        params.append(law)
    rows = ctx.db.execute(sql, params).fetchall()
    if ctx.revision:
        ids = [r[0] for r in rows if ctx.revision in (r[2], r[3])]
    elif ctx.all_revisions:
        ids = [r[0] for r in rows]
    else:
        newest: dict[str, tuple[str, int]] = {}
        for rev_id, slug, label, decided in rows:
            key: tuple[str, int] = (decided or label, rev_id)
            if slug not in newest or key > newest[slug]:
                newest[slug] = key
        ids = [rev_id for _, rev_id in newest.values()]
    if ctx.in_force_only:
        ids = [i for i in ids if statuses.get(i) == IN_FORCE]
    return ids


def revision_statuses(ctx: Context) -> dict[int, str]:
    """Each revision's status (lawtext.status), kept until the data changes."""
    if "revision_statuses" not in ctx.cache:
        ctx.cache["revision_statuses"] = store_revision_statuses(ctx.db)
    found: dict[int, str] = ctx.cache["revision_statuses"]
    return found


def scope_filter(ctx: Context, ids: list[int]) -> tuple[str, list[int]]:
    """SQL that keeps only articles of the revisions searched, by the shorter list:
    none when every revision is searched, else the articles in or out of scope.
    ``+s.rowid`` keeps SQLite from driving the FTS5 query by that list."""
    wanted = set(ids)
    if wanted.issuperset(revision_statuses(ctx)):  # every revision: no need to count
        return "", []
    sizes = revision_sizes(ctx)
    outside = [r for r in sizes if r not in wanted]
    if not outside:
        return "", []
    inside_count = sum(sizes[r] for r in wanted if r in sizes)
    outside_count = sum(sizes[r] for r in outside)
    chosen, op = (outside, "NOT IN") if outside_count < inside_count else (sorted(wanted), "IN")
    marks = ",".join("?" * len(chosen))
    return (
        f"AND +s.rowid {op} (SELECT id FROM articles WHERE revision_id IN ({marks}))",
        chosen,
    )


def revision_sizes(ctx: Context) -> dict[int, int]:
    if "revision_sizes" not in ctx.cache:
        ctx.cache["revision_sizes"] = dict(
            ctx.db.execute("SELECT revision_id, count(*) FROM articles GROUP BY revision_id")
        )
    sizes: dict[int, int] = ctx.cache["revision_sizes"]
    return sizes
