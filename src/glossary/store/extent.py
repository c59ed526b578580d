"""What of each law is imported (lawtext.extent says it), read from the store."""

from __future__ import annotations

from collections.abc import Iterable

from glossary.lawtext.extent import Extent
from glossary.store.reader import Queryable


def extents(db: Queryable, revision_ids: Iterable[int] | None = None) -> list[Extent]:
    """Each imported revision (or only these), by law, newest revision first — the order
    :func:`glossary.store.queries.revisions_of` gives."""
    # The first and last article of each revision by two index seeks each (the articles'
    # unique key starts with revision_id), not by grouping every article: 1 ms, not 120,
    # for 100 revisions of 1 000 articles.
    sql = (
        "SELECT r.id, r.law, l.short_name, r.label, r.part, "
        "(SELECT min(number) FROM articles WHERE revision_id = r.id), "
        "(SELECT max(number) FROM articles WHERE revision_id = r.id) "
        "FROM revisions r JOIN laws l ON l.slug = r.law "
        "WHERE EXISTS (SELECT 1 FROM articles WHERE revision_id = r.id) "
    )
    params: list[int] = []
    if revision_ids is not None:
        params = sorted(set(revision_ids))
        if not params:
            return []
        sql += f"AND r.id IN ({','.join('?' * len(params))}) "
    sql += "ORDER BY r.law, coalesce(r.decided_on, r.label) DESC, r.label DESC"
    return [
        Extent(law=law, name=name, revision=label, part=part, first=first, last=last)
        for _, law, name, label, part, first, last in db.execute(sql, params)
    ]
